import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { postgresProcessesFor } from '../support/postgres-processes';
import { TEST_OPS_KEY } from '../support/test-app';
import { auditFaults, readAuditState, verifyOverHttp } from './support/audit-check';
import {
  ApiOptions,
  embeddedUrl,
  killHard,
  sleep,
  startApi,
  startMigratedPostgres,
  useSuiteDir,
} from './support/harness';
import { workers } from './support/http';
import { Attempt, EventTraffic, problemType } from './support/load';
import { Random } from './support/random';
import { makeWorld } from './support/world';

/** SIGTERM to exit: draining in-flight requests, closing the pool and (embedded) stopping PostgreSQL. */
const EXIT_BOUND_MS = 15_000;
const CONCURRENCY = 8;

interface Outcome {
  exitMs: number;
  /** Requests sent before the SIGTERM and answered after it: in flight when it came. */
  inFlight: number;
  exit: { code: number | null; signal: NodeJS.Signals | null };
  before: Attempt[];
  after: Attempt[];
  traffic: EventTraffic;
  ids: string[];
}

/** Starts the API, loads it with events, sends SIGTERM at a random moment, and records everything. */
async function sigtermUnderLoad(options: ApiOptions, random: Random, tag: string): Promise<Outcome> {
  const api = await startApi(options);
  try {
    const world = await makeWorld(api.baseUrl, { opportunities: 4, phase: 'intake', customerPerOpportunity: true });
    const traffic = new EventTraffic(world, random, () => api.baseUrl, 30_000, tag);
    let closed = false;
    const load = workers(CONCURRENCY, async () => {
      while (!closed) {
        const attempt = await traffic.send(traffic.next());
        if (attempt.error !== null)
          closed = true; // the server is gone: stop sending
        else if (attempt.status === 412) await traffic.refresh(attempt.operation.id);
      }
    });
    while (traffic.ledger.acks.size < 60) await sleep(10);
    await sleep(random.int(0, 300));
    const sigtermAt = performance.now();
    api.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const exit = await Promise.race([
      api.exited,
      new Promise<Outcome['exit']>((done) => {
        timer = setTimeout(() => done({ code: null, signal: null }), EXIT_BOUND_MS);
      }),
    ]);
    clearTimeout(timer);
    const exitMs = performance.now() - sigtermAt;
    closed = true;
    await load;
    return {
      exitMs,
      inFlight: traffic.attempts.filter((a) => a.sentAt < sigtermAt && a.endedAt > sigtermAt).length,
      exit,
      before: traffic.attempts.filter((a) => a.sentAt < sigtermAt),
      after: traffic.attempts.filter((a) => a.sentAt >= sigtermAt),
      traffic,
      ids: world.ids,
    };
  } finally {
    if (api.running()) await killHard(api);
  }
}

/** What is wrong with the answers to the requests sent before the SIGTERM. */
function answerFaults(before: Attempt[]): string[] {
  const faults: string[] = [];
  for (const a of before) {
    const what = `event ${a.operation.marker} (sent before SIGTERM)`;
    if (a.error !== null) faults.push(`${what}: no complete answer: ${a.error}`);
    else if (
      a.status !== 200 &&
      a.status !== 412 &&
      !(a.status === 409 && problemType(a.text) === 'idempotency-in-flight')
    ) {
      faults.push(`${what}: ${String(a.status)} ${a.text.slice(0, 200)}`);
    }
    if (a.status !== null && a.status !== 200 && a.problem !== null)
      faults.push(`${what}: not a problem: ${a.problem}`);
  }
  return faults;
}

function summary(name: string, o: Outcome): string {
  const tally = (list: Attempt[]): string => {
    const counts: Record<string, number> = {};
    for (const a of list) {
      const k = a.status === null ? 'error' : String(a.status);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    return JSON.stringify(counts);
  };
  return (
    `shutdown (${name}): exit ${JSON.stringify(o.exit)} ${o.exitMs.toFixed(0)} ms after SIGTERM; ` +
    `${o.traffic.ledger.acks.size} acknowledged, ${o.inFlight} in flight at SIGTERM; sent before SIGTERM ${tally(o.before)}, after ${tally(o.after)}\n`
  );
}

describe('graceful shutdown: SIGTERM under load', () => {
  const suite = useSuiteDir('shutdown');
  const { seed } = suite;

  it('embedded default: every request sent before SIGTERM is answered, nothing acknowledged is lost, exit 0, no postgres left', async () => {
    const dataDir = join(suite.dir, 'embedded');
    const outcome = await sigtermUnderLoad({ dataDir }, new Random(seed), `shutdown-embedded-${seed}`);
    process.stdout.write(summary('embedded', outcome));
    expect(outcome.exit).toEqual({ code: 0, signal: null });
    expect(outcome.exitMs).toBeLessThan(EXIT_BOUND_MS);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    expect(answerFaults(outcome.before)).toEqual([]);
    expect(outcome.inFlight).toBeGreaterThan(0);
    expect(outcome.traffic.ledger.faults).toEqual([]);

    // Start again on the same data: everything acknowledged is there, and every chain verifies.
    const again = await startApi({ dataDir });
    try {
      const state = await readAuditState(embeddedUrl(dataDir));
      expect(auditFaults(state, outcome.traffic.ledger.snapshot())).toEqual([]);
      expect(await verifyOverHttp(again.baseUrl, TEST_OPS_KEY, outcome.ids)).toEqual([]);
      again.child.kill('SIGTERM');
      await expect(again.exited).resolves.toEqual({ code: 0, signal: null });
      expect(postgresProcessesFor(dataDir)).toEqual([]);
    } finally {
      if (again.running()) await killHard(again);
    }
  }, 150_000);

  it('on DATABASE_URL: every request sent before SIGTERM is answered, nothing acknowledged is lost, exit 0', async () => {
    const pg = await startMigratedPostgres(join(suite.dir, 'db'));
    try {
      const outcome = await sigtermUnderLoad(
        { databaseUrl: pg.url, dataDir: join(suite.dir, 'api') },
        new Random(seed + 1),
        `shutdown-url-${seed}`,
      );
      process.stdout.write(summary('DATABASE_URL', outcome));
      expect(outcome.exit).toEqual({ code: 0, signal: null });
      expect(outcome.exitMs).toBeLessThan(EXIT_BOUND_MS);
      expect(answerFaults(outcome.before)).toEqual([]);
      expect(outcome.inFlight).toBeGreaterThan(0);
      expect(outcome.traffic.ledger.faults).toEqual([]);
      const state = await readAuditState(pg.url);
      expect(auditFaults(state, outcome.traffic.ledger.snapshot())).toEqual([]);
      // No session of the stopped API is left on the server.
      const sessions = await readSessions(pg.url);
      expect(sessions).toBe(0);
    } finally {
      await pg.stop();
    }
  }, 120_000);
});

async function readSessions(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const res = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'mapflow'`,
    );
    return res.rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}
