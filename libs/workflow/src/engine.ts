/**
 * The pure command API the server drives: create, decide, replay, restore.
 * It uses only xstate's pure `initialTransition` / `transition` and the
 * persisted snapshot (`getPersistedSnapshot`) stored as JSON between
 * requests; no actor outlives a call.
 */
import type { SnapshotFrom } from 'xstate';
import type { DomainAction } from './actions';
import type { CreateOpportunityInput, OpportunityContext } from './context';
import type { OpportunityEvent } from './events';
import { CATALOG } from './catalog';
import {
  buildEngine,
  isRecord,
  type DecisionOf,
  type Persisted,
  type Refusal,
  type ReplayStepsOf,
} from './engine-builder';
import { advancePlan, type GateMissing } from './gates';
import { isText, isIsoTimestamp } from './money';
import { MACHINE_VERSION, opportunityMachine } from './machine';
import { profilePatchErrors } from './triage';
import { isOpenPhase, type OpenPhase, type Phase } from './types';

export {
  InvalidSnapshotError,
  SnapshotVersionError,
  type DecisionOf,
  type Persisted,
  type Refusal,
} from './engine-builder';

export type OpportunitySnapshot = SnapshotFrom<typeof opportunityMachine>;

/** The persisted snapshot of version 1: exactly the JSON stored in Postgres (`machine.getPersistedSnapshot`, JSON round-tripped). */
export type PersistedOpportunity = Persisted<OpportunityContext>;

export type Decision = DecisionOf<OpportunityContext>;

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

/** Shallow structural check of a context of version 1 (its deep shape is owned by the version). */
export function isContext(c: Record<string, unknown>): c is Record<string, unknown> & OpportunityContext {
  return (
    CONTEXT_STRINGS.every((k) => typeof c[k] === 'string') &&
    CONTEXT_ARRAYS.every((k) => Array.isArray(c[k])) &&
    typeof c.seq === 'number' &&
    isRecord(c.profile) &&
    isRecord(c.businessCase)
  );
}

/** Version 1's engine (engine-builder.ts). */
export const ENGINE_V1 = buildEngine({
  version: MACHINE_VERSION,
  machine: opportunityMachine,
  catalog: CATALOG,
  isContext,
});

/**
 * Check a JSON value read from storage and return it typed. Throws
 * `InvalidSnapshotError` on a wrong shape and `SnapshotVersionError` on a
 * snapshot of another machine version (migrate it explicitly first).
 */
export const parsePersisted: (json: unknown) => PersistedOpportunity = ENGINE_V1.parsePersisted;

/** The JSON persisted form of a live snapshot. */
export function persist(snapshot: OpportunitySnapshot): PersistedOpportunity {
  return parsePersisted(JSON.parse(JSON.stringify(opportunityMachine.getPersistedSnapshot(snapshot))));
}

/** A live snapshot of the machine from its persisted JSON (pure; no actor). */
export function restore(persisted: PersistedOpportunity): OpportunitySnapshot {
  const p = parsePersisted(persisted);
  return opportunityMachine.resolveState({ value: p.value, context: p.context });
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
  return ENGINE_V1.create(input);
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
  return ENGINE_V1.decide(persisted, event);
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
export type ReplaySteps = ReplayStepsOf<OpportunityContext, OpportunityEvent>;

/**
 * {@link replay}, one event at a time, for an audit log too long to hold in
 * memory at once: the same checks on the same live snapshot, persisted only
 * when asked. Throws `InvalidCreateInputError` on invalid creation input.
 */
export function startReplay(input: CreateOpportunityInput): ReplaySteps {
  return ENGINE_V1.startReplayFrom(createOpportunity(input).snapshot);
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
