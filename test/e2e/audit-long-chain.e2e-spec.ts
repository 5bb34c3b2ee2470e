import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { ChainLink } from '@mapflow/audit';
import { insertLongChain } from '@mapflow/persistence';
import { exportNdjson, runAuditVerify } from '../support/ndjson';
import { expectStatus } from '../support/opportunity-driver';
import { makeOrg, startTestApp, TEST_OPS_KEY, TestApp } from '../support/test-app';

const ENTRIES = 100_000;

/**
 * An opportunity with 100k audit entries (creation, then profile updates,
 * each decided by the machine and linked as the API links them, written
 * straight into the tables): the verify endpoint and the offline verifier both
 * check the whole of it, and both name one altered entry deep inside it.
 */
describe('audit verify of a 100k-entry chain (endpoint and offline verifier)', () => {
  let t: TestApp;
  let id: string;
  let links: ChainLink[];
  let dir: string;

  beforeAll(async () => {
    t = await startTestApp();
    dir = mkdtempSync(join(tmpdir(), 'mapflow-long-chain-'));
    const partner = await makeOrg(t.http, 'partner');
    const customer = await makeOrg(t.http, 'customer');
    id = randomUUID();
    ({ links } = await insertLongChain(t.dataSource, {
      opportunityId: id,
      partnerOrgId: partner.id,
      customerOrgId: customer.id,
      customerName: 'Long chain customer',
      userId: partner.userId,
      entries: ENTRIES,
    }));
  }, 180_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  async function verify() {
    const res = await request(t.http)
      .get(`/v1/opportunities/${id}/audit/verify`)
      .set('authorization', `Bearer ${TEST_OPS_KEY}`);
    expectStatus(res, 200);
    return res.body as Record<string, unknown>;
  }

  it('finds all 100k entries valid, replay included, on the endpoint and offline', async () => {
    expect(await verify()).toEqual({
      valid: true,
      entries: ENTRIES,
      headHash: links[ENTRIES - 1]?.hash,
      firstBadSeq: null,
      reason: null,
    });
    const file = join(dir, 'export.ndjson');
    writeFileSync(file, await exportNdjson(t.http, id, TEST_OPS_KEY));
    const offline = runAuditVerify([file]);
    expect(offline.status).toBe(0);
    expect(offline.verdict).toMatchObject({ valid: true, entries: ENTRIES, headHash: links[ENTRIES - 1]?.hash });
  }, 180_000);

  it('names one entry altered deep in the chain, on the endpoint and offline', async () => {
    await t.dataSource.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_entries DISABLE TRIGGER USER');
      await tx.query(
        `UPDATE audit_entries SET entry = jsonb_set(entry, '{event,profile,servers}', '499') WHERE opportunity_id = $1 AND seq = 76543`,
        [id],
      );
      await tx.query('ALTER TABLE audit_entries ENABLE TRIGGER USER');
    });
    const verdict = await verify();
    expect(verdict).toMatchObject({ valid: false, entries: ENTRIES, firstBadSeq: 76543 });
    const file = join(dir, 'tampered.ndjson');
    writeFileSync(file, await exportNdjson(t.http, id, TEST_OPS_KEY));
    const offline = runAuditVerify([file]);
    expect(offline.status).toBe(1);
    expect(offline.verdict).toMatchObject({ valid: false, firstBadSeq: 76543, reason: verdict.reason });
  }, 180_000);
});
