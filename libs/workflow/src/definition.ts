/**
 * How one event of the opportunity is defined: once, as data, in the file of
 * its concept (`concepts/*.ts`). The machine's transitions, the permission
 * table, the events each phase accepts and the explanation of a refusal are
 * all built from these definitions (catalog.ts); nothing else lists events.
 */
import type { DomainActionData } from './actions';
import type { OpportunityContext } from './context';
import type { GateMissing } from './gates';
import type { FundingPolicy } from './policy';
import type { ActorRole, EventActor, OpenPhase, Phase } from './types';

/** Added by the server to every event: the server's time (ISO 8601) and the caller. */
export interface EventMeta {
  at: string;
  actor: EventActor;
}

/** An event of type `T` with its fields `P` and the server's {@link EventMeta}. */
export type Ev<T extends string, P = object> = { type: T } & EventMeta & P;

/** One malformed field of an event, by its dotted path in the event body. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * The outcome of a check: allowed, or refused with a code and plain words.
 * `INVALID` is malformed input that only this opportunity's context can tell
 * (a tag value under its recorded scheme): the HTTP layer answers 400, naming
 * the fields. `GATE` is an ADVANCE whose gate does not hold, with every item missing.
 */
export type Check =
  | { ok: true }
  | { ok: false; code: 'FORBIDDEN' | 'RULE'; detail: string }
  | { ok: false; code: 'INVALID'; detail: string; errors: FieldProblem[] }
  | { ok: false; code: 'GATE'; detail: string; missing: GateMissing[] };

export const OK: Check = { ok: true };

/** A check that failed. */
export type Refused = Exclude<Check, { ok: true }>;

/** A business rule refused, in words. */
export function rule(detail: string): Refused {
  return { ok: false, code: 'RULE', detail };
}

/** Malformed fields (a 400 naming them). */
export function invalid(errors: FieldProblem[]): Refused {
  return { ok: false, code: 'INVALID', detail: errors.map((e) => e.message).join('; '), errors };
}

/** The caller may not send this event. */
export function forbidden(detail: string): Refused {
  return { ok: false, code: 'FORBIDDEN', detail };
}

/** What a definition's functions are given besides the context and the event (`P`: the version's policy). */
export interface StepArgs<P = FundingPolicy> {
  /** The open phase the opportunity is in. */
  phase: OpenPhase;
  policy: P;
}

/** What `apply` is given: the phase it leaves and the one it enters (the same unless the event moves). */
export interface ApplyArgs<P = FundingPolicy> extends StepArgs<P> {
  to: Phase;
}

/**
 * One event of the domain, for a machine version whose context is `C` and
 * whose policy is `P`. Its functions are pure; `apply` and `emit` run only
 * after `check` held, once per accepted event.
 */
export interface EventDefinition<E, C = OpportunityContext, P = FundingPolicy> {
  /** The open phases that accept the event. */
  readonly phases: readonly OpenPhase[];
  /** The roles that may send it (ops sends no lifecycle event; `system` only where a version says so). */
  readonly senders: readonly ActorRole[];
  /** Whether it submits funding to AWS, and so needs a partner tier with funding rights. */
  readonly fundingSubmission?: true;
  /**
   * For an event that changes phase: the phases it may lead to from each
   * open phase (the machine's targets), and `to`, the one it leads to now.
   * Absent: the event keeps the phase.
   */
  readonly moves?: {
    readonly targets: (phase: OpenPhase) => readonly Phase[];
    to(ctx: C, event: E, args: StepArgs<P>): Phase;
  };
  /** The event's business rule, refused in words (role, org, phase and `at` are checked before). */
  check(ctx: C, event: E, args: StepArgs<P>): Check;
  /**
   * The context after the event. It receives the context with `seq` already
   * bumped and `lastEventAt` set to the event's time.
   */
  apply(ctx: C, event: E, args: ApplyArgs<P>): C;
  /** The named domain actions the event emits, from the context before and after it. */
  emit?(before: C, after: C, event: E): DomainActionData[];
}

/** Typed identity: a definition for the event type `E` (of machine version 1 unless `C` and `P` say otherwise). */
export function defineEvent<E, C = OpportunityContext, P = FundingPolicy>(
  definition: EventDefinition<E, C, P>,
): EventDefinition<E, C, P> {
  return definition;
}
