/**
 * The pure command API the server drives: create, decide, replay, restore.
 * It uses only xstate's pure `initialTransition` / `transition` and the
 * persisted snapshot (`getPersistedSnapshot`) stored as JSON between
 * requests; no actor outlives a call.
 */
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import type { DomainAction } from './actions';
import type { CreateOpportunityInput, OpportunityContext } from './context';
import type { OpportunityEvent } from './events';
import { withStep } from './catalog';
import type { FieldProblem } from './definition';
import { advancePlan, type GateMissing } from './gates';
import { isText, isIsoTimestamp } from './money';
import { MACHINE_VERSION, opportunityMachine, type DomainActionsParams } from './machine';
import { profilePatchErrors } from './triage';
import { isOpenPhase, PHASES, type OpenPhase, type Phase } from './types';

export type OpportunitySnapshot = SnapshotFrom<typeof opportunityMachine>;

/** The persisted snapshot: exactly the JSON stored in Postgres (`machine.getPersistedSnapshot`, JSON round-tripped). */
export interface PersistedOpportunity {
  status: 'active' | 'done';
  value: Phase;
  context: OpportunityContext;
  children: Record<string, never>;
  historyValue: Record<string, never>;
  output?: null;
  error?: null;
}

/** Why an event was refused. */
export interface Refusal {
  /** `INVALID`: malformed for this opportunity (a 400), with the fields in `errors`. */
  code: 'FORBIDDEN' | 'STATE' | 'GATE' | 'RULE' | 'INVALID';
  /** The state the opportunity is in (and stays in). */
  state: string;
  detail: string;
  missing?: GateMissing[];
  errors?: FieldProblem[];
}

export type Decision =
  { accepted: true; snapshot: PersistedOpportunity; actions: DomainAction[] } | { accepted: false; refusal: Refusal };

/** A persisted snapshot that this machine version cannot restore. */
export class SnapshotVersionError extends Error {
  constructor(
    readonly found: string,
    readonly expected: string,
  ) {
    super(`Snapshot of machine version ${found} cannot be restored by version ${expected}.`);
    this.name = 'SnapshotVersionError';
  }
}

/** A value that is not a persisted opportunity. */
export class InvalidSnapshotError extends Error {
  constructor(detail: string) {
    super(`Not a persisted opportunity snapshot: ${detail}`);
    this.name = 'InvalidSnapshotError';
  }
}

/** Creation input that cannot start an opportunity. */
export class InvalidCreateInputError extends Error {
  constructor(readonly errors: string[]) {
    super(`Invalid opportunity input: ${errors.join('; ')}`);
    this.name = 'InvalidCreateInputError';
  }
}

