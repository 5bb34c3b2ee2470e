import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError, ErrorCode } from '../common/errors';
import { emailProblem, PeopleService, SignedIn } from '../people/people.service';
import { csrfTokenOf } from '../people/tokens';
import { html, Page } from './page';
import { field, rawField } from './viewer';
import { InvitationView, SignInView, TotpView } from './views/sign-in';

const START: Record<string, string> = { customer: '/app/inbox', partner: '/app/board', ops: '/app/claims' };

function afterSignIn(signedIn: SignedIn): Page {
  const location = { app: '/app', 'totp-enrol': '/app/totp/enrol', totp: '/app/totp' }[signedIn.next];
  return { redirect: location, session: { set: signedIn.token } };
}

/** Signing in and out, invitation links, and the ops second factor, as pages. */
@Injectable()
export class SignInPages {
  constructor(private readonly people: PeopleService) {}

  /** `/app`: each role's start page; signed out, the sign-in form. */
  start(request: FastifyRequest): Page {
    const role = request.webSession?.person.caller.role;
    return { redirect: role === undefined ? '/app/sign-in' : (START[role] ?? '/app/sign-in') };
  }

  async form(request: FastifyRequest): Promise<Page> {
    return request.webSession?.secondFactorDone ? this.start(request) : html(SignInView({}));
  }

  async signIn(request: FastifyRequest): Promise<Page> {
    const email = field(request.body, 'email');
    const password = rawField(request.body, 'password');
    const problem = emailProblem(email) ?? (password === '' ? 'Give your password.' : null);
    if (problem !== null) return html(SignInView({ email, messages: [problem] }), 400);
    try {
      return afterSignIn(await this.people.signIn(email, password, request.ip));
    } catch (error: unknown) {
      if (error instanceof AppError && error.code === ErrorCode.Unauthenticated) {
        return html(SignInView({ email, messages: [error.detail] }), 401);
      }
      throw error;
    }
  }

  async signOut(request: FastifyRequest): Promise<Page> {
    if (request.webSession !== undefined) await this.people.signOut(request.webSession);
    return { redirect: '/app/sign-in', session: 'clear' };
  }

  async invitation(token: string): Promise<Page> {
    const invitation = await this.people.openInvitation(token);
    return html(InvitationView({ token, email: invitation.email, orgName: invitation.orgName }));
  }

  async acceptInvitation(token: string, request: FastifyRequest): Promise<Page> {
    const name = field(request.body, 'name');
    const password = rawField(request.body, 'password');
    try {
      return afterSignIn(await this.people.acceptInvitation(token, name, password));
    } catch (error: unknown) {
      if (error instanceof AppError && error.code === ErrorCode.Validation) {
        const invitation = await this.people.openInvitation(token);
        return html(
          InvitationView({
            token,
            email: invitation.email,
            orgName: invitation.orgName,
            name,
            messages: [error.detail],
          }),
          400,
        );
      }
      throw error;
    }
  }

  async totpEnrolForm(request: FastifyRequest): Promise<Page> {
    const session = this.partial(request);
    if (session.person.totpEnabled) return { redirect: '/app/totp' };
    return html(TotpView({ csrf: csrfTokenOf(session.token), enrol: await this.people.totpEnrolment(session) }));
  }

  async totpForm(request: FastifyRequest): Promise<Page> {
    const session = this.partial(request);
    if (!session.person.totpEnabled) return { redirect: '/app/totp/enrol' };
    return html(TotpView({ csrf: csrfTokenOf(session.token) }));
  }

  async giveTotp(request: FastifyRequest, enrolling: boolean): Promise<Page> {
    const session = this.partial(request);
    try {
      await this.people.giveTotp(session, field(request.body, 'code'));
      return { redirect: '/app' };
    } catch (error: unknown) {
      if (!(error instanceof AppError && error.code === ErrorCode.Validation)) throw error;
      const enrol = enrolling && !session.person.totpEnabled ? await this.people.totpEnrolment(session) : undefined;
      return html(TotpView({ csrf: csrfTokenOf(session.token), enrol, messages: [error.detail] }), 400);
    }
  }

  private partial(request: FastifyRequest) {
    const session = request.webSession;
    if (session === undefined) throw new AppError(ErrorCode.Unauthenticated, 'Sign in first.');
    return session;
  }
}
