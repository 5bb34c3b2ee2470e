import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChainLink } from '@mapflow/audit';
import { insertLongChain } from '@mapflow/persistence';
import { longChainOf, verifyChain, withAuditTriggersOff } from '../support/audit';
import { exportNdjson, runAuditVerify } from '../support/ndjson';
import { useTempDir } from '../support/temp-dir';
import { TEST_OPS_KEY, useTestApp } from '../support/test-app';

const ENTRIES = 100_000;

/**
 * An opportunity with 100k audit entries (creation, then profile updates,
 * each decided by the machine and linked as the API links them, written
 * straight into the tables): the verify endpoint and the offline verifier both
 * check the whole of it, and both name one altered entry deep inside it.
 */
describe('audit verify of a 100k-entry chain (endpoint and offline verifier)', () => {
  const t = useTestApp();
  const dir = useTempDir('long-chain');
  let id: string;
  let links: ChainLink[];

  beforeAll(async () => {
    const { input } = await longChainOf(t.http, ENTRIES);
    id = input.opportunityId;
    ({ links } = await insertLongChain(t.dataSource, input));
  }, 180_000);

  const verify = () => verifyChain(t.http, id);

  it('finds all 100k entries valid, replay included, on the endpoint and offline', async () => {
    expect(await verify()).toEqual({
      valid: true,
      entries: ENTRIES,
      headHash: links[ENTRIES - 1]?.hash,
      firstBadSeq: null,
      reason: null,
    });
    const file = join(dir.path, 'export.ndjson');
    writeFileSync(file, await exportNdjson(t.http, id, TEST_OPS_KEY));
    const offline = runAuditVerify([file]);
    expect(offline.status).toBe(0);
    expect(offline.verdict).toMatchObject({ valid: true, entries: ENTRIES, headHash: links[ENTRIES - 1]?.hash });
  }, 180_000);

  it('names one entry altered deep in the chain, on the endpoint and offline', async () => {
    await withAuditTriggersOff(t.dataSource, async (tx) => {
      await tx.query(
        `UPDATE audit_entries SET entry = jsonb_set(entry, '{event,profile,servers}', '499') WHERE opportunity_id = $1 AND seq = 76543`,
        [id],
      );
    });
    const verdict = await verify();
    expect(verdict).toMatchObject({ valid: false, entries: ENTRIES, firstBadSeq: 76543 });
    const file = join(dir.path, 'tampered.ndjson');
    writeFileSync(file, await exportNdjson(t.http, id, TEST_OPS_KEY));
    const offline = runAuditVerify([file]);
    expect(offline.status).toBe(1);
    expect(offline.verdict).toMatchObject({ valid: false, firstBadSeq: 76543, reason: verdict.reason });
  }, 180_000);
});
