import { ChainLink, syntheticChain, SyntheticChain, SyntheticChainInput } from '../../../audit/src';
import { phaseOf, stateString, viewOpportunity } from '../../../workflow/src';

/** Anything that runs SQL with parameters: a TypeORM DataSource or EntityManager, a pg Client or Pool. */
export interface Sql {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** Audit rows per INSERT. */
const BATCH = 10_000;

/**
 * Writes a long, valid opportunity straight into the tables, as if every
 * entry had come through the API: the opportunity row (at the chain's
 * version, head and replayed snapshot) and its audit entries, in batches.
 * For the 100k-entry tests and the benchmark. The orgs must exist.
 */
export async function insertLongChain(db: Sql, input: SyntheticChainInput): Promise<SyntheticChain> {
  const chain = syntheticChain(input);
  const { links, snapshot } = chain;
  const first = links[0] as ChainLink;
  const last = links[links.length - 1] as ChainLink;
  const now = last.entry.recordedAt;
  const view = viewOpportunity(snapshot, now);
  await db.query(
    `INSERT INTO opportunities (id, title, partner_org_id, customer_org_id, phase, state, version, machine_version,
       snapshot, chain_head, created_at, updated_at, phase_entered_at, overdue_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      input.opportunityId,
      snapshot.context.title,
      input.partnerOrgId,
      input.customerOrgId,
      phaseOf(snapshot),
      stateString(snapshot),
      links.length,
      snapshot.context.machineVersion,
      JSON.stringify(snapshot),
      last.hash,
      first.entry.recordedAt,
      now,
      view.phaseEnteredAt,
      view.overdueAt,
    ],
  );
  for (let i = 0; i < links.length; i += BATCH) {
    const batch = links.slice(i, i + BATCH);
    await db.query(
      `INSERT INTO audit_entries (opportunity_id, seq, prev_hash, hash, entry, recorded_at)
       SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::jsonb[], $6::timestamptz[])`,
      [
        input.opportunityId,
        batch.map((l) => l.seq),
        batch.map((l) => l.prevHash),
        batch.map((l) => l.hash),
        batch.map((l) => JSON.stringify(l.entry)),
        batch.map((l) => l.entry.recordedAt),
      ],
    );
  }
  return chain;
}
