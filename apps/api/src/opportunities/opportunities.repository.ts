import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AnyPersistedOpportunity } from '@mapflow/workflow';
import type { GuardedChange } from '../audit/audit-writer';
import {
  COLUMNS,
  COMMIT_TRANSITION,
  FIND_BY_ID_SQL,
  FIND_BY_IDS_SQL,
  ListSqlFilter,
  listSql,
  SnapshotColumns,
  transitionParams,
} from './sql';

export type { SnapshotColumns } from './sql';

/** An opportunity row as a command or a read needs it. */
/** An opportunity as a report reads it. */
export interface ReportRow {
  id: string;
  partnerOrgId: string;
  partnerName: string;
  createdAt: Date;
  snapshot: AnyPersistedOpportunity;
  /** How many of its partner's opportunities are closed (the findings' MAP depth). */
  partnerClosed: number;
}

export interface OpportunityRecord {
  id: string;
  title: string;
  partnerOrgId: string;
  customerOrgId: string;
  phase: string;
  version: number;
  machineVersion: string;
  snapshot: AnyPersistedOpportunity;
  chainHead: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface FundedWorkloadRow {
  program: 'map' | 'activate';
  workload: string;
}

/** The filters of a list page (the list's SQL is shared with the benchmark's floor). */
export type ListFilter = ListSqlFilter;

export interface OpportunitySummaryRow {
  id: string;
  title: string;
  /** The snapshot's state value, stored as the phase (machine version 1 is flat). */
  phase: AnyPersistedOpportunity['value'];
  version: number;
  machineVersion: string;
  partnerOrgId: string;
  customerOrgId: string;
  createdAt: Date;
  updatedAt: Date;
  phaseEnteredAt: Date;
  overdueAt: Date | null;
}

interface Row {
  id: string;
  title: string;
  partner_org_id: string;
  customer_org_id: string;
  phase: AnyPersistedOpportunity['value'];
  version: number;
  machine_version: string;
  snapshot: AnyPersistedOpportunity;
  chain_head: string;
  created_at: Date;
  updated_at: Date;
  phase_entered_at: Date;
  overdue_at: Date | null;
}

function toRecord(row: Row): OpportunityRecord {
  return {
    id: row.id,
    title: row.title,
    partnerOrgId: row.partner_org_id,
    customerOrgId: row.customer_org_id,
    phase: row.phase,
    version: row.version,
    machineVersion: row.machine_version,
    snapshot: row.snapshot,
    chainHead: row.chain_head,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Opportunities and their projections. Every write of a snapshot goes with
 * its audit entry (appended by the audit writer in the same transaction, or
 * the same statement), and is conditional on the version it was computed from.
 */
@Injectable()
export class OpportunitiesRepository {
  constructor(private readonly db: DataSource) {}

  /** Runs `work` in one READ COMMITTED transaction (the session default: see the data source). */
  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * Runs a command: in a transaction when it takes locks or writes more than
   * the commit (`transactional`), else straight on the pool, where its one
   * write, the {@link transitionChange} with its audit entry, is a single atomic statement.
   */
  command<T>(transactional: boolean, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return transactional ? this.transaction(work) : work(this.db.manager);
  }

  async findForCommand(tx: EntityManager, id: string): Promise<OpportunityRecord | null> {
    const rows = await tx.query<Row[]>(FIND_BY_ID_SQL, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** The records of `ids` that exist, in the order of `ids`. */
  async findByIds(ids: readonly string[]): Promise<OpportunityRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<Row[]>(FIND_BY_IDS_SQL, [ids]);
    const byId = new Map(rows.map((r) => [r.id, toRecord(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Opportunities in `phases` changed after `since`, oldest change first, at most `limit`, with when. */
  changedSince(since: Date, phases: readonly string[], limit: number): Promise<{ id: string; updatedAt: Date }[]> {
    return this.db.query(
      `SELECT id, updated_at AS "updatedAt" FROM opportunities WHERE updated_at > $1 AND phase = ANY ($2)
        ORDER BY updated_at, id LIMIT $3`,
      [since, phases, limit],
    );
  }

  async findById(id: string): Promise<OpportunityRecord | null> {
    return this.findForCommand(this.db.manager, id);
  }

  /** Serialises stacking checks of one customer across its opportunities, until the transaction ends. */
  async lockCustomer(tx: EntityManager, customerOrgId: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('mapflow:customer:' || $1))`, [customerOrgId]);
  }

  /**
   * Which of `workloads` (normalised names) the customer funds through its other opportunities, by
   * program, each once. Only these names: what else the customer funds is not the caller's to know.
   */
  async fundedWorkloadsOfCustomer(
    tx: EntityManager,
    customerOrgId: string,
    exceptOpportunityId: string,
    workloads: string[],
  ): Promise<FundedWorkloadRow[]> {
    if (workloads.length === 0) return [];
    return tx.query<FundedWorkloadRow[]>(
      `SELECT DISTINCT program, workload FROM funded_workloads
        WHERE customer_org_id = $1 AND opportunity_id <> $2 AND workload = ANY($3::varchar[])
        ORDER BY program, workload`,
      [customerOrgId, exceptOpportunityId, workloads],
    );
  }

  /** Inserts a new opportunity at version 1, whose first audit entry hashes to `chainHead`. */
  async insertCreated(
    tx: EntityManager,
    base: { id: string; title: string; partnerOrgId: string; customerOrgId: string; machineVersion: string },
    columns: SnapshotColumns,
    chainHead: string,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO opportunities (${COLUMNS})
       VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8, $9, $9, $10, $11)`,
      [
        base.id,
        base.title,
        base.partnerOrgId,
        base.customerOrgId,
        columns.phase,
        base.machineVersion,
        JSON.stringify(columns.snapshot),
        chainHead,
        columns.updatedAt,
        columns.phaseEnteredAt,
        columns.overdueAt,
      ],
    );
  }

  /**
   * `UPDATE ... WHERE version = $expected` of `current` to its next version,
   * at the version and chain head of `link`: the change its audit entry is appended with, in one
   * statement ({@link COMMIT_TRANSITION}). It changes nothing when another
   * commit got there first.
   */
  transitionChange(
    current: OpportunityRecord,
    columns: SnapshotColumns,
    link: { seq: number; hash: string },
  ): GuardedChange {
    return { statement: COMMIT_TRANSITION, params: transitionParams(current, columns, link) };
  }

  async recordFundedWorkloads(
    tx: EntityManager,
    opportunityId: string,
    customerOrgId: string,
    program: 'map' | 'activate',
    workloads: string[],
  ): Promise<void> {
    if (workloads.length === 0) return;
    await tx.query(
      `INSERT INTO funded_workloads (opportunity_id, program, workload, customer_org_id)
       SELECT $1, $2, w, $3 FROM unnest($4::varchar[]) AS w
       ON CONFLICT DO NOTHING`,
      [opportunityId, program, customerOrgId, workloads],
    );
  }

  async countClosedOfPartner(partnerOrgId: string): Promise<number> {
    const rows = await this.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM opportunities WHERE partner_org_id = $1 AND phase = 'closed'`,
      [partnerOrgId],
    );
    return rows[0]?.n ?? 0;
  }

  /** How many opportunities there are in each phase. */
  async countByPhase(
    owners: { partnerOrgId?: string; customerOrgId?: string } = {},
  ): Promise<{ phase: string; count: number }[]> {
    return this.db.query(
      `SELECT phase, count(*)::int AS count FROM opportunities
        WHERE ($1::uuid IS NULL OR partner_org_id = $1) AND ($2::uuid IS NULL OR customer_org_id = $2)
        GROUP BY phase`,
      [owners.partnerOrgId ?? null, owners.customerOrgId ?? null],
    );
  }

  /** What changes whenever an opportunity is created or moves: a report computed at one fingerprint holds until the next. */
  async fingerprint(): Promise<string> {
    const rows = await this.db.query<{ f: string }[]>(
      `SELECT count(*) || ':' || COALESCE(max(updated_at)::text, '') || ':' || COALESCE(sum(version), 0) AS f FROM opportunities`,
    );
    return rows[0]?.f ?? '';
  }

  /**
   * Every opportunity with its partner, closed-opportunity count and snapshot, read `batch` at a
   * time in (created_at, id) order, so a report over all of them holds one batch in memory.
   */
  async *everyForReport(batch = 500): AsyncGenerator<ReportRow[]> {
    let after: [Date, string] | null = null;
    for (;;) {
      const rows: ReportRow[] = await this.db.query(
        `WITH closed AS (SELECT partner_org_id, count(*)::int AS n FROM opportunities WHERE phase = 'closed'
                          GROUP BY partner_org_id)
         SELECT o.id, o.partner_org_id AS "partnerOrgId", p.name AS "partnerName", o.created_at AS "createdAt",
                o.snapshot, COALESCE(closed.n, 0) AS "partnerClosed"
           FROM opportunities o JOIN orgs p ON p.id = o.partner_org_id
           LEFT JOIN closed ON closed.partner_org_id = o.partner_org_id
          WHERE $1::timestamptz IS NULL OR (o.created_at, o.id) > ($1::timestamptz, $2::uuid)
          ORDER BY o.created_at, o.id LIMIT $3`,
        [after?.[0] ?? null, after?.[1] ?? null, batch],
      );
      if (rows.length > 0) yield rows;
      const last = rows[rows.length - 1];
      if (last === undefined || rows.length < batch) return;
      after = [last.createdAt, last.id];
    }
  }

  /** One page, newest first, keyset-paginated on (created_at, id). */
  async list(filter: ListFilter): Promise<OpportunitySummaryRow[]> {
    const { text, params } = listSql(filter);
    const rows = await this.db.query<Row[]>(text, params);
    return rows.map((row) => ({
      id: row.id,
      title: row.title,
      phase: row.phase,
      version: row.version,
      machineVersion: row.machine_version,
      partnerOrgId: row.partner_org_id,
      customerOrgId: row.customer_org_id,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      phaseEnteredAt: row.phase_entered_at,
      overdueAt: row.overdue_at,
    }));
  }

  /**
   * Every opportunity that has filed a fund request, with its partner's name
   * and its fund requests as the snapshot holds them (either version): what
   * the ops claims queue reads, in one query.
   */
  async withFundRequests(): Promise<
    { id: string; title: string; partnerOrgId: string; partnerName: string; fundRequests: unknown }[]
  > {
    return this.db.query(
      `SELECT o.id, o.title, o.partner_org_id AS "partnerOrgId", p.name AS "partnerName", o.snapshot->'context'->'fundRequests' AS "fundRequests"
         FROM opportunities o JOIN orgs p ON p.id = o.partner_org_id
        WHERE jsonb_array_length(o.snapshot->'context'->'fundRequests') > 0
        ORDER BY o.created_at, o.id`,
    );
  }
}
