import { Controller, Get, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { send } from './page';
import { SignInPages } from './sign-in.pages';
import { BeforeSecondFactor, SignedOutOk, WebGuard, WebPages } from './web-auth';

/** Signing in and out, invitations and the second factor (design/web.md "Signing in"). */
@ApiExcludeController()
@WebPages()
@UseGuards(WebGuard)
@Controller('app')
export class SignInController {
  constructor(private readonly pages: SignInPages) {}

  @Get()
  @SignedOutOk()
  start(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return send(reply)(this.pages.start(req));
  }

  @Get('sign-in')
  @SignedOutOk()
  form(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.pages.form(req).then(send(reply));
  }

  @Post('sign-in')
  @SignedOutOk()
  signIn(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.pages.signIn(req).then(send(reply));
  }

  @Post('sign-out')
  @SignedOutOk()
  signOut(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.pages.signOut(req).then(send(reply));
  }

  @Get('invitations/:token')
  @SignedOutOk()
  invitation(@Req() req: FastifyRequest<{ Params: { token: string } }>, @Res() reply: FastifyReply) {
    return this.pages.invitation(req.params.token).then(send(reply));
  }

  @Post('invitations/:token')
  @SignedOutOk()
  accept(@Req() req: FastifyRequest<{ Params: { token: string } }>, @Res() reply: FastifyReply) {
    return this.pages.acceptInvitation(req.params.token, req).then(send(reply));
  }

  @Get('totp/enrol')
  @BeforeSecondFactor()
  enrolForm(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.pages.totpEnrolForm(req).then(send(reply));
  }

  @Post('totp/enrol')
  @BeforeSecondFactor()
  enrol(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.pages.giveTotp(req, true).then(send(reply));
  }

  @Get('totp')
  @BeforeSecondFactor()
  totpForm(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.pages.totpForm(req).then(send(reply));
  }

  @Post('totp')
  @BeforeSecondFactor()
  totp(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.pages.giveTotp(req, false).then(send(reply));
  }
}
