import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { bearerKey, hashApiKey } from './keys';

/**
 * Rate limits per API key (MAPFLOW_RATE_LIMIT_PER_MIN). Requests without a
 * known key were already counted per client address, before their body was
 * read (MAPFLOW_ANON_RATE_LIMIT_PER_MIN, in the authentication hook).
 */
@Injectable()
export class ApiKeyThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return context.switchToHttp().getRequest<FastifyRequest>().caller === undefined;
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    // A person in the web app is limited per session, as a machine is per key.
    const session = (req as { webSession?: { id: string } }).webSession;
    if (session !== undefined) return `session:${session.id}`;
    const headers = req.headers as Record<string, string | string[] | undefined> | undefined;
    return `key:${hashApiKey(bearerKey(headers?.authorization) ?? '')}`;
  }
}
