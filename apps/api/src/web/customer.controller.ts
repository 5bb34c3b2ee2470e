import { Controller, Get, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../auth/caller';
import { UuidParam } from '../common/uuid.pipe';
import { OpportunityPages } from './opportunity.pages';
import { send } from './page';
import { WebGuard, WebPages } from './web-auth';

type Req = FastifyRequest<{ Params: Record<string, string> }>;

/** The customer's pages: inbox, business case, wave decision, claim sign-off (design/web.md "Pages"). */
@ApiExcludeController()
@WebPages()
@UseGuards(WebGuard)
@Roles('customer')
@Controller('app')
export class CustomerController {
  constructor(private readonly pages: OpportunityPages) {}

  @Get('inbox')
  inbox(@Req() req: Req, @Res() reply: FastifyReply) {
    return this.pages.inbox(req).then(send(reply));
  }

  @Get('opportunities/:id/business-case')
  businessCase(@Req() req: Req, @UuidParam('id') id: string, @Res() reply: FastifyReply) {
    return this.pages.businessCase(req, id).then(send(reply));
  }

  @Post('opportunities/:id/business-case')
  decideBusinessCase(@Req() req: Req, @UuidParam('id') id: string, @Res() reply: FastifyReply) {
    return this.pages.decideBusinessCase(req, id).then(send(reply));
  }

  @Get('opportunities/:id/credits')
  credits(@Req() req: Req, @UuidParam('id') id: string, @Res() reply: FastifyReply) {
    return this.pages.credits(req, id).then(send(reply));
  }

  @Get('opportunities/:id/waves/:waveId')
  wave(@Req() req: Req, @UuidParam('id') id: string, @Res() reply: FastifyReply) {
    return this.pages.wave(req, id, req.params.waveId ?? '').then(send(reply));
  }

  @Post('opportunities/:id/waves/:waveId')
  decideWave(@Req() req: Req, @UuidParam('id') id: string, @Res() reply: FastifyReply) {
    return this.pages.decideWave(req, id, req.params.waveId ?? '').then(send(reply));
  }

  @Get('opportunities/:id/claims/:tranche/:claimId')
  claim(@Req() req: Req, @UuidParam('id') id: string, @Res() reply: FastifyReply) {
    return this.pages.claim(req, id, req.params.tranche ?? '', req.params.claimId ?? '').then(send(reply));
  }

  @Post('opportunities/:id/claims/:tranche/:claimId')
  signOffClaim(@Req() req: Req, @UuidParam('id') id: string, @Res() reply: FastifyReply) {
    return this.pages.signOffClaim(req, id, req.params.tranche ?? '', req.params.claimId ?? '').then(send(reply));
  }
}
