import request, { Response } from 'supertest';
import { insertLongChain } from '@mapflow/persistence';
import { longChainOf } from '../support/audit';
import { holdTable } from '../support/held-table';
import { expectStatus } from '../support/opportunity-driver';
import { TEST_OPS_KEY, TestOrg, useTestApp } from '../support/test-app';
import { problemType } from '../support/problem-types';

/**
 * Audit verifications run a few at a time per process
 * (MAPFLOW_AUDIT_VERIFY_CONCURRENCY, here 1): while one runs (held here by a
 * lock on audit_entries, as a long chain would hold it), another verify, of a
 * chain or of a checkpoint, is told to retry: 429 with Retry-After, a
 * problem document, at once. The slot is free again once the first ends.
 */
describe('concurrent audit verifications beyond the limit are told to retry', () => {
  const t = useTestApp({ MAPFLOW_AUDIT_VERIFY_CONCURRENCY: '1' });
  let partner: TestOrg;
  let id: string;

  beforeAll(async () => {
    const chain = await longChainOf(t.http, 50, 'Verify limit customer');
    ({ partner } = chain);
    id = chain.input.opportunityId;
    await insertLongChain(t.dataSource, chain.input);
  });

  const verify = (key: string): Promise<Response> =>
    request(t.http)
      .get(`/v1/opportunities/${id}/audit/verify`)
      .set('authorization', `Bearer ${key}`)
      .then((res) => res);

  function expectRetryLater(res: Response): void {
    expectStatus(res, 429);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 429, type: problemType('rate-limited') });
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  }

  it('answers 429 with Retry-After to the verifies, of a chain or a checkpoint, that arrive while one runs', async () => {
    const checkpoint = await request(t.http)
      .post('/v1/audit/checkpoints')
      .set('authorization', `Bearer ${TEST_OPS_KEY}`);
    expectStatus(checkpoint, 201);
    const entries = await holdTable(t.dataSource, 'audit_entries', 'ACCESS EXCLUSIVE');
    const verifies: Promise<Response>[] = [];
    const answered: Response[] = [];
    let early: Response[] = [];
    try {
      verifies.push(verify(partner.key));
      await entries.waiter('%FROM audit_entries%');
      verifies.push(
        verify(TEST_OPS_KEY),
        request(t.http)
          .post('/v1/audit/checkpoints/verify')
          .set('authorization', `Bearer ${TEST_OPS_KEY}`)
          .send(checkpoint.body as object)
          .then((res) => res),
      );
      // One of the three holds the only slot, and waits for the lock; the other two are answered at once.
      verifies.forEach((v) => void v.then((res) => answered.push(res)));
      for (let waited = 0; answered.length < 2 && waited < 3_000; waited += 25) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      early = [...answered];
      expect(early).toHaveLength(2);
      early.forEach(expectRetryLater);
    } finally {
      await entries.release();
      await Promise.all(verifies);
    }
    const held = (await Promise.all(verifies)).filter((res) => !early.includes(res));
    expect(held).toHaveLength(1);
    expectStatus(held[0] as Response, 200);
    // The slot is free again.
    const after = await verify(TEST_OPS_KEY);
    expectStatus(after, 200);
    expect(after.body).toMatchObject({ valid: true, entries: 50 });
  });
});
