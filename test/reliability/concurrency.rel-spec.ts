import { join } from 'node:path';
import { TEST_OPS_KEY } from '../support/test-app';
import {
  auditFaults,
  completeEvent,
  Ledger,
  loggedMarkers,
  markerFor,
  readAuditState,
  reopenEvent,
  verifyOverHttp,
} from './support/audit-check';
import {
  ApiProcess,
  HarnessPostgres,
  startApi,
  startMigratedPostgres,
  tearDownSuite,
  tempDir,
} from './support/harness';
import { json, problemFault, Reply, send, versionOf, workers } from './support/http';
import { Random, runSeed } from './support/random';
import { makeWorld, World } from './support/world';
import { ASSESS_ITEMS } from '@mapflow/workflow/scenarios/heroku';

/** Event requests to send (retries and duplicates included). */
const OPERATIONS = Number(process.env.RELIABILITY_OPERATIONS ?? 10_000);
const OPPORTUNITIES = 20;
const CONCURRENCY = 12;
/**
 * Two API processes on one PostgreSQL, 10k event requests on 20 opportunities:
 * concurrent, retried after 412, sent with random stale If-Match, with
 * repeated Idempotency-Keys (sequential retries and concurrent duplicates).
 * Every answer is recorded; then the history is checked against them.
 */
