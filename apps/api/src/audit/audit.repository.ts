import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ChainLink, CheckpointHead } from '@mapflow/audit';
import type { Owned } from '../auth/visibility';
import { linksAfter } from './chain-pages';

/** Reads of the audit chains (the audit writer, audit-writer.ts, appends to them). */
@Injectable()
export class AuditRepository {
  constructor(private readonly db: DataSource) {}

  /** Links with seq > `afterSeq`, in seq order, at most `limit`. */
  links(opportunityId: string, afterSeq: number, limit: number): Promise<ChainLink[]> {
    return linksAfter(this.db.manager, opportunityId, afterSeq, limit);
  }

  /** Who owns the chain's opportunity (what its visibility turns on); null when there is no such chain. */
  async owners(opportunityId: string): Promise<Owned | null> {
    const rows = await this.db.query<Owned[]>(
      `SELECT partner_org_id AS "partnerOrgId", customer_org_id AS "customerOrgId" FROM opportunities WHERE id = $1`,
      [opportunityId],
    );
    return rows[0] ?? null;
  }

  /** The hash of one entry (e.g. the latest attestation). */
  async entryHash(opportunityId: string, seq: number): Promise<string | null> {
    const rows = await this.db.query<{ hash: string }[]>(
      `SELECT hash FROM audit_entries WHERE opportunity_id = $1 AND seq = $2`,
      [opportunityId, seq],
    );
    return rows[0]?.hash ?? null;
  }

  /** Every chain head now, by opportunity id. */
  async heads(): Promise<CheckpointHead[]> {
    const rows = await this.db.query<{ id: string; version: number; chain_head: string }[]>(
      'SELECT id, version, chain_head FROM opportunities ORDER BY id',
    );
    return rows.map((row) => ({ opportunityId: row.id, seq: row.version, hash: row.chain_head }));
  }
}
