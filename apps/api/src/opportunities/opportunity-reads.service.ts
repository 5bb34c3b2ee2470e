import { Injectable } from '@nestjs/common';
import {
  AnyOpportunityView,
  DAY_MS,
  findingsAny,
  missingProfileFields,
  Phase,
  Profile,
  stateString,
  triage,
  TriageResult,
  viewAny,
} from '@mapflow/workflow';
import { AuditService } from '../audit/audit.service';
import type { Caller } from '../auth/caller';
import { AppError, ErrorCode } from '../common/errors';
import { decodeCursor, encodeCursor } from './cursor';
import type { ListOpportunitiesQuery } from './dto';
import { OpportunitiesRepository, OpportunityRecord } from './opportunities.repository';
import { visibleFilter, visibleOr404 } from '../auth/visibility';

/** One opportunity as it is read, with its version (the ETag's). */
export interface OpportunityRead {
  version: number;
  body: AnyOpportunityView;
}

/** An opportunity as a list shows it: its row, without its snapshot. */
export interface OpportunitySummary {
  id: string;
  title: string;
  phase: Phase;
  state: string;
  version: number;
  machineVersion: string;
  partnerOrgId: string;
  customerOrgId: string;
  createdAt: string;
  updatedAt: string;
  timeInPhaseDays: number;
  overdue: boolean;
}

/** One line of the ops claims queue. */
export interface QueueLine {
  opportunityId: string;
  title: string;
  partnerOrgId: string;
  partnerName: string;
  tranche: string;
  requestName: string;
  stage: string;
  claimDueDate: string;
  /** What the line waits for, in words. */
  waitingFor: string;
  claimId: string | null;
  amountCents: number | null;
  since: string;
}

/** The ops claims queue, in its three parts (design/web.md "Ops"). */
export interface ClaimsQueue {
  /** Claims signed off, submitted, awaiting AWS's outcome. */
  claims: QueueLine[];
  /** Open requests whose claim is due within 14 days. */
  dueSoon: QueueLine[];
  /** Open requests past their claim due date. */
  expired: QueueLine[];
}

interface QueueRequest {
  tranche: string;
  name: string;
  stage: string;
  claimDueDate: string;
  filedAt: string;
  claims: {
    claimId: string;
    status: string;
    amountCents: number;
    signedOffAt: string | null;
    submittedAt: string | null;
  }[];
}

const CLAIM_WAITS: Record<string, string> = {
  signed_off: 'the partner to submit it to AWS',
  submitted: "AWS's outcome",
};
const OPEN_STAGES = new Set(['created', 'business_approval', 'finance_approval', 'cash_claim']);

/** A list page. */
export interface OpportunityPage {
  items: OpportunitySummary[];
  nextCursor: string | null;
}

/** Reads of opportunities: one, a list page, its findings; and triage, which reads a profile and stores nothing. */
@Injectable()
export class OpportunityReadsService {
  constructor(
    private readonly opportunities: OpportunitiesRepository,
    private readonly audit: AuditService,
  ) {}

  triage(profile: Partial<Profile>): TriageResult {
    const missing = missingProfileFields(profile);
    if (missing.length > 0) {
      throw new AppError(ErrorCode.Validation, `The profile is missing ${missing.join(', ')}`, {
        errors: missing.map((field) => ({ field, message: `${field} is required for triage` })),
      });
    }
    return triage(profile as Profile);
  }

  async read(caller: Caller, id: string): Promise<OpportunityRead> {
    const record = visibleOr404(caller, await this.opportunities.findById(id), id);
    const read = await this.present(record);
    if (this.aceStatus === null || !('credits' in read.body)) return read;
    // The ACE sync's last error, when one runs (design/ace.md): on `ace`, linked or not yet.
    const syncError = await this.aceStatus(id);
    if (syncError === null) return read;
    const ace = read.body.ace ?? { aceOpportunityId: null, stage: null, reviewStatus: null, lastModifiedDate: null };
    return { ...read, body: { ...read.body, ace: { ...ace, syncError } } };
  }

  /** Where the read finds the ACE sync's last error of an opportunity; set by the sync when it runs. */
  private aceStatus: ((id: string) => Promise<{ message: string; at: string; attempts: number } | null>) | null = null;

  /** The ACE sync, when it runs, tells the read where its errors are (the opportunities feature does not know it). */
  showAceSyncErrors(status: (id: string) => Promise<{ message: string; at: string; attempts: number } | null>): void {
    this.aceStatus = status;
  }

  /** An opportunity's stored record, whoever owns it (for integrations working as the system actor); null when none. */
  recordAny(id: string): Promise<OpportunityRecord | null> {
    return this.opportunities.findById(id);
  }

  /**
   * A page of the list (`query`, as `GET /v1/opportunities` takes it), each
   * opportunity as read now: the records in one round trip, the attestation's
   * hash left out (a list does not show it).
   */
  async viewsPage(
    caller: Caller,
    query: ListOpportunitiesQuery,
  ): Promise<{ items: AnyOpportunityView[]; nextCursor: string | null }> {
    const now = new Date().toISOString();
    const page = await this.list(caller, query);
    const records = await this.opportunities.findByIds(page.items.map((s) => s.id));
    return { items: records.map((r) => viewAny(r.snapshot, now)), nextCursor: page.nextCursor };
  }

