import '@fastify/cookie';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { SESSION_COOKIE, SESSION_COOKIE_OPTIONS } from './web-auth';

/** A file the browser saves: its media type, its name, and its text (streamed when it is produced in parts). */
export interface Download {
  type: string;
  name: string;
  body: string | AsyncIterable<string>;
}

/** What a page handler answers: HTML with a status, a file to save, or a redirect (and what to do with the session cookie). */
export type Page =
  | { html: string; status?: number }
  | { download: Download }
  | { redirect: string; session?: { set: string } | 'clear' };

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
    if ('download' in page) {
      const { type, name, body } = page.download;
      return reply
        .header('content-type', type)
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(typeof body === 'string' ? body : Readable.from(body));
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
