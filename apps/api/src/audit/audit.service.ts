import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ChainLink, ChainVerdict } from '@mapflow/audit';
import type { Caller } from '../auth/caller';
import { AppError, ErrorCode } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/config';
import { visibleOr404 } from '../auth/visibility';
import { AuditRepository } from './audit.repository';
import { AuditPageQuery } from './audit-page.dto';
import { VerifyRunner } from './verify-runner';

/** Links read per round trip when a whole chain is exported. */
const BATCH = 5_000;

export interface AuditPage {
  items: ChainLink[];
  nextAfterSeq: number | null;
}

/**
 * The audit log as ops, partners and customers can check it: pages, every
 * entry (the NDJSON export), and a verification that checks every link and hash and then replays
 * the events through the machine against the stored snapshot.
 */
@Injectable()
export class AuditService implements OnApplicationShutdown {
  /** Verifications of this process (chains and checkpoints): a few at a time, each in a worker thread. */
  readonly verifications: VerifyRunner;

  constructor(
    private readonly audit: AuditRepository,
    db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const options = db.options;
    if (options.type !== 'postgres' || options.url === undefined) {
      throw new Error('Audit verification needs a PostgreSQL data source given by URL');
    }
    this.verifications = new VerifyRunner(db, options.url, config.auditVerifyConcurrency);
  }

  /** A page of the chain's links, after `query.afterSeq`. */
  async page(caller: Caller, id: string, query: AuditPageQuery): Promise<AuditPage> {
    await this.visibleOr404(caller, id);
    const limit = query.limit ?? 100;
    const items = await this.audit.links(id, query.afterSeq ?? 0, limit + 1);
    const page = items.slice(0, limit);
    return { items: page, nextAfterSeq: items.length > limit ? (page[page.length - 1]?.seq ?? null) : null };
  }

  /** Every link of the chain, one JSON line each, read a batch at a time as the lines are consumed. */
  async lines(caller: Caller, id: string): Promise<AsyncIterable<string>> {
    await this.visibleOr404(caller, id);
    return this.linesOf(id);
  }

  /** The hash of one entry (e.g. an opportunity's latest attestation), or null. */
  entryHash(opportunityId: string, seq: number): Promise<string | null> {
    return this.audit.entryHash(opportunityId, seq);
  }

  /**
   * Every link and hash, then the replay against the stored snapshot
   * (DESIGN.md §4), in a verification slot: the chain is read in pages inside
   * one REPEATABLE READ snapshot (the row and its entries agree even while
   * events are appended) and checked as it arrives, so memory and latency stay
   * flat whatever the chain's length.
   */
  async verify(caller: Caller, id: string): Promise<ChainVerdict> {
    await this.visibleOr404(caller, id);
    const outcome = await this.verifications.withSlot((run) => run({ kind: 'chain', opportunityId: id }));
    if (outcome.kind !== 'chain' || outcome.verdict === null)
      throw new AppError(ErrorCode.NotFound, `No opportunity ${id}`);
    return outcome.verdict;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.verifications.close();
  }

  /** The chain's opportunity, as tenancy sees it (visibility.ts): a chain the caller may not see is 404. */
  private async visibleOr404(caller: Caller, id: string): Promise<void> {
    visibleOr404(caller, await this.audit.owners(id), id);
  }

  private async *linesOf(id: string): AsyncGenerator<string> {
    let after = 0;
    for (;;) {
      const batch = await this.audit.links(id, after, BATCH);
      for (const link of batch) yield `${JSON.stringify(link)}\n`;
      if (batch.length < BATCH) return;
      after = batch[batch.length - 1]?.seq ?? after;
    }
  }
}
