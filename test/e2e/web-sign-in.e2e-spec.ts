import * as OTPAuth from 'otpauth';
import request from 'supertest';
import { expectStatus } from '../support/opportunity-driver';
import { problemType } from '../support/problem-types';
import { makeOrg, TEST_OPS_KEY, useTestApp } from '../support/test-app';
import { csrfOf, invite, sessionCookieOf, signedInPerson, TEST_PASSWORD, WebPerson } from '../support/web';

let n = 0;
const email = (who: string) => `${who}.${process.pid}.${(n += 1)}@example.com`;

describe('signing in to the web app (whole app, real PostgreSQL)', () => {
  const t = useTestApp();

  describe('POST /v1/orgs/{id}/invitations', () => {
    it('gives ops a single-use link valid 72 hours; others get 403, a bad e-mail 400, an unknown org 404', async () => {
      const customer = await makeOrg(t.http, 'customer');
      const partner = await makeOrg(t.http, 'partner');
      const ok = await request(t.http)
        .post(`/v1/orgs/${customer.id}/invitations`)
        .set('authorization', `Bearer ${TEST_OPS_KEY}`)
        .send({ email: email('cto') });
      expectStatus(ok, 201);
      expect(ok.body.link).toMatch(/^http:\/\/localhost:\d+\/app\/invitations\/[A-Za-z0-9_-]{43}$/);
      const hours = (Date.parse(ok.body.expiresAt) - Date.now()) / 3_600_000;
      expect(hours).toBeGreaterThan(71.9);
      expect(hours).toBeLessThanOrEqual(72);

      const asPartner = await request(t.http)
        .post(`/v1/orgs/${customer.id}/invitations`)
        .set('authorization', `Bearer ${partner.key}`)
        .send({ email: email('x') });
      expectStatus(asPartner, 403);
      const bad = await request(t.http)
        .post(`/v1/orgs/${customer.id}/invitations`)
        .set('authorization', `Bearer ${TEST_OPS_KEY}`)
        .send({ email: 'not an address' });
      expectStatus(bad, 400);
      expect(bad.body.type).toBe(problemType('validation'));
      const missing = await request(t.http)
        .post(`/v1/orgs/00000000-0000-4000-8000-000000000000/invitations`)
        .set('authorization', `Bearer ${TEST_OPS_KEY}`)
        .send({ email: email('x') });
      expectStatus(missing, 404);
    });
  });

  describe('an invitation link', () => {
    it('refuses a short password with the form again and keeps the link; then sets it, signs in, and is used up', async () => {
      const customer = await makeOrg(t.http, 'customer');
      const address = email('cfo');
      const link = await invite(t.http, customer.id, address);
      const page = await request(t.http).get(link);
      expectStatus(page, 200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain(address);

      const short = await request(t.http).post(link).type('form').send({ name: 'Cee', password: 'short' });
      expectStatus(short, 400);
      expect(short.text).toContain('A password has at least 12 characters.');
      expect(sessionCookieOf(short)).toBeNull();
      const asEmail = await request(t.http).post(link).type('form').send({ name: 'Cee', password: address });
      expectStatus(asEmail, 400);
      expect(asEmail.text).toContain('The password cannot be your e-mail.');
      expectStatus(await request(t.http).get(link), 200);

      const accepted = await request(t.http).post(link).type('form').send({ name: 'Cee', password: TEST_PASSWORD });
      expectStatus(accepted, 303);
      expect(accepted.headers.location).toBe('/app');
      const cookie = ([] as string[]).concat(accepted.headers['set-cookie'] ?? []).find((c) => c.startsWith('__Host-'));
      expect(cookie).toMatch(/^__Host-mapflow_session=[A-Za-z0-9_-]{43}; /);
      expect(cookie).toMatch(/; Path=\/(;|$)/);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).not.toMatch(/Domain=/i);

      const again = await request(t.http).get(link);
      expectStatus(again, 404);
      expect(again.text).toContain('unknown, used or lapsed');
      const stored = await t.dataSource.query<{ password_hash: string }[]>(
        `SELECT password_hash FROM users WHERE email = $1`,
        [address],
      );
      expect(stored[0]?.password_hash).toMatch(/^\$argon2id\$v=19\$/);
    });

    it('is 404 when lapsed (72 hours)', async () => {
      const customer = await makeOrg(t.http, 'customer');
      const link = await invite(t.http, customer.id, email('late'));
      await t.dataSource.query(`UPDATE invitations SET expires_at = now() - interval '1 second' WHERE org_id = $1`, [
        customer.id,
      ]);
      expectStatus(await request(t.http).get(link), 404);
      const post = await request(t.http).post(link).type('form').send({ name: 'L', password: TEST_PASSWORD });
      expectStatus(post, 404);
    });
  });

  describe('sessions', () => {
    it('sends a signed-out page to the sign-in form, and a signed-in person to their start page', async () => {
      const signedOut = await request(t.http).get('/app/inbox').redirects(0);
      expectStatus(signedOut, 303);
      expect(signedOut.headers.location).toBe('/app/sign-in');
      const customer = await makeOrg(t.http, 'customer');
      const person = await signedInPerson(t.http, customer.id, email('ceo'));
      const start = await person.get('/app');
      expectStatus(start, 303);
      expect(start.headers.location).toBe('/app/inbox');
    });

    it('signs in with the password, refuses a wrong one with one generic message, and throttles after 5 failures', async () => {
      const customer = await makeOrg(t.http, 'customer');
      const address = email('it');
      await signedInPerson(t.http, customer.id, address);
      const signIn = (password: string, ip = '203.0.113.9') =>
        request(t.http)
          .post('/app/sign-in')
          .set('x-forwarded-for', ip)
          .type('form')
          .send({ email: address.toUpperCase(), password })
          .redirects(0);
      const good = await signIn(TEST_PASSWORD);
      expectStatus(good, 303);
      expect(sessionCookieOf(good)).not.toBeNull();
      const unknown = await request(t.http)
        .post('/app/sign-in')
        .type('form')
        .send({ email: email('nobody'), password: TEST_PASSWORD });
      expectStatus(unknown, 401);
      for (let i = 0; i < 5; i += 1) {
        const wrong = await signIn('wrong password 123');
        expectStatus(wrong, 401);
        expect(wrong.text).toContain('do not match an account, or there were too many tries');
        expect(sessionCookieOf(wrong)).toBeNull();
      }
      const throttled = await signIn(TEST_PASSWORD);
      expectStatus(throttled, 401);
      expect(throttled.text).toBe(
        unknown.text.replace(/value="[^"]*"/, throttled.text.match(/value="[^"]*"/)?.[0] ?? ''),
      );
      expect(sessionCookieOf(throttled)).toBeNull();
    });

    it('ends at sign-out: the old cookie no longer opens a page', async () => {
      const customer = await makeOrg(t.http, 'customer');
      const person = await signedInPerson(t.http, customer.id, email('out'));
      expectStatus(await person.get('/app/sign-in'), 303);
      const out = await person.post('/app/sign-out', {});
      expectStatus(out, 303);
      expect(out.headers.location).toBe('/app/sign-in');
      expect(([] as string[]).concat(out.headers['set-cookie'] ?? []).join()).toMatch(
        /__Host-mapflow_session=;.*Expires=Thu, 01 Jan 1970/,
      );
      const after = await person.get('/app/inbox');
      expectStatus(after, 303);
      expect(after.headers.location).toBe('/app/sign-in');
    });

    it('ends after 12 hours, and after 2 idle hours', async () => {
      const customer = await makeOrg(t.http, 'customer');
      for (const [column, age] of [
        ['expires_at', "now() - interval '1 second'"],
        ['last_seen_at', "now() - interval '2 hours 1 second'"],
      ] as const) {
        const address = email(column);
        const person = await signedInPerson(t.http, customer.id, address);
        expectStatus(await person.get('/app'), 303);
        await t.dataSource.query(
          `UPDATE sessions SET ${column} = ${age} WHERE user_id = (SELECT id FROM users WHERE email = $1)`,
          [address],
        );
        const res = await person.get('/app/inbox');
        expectStatus(res, 303);
        expect(res.headers.location).toBe('/app/sign-in');
      }
    });

    it('refuses a form without the CSRF token, or from another site, and changes nothing', async () => {
      const customer = await makeOrg(t.http, 'customer');
      const person = await signedInPerson(t.http, customer.id, email('csrf'));
      const bare = await request(t.http).post('/app/sign-out').set('cookie', person.cookie).type('form').send({});
      expectStatus(bare, 403);
      const page = await request(t.http).get('/app/sign-in').set('cookie', person.cookie).redirects(1);
      const foreign = await request(t.http)
        .post('/app/sign-out')
        .set('cookie', person.cookie)
        .set('origin', 'https://evil.example')
        .type('form')
        .send({ _csrf: csrfOf(page.text) });
      expectStatus(foreign, 403);
      const crossSite = await request(t.http)
        .post('/app/sign-out')
        .set('cookie', person.cookie)
        .set('sec-fetch-site', 'cross-site')
        .type('form')
        .send({ _csrf: csrfOf(page.text) });
      expectStatus(crossSite, 403);
      expectStatus(await person.get('/app'), 303);
      expect((await person.get('/app')).headers.location).toBe('/app/inbox');
    });
  });

  describe('the ops second factor', () => {
    it('enrols TOTP at the first sign-in, refuses a wrong code, and asks for a code at the next sign-in', async () => {
      const me = await request(t.http).get('/v1/me').set('authorization', `Bearer ${TEST_OPS_KEY}`);
      const address = email('ops');
      const link = await invite(t.http, me.body.org.id, address);
      const accepted = await request(t.http).post(link).type('form').send({ name: 'Opal', password: TEST_PASSWORD });
      expect(accepted.headers.location).toBe('/app/totp/enrol');
      const person = new WebPerson(t.http, sessionCookieOf(accepted) ?? '');
      const blocked = await person.get('/app/claims');
      expectStatus(blocked, 303);
      expect(blocked.headers.location).toBe('/app/totp/enrol');

      const enrol = await person.get('/app/totp/enrol');
      expectStatus(enrol, 200);
      const secret = /id="totp-secret">([A-Z2-7]+)</.exec(enrol.text)?.[1] ?? '';
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
      const wrong = await person.post(
        '/app/totp/enrol',
        { code: String((Number(totp.generate()) + 1) % 1_000_000).padStart(6, '0') },
        '/app/totp/enrol',
      );
      expectStatus(wrong, 400);
      expect(wrong.text).toContain('not the one your authenticator shows');
      const right = await person.post('/app/totp/enrol', { code: totp.generate() }, '/app/totp/enrol');
      expectStatus(right, 303);
      expect(right.headers.location).toBe('/app');
      expect((await person.get('/app')).headers.location).toBe('/app/claims');

      const again = await request(t.http)
        .post('/app/sign-in')
        .type('form')
        .send({ email: address, password: TEST_PASSWORD });
      expect(again.headers.location).toBe('/app/totp');
      const second = new WebPerson(t.http, sessionCookieOf(again) ?? '');
      expect((await second.get('/app/claims')).headers.location).toBe('/app/totp');
      const code = await second.post('/app/totp', { code: totp.generate() }, '/app/totp');
      expect(code.headers.location).toBe('/app');
    });
  });

  describe('DELETE /v1/api-keys/{id}', () => {
    it('revokes a key for ops (204); the key is then refused; others get 403, an unknown id 404', async () => {
      const customer = await makeOrg(t.http, 'customer');
      const minted = await request(t.http)
        .post(`/v1/orgs/${customer.id}/api-keys`)
        .set('authorization', `Bearer ${TEST_OPS_KEY}`)
        .send({ userName: 'robot' });
      expectStatus(minted, 201);
      const asCustomer = await request(t.http)
        .delete(`/v1/api-keys/${minted.body.id}`)
        .set('authorization', `Bearer ${customer.key}`);
      expectStatus(asCustomer, 403);
      const revoked = await request(t.http)
        .delete(`/v1/api-keys/${minted.body.id}`)
        .set('authorization', `Bearer ${TEST_OPS_KEY}`);
      expectStatus(revoked, 204);
      const refused = await request(t.http).get('/v1/me').set('authorization', `Bearer ${minted.body.key}`);
      expectStatus(refused, 401);
      const unknown = await request(t.http)
        .delete('/v1/api-keys/00000000-0000-4000-8000-000000000000')
        .set('authorization', `Bearer ${TEST_OPS_KEY}`);
      expectStatus(unknown, 404);
    });
  });
});
