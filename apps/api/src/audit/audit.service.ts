import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import canonicalize from 'canonicalize';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { ChainLink, ChainVerdict, checkPages, ReplayCheck } from '../../../../libs/audit/src';
import type { PersistedOpportunity } from '../../../../libs/workflow/src';
import type { Caller } from '../auth/caller';
import { APP_CONFIG, AppConfig } from '../config/config';
import { OpportunitiesRepository } from '../opportunities/opportunities.repository';
import { visibleOr404 } from '../opportunities/visibility';
import { AuditRepository } from './audit.repository';
import { AuditPageQuery } from './audit-page.dto';
import { VerifySlots } from './verify-slots';

/** Links read per round trip when a whole chain is exported. */
const BATCH = 5_000;
/** Links read per round trip by a verification: two pages at most are in memory. */
export const VERIFY_PAGE = 2_000;

export interface AuditPage {
  items: ChainLink[];
  nextAfterSeq: number | null;
}

/**
 * The audit log as ops, partners and customers can check it: pages, an NDJSON
 * export, and a verification that checks every link and hash and then replays
 * the events through the machine against the stored snapshot.
 */
@Injectable()
export class AuditService {
  /** Verifications running in this process, shared with checkpoint verification. */
  readonly verifySlots: VerifySlots;

  constructor(
    private readonly audit: AuditRepository,
    private readonly opportunities: OpportunitiesRepository,
    private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.verifySlots = new VerifySlots(config.auditVerifyConcurrency);
  }

  /** JSON pages, or every entry as NDJSON when the caller accepts `application/x-ndjson`. */
  async export(
    caller: Caller,
    id: string,
    accept: string | undefined,
    query: AuditPageQuery,
  ): Promise<AuditPage | StreamableFile> {
    visibleOr404(caller, await this.opportunities.findById(id), id);
    if (accept?.includes('application/x-ndjson')) {
      return new StreamableFile(Readable.from(this.lines(id)), { type: 'application/x-ndjson' });
    }
    const limit = query.limit ?? 100;
    const items = await this.audit.links(id, query.afterSeq ?? 0, limit + 1);
    const page = items.slice(0, limit);
    return { items: page, nextAfterSeq: items.length > limit ? (page[page.length - 1]?.seq ?? null) : null };
  }

  /**
   * Every link and hash, then the replay against the stored snapshot
   * (DESIGN.md §4). The chain is read in pages inside one REPEATABLE READ
   * snapshot (the row and its entries agree even while events are appended)
   * and checked as it arrives, in slices that leave the event loop to other
   * requests: memory and latency stay flat whatever the chain's length.
   */
  async verify(caller: Caller, id: string): Promise<ChainVerdict> {
    visibleOr404(caller, await this.opportunities.findById(id), id);
    return this.verifySlots.run(() =>
      this.db.transaction('REPEATABLE READ', async (tx) => {
        await tx.query('SET TRANSACTION READ ONLY');
        const record = visibleOr404(caller, await this.opportunities.findForCommand(tx, id), id);
        const replay = new ReplayCheck();
        const chain = await checkPages(id, this.audit.pages(id, { pageSize: VERIFY_PAGE, tx }), replay);
        const verdict = chain.verdict({ version: record.version, headHash: record.chainHead });
        if (!verdict.valid) return verdict;
        return { ...verdict, ...replayedAgainst(replay, record.snapshot) };
      }),
    );
  }

  private async *lines(id: string): AsyncGenerator<string> {
    let after = 0;
    for (;;) {
      const batch = await this.audit.links(id, after, BATCH);
      for (const link of batch) yield `${JSON.stringify(link)}\n`;
      if (batch.length < BATCH) return;
      after = batch[batch.length - 1]?.seq ?? after;
    }
  }
}

/**
 * The replay's verdict: its fault, or whether the snapshot it ends in is the
 * stored one, in canonical form.
 */
function replayedAgainst(
  replay: ReplayCheck,
  stored: PersistedOpportunity,
): Pick<ChainVerdict, 'valid' | 'firstBadSeq' | 'reason'> {
  const replayed = replay.result();
  if (!('snapshot' in replayed)) return { valid: false, ...replayed };
  if (canonicalize(replayed.snapshot) !== canonicalize(stored)) {
    return {
      valid: false,
      firstBadSeq: null,
      reason: 'the stored snapshot differs from the replay of the audit log: it was changed without an audit entry',
    };
  }
  return { valid: true, firstBadSeq: null, reason: null };
}
