import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { insertLongChain } from '@mapflow/persistence';
import { longChainOf } from '../support/audit';
import { TEST_OPS_KEY } from '../support/test-app';
import { useApiOnUrl } from './support/harness';
import { startHealthProbe } from './support/health-probe';
import { json, send } from './support/http';

const ENTRIES = Number(process.env.RELIABILITY_VERIFY_ENTRIES ?? 400_000);
const POLL_MS = 50;
const HEALTH_BOUND_MS = 250;
const RSS_BOUND_MB = 300;

/** Resident memory of a process, in MB (Linux /proc). */
function rssMb(pid: number): number {
  const line = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(line?.[1] ?? Number.NaN) / 1024;
}

/**
 * GET /v1/opportunities/{id}/audit/verify, open to every reader, once held
 * the event loop for the whole chain: 400k entries stalled /health for 22 s
 * and took 2.1 GB. Here the built API verifies a chain that long while
 * /health is asked every 50 ms by a separate process: no answer may take
 * 250 ms, and the API's resident memory may not grow by 300 MB. Prints the
 * figures.
 */
describe(`audit verify of a ${ENTRIES}-entry chain under /health polling`, () => {
  const suite = useApiOnUrl('verify');
  let id: string;
  let headHash: string;

  beforeAll(async () => {
    const { input } = await longChainOf(suite.api.baseUrl, ENTRIES);
    id = input.opportunityId;
    const started = performance.now();
    const db = new Client({ connectionString: suite.pg.url });
    await db.connect();
    try {
      ({ headHash } = await insertLongChain(db, input, { keepLinks: false }));
      await db.query('VACUUM ANALYZE audit_entries');
    } finally {
      await db.end();
    }
    process.stdout.write(
      `verify: ${ENTRIES} entries written in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
  }, 150_000);

  it('answers /health within 250 ms throughout, and grows the API by under 300 MB', async () => {
    const { api } = suite;
    // Warm up: the first requests of a process compile code and fill caches.
    for (let i = 0; i < 5; i += 1) await send(api.baseUrl, { method: 'GET', path: '/health' });
    const rssBefore = rssMb(api.pid);
    let rssPeak = rssBefore;
    // /health is asked from a process of its own: this runner holds the long
    // chain's test data, and its own collector's pauses are not the API's.
    const probe = await startHealthProbe(api.baseUrl, POLL_MS);
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(api.pid))), POLL_MS);

    const started = performance.now();
    const reply = await send(api.baseUrl, {
      method: 'GET',
      path: `/v1/opportunities/${id}/audit/verify`,
      key: TEST_OPS_KEY,
      timeoutMs: 150_000,
    });
    const verifyMs = performance.now() - started;
    const health = await probe.stop();
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, rssMb(api.pid));

    const slowest = Math.max(...health.map((h) => h.ms));
    const sorted = health.map((h) => h.ms).sort((x, y) => x - y);
    const p99 = sorted[Math.floor(sorted.length * 0.99)] ?? Number.NaN;
    process.stdout.write(
      `verify: ${ENTRIES} entries in ${(verifyMs / 1000).toFixed(1)} s (${Math.round(ENTRIES / (verifyMs / 1000))} entries/s); ` +
        `/health: ${health.length} answers, slowest ${slowest.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms; ` +
        `API RSS ${rssBefore.toFixed(0)} MB before, peak ${rssPeak.toFixed(0)} MB (+${(rssPeak - rssBefore).toFixed(0)} MB)\n`,
    );

    expect(reply.status).toBe(200);
    expect(json(reply)).toEqual({ valid: true, entries: ENTRIES, headHash, firstBadSeq: null, reason: null });
    expect(health.every((h) => h.status === 200)).toBe(true);
    // Polled every 50 ms for the whole verify (a poll waits for no answer).
    expect(health.length).toBeGreaterThanOrEqual(Math.floor(verifyMs / POLL_MS / 2));
    expect(slowest).toBeLessThan(HEALTH_BOUND_MS);
    expect(rssPeak - rssBefore).toBeLessThan(RSS_BOUND_MB);
  }, 150_000);

  it('names an entry altered deep in the chain, as the e2e suites see it', async () => {
    const { api, pg } = suite;
    const seq = Math.floor(ENTRIES * 0.6);
    const db = new Client({ connectionString: pg.url });
    await db.connect();
    try {
      await db.query('BEGIN');
      await db.query('ALTER TABLE audit_entries DISABLE TRIGGER USER');
      await db.query(
        `UPDATE audit_entries SET entry = jsonb_set(entry, '{event,profile,servers}', '501') WHERE opportunity_id = $1 AND seq = $2`,
        [id, seq],
      );
      await db.query('ALTER TABLE audit_entries ENABLE TRIGGER USER');
      await db.query('COMMIT');
    } finally {
      await db.end();
    }
    const reply = await send(api.baseUrl, {
      method: 'GET',
      path: `/v1/opportunities/${id}/audit/verify`,
      key: TEST_OPS_KEY,
      timeoutMs: 150_000,
    });
    expect(reply.status).toBe(200);
    expect(json(reply)).toEqual({
      valid: false,
      entries: ENTRIES,
      headHash,
      firstBadSeq: seq,
      reason: `entry ${seq} was altered: its hash does not match its content`,
    });
  }, 150_000);
});
