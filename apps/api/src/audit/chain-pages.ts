import type { AuditEntryBody, ChainLink } from '@mapflow/audit';

/** Anything that answers SQL with rows: a TypeORM EntityManager, or a pg client wrapped (the verify worker). */
export interface Rows {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

interface LinkRow {
  seq: number;
  prev_hash: string;
  hash: string;
  entry: AuditEntryBody;
}

/** Links with seq > `afterSeq`, in seq order, at most `limit`. */
export async function linksAfter(
  db: Rows,
  opportunityId: string,
  afterSeq: number,
  limit: number,
): Promise<ChainLink[]> {
  const rows = await db.query<LinkRow>(
    `SELECT seq, prev_hash, hash, entry FROM audit_entries
      WHERE opportunity_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    [opportunityId, afterSeq, limit],
  );
  return rows.map((row) => ({
    opportunityId,
    seq: row.seq,
    prevHash: row.prev_hash,
    hash: row.hash,
    entry: row.entry,
  }));
}

/**
 * The first `max` links of a chain (all of them by default), in seq order,
 * a page of `pageSize` at a time (keyset on seq): the next page is asked for
 * while the caller works on the current one, so at most two are in memory.
 */
export async function* chainPages(
  db: Rows,
  opportunityId: string,
  options: { pageSize: number; max?: number },
): AsyncGenerator<ChainLink[]> {
  let left = options.max ?? Number.POSITIVE_INFINITY;
  const fetch = (afterSeq: number): Promise<ChainLink[]> =>
    linksAfter(db, opportunityId, afterSeq, Math.min(options.pageSize, left));
  let next: Promise<ChainLink[]> | null = left > 0 ? fetch(0) : null;
  while (next !== null) {
    const page = await next;
    left -= page.length;
    const last = page[page.length - 1];
    next = page.length === options.pageSize && left > 0 && last !== undefined ? fetch(last.seq) : null;
    // A page fetched ahead and never awaited (the caller stopped early) must not reject unhandled.
    next?.catch(() => undefined);
    yield page;
  }
}
