import { Controller, Get, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../auth/caller';
import { UuidParam } from '../common/uuid.pipe';
import { send } from './page';
import { RoutingPages } from './routing.pages';
import { WebGuard, WebPages } from './web-auth';

/** Routing's pages: ops' inquiries (design/routing.md "What ops sees"); a partner's offers. */
@ApiExcludeController()
@WebPages()
@UseGuards(WebGuard)
@Controller('app')
export class RoutingPagesController {
  constructor(private readonly pages: RoutingPages) {}

  @Get('inquiries')
  @Roles('ops')
  list(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.pages.list(req).then(send(reply));
  }

  @Get('inquiries/:id')
  @Roles('ops')
  inquiry(@Req() req: FastifyRequest, @UuidParam('id') id: string, @Res() reply: FastifyReply) {
    return this.pages.inquiry(req, id).then(send(reply));
  }

  @Post('inquiries/:id/offers')
  @Roles('ops')
  offer(@Req() req: FastifyRequest, @UuidParam('id') id: string, @Res() reply: FastifyReply) {
    return this.pages.offer(req, id).then(send(reply));
  }

  @Get('offers')
  @Roles('partner')
  mine(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.pages.mine(req).then(send(reply));
  }

  @Post('offers/:id/accept')
  @Roles('partner')
  accept(@Req() req: FastifyRequest, @UuidParam('id') id: string, @Res() reply: FastifyReply) {
    return this.pages.accept(req, id).then(send(reply));
  }

  @Post('offers/:id/decline')
  @Roles('partner')
  decline(@Req() req: FastifyRequest, @UuidParam('id') id: string, @Res() reply: FastifyReply) {
    return this.pages.decline(req, id).then(send(reply));
  }
}
