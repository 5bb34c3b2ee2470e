import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
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

  /** Links with seq > `afterSeq`, in seq order, at most `limit`. */
  async links(opportunityId: string, afterSeq: number, limit: number): Promise<ChainLink[]> {
    const rows = await this.db.query<LinkRow[]>(
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

  /** Every chain head now, by opportunity id. */
  async heads(): Promise<CheckpointHead[]> {
    const rows = await this.db.query<{ id: string; version: number; chain_head: string }[]>(
      'SELECT id, version, chain_head FROM opportunities ORDER BY id',
    );
    return rows.map((row) => ({ opportunityId: row.id, seq: row.version, hash: row.chain_head }));
  }
}
