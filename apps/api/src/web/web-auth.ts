import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { OrgKind } from '@mapflow/persistence';
import { assertRole, IS_WEB, ROLES } from '../auth/caller';
import { AppError, ErrorCode } from '../common/errors';
import type { LiveSession } from '../people/people.repository';
import type { PeopleService } from '../people/people.service';
import { csrfTokenOf, TOKEN_PATTERN } from '../people/tokens';

/** The session cookie: `__Host-` (Secure, path /, no Domain), HttpOnly, SameSite=Lax. */
export const SESSION_COOKIE = '__Host-mapflow_session';
export const SESSION_COOKIE_OPTIONS = { path: '/', httpOnly: true, secure: true, sameSite: 'lax' } as const;

/** The hidden form field that carries a session's CSRF token. */
export const CSRF_FIELD = '_csrf';

export const SIGNED_OUT_OK = 'mapflow:web:signed-out-ok';
export const BEFORE_SECOND_FACTOR = 'mapflow:web:before-second-factor';

/** A controller of web pages: callers are people with a session cookie, not API keys. */
export const WebPages = (): ClassDecorator => SetMetadata(IS_WEB, true);
/** A page anyone may open signed out (sign-in, an invitation link, the assets). */
export const SignedOutOk = (): MethodDecorator & ClassDecorator => SetMetadata(SIGNED_OUT_OK, true);
/** A page an ops person opens between the password and the second factor. */
export const BeforeSecondFactor = (): MethodDecorator => SetMetadata(BEFORE_SECOND_FACTOR, true);

/** Answered as 303 See Other to `location` by the problem filter. */
export class PageRedirect extends Error {
  constructor(readonly location: string) {
    super(`redirect to ${location}`);
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in person's session, on web pages; set with `caller`. */
    webSession?: LiveSession & { token: string };
  }
}

/** The session cookie's token on a request, when it has the shape of one. */
export function sessionToken(request: FastifyRequest): string | null {
  const token = request.cookies?.[SESSION_COOKIE];
  return token !== undefined && TOKEN_PATTERN.test(token) ? token : null;
}

/**
 * Fastify `onRequest` work for a web page: resolves the session cookie to
 * its live session and caller (the same caller an API key of that person's
 * org would be), or leaves both unset.
 */
export async function resolveWebSession(people: PeopleService, request: FastifyRequest): Promise<void> {
  const token = sessionToken(request);
  if (token === null) return;
  const session = await people.session(token);
  if (session === null) return;
  request.webSession = { ...session, token };
  request.caller = session.person.caller;
}

/**
 * Whether a state-changing request comes from this app's own pages (not
 * another site). A browser says so in `Sec-Fetch-Site`; without it (an older
 * browser), the `Origin` must be this host. (`Origin` alone will not do: under
 * the no-referrer policy a browser sends `Origin: null` on its own forms.)
 */
function sameOrigin(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/**
 * Every web page: signed out, only the pages marked {@link SignedOutOk}
 * (others redirect to the sign-in form); an ops person without the second
 * factor yet, only the TOTP pages; a role a page does not take, 403; and a
 * POST must come from this origin and, signed in, carry the session's CSRF
 * token.
 */
@Injectable()
export class WebGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const session = request.webSession;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      if (!sameOrigin(request)) throw new AppError(ErrorCode.Forbidden, 'This form was sent from another site.');
      const body = request.body as Record<string, unknown> | undefined;
      if (session !== undefined && body?.[CSRF_FIELD] !== csrfTokenOf(session.token)) {
        throw new AppError(
          ErrorCode.Forbidden,
          'This form is out of date or was not sent from mapflow: open the page again.',
        );
      }
    }
    if (this.reflector.getAllAndOverride<boolean>(SIGNED_OUT_OK, targets)) return true;
    if (session === undefined) throw new PageRedirect('/app/sign-in');
    if (!session.secondFactorDone && !this.reflector.getAllAndOverride<boolean>(BEFORE_SECOND_FACTOR, targets)) {
      throw new PageRedirect(session.person.totpEnabled ? '/app/totp' : '/app/totp/enrol');
    }
    assertRole(this.reflector.getAllAndOverride<OrgKind[] | undefined>(ROLES, targets), session.person.caller);
    return true;
  }
}