  /** Every opportunity the caller may see, newest first, as read now, `batch` to a page. */
  async *views(caller: Caller, batch = 200): AsyncGenerator<AnyOpportunityView> {
    let cursor: string | undefined;
    do {
      const page = await this.viewsPage(caller, { limit: batch, cursor });
      yield* page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }

  /**
   * Opportunities in `phases` changed after `since` (for the notifier, which
   * sees every org's), each as read at `now` with its owners; at most `limit`,
   * and, when that many came, the change up to which they go (the next call
   * starts there).
   */
  async changedSince(
    since: Date,
    phases: readonly string[],
    now: Date,
    limit = 1_000,
  ): Promise<{
    items: { view: AnyOpportunityView; partnerOrgId: string; customerOrgId: string }[];
    until: Date | null;
  }> {
    const changed = await this.opportunities.changedSince(since, phases, limit);
    const at = now.toISOString();
    const items = (await this.opportunities.findByIds(changed.map((c) => c.id))).map((r) => ({
      view: viewAny(r.snapshot, at),
      partnerOrgId: r.partnerOrgId,
      customerOrgId: r.customerOrgId,
    }));
    return { items, until: changed.length === limit ? (changed[changed.length - 1]?.updatedAt ?? null) : null };
  }

  /** How many opportunities the caller may see are in each phase (phases without one left out). */
  async phaseCounts(caller: Caller): Promise<Map<string, number>> {
    const owners = visibleFilter(caller, {});
    if (owners === null) return new Map();
    const rows = await this.opportunities.countByPhase(owners);
    return new Map(rows.map((r) => [r.phase, r.count]));
  }

  async list(caller: Caller, query: ListOpportunitiesQuery): Promise<OpportunityPage> {
    // Tenancy first: a partner or customer filter naming another org matches nothing, and leaks nothing.
    const owners = visibleFilter(caller, { partnerOrgId: query.partnerOrgId, customerOrgId: query.customerOrgId });
    if (owners === null) return { items: [], nextCursor: null };
    const limit = query.limit ?? 50;
    const rows = await this.opportunities.list({
      phase: query.phase,
      state: query.state,
      partnerOrgId: owners.partnerOrgId,
      customerOrgId: owners.customerOrgId,
      overdue: query.overdue === undefined ? undefined : query.overdue === 'true',
      limit: limit + 1,
      after: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
    });
    const now = Date.now();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => ({
        id: row.id,
        title: row.title,
        phase: row.phase,
        // The phase column holds the state value (machine version 1 is flat), so the list needs no snapshot.
        state: stateString({ value: row.phase }),
        version: row.version,
        machineVersion: row.machineVersion,
        partnerOrgId: row.partnerOrgId,
        customerOrgId: row.customerOrgId,
        createdAt: row.createdAt.toISOString(),
        updatedAt: row.updatedAt.toISOString(),
        timeInPhaseDays: Math.floor((now - row.phaseEnteredAt.getTime()) / DAY_MS),
        overdue: row.overdueAt !== null && row.overdueAt.getTime() < now,
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt.toISOString(), last.id) : null,
    };
  }

  /**
   * The claims queue across every partner, for ops: claims signed off or
   * submitted, and open requests due within 14 days or past due. One query
   * (each opportunity's fund requests from its snapshot), oldest first.
   */
  async claimsQueue(now = new Date()): Promise<ClaimsQueue> {
    const today = now.toISOString().slice(0, 10);
    const soon = new Date(now.getTime() + 14 * DAY_MS).toISOString().slice(0, 10);
    const queue: ClaimsQueue = { claims: [], dueSoon: [], expired: [] };
    for (const row of await this.opportunities.withFundRequests()) {
      for (const fr of row.fundRequests as QueueRequest[]) {
        const line = {
          opportunityId: row.id,
          title: row.title,
          partnerOrgId: row.partnerOrgId,
          partnerName: row.partnerName,
          tranche: fr.tranche,
          requestName: fr.name,
          stage: fr.stage,
          claimDueDate: fr.claimDueDate,
        };
        for (const claim of fr.claims ?? []) {
          const waitingFor = CLAIM_WAITS[claim.status];
          if (waitingFor === undefined) continue;
          queue.claims.push({
            ...line,
            waitingFor,
            claimId: claim.claimId,
            amountCents: claim.amountCents,
            since: claim.submittedAt ?? claim.signedOffAt ?? fr.filedAt,
          });
        }
        if (!OPEN_STAGES.has(fr.stage)) continue;
        const request = { ...line, claimId: null, amountCents: null, since: fr.filedAt };
        if (fr.claimDueDate < today)
          queue.expired.push({ ...request, waitingFor: 'nothing: the claim due date has passed' });
        else if (fr.claimDueDate <= soon)
          queue.dueSoon.push({ ...request, waitingFor: `a claim by ${fr.claimDueDate}` });
      }
    }
    for (const part of [queue.claims, queue.dueSoon, queue.expired])
      part.sort((a, b) => a.since.localeCompare(b.since));
    return queue;
  }

  async findings(caller: Caller, id: string): Promise<{ findings: ReturnType<typeof findingsAny> }> {
    const record = visibleOr404(caller, await this.opportunities.findById(id), id);
    const closed = await this.opportunities.countClosedOfPartner(record.partnerOrgId);
    return { findings: findingsAny(record.snapshot, new Date().toISOString(), { closedMapOpportunities: closed }) };
  }

  /** `record` as it is read, from its view (computed now unless given), with its attestation's hash from its audit chain. */
  async present(
    record: OpportunityRecord,
    view: AnyOpportunityView = viewAny(record.snapshot, new Date().toISOString()),
  ): Promise<OpportunityRead> {
    const attestation =
      view.attestation === null
        ? null
        : { ...view.attestation, hash: await this.audit.entryHash(record.id, view.attestation.seq) };
    return {
      version: record.version,
      body: {
        ...view,
        id: record.id,
        version: record.version,
        attestation,
      },
    };
  }
}
