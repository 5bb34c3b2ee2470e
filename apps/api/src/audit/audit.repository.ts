import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuditEntryBody, ChainLink, CheckpointHead } from '../../../../libs/audit/src';

interface LinkRow {
  seq: number;
  prev_hash: string;
  hash: string;
  entry: AuditEntryBody;
}

/** Reads of the audit chain (writes happen with each command, in the opportunities repository). */
@Injectable()
export class AuditRepository {
  constructor(private readonly db: DataSource) {}

  /** Links with seq > `afterSeq`, in seq order, at most `limit` (on `tx` when given). */
  async links(opportunityId: string, afterSeq: number, limit: number, tx?: EntityManager): Promise<ChainLink[]> {
    const rows = await (tx ?? this.db.manager).query<LinkRow[]>(
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
  async *pages(
    opportunityId: string,
    options: { pageSize: number; max?: number; tx?: EntityManager },
  ): AsyncGenerator<ChainLink[]> {
    let left = options.max ?? Number.POSITIVE_INFINITY;
    const fetch = (afterSeq: number): Promise<ChainLink[]> =>
      this.links(opportunityId, afterSeq, Math.min(options.pageSize, left), options.tx);
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

  /** Every chain head now, by opportunity id. */
  async heads(): Promise<CheckpointHead[]> {
    const rows = await this.db.query<{ id: string; version: number; chain_head: string }[]>(
      'SELECT id, version, chain_head FROM opportunities ORDER BY id',
    );
    return rows.map((row) => ({ opportunityId: row.id, seq: row.version, hash: row.chain_head }));
  }
}
