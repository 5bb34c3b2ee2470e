import { Injectable, Logger, StreamableFile } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AuditEntryBody } from '@mapflow/audit';
import {
  createOpportunity,
  CustomerFundedWorkloads,
  decide,
  DomainAction,
  EventActor,
  EventType,
  findings,
  maySend,
  missingProfileFields,
  OpportunityEvent,
  PersistedOpportunity,
  phaseOf,
  Profile,
  Refusal,
  stateString,
  triage,
  TriageResult,
  viewOpportunity,
  OpportunityView,
  MACHINE_VERSION,
  opportunityGraph,
  toDot,
  toMermaid,
  normalizeWorkloadName,
  normalizeWorkloadNames,
  type DiagramHighlight,
} from '@mapflow/workflow';
import type { Caller } from '../auth/caller';
import { AppError, ErrorCode } from '../common/errors';
import { OrgsRepository } from '../orgs/orgs.repository';
import type { CreateOpportunityDto, DiagramFormat, ListOpportunitiesQuery, OpportunityEventDto } from './dto';
import type { OpportunitySummaryDto } from './dto/opportunity-page.response';
import type { OpportunityDto } from './dto/opportunity-read.response';
import { OpportunitiesRepository, OpportunityRecord, SnapshotColumns } from './opportunities.repository';
import { visibleOr404 } from './visibility';
import { decodeCursor, encodeCursor } from './cursor';
import { assertIfMatch, parseIfMatch } from './if-match';
import { renderSvg } from './svg-renderer';

/** The machine as a graph, walked once: v1 is the only released machine version. */
const MACHINE_GRAPH = opportunityGraph();

/** Content types of the diagram formats. */
export const DIAGRAM_CONTENT_TYPES: Record<DiagramFormat, string> = {
  svg: 'image/svg+xml',
  mermaid: 'text/plain; charset=utf-8',
};

/** A read of one opportunity, as the API answers it, with its version for the ETag. */
export interface OpportunityRead {
  version: number;
  body: OpportunityDto;
}

/** A list page. */
export interface OpportunityPage {
  items: OpportunitySummaryDto[];
  nextCursor: string | null;
}

/** The domain's refusal codes, as HTTP error codes. */
function refusalError(refusal: Refusal): AppError {
  switch (refusal.code) {
    case 'FORBIDDEN':
      return new AppError(ErrorCode.Forbidden, refusal.detail, { state: refusal.state });
    case 'STATE':
      return new AppError(ErrorCode.StateConflict, refusal.detail, { state: refusal.state });
    case 'GATE':
      return new AppError(ErrorCode.GateNotReady, refusal.detail, {
        state: refusal.state,
        missing: refusal.missing ?? [],
      });
    case 'RULE':
      return new AppError(ErrorCode.RuleRefused, refusal.detail, { state: refusal.state });
    case 'INVALID':
      return new AppError(ErrorCode.Validation, refusal.detail, { errors: refusal.errors ?? [] });
  }
}

function actorOf(caller: Caller): EventActor {
  return caller.role === 'partner' && caller.tier
    ? { userId: caller.userId, orgId: caller.orgId, role: caller.role, tier: caller.tier }
    : { userId: caller.userId, orgId: caller.orgId, role: caller.role };
}

/** The indexed columns of a new snapshot, and its read view (computed once, used for both). */
function columnsOf(snapshot: PersistedOpportunity, now: string): { columns: SnapshotColumns; view: OpportunityView } {
  const view = viewOpportunity(snapshot, now);
  return {
    view,
    columns: {
      phase: phaseOf(snapshot),
      snapshot,
      phaseEnteredAt: view.phaseEnteredAt,
      overdueAt: view.overdueAt,
      updatedAt: now,
    },
  };
}

/**
 * The opportunity lifecycle over HTTP. A command is one transaction: read the
 * row, check the caller with the domain's permission table, ask the machine
 * (an explicit decision), compute the next snapshot with `transition`, write it
 * conditionally on the version the caller saw, append the audit entry, commit,
 * then run the returned actions. No actor lives between requests.
 */
@Injectable()
export class OpportunitiesService {
  private readonly logger = new Logger('OpportunityActions');

