import { Controller, Get, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../auth/caller';
import { UuidParam } from '../common/uuid.pipe';
import { AuditPages } from './audit.pages';
import { OpsPages } from './ops.pages';
import { ReportsPages } from './reports.pages';
import { send } from './page';
import { WebGuard, WebPages } from './web-auth';

type Req = FastifyRequest<{ Querystring: Record<string, unknown> }>;

/** The ops team's pages (design/web.md "Pages", Ops). */
@ApiExcludeController()
@WebPages()
@UseGuards(WebGuard)
@Roles('ops')
@Controller('app')
export class OpsController {
  constructor(
    private readonly pages: OpsPages,
    private readonly audit: AuditPages,
    private readonly reports: ReportsPages,
  ) {}

  @Get('reports')
  reportsPage(@Req() req: Req, @Res() reply: FastifyReply) {
    return this.reports.page(req).then(send(reply));
  }

  @Get('reports/pipeline.csv')
  pipelineCsv(@Res() reply: FastifyReply) {
    return this.reports.pipelineCsv().then(send(reply));
  }

  @Get('reports/funding.csv')
  fundingCsv(@Res() reply: FastifyReply) {
    return this.reports.fundingCsv().then(send(reply));
  }

  @Get('claims')
  claims(@Req() req: Req, @Res() reply: FastifyReply) {
    return this.pages.claims(req).then(send(reply));
  }

  @Get('audit')
  auditIndex(@Req() req: Req, @Res() reply: FastifyReply) {
    return this.audit.index(req).then(send(reply));
  }

  @Post('audit/checkpoint')
  checkpoint(@Res() reply: FastifyReply) {
    return this.audit.checkpoint().then(send(reply));
  }

  @Get('audit/:id')
  chain(@Req() req: FastifyRequest, @UuidParam('id') id: string, @Res() reply: FastifyReply) {
    return this.audit.chain(req, id).then(send(reply));
  }

  @Post('audit/:id/verify')
  verify(@Req() req: FastifyRequest, @UuidParam('id') id: string, @Res() reply: FastifyReply) {
    return this.audit.chain(req, id, true).then(send(reply));
  }

  @Get('audit/:id/chain.ndjson')
  ndjson(@Req() req: FastifyRequest, @UuidParam('id') id: string, @Res() reply: FastifyReply) {
    return this.audit.ndjson(req, id).then(send(reply));
  }
}
