/**
 * The SQL of a command, shared by the repository and the benchmark's raw-SQL
 * floor (bench/floor.ts), so the floor runs exactly what the engine runs.
 */
import { appendAfterSql } from '@mapflow/persistence';
import type { AnyPersistedOpportunity } from '@mapflow/workflow';

/** The columns a command or a read loads. */
export const COLUMNS = `id, title, partner_org_id, customer_org_id, phase, version, machine_version, snapshot, chain_head, created_at, updated_at, phase_entered_at, overdue_at`;

/** One opportunity by id: the read, and the first statement of a command. */
export const FIND_BY_ID_SQL = `SELECT ${COLUMNS} FROM opportunities WHERE id = $1`;

/** Several rows by id, in one round trip (order not kept: the caller orders them). */
export const FIND_BY_IDS_SQL = `SELECT ${COLUMNS} FROM opportunities WHERE id = ANY($1::uuid[])`;

/** The indexed columns written with every snapshot. */
export interface SnapshotColumns {
  phase: string;
  snapshot: AnyPersistedOpportunity;
  phaseEnteredAt: string;
  overdueAt: string | null;
  updatedAt: string;
}

/**
 * The commit of an accepted event, one statement and so atomic on its own:
 * the UPDATE only if the version is still the one read, and the audit entry
 * (appended by the audit writer, with this statement) only if the UPDATE
 * happened. The UPDATE's parameters are {@link transitionParams}; the audit
 * link's follow. Answers one row when committed.
 */
export const COMMIT_TRANSITION = appendAfterSql(
  `UPDATE opportunities
       SET phase = $3, version = $4, snapshot = $5, chain_head = $6, updated_at = $7,
           phase_entered_at = $8, overdue_at = $9, machine_version = $5::jsonb -> 'context' ->> 'machineVersion'
     WHERE id = $1 AND version = $2
    RETURNING id`,
  9,
);

/**
 * The UPDATE's parameters in {@link COMMIT_TRANSITION}: `current` moves to
 * the version and chain head of `link`, the audit link the same statement
 * appends, so the row and its entry cannot disagree.
 */
export function transitionParams(
  current: { id: string; version: number },
  columns: SnapshotColumns,
  link: { seq: number; hash: string },
): unknown[] {
  if (link.seq !== current.version + 1) {
    throw new Error(
      `the link of version ${current.version}'s next event is seq ${current.version + 1}, not ${link.seq}`,
    );
  }
  return [
    current.id,
    current.version,
    columns.phase,
    link.seq,
    JSON.stringify(columns.snapshot),
    link.hash,
    columns.updatedAt,
    columns.phaseEnteredAt,
    columns.overdueAt,
  ];
}

/** The filters of a list page, as the list's SQL takes them. */
export interface ListSqlFilter {
  phase?: string;
  /** A state value: machine version 1 stores it as the phase, so it filters the phase column too. */
  state?: string;
  partnerOrgId?: string;
  customerOrgId?: string;
  overdue?: boolean;
  limit: number;
  /** Keyset paging: the page starts after this row. */
  after?: { createdAt: string; id: string };
}

/** A list page's statement and its parameters, newest first. */
export function listSql(filter: ListSqlFilter): { text: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown): void => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.partnerOrgId !== undefined) add('partner_org_id = ?', filter.partnerOrgId);
  if (filter.customerOrgId !== undefined) add('customer_org_id = ?', filter.customerOrgId);
  if (filter.phase !== undefined) add('phase = ?', filter.phase);
  if (filter.state !== undefined) add('phase = ?', filter.state);
  if (filter.overdue === true) where.push('overdue_at < now()');
  if (filter.overdue === false) where.push('(overdue_at IS NULL OR overdue_at >= now())');
  if (filter.after) {
    params.push(filter.after.createdAt, filter.after.id);
    where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(filter.limit);
  const text = `SELECT id, title, partner_org_id, customer_org_id, phase, version, machine_version,
              created_at, updated_at, phase_entered_at, overdue_at
         FROM opportunities ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC
        LIMIT $${params.length}`;
  return { text, params };
}
