import { Controller, Get, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../auth/caller';
import { UuidParam } from '../common/uuid.pipe';
import { OrgsPages } from './orgs.pages';
import { send } from './page';
import { WebGuard, WebPages } from './web-auth';

/** Org administration for ops (design/web.md "Orgs"). */
@ApiExcludeController()
@WebPages()
@UseGuards(WebGuard)
@Roles('ops')
@Controller('app/orgs')
export class OrgsPagesController {
  constructor(private readonly pages: OrgsPages) {}

  @Get()
  list(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.pages.list(req).then(send(reply));
  }

  @Post()
  create(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.pages.create(req).then(send(reply));
  }

  @Get(':id')
  org(@Req() req: FastifyRequest, @UuidParam('id') id: string, @Res() reply: FastifyReply) {
    return this.pages.org(req, id).then(send(reply));
  }

  @Post(':id/invitations')
  invite(@Req() req: FastifyRequest, @UuidParam('id') id: string, @Res() reply: FastifyReply) {
    return this.pages.invite(req, id).then(send(reply));
  }

  @Post(':id/api-keys')
  mintKey(@Req() req: FastifyRequest, @UuidParam('id') id: string, @Res() reply: FastifyReply) {
    return this.pages.mintKey(req, id).then(send(reply));
  }

  @Post(':id/api-keys/:keyId/revoke')
  revokeKey(@UuidParam('id') id: string, @UuidParam('keyId') keyId: string, @Res() reply: FastifyReply) {
    return this.pages.revokeKey(id, keyId).then(send(reply));
  }

  @Post(':id/links')
  link(@Req() req: FastifyRequest, @UuidParam('id') id: string, @Res() reply: FastifyReply) {
    return this.pages.link(req, id).then(send(reply));
  }

  @Post(':id/links/:partnerId/remove')
  unlink(@UuidParam('id') id: string, @UuidParam('partnerId') partnerId: string, @Res() reply: FastifyReply) {
    return this.pages.unlink(id, partnerId).then(send(reply));
  }
}
