import { createHash } from 'node:crypto';
import request from 'supertest';
import { makeOrg, TEST_OPS_KEY, useTestApp } from '../support/test-app';
import { problemType, type ProblemName } from '../support/problem-types';

const PROBLEM = /^application\/problem\+json/;
const ops = `Bearer ${TEST_OPS_KEY}`;

function expectProblem(body: Record<string, unknown>, status: number, type: ProblemName): void {
  expect(body).toMatchObject({ status, type: problemType(type) });
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  expect(JSON.stringify(body)).not.toMatch(/\bat .+\.(ts|js):\d+/); // no stack trace
}

describe('walking skeleton (whole app, real PostgreSQL)', () => {
  const t = useTestApp();
  /** POST `body` to `path` with `authorization` (the ops key unless told). */
  const post = (path: string, body: object, authorization = ops) =>
    request(t.http).post(path).set('authorization', authorization).send(body);

  it('opens every session READ COMMITTED, whatever the server default, as commands rely on', async () => {
    await t.dataSource.transaction(async (tx) => {
      expect(await tx.query('SHOW transaction_isolation')).toEqual([{ transaction_isolation: 'read committed' }]);
    });
  });

  describe('auth', () => {
    it('answers 401 with a problem document when no key is sent', async () => {
      const res = await request(t.http).post('/v1/orgs').send({ kind: 'customer', name: 'x' }).expect(401);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expectProblem(res.body, 401, 'unauthenticated');
    });

    it('answers 401 to an unknown key', async () => {
      const unknownKey = 'Bearer mf_not_a_real_key_at_all';
      const res = await post('/v1/orgs', { kind: 'customer', name: 'x' }, unknownKey).expect(401);
      expectProblem(res.body, 401, 'unauthenticated');
    });

    it('lets the bootstrap ops key create an org and mint a key that works, stored only as its SHA-256', async () => {
      const org = await post('/v1/orgs', { kind: 'partner', name: 'Acme Cloud', tier: 'advanced' }).expect(201);
      expect(org.body).toEqual({ id: expect.any(String), kind: 'partner', name: 'Acme Cloud', tier: 'advanced' });

      const minted = await post(`/v1/orgs/${org.body.id}/api-keys`, { userName: 'jane' }).expect(201);
      expect(minted.body).toEqual({
        key: expect.stringMatching(/^mf_/),
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        userId: expect.any(String),
        orgId: org.body.id,
      });

      const stored = await t.dataSource.query<{ key_hash: string }[]>(
        'SELECT k.key_hash FROM api_keys k WHERE k.user_id = $1',
        [minted.body.userId],
      );
      expect(stored).toEqual([{ key_hash: createHash('sha256').update(minted.body.key).digest('hex') }]);

      // The new partner key authenticates (and, not being ops, is refused the ops route).
      const res = await post('/v1/orgs', { kind: 'customer', name: 'c' }, `Bearer ${minted.body.key}`).expect(403);
      expectProblem(res.body, 403, 'forbidden');
    });

    it('refuses partners and customers on both ops routes with 403', async () => {
      const partner = await makeOrg(t.http, 'partner');
      const customer = await makeOrg(t.http, 'customer');
      for (const caller of [partner, customer]) {
        const as = `Bearer ${caller.key}`;
        const create = await post('/v1/orgs', { kind: 'customer', name: 'x' }, as).expect(403);
        expectProblem(create.body, 403, 'forbidden');
        const mint = await post(`/v1/orgs/${caller.id}/api-keys`, { userName: 'y' }, as).expect(403);
        expectProblem(mint.body, 403, 'forbidden');
      }
    });
  });

  describe('bad input', () => {
    it('answers 400 listing an unknown field, and creates nothing', async () => {
      const before = await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM orgs');
      const res = await post('/v1/orgs', { kind: 'customer', name: 'Globex', color: 'red' }).expect(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expectProblem(res.body, 400, 'validation');
      expect(res.body.errors).toEqual([{ field: 'color', message: 'property color should not exist' }]);
      const after = await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM orgs');
      expect(after[0]?.n).toBe(before[0]?.n);
    });

    it('answers 400 to malformed JSON', async () => {
      const res = await request(t.http)
        .post('/v1/orgs')
        .set('authorization', ops)
        .set('content-type', 'application/json')
        .send('{"kind": "customer", "name": ')
        .expect(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expectProblem(res.body, 400, 'malformed-json');
    });

    it('lists each invalid field: a partner without a tier, a customer with one, an empty name', async () => {
      const partner = await post('/v1/orgs', { kind: 'partner', name: '' }).expect(400);
      expect(partner.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['name', 'tier']);
      const customer = await post('/v1/orgs', { kind: 'customer', name: 'c', tier: 'premier' }).expect(400);
      expect(customer.body.errors).toEqual([{ field: 'tier', message: expect.stringContaining('only for) partners') }]);
      const kind = await post('/v1/orgs', { kind: 'vendor', name: 'v' }).expect(400);
      expect(kind.body.errors[0].field).toBe('kind');
    });

    it('answers 400 to a malformed org id and 404 to an unknown one', async () => {
      const bad = await post('/v1/orgs/not-a-uuid/api-keys', { userName: 'u' }).expect(400);
      expectProblem(bad.body, 400, 'validation');
      expect(bad.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
      const unknownId = '6f1c1f0e-0000-4000-8000-000000000000';
      const unknown = await post(`/v1/orgs/${unknownId}/api-keys`, { userName: 'u' }).expect(404);
      expectProblem(unknown.body, 404, 'not-found');
    });

    it('answers an unknown route with a 404 problem document', async () => {
      const res = await request(t.http).get('/v1/nothing-here').set('authorization', ops).expect(404);
      expectProblem(res.body, 404, 'route-not-found');
    });

    it('answers 413 to a body over the limit', async () => {
      const res = await request(t.http)
        .post('/v1/orgs')
        .set('authorization', ops)
        .set('content-type', 'application/json')
        .send(JSON.stringify({ kind: 'customer', name: 'x'.repeat(t.config.bodyLimitBytes) }))
        .expect(413);
      expectProblem(res.body, 413, 'payload-too-large');
    });
  });

  describe('operations', () => {
    it('reports health 200 with the database up, without a key', async () => {
      const res = await request(t.http).get('/health').expect(200);
      expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    });

    it('serves the OpenAPI document listing the routes, the bearer scheme and DTO properties', async () => {
      const res = await request(t.http).get('/docs-json').expect(200);
      const doc = res.body as {
        paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
        components: {
          securitySchemes: Record<string, { scheme: string }>;
          schemas: Record<string, { properties?: Record<string, unknown> }>;
        };
      };
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/v1/orgs', '/v1/orgs/{id}/api-keys']));
      expect(Object.keys(doc.paths['/v1/orgs']?.post?.responses ?? {}).sort()).toEqual([
        '201',
        '400',
        '401',
        '403',
        '429',
        '503',
      ]);
      expect(doc.components.securitySchemes.bearer?.scheme).toBe('bearer');
      expect(Object.keys(doc.components.schemas.CreateOrgDto?.properties ?? {}).sort()).toEqual([
        'kind',
        'name',
        'tier',
      ]);
    });

    it('sets security headers (helmet) and a request id on every answer', async () => {
      const res = await request(t.http).get('/health').set('x-request-id', 'trace-123').expect(200);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      const problem = await request(t.http).post('/v1/orgs').set('x-request-id', 'trace-456').send({}).expect(401);
      expect(problem.body.requestId).toBe('trace-456');
    });
  });
});
