import type { EntityManager } from 'typeorm';
import type { ChainLink } from '@mapflow/audit';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  AnyOpportunityView,
  AnyPersistedOpportunity,
  authorizeAny,
  createInputErrors,
  createOn,
  CustomerFundedWorkloads,
  decideAny,
  DomainAction,
  EventActor,
  isVersion2,
  LATEST_MACHINE_VERSION,
  MachineMigratedEvent,
  MachineVersionId,
  migrateSnapshot,
  normalizeWorkloadName,
  normalizeWorkloadNames,
  Refusal,
  VersionedEvent,
  versionOf,
  viewAny,
} from '@mapflow/workflow';
import { AuditWriter } from '../audit/audit-writer';
import type { Caller } from '../auth/caller';
import { AppError, ErrorCode } from '../common/errors';
import { NewestSeen } from '../common/newest-seen';
import { OneAtATime } from '../common/one-at-a-time';
import { OrgsService } from '../orgs/orgs.service';
import type { CreateOpportunityDto } from './dto';
import { eventBodyFor, latestValid, type CheckedEventBody, type VersionedEventBody } from './event-body';
import { assertIfMatch, IfMatch, ifMatchMayHoldFrom } from './if-match';
import { OpportunitiesRepository, OpportunityRecord, SnapshotColumns } from './opportunities.repository';
import { OpportunityRead, OpportunityReadsService } from './opportunity-reads.service';
import { visibleOr404 } from '../auth/visibility';

/** The domain's refusal codes, as the app's error codes. */
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
function columnsOf(
  snapshot: AnyPersistedOpportunity,
  now: string,
): { columns: SnapshotColumns; view: AnyOpportunityView } {
  const view = viewAny(snapshot, now);
  return {
    view,
    columns: {
      phase: snapshot.value,
      snapshot,
      phaseEnteredAt: view.phaseEnteredAt,
      overdueAt: view.overdueAt,
      updatedAt: now,
    },
  };
}

/** No funded workloads: what an event that does not stack carries. */
const NOTHING_FUNDED: CustomerFundedWorkloads = { map: [], activate: [] };

/**
 * The opportunity lifecycle's commands. A command is one transaction (or one
 * statement): read the row, ask the domain whether the caller may send the
 * event, ask the machine (an explicit decision), compute the next snapshot
 * with `transition`, write it conditionally on the version the caller saw
 * together with its audit entry (the audit writer's), commit, then run the
 * returned actions. No actor lives between requests.
 */
@Injectable()
export class OpportunityCommandsService {
  private readonly logger = new Logger('OpportunityActions');
  /** Commands on one opportunity, one at a time in this process (see {@link OneAtATime}). */
  private readonly perOpportunity = new OneAtATime();
  /** The newest record of the opportunities this process commanded lately, for refusing stale requests early. */
  private readonly newest = new NewestSeen<OpportunityRecord>(1_000);

  constructor(
    private readonly opportunities: OpportunitiesRepository,
    private readonly reads: OpportunityReadsService,
    private readonly orgs: OrgsService,
    private readonly audit: AuditWriter,
  ) {}

  /**
   * Opens an opportunity on the latest machine version. `version` is for the suites of version 1 only, which
   * seed the opportunities that still run it; no route passes it.
   */
  async create(
    caller: Caller,
    dto: CreateOpportunityDto,
    version: MachineVersionId = LATEST_MACHINE_VERSION,
    within?: { tx: EntityManager; inquiryId: string },
  ): Promise<OpportunityRead> {
    const now = new Date().toISOString();
    const id = randomUUID();
    const actor = actorOf(caller);
    // Who may create is the domain's rule, asked before anything is looked up: every other caller is 403,
    // whatever org it names. The rest of the input is the validated body's, so only the caller can fail it.
    const asked = { opportunityId: id, title: dto.title, partnerOrgId: caller.orgId, customerOrgId: dto.customerOrgId };
    if (createInputErrors({ ...asked, at: now, actor }).length > 0) {
      throw new AppError(ErrorCode.Forbidden, 'Only a partner creates opportunities, for its own org');
    }
    // Within an accepted inquiry's transaction (design/routing.md), the first entry names the inquiry.
    const work = async (tx: EntityManager) => {
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
      const { snapshot, actions } = createOn(version, input);
      const { columns, view } = columnsOf(snapshot, now);
      const link = this.audit.first(id, this.audit.creationEntry(input, snapshot, within?.inquiryId));
      const base = {
        id,
        title: dto.title,
        partnerOrgId: caller.orgId,
        customerOrgId: customer.id,
        machineVersion: snapshot.context.machineVersion,
      };
      await this.opportunities.insertCreated(tx, base, columns, link.hash);
      await this.audit.append(tx, link);
      return { base, columns, view, actions, link };
    };
    const created = within ? await work(within.tx) : await this.opportunities.transaction(work);
    this.runActions(created.actions);
    const record: OpportunityRecord = {
      ...created.base,
      ...created.columns,
      version: 1,
      chainHead: created.link.hash,
      createdAt: new Date(now),
      updatedAt: new Date(now),
    };
    return this.reads.present(record, created.view);
  }

