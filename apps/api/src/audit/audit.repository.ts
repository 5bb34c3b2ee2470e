import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ChainLink, CheckpointHead } from '@mapflow/audit';
import { linksAfter } from './chain-pages';

/** Reads of the audit chain (writes happen with each command, in the opportunities repository). */
@Injectable()
export class AuditRepository {
  constructor(private readonly db: DataSource) {}

  /** Links with seq > `afterSeq`, in seq order, at most `limit`. */
  links(opportunityId: string, afterSeq: number, limit: number): Promise<ChainLink[]> {
    return linksAfter(this.db.manager, opportunityId, afterSeq, limit);
  }

  /** Every chain head now, by opportunity id. */
  async heads(): Promise<CheckpointHead[]> {
    const rows = await this.db.query<{ id: string; version: number; chain_head: string }[]>(
      'SELECT id, version, chain_head FROM opportunities ORDER BY id',
    );
    return rows.map((row) => ({ opportunityId: row.id, seq: row.version, hash: row.chain_head }));
  }
}
