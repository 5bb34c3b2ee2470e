import request from 'supertest';
import { expectStatus } from '../support/opportunity-driver';
import { problemType } from '../support/problem-types';
import { makeOrg, TEST_OPS_KEY, useTestApp } from '../support/test-app';

describe('GET /v1/me: who the caller is (whole app, real PostgreSQL)', () => {
  const t = useTestApp();
  const me = (key: string | null) => {
    const req = request(t.http).get('/v1/me');
    return key === null ? req : req.set('authorization', `Bearer ${key}`);
  };

  it('answers the bootstrap ops key with the ops org, so its holder can find where to invite themselves', async () => {
    const res = await me(TEST_OPS_KEY);
    expectStatus(res, 200);
    expect(res.body).toEqual({
      userId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      org: { id: expect.stringMatching(/^[0-9a-f-]{36}$/), kind: 'ops', name: expect.any(String), tier: null },
    });
  });

  it('answers each caller with its own user and org, and nothing of anyone else', async () => {
    const partner = await makeOrg(t.http, 'partner', 'select');
    const customer = await makeOrg(t.http, 'customer');
    const p = await me(partner.key);
    expectStatus(p, 200);
    expect(p.body).toMatchObject({ userId: partner.userId, org: { id: partner.id, kind: 'partner', tier: 'select' } });
    const c = await me(customer.key);
    expectStatus(c, 200);
    expect(c.body).toMatchObject({ userId: customer.userId, org: { id: customer.id, kind: 'customer', tier: null } });
    expect(JSON.stringify(c.body)).not.toContain(partner.id);
  });

  it('is 401 without a key or with an unknown one', async () => {
    for (const key of [null, 'mf_not_a_key_0123456789abcdef']) {
      const res = await me(key);
      expectStatus(res, 401);
      expect(res.body.type).toBe(problemType('unauthenticated'));
    }
  });
});
