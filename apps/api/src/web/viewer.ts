import type { FastifyRequest } from 'fastify';
import { AppError, ErrorCode } from '../common/errors';
import { csrfTokenOf } from '../people/tokens';
import type { Caller } from '../auth/caller';
import type { Viewer } from './views/layout';

/** The caller of a page request: the signed-in person's, as an API key's would be. */
export function callerOf(request: FastifyRequest): Caller {
  const caller = request.caller;
  if (caller === undefined) throw new AppError(ErrorCode.Unauthenticated, 'Sign in first.');
  return caller;
}

/** The signed-in person of a page request (the WebGuard let it through, so there is one). */
export function viewerOf(request: FastifyRequest): Viewer {
  const session = request.webSession;
  if (session === undefined) throw new AppError(ErrorCode.Unauthenticated, 'Sign in first.');
  return {
    name: session.person.name,
    email: session.person.email,
    role: session.person.caller.role,
    csrf: csrfTokenOf(session.token),
  };
}

/** A form's text field as sent (a password is never trimmed); '' when absent or not text. */
export function rawField(body: unknown, name: string): string {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : '';
}

/** A form's text field, trimmed; '' when absent or not text. */
export function field(body: unknown, name: string): string {
  return rawField(body, name).trim();
}
