import '@fastify/cookie';
import type { FastifyReply } from 'fastify';
import { SESSION_COOKIE, SESSION_COOKIE_OPTIONS } from './web-auth';

/** What a page handler answers: HTML with a status, or a redirect; and what to do with the session cookie. */
export type Page = { html: string; status?: number } | { redirect: string; session?: { set: string } | 'clear' };

/** Writes a {@link Page} to the reply (a handler's one line ends with `.then(send(reply))`). */
export function send(reply: FastifyReply): (page: Page) => FastifyReply {
  return (page) => {
    void reply.header('cache-control', 'no-store');
    if ('html' in page) {
      return reply
        .status(page.status ?? 200)
        .header('content-type', 'text/html; charset=utf-8')
        .send(page.html);
    }
    if (page.session === 'clear') void reply.clearCookie(SESSION_COOKIE, SESSION_COOKIE_OPTIONS);
    else if (page.session !== undefined) void reply.setCookie(SESSION_COOKIE, page.session.set, SESSION_COOKIE_OPTIONS);
    return reply.status(303).header('location', page.redirect).send();
  };
}

/** An HTML page of `status` (200 unless said). */
export async function html(body: JSX.Element, status = 200): Promise<Page> {
  return { html: await body, status };
}
