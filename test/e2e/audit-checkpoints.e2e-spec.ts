import { generateKeyPairSync } from 'node:crypto';
import request from 'supertest';
import { ChainLink, hashLink, signCheckpoint } from '@mapflow/audit';
import { withAuditTriggersOff } from '../support/audit';
import { expectStatus, herokuProfile, newOpportunity, OpportunityDriver } from '../support/opportunity-driver';
import { TEST_OPS_KEY, useTestApp } from '../support/test-app';

const ops = `Bearer ${TEST_OPS_KEY}`;

describe('signed checkpoints (whole app, real PostgreSQL)', () => {
  const t = useTestApp();
  let o: OpportunityDriver;

  beforeAll(async () => {
    o = await newOpportunity(t.http, 'Checkpointed', herokuProfile());
    await o.p({ type: 'ADVANCE' });
    await o.p({ type: 'UPDATE_PROFILE', profile: { servers: 40 } });
  });

  const checkpoint = async () => {
    const res = await request(t.http).post('/v1/audit/checkpoints').set('authorization', ops).send();
    expectStatus(res, 201);
    return res.body;
  };
  const mine = (failures: { opportunityId: string | null }[]) => failures.filter((f) => f.opportunityId === o.id);
  const verify = (body: unknown) =>
    request(t.http)
      .post('/v1/audit/checkpoints/verify')
      .set('authorization', ops)
      .send(body as object);

  it('signs every chain head, and accepts its own checkpoint exactly as returned, after more events', async () => {
    const cp = await checkpoint();
    expect(cp).toMatchObject({ format: 'mapflow-checkpoint/1', count: cp.heads.length, signature: expect.any(String) });
    expect(cp.heads).toEqual(
      expect.arrayContaining([{ opportunityId: o.id, seq: 3, hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]),
    );
    await o.p({ type: 'UPDATE_PROFILE', profile: { servers: 41 } }); // history grows: still a prefix
    const res = await verify(cp);
    expectStatus(res, 200);
    // Other suites tamper with their own chains in parallel (and the checkpoint rightly sees that):
    // this one's opportunity must pass.
    expect(mine(res.body.failures)).toEqual([]);
    expect(res.body.checkedEntries).toBeGreaterThanOrEqual(3);
  });

  it('is for ops only', async () => {
    const res = await request(t.http)
      .post('/v1/audit/checkpoints')
      .set('authorization', `Bearer ${o.partner.key}`)
      .send();
    expectStatus(res, 403);
  });

  it('rejects a forged signature, a checkpoint of another key, a truncated one, and malformed input', async () => {
    const cp = await checkpoint();
    const forged = { ...cp, signature: Buffer.from('x'.repeat(64)).toString('base64') };
    expect((await verify(forged)).body).toMatchObject({
      valid: false,
      failures: [{ reason: 'the signature does not verify' }],
    });

    const { privateKey } = generateKeyPairSync('ed25519');
    const otherKey = signCheckpoint(cp.heads, cp.createdAt, privateKey);
    expect((await verify(otherKey)).body).toMatchObject({
      valid: false,
      failures: [{ reason: expect.stringContaining('another key') }],
    });

    const truncated = { ...cp, heads: cp.heads.slice(1) };
    expect((await verify(truncated)).body.valid).toBe(false);

    const lied = { ...cp, heads: cp.heads.map((h: { seq: number }) => ({ ...h, seq: h.seq + 1 })) };
    expect((await verify(lied)).body.valid).toBe(false);

    const malformed = await verify({ format: 'mapflow-checkpoint/1', heads: 'all' });
    expectStatus(malformed, 400);
  });

  it('takes back a checkpoint larger than the general body limit, on its verify route only', async () => {
    const cp = await checkpoint();
    // 20k heads is about 2.6 MB, past the 1 MiB limit of every other route.
    const heads = Array.from({ length: 20_000 }, (_, i) => ({
      opportunityId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      seq: 1,
      hash: 'ab'.repeat(32),
    }));
    const { privateKey } = generateKeyPairSync('ed25519');
    const big = signCheckpoint(heads, cp.createdAt, privateKey);
    const body = JSON.stringify(big);
    expect(body.length).toBeGreaterThan(2 * 1_048_576);
    const res = await verify(big);
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ valid: false, failures: [{ reason: expect.stringContaining('another key') }] });
    const elsewhere = await request(t.http)
      .post('/v1/opportunities')
      .set('authorization', `Bearer ${o.partner.key}`)
      .set('content-type', 'application/json')
      .send(body);
    expectStatus(elsewhere, 413);
  });

  it('catches a whole chain re-hashed consistently by a superuser, which per-chain verify cannot see', async () => {
    const cp = await checkpoint();
    // Rewrite entry 2's server time and re-hash every later link, then move the row's chain head.
    const rows = await t.dataSource.query<
      { seq: number; prev_hash: string; hash: string; entry: ChainLink['entry'] }[]
    >('SELECT seq, prev_hash, hash, entry FROM audit_entries WHERE opportunity_id = $1 ORDER BY seq', [o.id]);
    let prev = rows[0]?.hash ?? '';
    const rewritten = rows.slice(1).map((row, i) => {
      const entry = i === 0 ? { ...row.entry, recordedAt: '2020-01-01T00:00:00.000Z' } : row.entry;
      const hash = hashLink(o.id, row.seq, prev, entry);
      const link = { seq: row.seq, prevHash: prev, hash, entry };
      prev = hash;
      return link;
    });
    await withAuditTriggersOff(t.dataSource, async (tx) => {
      for (const link of rewritten) {
        await tx.query(
          'UPDATE audit_entries SET prev_hash = $3, hash = $4, entry = $5 WHERE opportunity_id = $1 AND seq = $2',
          [o.id, link.seq, link.prevHash, link.hash, JSON.stringify(link.entry)],
        );
      }
      await tx.query('UPDATE opportunities SET chain_head = $2 WHERE id = $1', [o.id, prev]);
    });

    const perChain = await request(t.http).get(`/v1/opportunities/${o.id}/audit/verify`).set('authorization', ops);
    expect(perChain.body).toMatchObject({ valid: true }); // consistent: the chain alone cannot tell
    const res = await verify(cp);
    expectStatus(res, 200);
    expect(res.body.valid).toBe(false);
    expect(mine(res.body.failures)).toEqual([
      {
        opportunityId: o.id,
        seq: o.version,
        reason: `entry ${o.version} differs from the checkpoint: history was rewritten since`,
      },
    ]);
  });
});