  constructor(
    private readonly opportunities: OpportunitiesRepository,
    private readonly orgs: OrgsRepository,
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

  async create(caller: Caller, dto: CreateOpportunityDto): Promise<OpportunityRead> {
    if (caller.role !== 'partner') {
      throw new AppError(ErrorCode.Forbidden, 'Only a partner creates opportunities, for its own org');
    }
    const now = new Date().toISOString();
    const id = randomUUID();
    const actor = actorOf(caller);
    const created = await this.opportunities.transaction(async (tx) => {
      // Tenancy: an unknown org, an org of another kind and an unlinked customer are one answer (DESIGN.md section 1).
      // The link stays share-locked until the commit, so a removal of it waits for this creation.
      const customer = await this.orgs.findLinkedCustomer(tx, dto.customerOrgId, caller.orgId);
      if (!customer) throw new AppError(ErrorCode.NotFound, `No customer org ${dto.customerOrgId}`);
      const input = {
        opportunityId: id,
        title: dto.title,
        partnerOrgId: caller.orgId,
        customerOrgId: customer.id,
        customerName: customer.name,
        profile: dto.profile ?? {},
        at: now,
        actor,
      };
      const { snapshot, actions } = createOpportunity(input);
      const { columns, view } = columnsOf(snapshot, now);
      const entry: AuditEntryBody = {
        recordedAt: now,
        actor,
        event: { type: 'CREATE_OPPORTUNITY', input },
        state: stateString(snapshot),
        machineVersion: MACHINE_VERSION,
      };
      const base = {
        id,
        title: dto.title,
        partnerOrgId: caller.orgId,
        customerOrgId: customer.id,
        machineVersion: MACHINE_VERSION,
      };
      const link = await this.opportunities.insertCreated(tx, base, columns, entry);
      return { base, columns, view, actions, link };
    });
    this.runActions(created.actions);
    const record: OpportunityRecord = {
      ...created.base,
      ...created.columns,
      version: 1,
      chainHead: created.link.hash,
      createdAt: new Date(now),
      updatedAt: new Date(now),
    };
    return { version: 1, body: await this.present(record, created.view) };
  }

  async read(caller: Caller, id: string): Promise<OpportunityRead> {
    const record = visibleOr404(caller, await this.opportunities.findById(id), id);
    return { version: record.version, body: await this.present(record) };
  }

  async list(caller: Caller, query: ListOpportunitiesQuery): Promise<OpportunityPage> {
    // Tenancy first: a partner or customer filter naming another org matches nothing, and leaks nothing.
    let partnerOrgId = query.partnerOrgId;
    let customerOrgId = query.customerOrgId;
    if (caller.role === 'partner') {
      if (partnerOrgId !== undefined && partnerOrgId !== caller.orgId) return { items: [], nextCursor: null };
      partnerOrgId = caller.orgId;
    } else if (caller.role === 'customer') {
      if (customerOrgId !== undefined && customerOrgId !== caller.orgId) return { items: [], nextCursor: null };
      customerOrgId = caller.orgId;
    }
    const limit = query.limit ?? 50;
    const rows = await this.opportunities.list({
      phase: query.phase,
      state: query.state,
      partnerOrgId,
      customerOrgId,
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
        timeInPhaseDays: Math.floor((now - row.phaseEnteredAt.getTime()) / 86_400_000),
        overdue: row.overdueAt !== null && row.overdueAt.getTime() < now,
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt.toISOString(), last.id) : null,
    };
  }

  async findings(caller: Caller, id: string): Promise<{ findings: ReturnType<typeof findings> }> {
    const record = visibleOr404(caller, await this.opportunities.findById(id), id);
    const closed = await this.opportunities.countClosedOfPartner(record.partnerOrgId);
    return { findings: findings(record.snapshot, new Date().toISOString(), { closedMapOpportunities: closed }) };
  }

  /**
   * The machine with this opportunity's current state and path: SVG, or the
   * Mermaid source. The path is the snapshot's phase history (the states in
   * the order they were entered), which a replay of the audit log reproduces.
   */
  async diagram(caller: Caller, id: string, format: DiagramFormat = 'svg'): Promise<StreamableFile> {
    const record = visibleOr404(caller, await this.opportunities.findById(id), id);
    const highlight: DiagramHighlight = {
      current: stateString(record.snapshot),
      path: record.snapshot.context.phaseHistory.map((entry) => entry.phase),
    };
    const text =
      format === 'mermaid' ? toMermaid(MACHINE_GRAPH, highlight) : await renderSvg(toDot(MACHINE_GRAPH, highlight));
    return new StreamableFile(Buffer.from(text, 'utf8'), { type: DIAGRAM_CONTENT_TYPES[format] });
  }

  /**
   * Sends one event. `ifMatch` is the version the caller read (428 when
   * absent, 412 when stale or overtaken by a concurrent commit).
   */
  async send(
    caller: Caller,
    id: string,
    ifMatch: string | undefined,
    dto: OpportunityEventDto,
  ): Promise<OpportunityRead> {
    const expected = parseIfMatch(ifMatch);
    const type: EventType = dto.type;
    // Stacking reads the customer's other funded workloads under a lock and writes its own: a transaction.
    const stacking = dto.type === 'FILE_FUND_REQUEST' || dto.type === 'RECORD_ACTIVATE_WORKLOAD';
    const names = workloadNamesOf(dto);
    const result = await this.opportunities.command(stacking, async (tx) => {
      const found = await this.opportunities.findForCommand(tx, id);
      const current = visibleOr404(caller, found, id);
      if (!maySend(caller.role, type)) {
        throw new AppError(ErrorCode.Forbidden, `A ${caller.role} may not send ${type}`);
      }
      assertIfMatch(expected, current.version);
      const now = new Date().toISOString();
      const actor = actorOf(caller);
      let funded: CustomerFundedWorkloads = { map: [], activate: [] };
      if (stacking) {
        // Those of the event's own names that the customer's other opportunities fund go into the event (and so
        // the audit log), so the guard stays pure; never the rest, which are other partners' business.
        await this.opportunities.lockCustomer(tx, current.customerOrgId);
        const others = await this.opportunities.fundedWorkloadsOfCustomer(tx, current.customerOrgId, current.id, names);
        funded = {
          map: others.filter((w) => w.program === 'map').map((w) => w.workload),
          activate: others.filter((w) => w.program === 'activate').map((w) => w.workload),
        };
      }
      const machineEvent = toMachineEvent(dto, names, now, actor, funded);
      const decision = decide(current.snapshot, machineEvent);
      if (!decision.accepted) throw refusalError(decision.refusal);
      const { columns, view } = columnsOf(decision.snapshot, now);
      const link = await this.opportunities.commitTransition(tx, current, columns, {
        recordedAt: now,
        actor,
        event: { ...machineEvent },
        state: stateString(decision.snapshot),
      });
      if (!link) {
        throw new AppError(ErrorCode.PreconditionFailed, 'Another change was committed first: read it again');
      }
      if (machineEvent.type === 'FILE_FUND_REQUEST') {
        await this.opportunities.recordFundedWorkloads(tx, id, current.customerOrgId, 'map', machineEvent.workloads);
      } else if (machineEvent.type === 'RECORD_ACTIVATE_WORKLOAD') {
        await this.opportunities.recordFundedWorkloads(tx, id, current.customerOrgId, 'activate', [
          machineEvent.workload,
        ]);
      }
      return {
        actions: decision.actions,
        view,
        record: { ...current, ...columns, version: link.seq, chainHead: link.hash, updatedAt: new Date(now) },
      };
    });
    this.runActions(result.actions);
    return { version: result.record.version, body: await this.present(result.record, result.view) };
  }

  private async present(
    record: OpportunityRecord,
    view: OpportunityView = viewOpportunity(record.snapshot, new Date().toISOString()),
  ): Promise<OpportunityDto> {
    const attestation =
      view.attestation === null
        ? null
        : { ...view.attestation, hash: await this.opportunities.entryHash(record.id, view.attestation.seq) };
    return {
      ...view,
      id: record.id,
      version: record.version,
      machineVersion: record.machineVersion,
      attestation,
      links: {
        self: `/v1/opportunities/${record.id}`,
        events: `/v1/opportunities/${record.id}/events`,
        findings: `/v1/opportunities/${record.id}/findings`,
        diagram: `/v1/opportunities/${record.id}/diagram`,
        audit: `/v1/opportunities/${record.id}/audit`,
        verify: `/v1/opportunities/${record.id}/audit/verify`,
      },
    };
  }

  /**
   * Runs the machine's actions after the commit. mapflow has no outbound
   * integration yet, so each action is written to the log, as data.
   */
  private runActions(actions: DomainAction[]): void {
    for (const action of actions) this.logger.log({ action }, `action ${action.type}`);
  }
}

/** The longest workload name `funded_workloads` stores, in characters. */
const MAX_WORKLOAD_NAME = 200;

/**
 * The workload names of a stacking event in their normal form (DESIGN.md section 2), each once:
 * `workloads[]` of a fund request, `workload` of an Activate declaration; none for other events.
 * A name that normalises to nothing, or grows past 200 characters, is a 400.
 */
function workloadNamesOf(dto: OpportunityEventDto): string[] {
  let field: string;
  let names: string[];
  if (dto.type === 'FILE_FUND_REQUEST') {
    field = 'workloads';
    names = normalizeWorkloadNames(dto.workloads);
  } else if (dto.type === 'RECORD_ACTIVATE_WORKLOAD') {
    field = 'workload';
    names = [normalizeWorkloadName(dto.workload)];
  } else {
    return [];
  }
  const bad = names.find((name) => name === '' || [...name].length > MAX_WORKLOAD_NAME);
  if (bad !== undefined) {
    const message =
      bad === ''
        ? `each ${field} name must hold a visible character`
        : `each ${field} name must be at most ${MAX_WORKLOAD_NAME} characters once normalised`;
    throw new AppError(ErrorCode.Validation, message, { errors: [{ field, message }] });
  }
  return names;
}

/**
 * The event as the machine receives it: the validated payload, with its workload names normalised
 * (`names`, from {@link workloadNamesOf}), plus `at`, `actor`, and stacking facts.
 */
function toMachineEvent(
  dto: OpportunityEventDto,
  names: string[],
  at: string,
  actor: EventActor,
  customerFundedWorkloads: CustomerFundedWorkloads,
): OpportunityEvent {
  if (dto.type === 'FILE_FUND_REQUEST') return { ...dto, workloads: names, at, actor, customerFundedWorkloads };
  if (dto.type === 'RECORD_ACTIVATE_WORKLOAD') {
    return { ...dto, workload: names[0] ?? dto.workload, at, actor, customerFundedWorkloads };
  }
  return { ...dto, at, actor };
}
