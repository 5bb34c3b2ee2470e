import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, ErrorCode } from '../common/errors';
import { Public } from '../auth/caller';

/** The repository's web assets (copied beside the build) and htmx from its npm package, read once. */
function load(): ReadonlyMap<string, { type: string; body: Buffer }> {
  const own = (name: string) => readFileSync(join(__dirname, 'assets', name));
  return new Map([
    ['app.css', { type: 'text/css; charset=utf-8', body: own('app.css') }],
    ['app.js', { type: 'text/javascript; charset=utf-8', body: own('app.js') }],
    [
      'htmx.min.js',
      { type: 'text/javascript; charset=utf-8', body: readFileSync(require.resolve('htmx.org/dist/htmx.min.js')) },
    ],
  ]);
}

/**
 * Every asset the pages use, served by the app itself (no CDN). Public, and
 * not a page: no session is looked up for an asset (three per page view).
 */
@ApiExcludeController()
@Public()
@Controller('app/assets')
export class AssetsController {
  private readonly assets = load();

  @Get(':name')
  asset(@Param('name') name: string, @Res() reply: FastifyReply) {
    const asset = this.assets.get(name);
    if (asset === undefined) throw new AppError(ErrorCode.NotFound, `No asset ${name}`);
    return reply.header('content-type', asset.type).header('cache-control', 'public, max-age=3600').send(asset.body);
  }
}
