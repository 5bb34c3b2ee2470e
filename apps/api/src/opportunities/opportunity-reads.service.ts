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
    return this.present(record);
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
