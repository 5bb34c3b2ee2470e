import canonicalize from 'canonicalize';
import { ChainVerdict, CheckpointHead, checkPages, headFault, ReplayCheck } from '@mapflow/audit';
import type { AnyPersistedOpportunity } from '@mapflow/workflow';
import { chainPages, Rows } from './chain-pages';

/** Links read per round trip by a verification: two pages at most are in memory. */
export const VERIFY_PAGE = 1_000;

/**
 * A verification, as data: it runs in a worker thread of its own (see
 * verify-runner.ts), inside one REPEATABLE READ, read-only transaction.
 * - `chain`: one opportunity's chain, against its row (DESIGN.md §4);
 * - `heads`: a batch of a checkpoint's heads, each chain up to its head.
 */
export type VerifyJob = { kind: 'chain'; opportunityId: string } | { kind: 'heads'; heads: CheckpointHead[] };

/** A failure a checkpoint check reports. */
export interface HeadFailure {
  opportunityId: string | null;
  seq: number | null;
  reason: string;
}

export type VerifyOutcome =
  /** `verdict` null: there is no such opportunity. */
  { kind: 'chain'; verdict: ChainVerdict | null } | { kind: 'heads'; checkedEntries: number; failures: HeadFailure[] };

/** Runs one job on `db`, which is inside the job's transaction. */
export async function runVerifyJob(db: Rows, job: VerifyJob): Promise<VerifyOutcome> {
  return job.kind === 'chain'
    ? { kind: 'chain', verdict: await verifyChainOf(db, job.opportunityId) }
    : { kind: 'heads', ...(await verifyHeads(db, job.heads)) };
}

interface HeadRow {
  version: number;
  chain_head: string;
  snapshot: AnyPersistedOpportunity;
}

/**
 * Every link and hash, then the replay against the stored snapshot: the
 * chain is read in pages and checked as it arrives (memory holds two pages,
 * whatever its length), against the row as the same snapshot shows it.
 */
async function verifyChainOf(db: Rows, opportunityId: string): Promise<ChainVerdict | null> {
  const [row] = await db.query<HeadRow>('SELECT version, chain_head, snapshot FROM opportunities WHERE id = $1', [
    opportunityId,
  ]);
  if (row === undefined) return null;
  const replay = new ReplayCheck();
  const chain = await checkPages(opportunityId, chainPages(db, opportunityId, { pageSize: VERIFY_PAGE }), replay);
  const verdict = chain.verdict({ version: row.version, headHash: row.chain_head });
  if (!verdict.valid) return verdict;
  const replayed = replay.result();
  if (!('snapshot' in replayed)) return { ...verdict, valid: false, ...replayed };
  if (canonicalize(replayed.snapshot) !== canonicalize(row.snapshot)) {
    return {
      ...verdict,
      valid: false,
      firstBadSeq: null,
      reason: 'the stored snapshot differs from the replay of the audit log: it was changed without an audit entry',
    };
  }
  return verdict;
}

/** Each head's chain up to the head: every link and hash, and the head's own hash. */
async function verifyHeads(
  db: Rows,
  heads: readonly CheckpointHead[],
): Promise<{ checkedEntries: number; failures: HeadFailure[] }> {
  const failures: HeadFailure[] = [];
  let checkedEntries = 0;
  for (const head of heads) {
    const pages = chainPages(db, head.opportunityId, { pageSize: VERIFY_PAGE, max: head.seq });
    const chain = await checkPages(head.opportunityId, pages);
    checkedEntries += chain.entries;
    const verdict = chain.verdict();
    if (!verdict.valid) {
      failures.push({
        opportunityId: head.opportunityId,
        seq: verdict.firstBadSeq,
        reason: verdict.reason ?? 'invalid chain',
      });
      continue;
    }
    // Only the first head.seq links were read: the last one, if there are that many, is the head's.
    const lost = headFault(chain.entries, chain.entries === head.seq ? (chain.headHash ?? undefined) : undefined, head);
    if (lost !== null) failures.push({ opportunityId: head.opportunityId, seq: lost.firstBadSeq, reason: lost.reason });
  }
  return { checkedEntries, failures };
}
