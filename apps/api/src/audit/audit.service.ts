import { Injectable, StreamableFile } from '@nestjs/common';
import canonicalize from 'canonicalize';
import { Readable } from 'node:stream';
import { ChainLink, ChainVerdict, verifyChain } from '../../../../libs/audit/src';
import {
  CreateOpportunityInput,
  isEventType,
  OpportunityEvent,
  PersistedOpportunity,
  replay,
  ReplayRefusedError,
} from '../../../../libs/workflow/src';
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
    const chain = verifyChain(id, links, { version: record.version, headHash: record.chainHead });
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

/** The event of an entry as the machine received it. Entries are hashed JSON the API itself wrote. */
function machineEventOf(link: ChainLink): OpportunityEvent {
  const event = link.entry.event;
  if (!isEventType(event.type))
    throw new ReplayRefusedError(link.seq - 2, event as OpportunityEvent, {
      code: 'STATE',
      state: '?',
      detail: `unknown event type ${event.type}`,
    });
  return event as OpportunityEvent;
}

/**
 * Replays entry 1's creation input and every later event through the machine
 * (`transition`, via the domain's `replay`) and compares the result with the
 * stored snapshot, in canonical form.
 */
export function replayAgainst(
  links: readonly ChainLink[],
  stored: PersistedOpportunity,
): Pick<ChainVerdict, 'valid' | 'firstBadSeq' | 'reason'> {
  const first = links[0];
  const input = first?.entry.event.input as CreateOpportunityInput | undefined;
  if (!first || first.entry.event.type !== 'CREATE_OPPORTUNITY' || input === undefined) {
    return { valid: false, firstBadSeq: 1, reason: 'entry 1 is not the creation of the opportunity' };
  }
  try {
    const replayed = replay(
      input,
      links.slice(1).map((link) => machineEventOf(link)),
    );
    if (canonicalize(replayed) !== canonicalize(stored)) {
      return {
        valid: false,
        firstBadSeq: null,
        reason: 'the stored snapshot differs from the replay of the audit log: it was changed without an audit entry',
      };
    }
    return { valid: true, firstBadSeq: null, reason: null };
  } catch (error: unknown) {
    if (error instanceof ReplayRefusedError) {
      return {
        valid: false,
        firstBadSeq: error.index + 2,
        reason: `replay refuses entry ${error.index + 2}: ${error.refusal.detail}`,
      };
    }
    throw error;
  }
}