  /**
   * Sends one event. `expected` is the caller's `If-Match` (412 when stale, or
   * overtaken by a concurrent commit).
   */
  send(caller: Caller, id: string, expected: IfMatch, body: CheckedEventBody): Promise<OpportunityRead> {
    return this.sendAs(actorOf(caller), (found) => visibleOr404(caller, found, id), id, expected, body);
  }

  /**
   * Sends one event as the `system` actor of an integration (`service`, e.g. the ACE sync): it sees every
   * opportunity, and the domain says which events it may send (design/funding-v2.md, "The system actor").
   */
  sendAsSystem(service: string, id: string, expected: IfMatch, body: CheckedEventBody): Promise<OpportunityRead> {
    const actor: EventActor = { userId: `system:${service}`, orgId: 'system', role: 'system', service };
    return this.sendAs(
      actor,
      (found) => {
        if (found === null) throw new AppError(ErrorCode.NotFound, `No opportunity ${id}`);
        return found;
      },
      id,
      expected,
      body,
    );
  }

  private async sendAs(
    actor: EventActor,
    visible: (found: OpportunityRecord | null) => OpportunityRecord,
    id: string,
    expected: IfMatch,
    body: CheckedEventBody,
  ): Promise<OpportunityRead> {
    // Stacking reads the customer's other funded workloads under a lock and writes its own: a transaction.
    const stacking = body.type === 'FILE_FUND_REQUEST' || body.type === 'RECORD_ACTIVATE_WORKLOAD';
    // Workload names read the same in every version: checked before anything is read (the pipe let through
    // only a body valid for some version; otherwise the latest version's 400).
    const names = workloadNamesOf(latestValid(body) ?? eventBodyFor(LATEST_MACHINE_VERSION, body));
    // Who may send it is the domain's rule: asked before the version, so a caller who may not is 403 whatever it
    // read. The body follows the machine version the opportunity runs: 400 when it is malformed for it, 409 when
    // its type is another version's.
    const admit = (found: OpportunityRecord | null, now: string) => {
      const current = visible(found);
      const dto = eventBodyFor(versionOf(current.snapshot), body);
      const allowed = authorizeAny(current.snapshot, toMachineEvent(dto, names, now, actor, NOTHING_FUNDED));
      if (!allowed.ok)
        throw refusalError({ code: allowed.code, state: current.snapshot.value, detail: allowed.detail });
      assertIfMatch(expected, current.version);
      return { current, dto };
    };
    // A request stale against a version this process has seen (versions only grow) is refused from that record,
    // without a query: at once, without waiting behind the commands queued on the opportunity (on a busy one,
    // most requests are such), and again when its turn comes (those ahead of it may have moved it on).
    const refuseIfStale = (): void => {
      const seen = this.newest.get(id);
      if (seen !== undefined && !ifMatchMayHoldFrom(expected, seen.version)) admit(seen, new Date().toISOString());
    };
    refuseIfStale();
    const result = await this.commandOn(
      id,
      stacking,
      async (tx) => {
        const found = await this.opportunities.findForCommand(tx, id);
        if (found !== null) this.newest.offer(found);
        const now = new Date().toISOString();
        const { current, dto } = admit(found, now);
        let funded = NOTHING_FUNDED;
        if (stacking) {
          // Those of the event's own names that the customer's other opportunities fund go into the event (and so
          // the audit log), so the guard stays pure; never the rest, which are other partners' business.
          await this.opportunities.lockCustomer(tx, current.customerOrgId);
          const others = await this.opportunities.fundedWorkloadsOfCustomer(
            tx,
            current.customerOrgId,
            current.id,
            names,
          );
          funded = {
            map: others.filter((w) => w.program === 'map').map((w) => w.workload),
            activate: others.filter((w) => w.program === 'activate').map((w) => w.workload),
          };
        }
        const machineEvent = toMachineEvent(dto, names, now, actor, funded);
        const decision = decideAny(current.snapshot, machineEvent);
        if (!decision.accepted) throw refusalError(decision.refusal);
        const { columns, view, link } = await this.commitNext(tx, current, machineEvent, decision.snapshot, now);
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
      },
      refuseIfStale,
    );
    this.runActions(result.actions);
    return this.reads.present(result.record, result.view);
  }

