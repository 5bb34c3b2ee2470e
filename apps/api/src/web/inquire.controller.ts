import { Controller, Get, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InquirePages } from './inquire.pages';
import { send } from './page';
import { SignedOutOk, WebGuard, WebPages } from './web-auth';

/** The public inquiry form (design/routing.md): anyone, signed in or not. */
@ApiExcludeController()
@WebPages()
@UseGuards(WebGuard)
@Controller('inquire')
export class InquireController {
  constructor(private readonly pages: InquirePages) {}

  @Get()
  @SignedOutOk()
  form(@Res() reply: FastifyReply) {
    return this.pages.form().then(send(reply));
  }

  @Post()
  @SignedOutOk()
  submit(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.pages.submit(req).then(send(reply));
  }
}
