import { Controller, Get, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../auth/caller';
import { OpsPages } from './ops.pages';
import { send } from './page';
import { WebGuard, WebPages } from './web-auth';

/** The ops team's pages (design/web.md "Pages", Ops). */
@ApiExcludeController()
@WebPages()
@UseGuards(WebGuard)
@Roles('ops')
@Controller('app')
export class OpsController {
  constructor(private readonly pages: OpsPages) {}

  @Get('claims')
  claims(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.pages.claims(req).then(send(reply));
  }
}