  /**
   * Moves a version-1 opportunity to version 2 (design/funding-v2.md,
   * "Versions side by side"): the owning partner, with `If-Match`; allowed
   * only where nothing is lost, otherwise 409 naming why. Recorded as the
   * audit entry `MACHINE_MIGRATED { from: "1", to: "2" }`, which replay runs.
   */
  async migrate(caller: Caller, id: string, expected: IfMatch): Promise<OpportunityRead> {
    const result = await this.commandOn(id, false, async (tx) => {
      const current = visibleOr404(caller, await this.opportunities.findForCommand(tx, id), id);
      if (caller.role !== 'partner' || caller.orgId !== current.partnerOrgId) {
        throw new AppError(ErrorCode.Forbidden, "Only the opportunity's partner moves it to another machine version");
      }
      assertIfMatch(expected, current.version);
      const snapshot = current.snapshot;
      if (isVersion2(snapshot)) {
        throw new AppError(ErrorCode.StateConflict, 'It already runs machine version 2.', { state: snapshot.value });
      }
      const now = new Date().toISOString();
      const moved = migrateSnapshot(snapshot, now);
      if (!moved.ok) throw new AppError(ErrorCode.StateConflict, moved.reasons.join(' '), { state: snapshot.value });
      const event: MachineMigratedEvent = {
        type: 'MACHINE_MIGRATED',
        from: '1',
        to: '2',
        at: now,
        actor: actorOf(caller),
      };
      const { columns, view, link } = await this.commitNext(tx, current, event, moved.snapshot, now);
      return {
        view,
        record: {
          ...current,
          ...columns,
          machineVersion: moved.snapshot.context.machineVersion,
          version: link.seq,
          chainHead: link.hash,
          updatedAt: new Date(now),
        },
      };
    });
    return this.reads.present(result.record, result.view);
  }

  /**
   * Commits `snapshot`, the state `event` led `current` to, with its audit entry: one statement, conditional
   * on the version `current` was read at (412 when another commit got there first).
   */
  private async commitNext(
    tx: EntityManager,
    current: OpportunityRecord,
    event: VersionedEvent | MachineMigratedEvent,
    snapshot: AnyPersistedOpportunity,
    now: string,
  ): Promise<{ columns: SnapshotColumns; view: AnyOpportunityView; link: ChainLink }> {
    const { columns, view } = columnsOf(snapshot, now);
    const link = this.audit.next(
      { opportunityId: current.id, seq: current.version, hash: current.chainHead },
      this.audit.eventEntry(event, snapshot),
    );
    const committed = await this.audit.appendWith(
      tx,
      this.opportunities.transitionChange(current, columns, link),
      link,
    );
    if (!committed) {
      throw new AppError(ErrorCode.PreconditionFailed, 'Another change was committed first: read it again');
    }
    return { columns, view, link };
  }

  /**
   * Runs `work`, a command on opportunity `id`: one at a time per opportunity in this process, first asking
   * `refuseIfStale`, when given (what the commands ahead of it committed may already refuse it), and the record
   * it commits known to {@link newest} before the next one starts (after the commit: a transaction that fails
   * offers none).
   */
  private commandOn<T extends { record: OpportunityRecord }>(
    id: string,
    transactional: boolean,
    work: (tx: EntityManager) => Promise<T>,
    refuseIfStale?: () => void,
  ): Promise<T> {
    return this.perOpportunity.run(id, async () => {
      refuseIfStale?.();
      const done = await this.opportunities.command(transactional, work);
      this.newest.offer(done.record);
      return done;
    });
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
function workloadNamesOf(dto: VersionedEventBody): string[] {
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
  dto: VersionedEventBody,
  names: string[],
  at: string,
  actor: EventActor,
  customerFundedWorkloads: CustomerFundedWorkloads,
): VersionedEvent {
  if (dto.type === 'FILE_FUND_REQUEST') return { ...dto, workloads: names, at, actor, customerFundedWorkloads };
  if (dto.type === 'RECORD_ACTIVATE_WORKLOAD') {
    return { ...dto, workload: names[0] ?? dto.workload, at, actor, customerFundedWorkloads };
  }
  return { ...dto, at, actor };
}
