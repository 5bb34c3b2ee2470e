import { setImmediate } from 'node:timers/promises';
import { ChainLink, replayLinks, SyntheticChain, SyntheticChainInput, syntheticLinks } from '@mapflow/audit';
import { AnyPersistedOpportunity, viewAny } from '@mapflow/workflow';
import { APPEND_LINKS_SQL, appendLinksParams } from '../audit-entries';

/** Anything that runs SQL with parameters: a TypeORM DataSource or EntityManager, a pg Client or Pool. */
export interface Sql {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** What {@link insertLongChain} wrote. */
export interface InsertedChain {
  /** The snapshot the chain replays to, as stored on the row. */
  snapshot: AnyPersistedOpportunity;
  entries: number;
  headHash: string;
}

/** Audit rows per INSERT. */
const BATCH = 10_000;

/**
 * Writes a long, valid opportunity straight into the tables, as if every
 * entry had come through the API: the opportunity row and its audit entries,
 * in batches, as they are generated; the row is then moved to the chain's
 * version, head and replayed snapshot. For the 100k- and 400k-entry tests and
 * the benchmark. The orgs must exist. Answers the links too, unless
 * `keepLinks` is false (a 400k-entry chain is about 1 GB of objects).
 */
export async function insertLongChain(db: Sql, input: SyntheticChainInput): Promise<SyntheticChain & InsertedChain>;
export async function insertLongChain(
  db: Sql,
  input: SyntheticChainInput,
  options: { keepLinks: false },
): Promise<InsertedChain>;
export async function insertLongChain(
  db: Sql,
  input: SyntheticChainInput,
  options: { keepLinks: boolean } = { keepLinks: true },
): Promise<InsertedChain & { links?: ChainLink[] }> {
  const kept: ChainLink[] = [];
  const generator = syntheticLinks(input);
  let batch: ChainLink[] = [];
  let entries = 0;
  let last: ChainLink | undefined;
  // One batch is written while the next is generated: the database works while this process does.
  let writing: Promise<void> = Promise.resolve();
  for (let next = generator.next(); ; next = generator.next()) {
    if (next.done !== true) {
      const link = next.value;
      if (entries === 0) await insertRow(db, input, link, replayed([link]));
      entries += 1;
      last = link;
      batch.push(link);
      if (options.keepLinks) kept.push(link);
      // Now and then, let the socket carry the batch being written.
      if (entries % 1_000 === 0) await setImmediate();
      if (batch.length < BATCH) continue;
    }
    await writing;
    const full = batch;
    batch = [];
    writing = full.length > 0 ? insertEntries(db, input.opportunityId, full) : Promise.resolve();
    // A failed write surfaces at the next await; until then it must not count as unhandled.
    writing.catch(() => undefined);
    if (next.done === true) {
      await writing;
      const snapshot = next.value;
      const head = last as ChainLink;
      await moveRow(db, input.opportunityId, entries, head, snapshot);
      const inserted = { snapshot, entries, headHash: head.hash };
      return options.keepLinks ? { ...inserted, links: kept } : inserted;
    }
  }
}

function replayed(links: ChainLink[]): AnyPersistedOpportunity {
  const result = replayLinks(links);
  if (!('snapshot' in result)) throw new Error(`synthetic chain does not replay: ${result.reason}`);
  return result.snapshot;
}

/** The opportunity row at the chain's first entry. */
async function insertRow(
  db: Sql,
  input: SyntheticChainInput,
  first: ChainLink,
  snapshot: AnyPersistedOpportunity,
): Promise<void> {
  const view = viewAny(snapshot, first.entry.recordedAt);
  await db.query(
    `INSERT INTO opportunities (id, title, partner_org_id, customer_org_id, phase, version, machine_version,
       snapshot, chain_head, created_at, updated_at, phase_entered_at, overdue_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      input.opportunityId,
      snapshot.context.title,
      input.partnerOrgId,
      input.customerOrgId,
      snapshot.value,
      first.seq,
      snapshot.context.machineVersion,
      JSON.stringify(snapshot),
      first.hash,
      first.entry.recordedAt,
      first.entry.recordedAt,
      view.phaseEnteredAt,
      view.overdueAt,
    ],
  );
}

/** Moves the row to the chain's last entry. */
async function moveRow(
  db: Sql,
  opportunityId: string,
  version: number,
  head: ChainLink,
  snapshot: AnyPersistedOpportunity,
): Promise<void> {
  const view = viewAny(snapshot, head.entry.recordedAt);
  await db.query(
    `UPDATE opportunities SET phase = $2, version = $3, snapshot = $4, chain_head = $5, updated_at = $6,
       phase_entered_at = $7, overdue_at = $8 WHERE id = $1`,
    [
      opportunityId,
      snapshot.value,
      version,
      JSON.stringify(snapshot),
      head.hash,
      head.entry.recordedAt,
      view.phaseEnteredAt,
      view.overdueAt,
    ],
  );
}

async function insertEntries(db: Sql, opportunityId: string, batch: ChainLink[]): Promise<void> {
  await db.query(APPEND_LINKS_SQL, appendLinksParams(opportunityId, batch));
}
