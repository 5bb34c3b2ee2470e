import { Inject, Injectable, OnApplicationShutdown, StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { ChainLink, ChainVerdict } from '@mapflow/audit';
import type { Caller } from '../auth/caller';
import { AppError, ErrorCode } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/config';
import { OpportunitiesRepository } from '../opportunities/opportunities.repository';
import { visibleOr404 } from '../opportunities/visibility';
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
 * The audit log as ops, partners and customers can check it: pages, an NDJSON
 * export, and a verification that checks every link and hash and then replays
 * the events through the machine against the stored snapshot.
 */
@Injectable()
export class AuditService implements OnApplicationShutdown {
  /** Verifications of this process (chains and checkpoints): a few at a time, each in a worker thread. */
  readonly verifications: VerifyRunner;

  constructor(
    private readonly audit: AuditRepository,
    private readonly opportunities: OpportunitiesRepository,
    db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const options = db.options;
    if (options.type !== 'postgres' || options.url === undefined) {
      throw new Error('Audit verification needs a PostgreSQL data source given by URL');
    }
    this.verifications = new VerifyRunner(db, options.url, config.auditVerifyConcurrency);
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
   * (DESIGN.md §4), in a verification slot: the chain is read in pages inside
   * one REPEATABLE READ snapshot (the row and its entries agree even while
   * events are appended) and checked as it arrives, so memory and latency stay
   * flat whatever the chain's length.
   */
  async verify(caller: Caller, id: string): Promise<ChainVerdict> {
    visibleOr404(caller, await this.opportunities.findById(id), id);
    const outcome = await this.verifications.withSlot((run) => run({ kind: 'chain', opportunityId: id }));
    if (outcome.kind !== 'chain' || outcome.verdict === null)
      throw new AppError(ErrorCode.NotFound, `No opportunity ${id}`);
    return outcome.verdict;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.verifications.close();
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
