import { randomBytes, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { ChainLink } from '@mapflow/audit';
import { linkParams } from '@mapflow/persistence';
import type { PersistedOpportunity } from '@mapflow/workflow';
import { COMMIT_TRANSITION, FIND_BY_ID_SQL, listSql, transitionParams } from '../apps/api/src/opportunities/sql';
import { Figures, percentile } from './stats';

interface Row {
  id: string;
  version: number;
  snapshot: PersistedOpportunity;
  chain_head: string;
}

/** The actor of the floor's entries: one made-up partner user, as an engine entry carries its sender. */
const ACTOR = { userId: randomUUID(), orgId: randomUUID(), role: 'partner', tier: 'premier' };

/**
 * One event's SQL, through the raw driver: the engine's own statements (read
 * the row, then the one-statement commit of the new snapshot, head and audit
 * entry), with the engine's parameters. No HTTP, Nest, XState, hashing or
 * validation (the hash is random bytes): the floor the engine is held to.
 * Answers false when another commit got there first (the API's 412).
 */
async function eventTransaction(pool: Pool, id: string): Promise<boolean> {
  const { rows } = await pool.query<Row>(FIND_BY_ID_SQL, [id]);
  const row = rows[0] as Row;
  const seq = row.version + 1;
  const now = new Date().toISOString();
  const link: ChainLink = {
    opportunityId: id,
    seq,
    prevHash: row.chain_head,
    hash: randomBytes(32).toString('hex'),
    entry: {
      recordedAt: now,
      actor: ACTOR,
      event: { type: 'UPDATE_PROFILE', profile: { servers: seq } },
      state: 'intake',
    },
  };
  const columns = { phase: 'intake', snapshot: row.snapshot, phaseEnteredAt: now, overdueAt: null, updatedAt: now };
  const committed = await pool.query(COMMIT_TRANSITION.text, [
    ...transitionParams(row, columns, link),
    ...linkParams(link),
  ]);
  return committed.rowCount === 1;
}

/** `work` from `connections` concurrent loops for `seconds`; throughput counts successes. */
async function drive(
  connections: number,
  seconds: number,
  work: (connection: number, i: number) => Promise<boolean>,
): Promise<Figures> {
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async (_, connection) => {
      for (let i = 0; performance.now() < until; i += 1) {
        const t = performance.now();
        if (await work(connection, i)) ok += 1;
        else failed += 1;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    throughput: ok / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    peakRssMiB: null,
    failed,
  };
}

/** Events spread over many rows: connection k owns the ids at k, k + c, k + 2c, ... */
export function floorEvents(pool: Pool, ids: string[], connections: number, seconds: number): Promise<Figures> {
  return drive(connections, seconds, (c, i) =>
    eventTransaction(pool, ids[(c + i * connections) % ids.length] as string),
  );
}

/** Every connection on one row; a lost race is retried, as a client of the API retries after 412. */
export function floorHotRow(pool: Pool, id: string, connections: number, seconds: number): Promise<Figures> {
  return drive(connections, seconds, () => eventTransaction(pool, id));
}

/** The read's SQL. */
export function floorReads(pool: Pool, ids: string[], connections: number, seconds: number): Promise<Figures> {
  return drive(connections, seconds, async (c, i) => {
    const id = ids[(c * 7919 + i * 104729) % ids.length] as string;
    const { rowCount } = await pool.query(FIND_BY_ID_SQL, [id]);
    return rowCount === 1;
  });
}

/** The list's SQL, the very statement the API runs for the same filters (`listSql`). */
export function floorLists(pool: Pool, filters: ListFilter[], connections: number, seconds: number): Promise<Figures> {
  return drive(connections, seconds, async (c, i) => {
    const f = filters[(c + i) % filters.length] as ListFilter;
    const { text, params } = listSql({
      partnerOrgId: f.partnerOrgId,
      customerOrgId: f.customerOrgId,
      phase: f.phase,
      overdue: f.overdue === 'false' ? false : undefined,
      limit: 51,
    });
    const { rowCount } = await pool.query(text, params);
    return (rowCount ?? 0) > 0;
  });
}

/** The list filters both the API and the floor run. */
export interface ListFilter {
  partnerOrgId?: string;
  customerOrgId?: string;
  phase?: string;
  overdue?: 'false';
}

/** The query string of a filter, for the API. */
export function listQuery(f: ListFilter): string {
  const q = new URLSearchParams({ limit: '50' });
  for (const [k, v] of Object.entries(f)) if (v !== undefined) q.set(k, v);
  return q.toString();
}
