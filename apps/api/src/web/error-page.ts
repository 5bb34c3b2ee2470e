import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ProblemDocument } from '../common/problem';
import { send } from './page';
import { ErrorView } from './views/sign-in';

/** Whether a request is for the web app (its pages and assets, matched or not): answered in HTML. */
export function isPageRequest(request: FastifyRequest): boolean {
  if (request.routeOptions.config?.mapflowAuth?.web === true) return true;
  const path = request.url.split('?', 1)[0] ?? '';
  return path === '/app' || path.startsWith('/app/');
}

/**
 * A refusal on a page, as a person sees it: signed out, the sign-in form
 * (303); anything else, a page with the problem's title and detail (and its
 * missing items and field errors) and its status.
 */
export async function answerPage(
  request: FastifyRequest,
  reply: FastifyReply,
  problem: ProblemDocument,
): Promise<void> {
  if (problem.status === 401) {
    send(reply)({ redirect: '/app/sign-in' });
    return;
  }
  const html = await ErrorView({
    status: problem.status,
    title: problem.title,
    detail: problem.detail,
    items: [
      ...(problem.missing ?? []).map((m) => m.description),
      ...(problem.errors ?? []).map((e) => `${e.field}: ${e.message}`),
    ],
    signedIn: request.webSession !== undefined,
  });
  send(reply)({ html, status: problem.status });
}
