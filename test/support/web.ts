import * as OTPAuth from 'otpauth';
import type { Server } from 'node:http';
import request, { type Response } from 'supertest';
import { TEST_OPS_KEY } from './test-app';

/** A strong password for people the tests invite. */
export const TEST_PASSWORD = 'correct horse battery staple';

/** Ops invites `email` to `orgId`; the invitation's link, as a path (/app/invitations/<token>). */
export async function invite(http: Server, orgId: string, email: string): Promise<string> {
  const res = await request(http)
    .post(`/v1/orgs/${orgId}/invitations`)
    .set('authorization', `Bearer ${TEST_OPS_KEY}`)
    .send({ email });
  if (res.status !== 201) throw new Error(`invitation: ${res.status} ${res.text}`);
  return new URL((res.body as { link: string }).link).pathname;
}

/** The session cookie a response sets (`name=value`), or null. */
export function sessionCookieOf(res: Response): string | null {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const session = cookies.find((c) => c.startsWith('__Host-mapflow_session='));
  return session === undefined ? null : (session.split(';', 1)[0] ?? null);
}

/** The CSRF token in a page's forms. */
export function csrfOf(html: string): string {
  const found = /name="_csrf" value="([^"]+)"/.exec(html);
  if (found?.[1] === undefined) throw new Error('no CSRF field on the page');
  return found[1];
}

/** A person in the browser, as HTTP: their session cookie on every request, forms posted from this origin. */
export class WebPerson {
  constructor(
    private readonly http: Server,
    readonly cookie: string,
  ) {}

  get(path: string): Promise<Response> {
    return request(this.http).get(path).set('cookie', this.cookie).redirects(0);
  }

  /** Posts a form with the session's CSRF token, read from `from` (a page the form is on). */
  async post(path: string, form: Record<string, string>, from = '/app'): Promise<Response> {
    const page = await request(this.http).get(from).set('cookie', this.cookie).redirects(1);
    return request(this.http)
      .post(path)
      .set('cookie', this.cookie)
      .type('form')
      .send({ _csrf: csrfOf(page.text), ...form })
      .redirects(0);
  }
}

/** Invites `email` to `orgId`, accepts with {@link TEST_PASSWORD}, and answers the signed-in person. */
export async function signedInPerson(http: Server, orgId: string, email: string): Promise<WebPerson> {
  const link = await invite(http, orgId, email);
  const res = await request(http)
    .post(link)
    .type('form')
    .send({ name: email.split('@')[0], password: TEST_PASSWORD });
  const cookie = sessionCookieOf(res);
  if (res.status !== 303 || cookie === null) throw new Error(`accepting the invitation: ${res.status} ${res.text}`);
  return new WebPerson(http, cookie);
}

/** An ops person of the bootstrap ops org, signed in with the second factor enrolled (ops pages need it). */
export async function signedInOps(http: Server, email: string): Promise<WebPerson> {
  const me = await request(http).get('/v1/me').set('authorization', `Bearer ${TEST_OPS_KEY}`);
  const ops = await signedInPerson(http, (me.body as { org: { id: string } }).org.id, email);
  const enrol = await ops.get('/app/totp/enrol');
  const secret = /id="totp-secret"[^>]*>([A-Z2-7]+)</.exec(enrol.text)?.[1] ?? '';
  const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate();
  const enrolled = await request(http)
    .post('/app/totp/enrol')
    .set('cookie', ops.cookie)
    .type('form')
    .send({ code, _csrf: csrfOf(enrol.text) })
    .redirects(0);
  if (enrolled.status !== 303) throw new Error(`TOTP enrolment: ${enrolled.status}`);
  return ops;
}