describe('concurrency, history-checked: two API processes, one database', () => {
  const seed = runSeed();
  const random = new Random(seed);
  let dir: string;
  const pg = { current: null as HarnessPostgres | null };
  const apis: ApiProcess[] = [];
  let world: World;

  beforeAll(async () => {
    dir = await tempDir('concurrency');
    const postgres = await startMigratedPostgres(join(dir, 'db'));
    pg.current = postgres;
    apis.push(await startApi({ databaseUrl: postgres.url, dataDir: join(dir, 'api-a') }));
    apis.push(await startApi({ databaseUrl: postgres.url, dataDir: join(dir, 'api-b') }));
    world = await makeWorld(apis[0]?.baseUrl as string, {
      opportunities: OPPORTUNITIES,
      phase: 'assess',
      customerPerOpportunity: false,
    });
  }, 120_000);

  afterAll(async () => {
    for (const api of apis) {
      if (api.running()) api.child.kill('SIGTERM');
      await api.exited;
    }
    await tearDownSuite(dir, [], pg.current ?? undefined);
  }, 60_000);

  it(`${OPERATIONS} event requests: each acknowledged event logged once at its version, every chain verifies, replays match`, async () => {
    process.stdout.write(`concurrency: seed ${seed} (RELIABILITY_SEED to replay)\n`);
    const ledger = new Ledger();
    const faults: string[] = [];
    const statuses = new Map<string, number>();
    const known = new Map(world.versions);
    /** The first 2xx body answered to each Idempotency-Key: every later 2xx for it must be the same bytes. */
    const firstByKey = new Map<string, string>();
    let sent = 0;
    let counter = 0;
    const bases = apis.map((a) => a.baseUrl);
    const started = Date.now();

    const tally = (name: string): void => {
      statuses.set(name, (statuses.get(name) ?? 0) + 1);
    };

    const refresh = async (id: string): Promise<void> => {
      const reply = await send(random.pick(bases), {
        method: 'GET',
        path: `/v1/opportunities/${id}`,
        key: world.partner.key,
      });
      if (reply.status !== 200) faults.push(`read ${id}: ${reply.status}`);
      else known.set(id, Math.max(known.get(id) ?? 0, versionOf(reply)));
    };

    const post = async (
      id: string,
      marker: string,
      body: Record<string, unknown>,
      ifMatch: number,
      key: string | null,
    ): Promise<Reply> => {
      sent += 1;
      const headers: Record<string, string> = { 'if-match': `"${ifMatch}"` };
      if (key !== null) headers['idempotency-key'] = random.chance(0.5) ? key : `"${key}"`;
      const reply = await send(random.pick(bases), {
        method: 'POST',
        path: `/v1/opportunities/${id}/events`,
        key: world.partner.key,
        headers,
        body,
      });
      let kind = String(reply.status);
      if (reply.status === 409) kind += ` ${String(json<{ type: string }>(reply).type).split('/').pop()}`;
      tally(kind);
      if (reply.status === 200) {
        const version = versionOf(reply);
        if (json<{ version: number }>(reply).version !== version) faults.push(`ETag and body disagree: ${reply.etag}`);
        ledger.ack({ opportunityId: id, version, marker });
        known.set(id, Math.max(known.get(id) ?? 0, version));
        if (key !== null) {
          const first = firstByKey.get(key);
          if (first === undefined) firstByKey.set(key, reply.text);
          else if (first !== reply.text) faults.push(`Idempotency-Key ${key}: a replay differs from the first answer`);
        }
      } else {
        const fault = problemFault(reply);
        if (fault) faults.push(`${reply.status} is not a problem document: ${fault}`);
        if (![409, 412].includes(reply.status)) {
          faults.push(`unexpected ${reply.status}: ${reply.text.slice(0, 300)}`);
        }
      }
      return reply;
    };

    /** One operation: an event, sent (and resent) until it is acknowledged, refused by a rule, or given up. */
    const operation = async (): Promise<void> => {
      counter += 1;
      const n = counter;
      const marker = markerFor(n);
      const id = random.pick(world.ids);
      const item = random.pick(ASSESS_ITEMS);
      const body = random.chance(0.6) ? completeEvent(n, item) : reopenEvent(n, item);
      const key = random.chance(0.5) ? `rel-${seed}-${n}` : null;
      const current = known.get(id) ?? 1;
      let ifMatch = random.chance(0.15) ? Math.max(1, current - random.int(1, 3)) : current;
      let reply: Reply;
      if (key !== null && random.chance(0.1)) {
        // The same request twice at once: one runs, the other waits (409 in flight) or replays.
        const both = await Promise.all([post(id, marker, body, ifMatch, key), post(id, marker, body, ifMatch, key)]);
        reply = both.find((r) => r.status === 200) ?? (both[0] as Reply);
      } else {
        reply = await post(id, marker, body, ifMatch, key);
      }
      for (let attempt = 0; attempt < 3 && reply.status === 412 && random.chance(0.8); attempt += 1) {
        await refresh(id); // a client re-reads and retries after a 412, with the same key and body
        ifMatch = known.get(id) ?? ifMatch;
        reply = await post(id, marker, body, ifMatch, key);
      }
      if (reply.status === 200 && key !== null && random.chance(0.3)) {
        // A retry of an acknowledged request (its answer was "lost"): replayed, whatever If-Match says now.
        const again = await post(id, marker, body, ifMatch, key);
        if (again.status !== 200) faults.push(`retry of acknowledged ${key} answered ${again.status}`);
      }
    };

    await workers(CONCURRENCY, async () => {
      while (sent < OPERATIONS && faults.length < 20) await operation();
    });
    const loadSeconds = (Date.now() - started) / 1000;

    // The history, read in one snapshot, against every acknowledgement.
    const acks = ledger.snapshot();
    const state = await readAuditState(pg.current?.url as string);
    const history = auditFaults(state, acks);
    const acked = new Set(acks.map((a) => a.marker));
    const unacknowledged = [...loggedMarkers(state)].filter((m) => !acked.has(m));
    // Every chain verified and replayed by each API process (alternating).
    const verified = [
      ...(await verifyOverHttp(bases[0] as string, TEST_OPS_KEY, world.ids.slice(0, OPPORTUNITIES / 2))),
      ...(await verifyOverHttp(bases[1] as string, TEST_OPS_KEY, world.ids.slice(OPPORTUNITIES / 2))),
    ];
    const versions = [...state.rows.values()].reduce((sum, row) => sum + row.version, 0);

    process.stdout.write(
      `concurrency: ${sent} event requests in ${loadSeconds.toFixed(1)} s (${(sent / loadSeconds).toFixed(0)}/s), ` +
        `${acks.length} events acknowledged, ${versions} versions in all; answers ${JSON.stringify(Object.fromEntries(statuses))}\n`,
    );
    expect(faults).toEqual([]);
    expect(ledger.faults).toEqual([]);
    expect(history).toEqual([]);
    // No response was lost in this suite, so every logged event was acknowledged to someone.
    expect(unacknowledged).toEqual([]);
    expect(verified).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(OPERATIONS);
    expect(statuses.get('412') ?? 0).toBeGreaterThan(0); // the contention was real
    expect(acks.length).toBeGreaterThan(OPERATIONS / 10);
  }, 170_000);
});