/** An event refused while replaying an audit log. */
export class ReplayRefusedError extends Error {
  constructor(
    readonly index: number,
    readonly event: OpportunityEvent,
    readonly refusal: Refusal,
  ) {
    super(`Replay refused event #${index} (${event.type}) in ${refusal.state}: ${refusal.code} ${refusal.detail}`);
    this.name = 'ReplayRefusedError';
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isPhase(x: unknown): x is Phase {
  return typeof x === 'string' && (PHASES as readonly string[]).includes(x);
}

/**
 * Check a JSON value read from storage and return it typed. Throws
 * `InvalidSnapshotError` on a wrong shape and `SnapshotVersionError` on a
 * snapshot of another machine version (migrate it explicitly first).
 */
export function parsePersisted(json: unknown): PersistedOpportunity {
  if (!isRecord(json) || !isRecord(json.context) || !isPhase(json.value)) throw new InvalidSnapshotError('shape');
  if (json.status !== 'active' && json.status !== 'done')
    throw new InvalidSnapshotError(`status ${String(json.status)}`);
  const version = json.context.machineVersion;
  if (version !== MACHINE_VERSION) throw new SnapshotVersionError(String(version), MACHINE_VERSION);
  if (!isContext(json.context)) throw new InvalidSnapshotError('context');
  return { status: json.status, value: json.value, context: json.context, children: {}, historyValue: {} };
}

const CONTEXT_ARRAYS = [
  'phaseHistory',
  'checklist',
  'attestations',
  'waves',
  'fundRequests',
  'activateWorkloads',
] as const;
const CONTEXT_STRINGS = [
  'machineVersion',
  'policyId',
  'opportunityId',
  'title',
  'customerName',
  'partnerOrgId',
  'customerOrgId',
  'createdAt',
  'lastEventAt',
  'phaseEnteredAt',
] as const;

/** Shallow structural check of a context of this machine version (its deep shape is owned by the version). */
function isContext(c: Record<string, unknown>): c is Record<string, unknown> & OpportunityContext {
  return (
    CONTEXT_STRINGS.every((k) => typeof c[k] === 'string') &&
    CONTEXT_ARRAYS.every((k) => Array.isArray(c[k])) &&
    typeof c.seq === 'number' &&
    isRecord(c.profile) &&
    isRecord(c.businessCase)
  );
}

function toJsonValue(x: unknown): unknown {
  return JSON.parse(JSON.stringify(x));
}

/** The JSON persisted form of a live snapshot. */
export function persist(snapshot: OpportunitySnapshot): PersistedOpportunity {
  return parsePersisted(toJsonValue(opportunityMachine.getPersistedSnapshot(snapshot)));
}

/** A live snapshot of the machine from its persisted JSON (pure; no actor). */
export function restore(persisted: PersistedOpportunity): OpportunitySnapshot {
  const p = parsePersisted(persisted);
  return opportunityMachine.resolveState({ value: p.value, context: p.context });
}

function isDomainActionsParams(p: unknown): p is DomainActionsParams {
  return isRecord(p) && Array.isArray(p.actions);
}

function collect(actions: readonly { type: string; params?: unknown }[]): DomainAction[] {
  const out: DomainAction[] = [];
  for (const a of actions) {
    if (a.type === 'domainActions' && isDomainActionsParams(a.params)) out.push(...a.params.actions);
  }
  return out;
}

/** Problems with creation input (empty when it may create an opportunity). */
export function createInputErrors(input: CreateOpportunityInput): string[] {
  const errors: string[] = [];
  for (const k of ['opportunityId', 'title', 'partnerOrgId', 'customerOrgId'] as const) {
    if (!isText(input[k])) errors.push(`${k} is required`);
  }
  if (!isIsoTimestamp(input.at)) errors.push('at must be an ISO timestamp');
  if (input.actor.role !== 'partner' || input.actor.orgId !== input.partnerOrgId) {
    errors.push('an opportunity is created by a user of its partner org');
  }
  if (input.profile !== undefined) errors.push(...profilePatchErrors(input.profile));
  return errors;
}

/**
 * Create an opportunity (audit entry 1) with `initialTransition`.
 * Contract: throws `InvalidCreateInputError` on invalid input; otherwise
 * returns the persisted snapshot in `intake` (seq 1) and the domain actions
 * (`opportunityCreated`).
 */
export function createOpportunity(input: CreateOpportunityInput): {
  snapshot: PersistedOpportunity;
  actions: DomainAction[];
} {
  const errors = createInputErrors(input);
  if (errors.length > 0) throw new InvalidCreateInputError(errors);
  const [snapshot, actions] = initialTransition(opportunityMachine, input);
  return { snapshot: persist(snapshot), actions: collect(actions) };
}

/**
 * The dotted state value of a persisted opportunity (flat machine: the phase
 * name): what the API reports as `state`. It needs only the state value, so a
 * list row, which stores that value as its phase, answers it without its snapshot.
 */
export function stateString(persisted: Pick<PersistedOpportunity, 'value'>): string {
  return persisted.value;
}

/** The phase of a persisted opportunity. */
export function phaseOf(persisted: PersistedOpportunity): Phase {
  return persisted.value;
}

/**
 * Check an event against a persisted opportunity and, if accepted, compute
 * the next snapshot with xstate's pure `transition`.
 *
 * The checks, in order (catalog.ts `step`): FORBIDDEN (role table, org,
 * funding tier), STATE (the current state does not accept this event type),
 * RULE on a malformed `at`, then the event's own check, in its definition's
 * order: GATE (ADVANCE whose gate does not hold, with every missing item),
 * RULE (a business rule) or INVALID (malformed for this opportunity). The
 * machine's guards read the same step, computed once. A refusal changes nothing.
 */
export function decide(persisted: PersistedOpportunity, event: OpportunityEvent): Decision {
  const d = decideLive(restore(persisted), event);
  return d.accepted ? { accepted: true, snapshot: persist(d.next), actions: d.actions } : d;
}

type LiveDecision =
  { accepted: true; next: OpportunitySnapshot; actions: DomainAction[] } | { accepted: false; refusal: Refusal };

/** {@link decide} on a live snapshot: the same step, without persisting. */
function decideLive(snapshot: OpportunitySnapshot, event: OpportunityEvent): LiveDecision {
  const state = snapshot.value;
  return withStep(snapshot.context, state, event, (step): LiveDecision => {
    if (!step.ok) {
      const refusal: Refusal = { code: step.code, state, detail: step.detail };
      if (step.code === 'GATE') refusal.missing = step.missing;
      if (step.code === 'INVALID') refusal.errors = step.errors;
      return { accepted: false, refusal };
    }
    // The machine's guard, assign and actions read the step just computed (withStep), so nothing runs twice.
    const [next, actions] = transition(opportunityMachine, snapshot, event);
    /* istanbul ignore next -- the machine's guards read the same step; this would be a machine bug */
    if (next.value !== step.to || next.context.seq !== step.next.seq) {
      return refuse(state, `The machine refuses ${event.type} in ${state}.`);
    }
    return { accepted: true, next, actions: collect(actions) };
  });
}

function refuse(state: string, detail: string): LiveDecision {
  return { accepted: false, refusal: { code: 'RULE', state, detail } };
}

/**
 * Replay an audit log: creation input, then every accepted event in order.
 * Deterministic (same input, same events: deep-equal snapshots). Throws
 * `ReplayRefusedError` if any event is refused. Runs on the live snapshot and
 * persists once at the end: each step makes the same checks as {@link decide}.
 */
export function replay(input: CreateOpportunityInput, events: readonly OpportunityEvent[]): PersistedOpportunity {
  const steps = startReplay(input);
  events.forEach((event, index) => {
    const refusal = steps.next(event);
    if (refusal !== null) throw new ReplayRefusedError(index, event, refusal);
  });
  return steps.snapshot();
}

/** A replay under way: see {@link startReplay}. */
export interface ReplaySteps {
  /** Applies the next event, or answers why it is refused (and stays where it was). */
  next(event: OpportunityEvent): Refusal | null;
  /** The state reached so far. */
  readonly value: Phase;
  /** The persisted snapshot reached so far. */
  snapshot(): PersistedOpportunity;
}

/**
 * {@link replay}, one event at a time, for an audit log too long to hold in
 * memory at once: the same checks on the same live snapshot, persisted only
 * when asked. Throws `InvalidCreateInputError` on invalid creation input.
 */
export function startReplay(input: CreateOpportunityInput): ReplaySteps {
  let current = restore(createOpportunity(input).snapshot);
  return {
    next(event: OpportunityEvent): Refusal | null {
      const d = decideLive(current, event);
      if (!d.accepted) return d.refusal;
      current = d.next;
      return null;
    },
    get value(): Phase {
      return current.value;
    },
    snapshot: () => persist(current),
  };
}

/** The next phase, whether ADVANCE would be accepted now (at `now`), and what is missing. Null at an end. */
export function nextGate(
  persisted: PersistedOpportunity,
  now: string = persisted.context.lastEventAt,
): { next: Phase | null; ready: boolean; missing: GateMissing[] } {
  const phase = persisted.value;
  if (!isOpenPhase(phase)) return { next: null, ready: false, missing: [] };
  const plan = advancePlan(persisted.context, phase satisfies OpenPhase, now);
  return { next: plan.next, ready: plan.gate.ready, missing: plan.gate.missing };
}
