import { Controller, Get, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../auth/caller';
import { UuidParam } from '../common/uuid.pipe';
import { OpportunityPages } from './opportunity.pages';
import { send } from './page';
import { WebGuard, WebPages } from './web-auth';

/** The partner's board, and the opportunity page (partners act on it; ops read it). */
@ApiExcludeController()
@WebPages()
@UseGuards(WebGuard)
@Controller('app')
export class PartnerController {
  constructor(private readonly pages: OpportunityPages) {}

  @Get('board')
  @Roles('partner')
  board(@Req() req: FastifyRequest<{ Querystring: Record<string, unknown> }>, @Res() reply: FastifyReply) {
    return this.pages.board(req).then(send(reply));
  }

  @Get('opportunities/:id')
  @Roles('partner', 'ops')
  opportunity(@Req() req: FastifyRequest, @UuidParam('id') id: string, @Res() reply: FastifyReply) {
    return this.pages.opportunity(req, id).then(send(reply));
  }

  @Post('opportunities/:id')
  @Roles('partner')
  event(@Req() req: FastifyRequest, @UuidParam('id') id: string, @Res() reply: FastifyReply) {
    return this.pages.partnerEvent(req, id).then(send(reply));
  }

  @Get('opportunities/:id/diagram.svg')
  @Roles('partner', 'ops', 'customer')
  diagram(@Req() req: FastifyRequest, @UuidParam('id') id: string, @Res() reply: FastifyReply) {
    return this.pages.diagram(req, id).then(({ svg }) => reply.header('content-type', 'image/svg+xml').send(svg));
  }
}
