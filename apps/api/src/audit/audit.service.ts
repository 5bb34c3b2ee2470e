import { Injectable, StreamableFile } from '@nestjs/common';
import canonicalize from 'canonicalize';
import { Readable } from 'node:stream';
import { ChainLink, ChainVerdict, replayLinks, checkChain } from '../../../../libs/audit/src';
import type { PersistedOpportunity } from '../../../../libs/workflow/src';
import type { Caller } from '../auth/caller';
import { OpportunitiesRepository } from '../opportunities/opportunities.repository';
import { visibleOr404 } from '../opportunities/visibility';
import { AuditRepository } from './audit.repository';
import { AuditPageQuery } from './audit-page.dto';

/** Links read per round trip when a whole chain is needed. */
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
export class AuditService {
  constructor(
    private readonly audit: AuditRepository,
    private readonly opportunities: OpportunitiesRepository,
  ) {}

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

  async verify(caller: Caller, id: string): Promise<ChainVerdict> {
    const record = visibleOr404(caller, await this.opportunities.findById(id), id);
    const links = await this.all(id);
    const chain = await checkChain(id, links, { version: record.version, headHash: record.chainHead });
    if (!chain.valid) return chain;
    return { ...chain, ...replayAgainst(links, record.snapshot) };
  }

  private async all(id: string): Promise<ChainLink[]> {
    const links: ChainLink[] = [];
    for (;;) {
      const batch = await this.audit.links(id, links.length, BATCH);
      links.push(...batch);
      if (batch.length < BATCH) return links;
    }
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
 * Replays the chain through the machine and compares the result with the
 * stored snapshot, in canonical form.
 */
export function replayAgainst(
  links: readonly ChainLink[],
  stored: PersistedOpportunity,
): Pick<ChainVerdict, 'valid' | 'firstBadSeq' | 'reason'> {
  const replayed = replayLinks(links);
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
