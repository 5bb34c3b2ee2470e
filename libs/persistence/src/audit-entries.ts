/**
 * The one INSERT into `audit_entries`, for everyone who appends to a chain:
 * the API (through its audit writer, apps/api/src/audit/audit-writer.ts), the
 * long-chain seed, and the benchmark's raw-SQL floor (through the API's
 * commit statement). The writers build and hash the links; this says how a
 * link becomes a row.
 */
import type { ChainLink } from '@mapflow/audit';

const INSERT_AUDIT_ENTRIES = 'INSERT INTO audit_entries (opportunity_id, seq, prev_hash, hash, entry, recorded_at)';

/**
 * Appends links of one opportunity's chain, any number, in one statement.
 * Parameters: {@link appendLinksParams}.
 */
export const APPEND_LINKS_SQL = `${INSERT_AUDIT_ENTRIES}
  SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::jsonb[], $6::timestamptz[])`;

/** The parameters of {@link APPEND_LINKS_SQL}. */
export function appendLinksParams(opportunityId: string, links: readonly ChainLink[]): unknown[] {
  return [
    opportunityId,
    links.map((link) => link.seq),
    links.map((link) => link.prevHash),
    links.map((link) => link.hash),
    links.map((link) => JSON.stringify(link.entry)),
    links.map((link) => link.entry.recordedAt),
  ];
}

/** A statement that makes a change to a chain's opportunity and appends the change's link only if it made it. */
export interface AppendAfter {
  text: string;
  /** How many parameters the change takes: the link's follow ({@link linkParams}). */
  changeParams: number;
}

/**
 * One statement, so atomic on its own: `change` (a data-modifying statement
 * with `changeParams` parameters, `RETURNING id` of the chain's opportunity),
 * then the link, inserted only if the change returned a row. Answers one row
 * when both happened, none when neither did.
 */
export function appendAfterSql(change: string, changeParams: number): AppendAfter {
  const p = (i: number): string => `$${changeParams + i}`;
  return {
    text: `WITH changed AS (
    ${change}
  )
  ${INSERT_AUDIT_ENTRIES}
  SELECT id, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)} FROM changed
  RETURNING 1`,
    changeParams,
  };
}

/** The link's parameters in an {@link appendAfterSql} statement, after the change's. */
export function linkParams(link: ChainLink): unknown[] {
  return [link.seq, link.prevHash, link.hash, JSON.stringify(link.entry), link.entry.recordedAt];
}
