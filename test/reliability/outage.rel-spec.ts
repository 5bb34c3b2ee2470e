import { TEST_OPS_KEY } from '../support/test-app';
import { auditFaults, readAuditState, verifyOverHttp } from './support/audit-check';
import { sleep, useApiOnUrl } from './support/harness';
import { problemFault, send, workers } from './support/http';
import { Attempt, describeError, EventTraffic, problemType } from './support/load';
import { Random, runSeed } from './support/random';
import { makeWorld } from './support/world';

/** Every request must be answered within this bound, database or not. */
const BOUND_MS = 5_000;
/** After the database is back, the API must serve again within this. */
const RECOVERY_MS = 5_000;
/**
 * How long the database stays away in each restart: 4 s, then a stop and start
 * at once. RELIABILITY_OUTAGES=ms,ms,... tries other timelines.
 */
const OUTAGES = (process.env.RELIABILITY_OUTAGES ?? '4000,0').split(',').map(Number);

/** A read (or /health) and what it got. */
interface Probe {
  path: string;
  sentAt: number;
  endedAt: number;
  status: number | null;
  error: string | null;
  problem: string | null;
  text: string;
}

describe('database outage: PostgreSQL restarted under load', () => {
  const seed = runSeed();
  const suite = useApiOnUrl('outage');

  it('answers 503 problem documents while it is down, never hangs or dies, serves again within 5 s of its return, loses nothing', async () => {
    const { api, pg } = suite;
    process.stdout.write(`outage: seed ${seed} (RELIABILITY_SEED to replay)\n`);
    const random = new Random(seed);
    const base = api.baseUrl;
    const world = await makeWorld(base, { opportunities: 6, phase: 'intake', customerPerOpportunity: true });
    const traffic = new EventTraffic(world, random, () => base, BOUND_MS, `outage-${seed}`);
    const probes: Probe[] = [];
    let stopping = false;

    const probe = async (path: string, key?: string): Promise<Probe> => {
      const sentAt = performance.now();
      const result: Probe = { path, sentAt, endedAt: sentAt, status: null, error: null, problem: null, text: '' };
      try {
        const reply = await send(base, { method: 'GET', path, key, timeoutMs: BOUND_MS });
        result.status = reply.status;
        result.text = reply.text;
        if (reply.status !== 200) result.problem = problemFault(reply);
      } catch (error: unknown) {
        result.error = describeError(error);
      }
      result.endedAt = performance.now();
      probes.push(result);
      return result;
    };

    const eventLoad = workers(6, async () => {
      while (!stopping) {
        const attempt = await traffic.send(traffic.next());
        if (attempt.status === 412) await traffic.refresh(attempt.operation.id);
        else if (attempt.status !== 200) await sleep(10); // a client backs off a little (Retry-After: 1)
      }
    });
    const readLoad = workers(2, async () => {
      while (!stopping) {
        const got = await probe(`/v1/opportunities/${random.pick(world.ids)}`, world.partner.key);
        await probe('/health');
        if (got.status !== 200) await sleep(10);
      }
    });

    interface Cycle {
      downFrom: number;
      downTo: number;
      upAt: number;
      recoveredMs: number | null;
    }
    const cycles: Cycle[] = [];
    // Two restarts: one with the database away for 4 s, one stop-and-start at once.
    for (const away of OUTAGES) {
      await sleep(2_000);
      const stopAt = performance.now();
      await pg.stop(); // fast shutdown: every session is ended, new connections are refused
      const downFrom = performance.now();
      process.stdout.write(`outage: stop took ${(downFrom - stopAt).toFixed(0)} ms\n`);
      await sleep(away);
      const downTo = performance.now();
      await pg.start(); // same data, same port
      const upAt = performance.now();
      process.stdout.write(`outage: start took ${(upAt - downTo).toFixed(0)} ms\n`);
      // Recovered: the first committed event sent after the database was back.
      let recoveredMs: number | null = null;
      while (performance.now() - upAt < RECOVERY_MS * 2 && recoveredMs === null) {
        const ok = traffic.attempts.find((a) => a.sentAt >= upAt && a.status === 200);
        if (ok) recoveredMs = ok.endedAt - upAt;
        else await sleep(20);
      }
      cycles.push({ downFrom, downTo, upAt, recoveredMs });
    }
    await sleep(2_000);
    stopping = true;
    await Promise.all([eventLoad, readLoad]);

    const faults: string[] = [];
    const all: (Attempt | Probe)[] = [...traffic.attempts, ...probes];
    for (const a of all) {
      const what = 'operation' in a ? `event ${a.operation.marker}` : `GET ${a.path}`;
      const when = cycles
        .map(
          (c, i) =>
            `cycle ${i + 1}: sent ${(a.sentAt - c.downFrom).toFixed(0)} ms after the stop, ${(a.sentAt - c.upAt).toFixed(0)} ms after the start`,
        )
        .join('; ');
      if (a.error !== null) faults.push(`${what}: no answer within ${BOUND_MS} ms: ${a.error} (${when})`);
      else if (a.endedAt - a.sentAt > BOUND_MS) faults.push(`${what}: answered after ${a.endedAt - a.sentAt} ms`);
      if (a.status !== null && a.status >= 500 && a.status !== 503) faults.push(`${what}: ${a.status} ${a.text}`);
      if (a.status !== null && a.status !== 200 && a.problem !== null) {
        faults.push(`${what}: ${a.status} is not a problem document: ${a.problem}`);
      }
      if (a.status === 409 && problemType(a.text) !== 'idempotency-in-flight') faults.push(`${what}: 409 ${a.text}`);
      // Sent while the database was down and answered before it was back: 503, nothing else.
      const duringOutage = cycles.some((c) => a.sentAt >= c.downFrom && a.endedAt <= c.downTo);
      if (duringOutage && a.status !== 503) faults.push(`${what}: ${String(a.status)} while the database was down`);
    }
    const outage503 = all.filter((a) => a.status === 503).length;

    const acks = traffic.ledger.snapshot();
    const state = await readAuditState(pg.url);
    process.stdout.write(
      `outage: ${traffic.attempts.length} event requests and ${probes.length} reads, ${outage503} answered 503, ` +
        `${acks.length} events acknowledged; recovered ${cycles.map((c) => `${c.recoveredMs?.toFixed(0)} ms`).join(', ')} ` +
        `after the database was back; slowest answer ${Math.max(...all.map((a) => a.endedAt - a.sentAt)).toFixed(0)} ms; ` +
        `event answers ${JSON.stringify(traffic.tally())}\n`,
    );
    if (faults.length > 0) process.stdout.write(`outage: API output (tail):\n${api.output().slice(-6000)}\n`);
    expect(faults.slice(0, 20)).toEqual([]);
    expect(api.running()).toBe(true);
    expect(outage503).toBeGreaterThan(0);
    for (const cycle of cycles) {
      expect(cycle.recoveredMs).not.toBeNull();
      expect(cycle.recoveredMs as number).toBeLessThanOrEqual(RECOVERY_MS);
    }
    expect(traffic.ledger.faults).toEqual([]);
    expect(auditFaults(state, acks)).toEqual([]);
    expect(await verifyOverHttp(base, TEST_OPS_KEY, world.ids)).toEqual([]);
  }, 170_000);
});
