import { join } from 'node:path';
import { until } from '../support/app-process';
import { postgresProcessesFor, postmasterPid } from '../support/postgres-processes';
import { TEST_OPS_KEY } from '../support/test-app';
import { auditFaults, readAuditState, verifyOverHttp } from './support/audit-check';
import {
  ApiProcess,
  embeddedUrl,
  freePort,
  isAlive,
  killHard,
  sleep,
  startApi,
  startMigratedPostgres,
  useSuiteDir,
} from './support/harness';
import { workers } from './support/http';
import { EventTraffic, problemType } from './support/load';
import { Random } from './support/random';
import { makeWorld } from './support/world';

const KILLS = 10;
const CONCURRENCY = 8;

describe('crash: kill -9 under load', () => {
  const suite = useSuiteDir('crash');
  const { seed } = suite;

  it(`API on DATABASE_URL, killed ${KILLS} times at random moments: no partial transaction, no acknowledged event lost, every chain verifies`, async () => {
    const random = new Random(seed);
    const pg = await startMigratedPostgres(join(suite.dir, 'db'));
    let api: ApiProcess | null = null;
    try {
      const port = await freePort(); // the same port after every restart: clients keep their URL
      const options = { databaseUrl: pg.url, dataDir: join(suite.dir, 'api'), port };
      api = await startApi(options);
      const base = api.baseUrl;
      const world = await makeWorld(base, { opportunities: 8, phase: 'intake', customerPerOpportunity: true });
      const traffic = new EventTraffic(world, random, () => base, 15_000, `crash-${seed}`);
      const faults: string[] = [];
      let up: Promise<void> = Promise.resolve();
      let stopping = false;

      const load = workers(CONCURRENCY, async () => {
        while (!stopping) {
          const operation = traffic.next();
          const attempt = await traffic.send(operation);
          if (attempt.status === 412) {
            await traffic.refresh(operation.id);
          } else if (attempt.error !== null) {
            // The API died under this request: its outcome is unknown. Wait for the restart, then
            // retry a keyed request with the same key, body and If-Match (never applied twice).
            await up;
            if (operation.key !== null) await traffic.send(operation, attempt.ifMatch);
            await traffic.refresh(operation.id);
          }
        }
      });

      for (let round = 1; round <= KILLS; round += 1) {
        const acked = traffic.ledger.acks.size;
        await until(() => traffic.ledger.acks.size >= acked + 10, 20_000);
        await sleep(random.int(0, 700));
        let restarted = (): void => undefined;
        up = new Promise((done) => (restarted = done));
        const exit = await killHard(api);
        expect(exit.signal).toBe('SIGKILL');
        // The API is dead; the database holds exactly what was committed.
        const acks = traffic.ledger.snapshot();
        const state = await readAuditState(pg.url);
        faults.push(...auditFaults(state, acks).map((f) => `after kill ${round}: ${f}`));
        api = await startApi(options);
        restarted();
      }
      await until(() => traffic.ledger.acks.size > 0, 5_000);
      stopping = true;
      await load;

      const acks = traffic.ledger.snapshot();
      const state = await readAuditState(pg.url);
      faults.push(...auditFaults(state, acks));
      faults.push(...(await verifyOverHttp(api.baseUrl, TEST_OPS_KEY, world.ids)));
      for (const a of traffic.attempts) {
        if (a.status !== null && a.status >= 500) faults.push(`${a.status}: ${a.text.slice(0, 200)}`);
        if (a.status !== null && a.status !== 200 && a.problem !== null) faults.push(`not a problem: ${a.problem}`);
        if (a.status === 409 && problemType(a.text) !== 'idempotency-in-flight') {
          faults.push(`unexpected 409: ${a.text.slice(0, 200)}`);
        }
      }
      process.stdout.write(
        `crash: ${KILLS} kills, ${traffic.attempts.length} event requests, ${acks.length} acknowledged; ` +
          `answers ${JSON.stringify(traffic.tally())}\n`,
      );
      expect(traffic.ledger.faults).toEqual([]);
      expect(faults).toEqual([]);
      expect(acks.length).toBeGreaterThan(KILLS * 10);
    } finally {
      if (api?.running()) await killHard(api);
      await pg.stop();
    }
  }, 170_000);

  it('embedded default (no DATABASE_URL), killed under load: the next start stops the orphan, clears the stale postmaster.pid, and loses nothing', async () => {
    // The idle case (start, kill -9, restart, Ctrl-C) is test/e2e/embedded-lifecycle.e2e-spec.ts;
    // this one kills the app while it commits, then checks the data it acknowledged.
    const random = new Random(seed + 1);
    const dataDir = join(suite.dir, 'embedded');
    const first = await startApi({ dataDir });
    let second: ApiProcess | null = null;
    try {
      const world = await makeWorld(first.baseUrl, { opportunities: 3, phase: 'intake', customerPerOpportunity: true });
      const traffic = new EventTraffic(world, random, () => first.baseUrl, 15_000, `crash-embedded-${seed}`);
      let stopping = false;
      const load = workers(4, async () => {
        while (!stopping) {
          const attempt = await traffic.send(traffic.next());
          if (attempt.status === 412) await traffic.refresh(attempt.operation.id);
          if (attempt.error !== null) return; // the app is gone
        }
      });
      await until(() => traffic.ledger.acks.size >= 30, 20_000);
      await sleep(random.int(0, 300));
      await killHard(first);
      stopping = true;
      await load;
      const orphan = postmasterPid(dataDir);
      expect(orphan).not.toBeNull(); // the killed run left its lock file behind
      const orphanWasAlive = isAlive(orphan as number);

      second = await startApi({ dataDir });
      if (orphanWasAlive) expect(isAlive(orphan as number)).toBe(false); // stopped, not left to linger
      expect(postmasterPid(dataDir)).not.toBe(orphan);
      const acks = traffic.ledger.snapshot();
      const state = await readAuditState(embeddedUrl(dataDir));
      expect(auditFaults(state, acks)).toEqual([]);
      expect(await verifyOverHttp(second.baseUrl, TEST_OPS_KEY, world.ids)).toEqual([]);
      process.stdout.write(
        `crash (embedded): ${acks.length} acknowledged before the kill; orphaned postgres ${orphanWasAlive ? 'was running and was stopped' : 'had already exited'}\n`,
      );

      second.child.kill('SIGTERM');
      await expect(second.exited).resolves.toEqual({ code: 0, signal: null });
      expect(postgresProcessesFor(dataDir)).toEqual([]);
    } finally {
      if (first.running()) await killHard(first);
      if (second?.running()) await killHard(second);
    }
  }, 120_000);
});
