/**
 * What a machine version builds from its event definitions, whatever its
 * context, events and policy: the list of event types, the permission table,
 * the events each phase accepts, authorization, and the one step that checks
 * and applies an event. Version 1's instance is catalog.ts; a later version
 * builds its own from its own definitions with the same code.
 */
import type { DomainAction } from './actions';
import { forbidden, OK, rule, type Check, type EventDefinition, type Refused } from './definition';
import { isIsoTimestamp } from './money';
import { isOpenPhase, type ActorRole, type EventActor, type OpenPhase, type PartnerTier, type Phase } from './types';

/** What the step reads of any version's context. */
export interface VersionContext {
  opportunityId: string;
  partnerOrgId: string;
  customerOrgId: string;
  seq: number;
  lastEventAt: string;
  ending: { reasons: string[] } | null;
}

/** What the step reads of any version's event. */
export interface VersionEvent {
  type: string;
  at: string;
  actor: EventActor;
}

/** What authorization reads of any version's policy. */
export interface VersionPolicy {
  fundingTiers: { value: readonly PartnerTier[] };
}

/** A refused step: the check that failed, with `STATE` for an event the phase does not accept. */
export type StepRefusal = Refused | { ok: false; code: 'STATE'; detail: string };

/** The outcome of one step: refused, or the phase it leads to, the next context and the actions. */
export type Step<C> = StepRefusal | { ok: true; to: Phase; next: C; actions: DomainAction[] };

/** One definition per event type of the union `E`. */
export type Definitions<C, E extends VersionEvent, P> = {
  readonly [T in E['type']]: EventDefinition<Extract<E, { type: T }>, C, P>;
};

/** What {@link buildCatalog} builds for one machine version. */
export interface Catalog<C, E extends VersionEvent, P> {
  /** The event types, in the definitions' order. */
  readonly eventTypes: readonly E['type'][];
  /** Every event type, the roles that may send it. */
  readonly permissions: Readonly<Record<E['type'], readonly ActorRole[]>>;
  /** The events each open phase accepts. */
  readonly eventsByPhase: Readonly<Record<OpenPhase, readonly E['type'][]>>;
  /** The definition of an event's type. */
  definitionOf(type: E['type']): EventDefinition<E, C, P>;
  /** True when the actor's tier carries funding-submission rights under the policy. */
  hasFundingRights(actor: EventActor, policy?: P): boolean;
  /** True when `s` names one of the version's event types (the HTTP layer answers 400 otherwise). */
  isEventType(s: string): s is E['type'];
  /**
   * Who may send this event on this opportunity: the role table, the actor's
   * org (the opportunity's partner or customer org) and, for funding
   * submissions, a tier with funding rights. `policy`: the version's, unless given.
   */
  authorize(ctx: C, event: E, policy?: P): Check;
  /**
   * One event on an opportunity in `phase`, checked and applied once. The
   * checks, in order: FORBIDDEN (role, org, funding tier), STATE (the phase
   * does not accept the event), RULE on a malformed `at`, then the event's own
   * check (GATE, RULE or INVALID). Accepted: the phase it leads to, the context
   * after it (seq bumped, `lastEventAt` stamped) and its domain actions
   * (`phaseChanged` and `opportunityEnded` first when the phase changes).
   */
  step(ctx: C, phase: Phase, event: E, policy?: P): Step<C>;
  /**
   * The step of `event` on `ctx` in `phase`: inside {@link withStep} for the
   * very same objects, the step it computed; otherwise computed now. The
   * machine's guard, its `assign` and its action params call this.
   */
  evaluate(ctx: C, phase: Phase, event: E, policy?: P): Step<C>;
  /**
   * Computes the step of `event` once and runs `run` with it; while `run` runs
   * (synchronously), {@link evaluate} answers that step for the same objects,
   * so `decide`, the machine's guard, its `assign` and its actions share one
   * check and one apply. Nothing is remembered after `run` returns, so a later
   * call, even with the same objects changed in place, computes afresh.
   */
  withStep<T>(ctx: C, phase: Phase, event: E, run: (step: Step<C>) => T, policy?: P): T;
}

interface PendingStep<C, E, P> {
  ctx: C;
  phase: Phase;
  event: E;
  policy: P;
  step: Step<C>;
}

/** The catalog of one machine version, built from its definitions; `defaultPolicy` serves where none is given. */
export function buildCatalog<C extends VersionContext, E extends VersionEvent, P extends VersionPolicy>(
  definitions: Definitions<C, E, P>,
  defaultPolicy: P,
): Catalog<C, E, P> {
  const isEventType = (s: string): s is E['type'] => Object.hasOwn(definitions, s);
  // Method parameters are bivariant, so each type's definition serves as one of the whole union.
  const definitionOf = (type: E['type']): EventDefinition<E, C, P> => definitions[type];
  const eventTypes: E['type'][] = Object.keys(definitions).filter(isEventType);
  const permissions = Object.fromEntries(eventTypes.map((t) => [t, definitionOf(t).senders])) as Record<
    E['type'],
    readonly ActorRole[]
  >;
  const acceptedIn = (phase: OpenPhase): E['type'][] =>
    eventTypes.filter((t) => definitionOf(t).phases.includes(phase));
  const eventsByPhase: Record<OpenPhase, readonly E['type'][]> = {
    intake: acceptedIn('intake'),
    assess: acceptedIn('assess'),
    mobilize: acceptedIn('mobilize'),
    migrate: acceptedIn('migrate'),
    closeout: acceptedIn('closeout'),
  };

  function hasFundingRights(actor: EventActor, policy: P = defaultPolicy): boolean {
    return actor.tier !== undefined && policy.fundingTiers.value.includes(actor.tier);
  }

  function authorize(ctx: C, event: E, policy: P = defaultPolicy): Check {
    const { actor } = event;
    const definition = definitionOf(event.type);
    if (!definition.senders.includes(actor.role)) return forbidden(`A ${actor.role} may not send ${event.type}.`);
    // An integration acts for the server on any opportunity it is given; it belongs to no org.
    if (actor.role === 'system') return OK;
    const org = actor.role === 'partner' ? ctx.partnerOrgId : ctx.customerOrgId;
    if (actor.orgId !== org) return forbidden(`Organisation ${actor.orgId} is not this opportunity's ${actor.role}.`);
    if (definition.fundingSubmission === true && !hasFundingRights(actor, policy)) {
      return forbidden(
        `Only ${policy.fundingTiers.value.join(' or ')} tier partners have MAP funding-submission rights; this partner is ${actor.tier ?? 'of no tier'}.`,
      );
    }
    return OK;
  }

  function step(ctx: C, phase: Phase, event: E, policy: P = defaultPolicy): Step<C> {
    const auth = authorize(ctx, event, policy);
    if (!auth.ok) return auth;
    const definition = definitionOf(event.type);
    if (!isOpenPhase(phase) || !definition.phases.includes(phase)) {
      return { ok: false, code: 'STATE', detail: `${event.type} is not accepted in state ${phase}.` };
    }
    if (!isIsoTimestamp(event.at)) return rule('The event time `at` must be an ISO timestamp.');
    const args = { phase, policy };
    const check = definition.check(ctx, event, args);
    if (!check.ok) return check;
    const to = definition.moves?.to(ctx, event, args) ?? phase;
    const next = definition.apply({ ...ctx, seq: ctx.seq + 1, lastEventAt: event.at }, event, { ...args, to });
    const opportunityId = next.opportunityId;
    const actions: DomainAction[] = [];
    if (to !== phase) {
      actions.push({ from: phase, to, type: 'phaseChanged', opportunityId });
      if (next.ending !== null && ctx.ending === null) {
        actions.push({ phase: to, reasons: next.ending.reasons, type: 'opportunityEnded', opportunityId });
      }
    }
    for (const a of definition.emit?.(ctx, next, event) ?? []) actions.push({ ...a, opportunityId });
    return { ok: true, to, next, actions };
  }

  /** The step {@link withStep} is running, while it runs; null otherwise. */
  let pending: PendingStep<C, E, P> | null = null;

  return {
    eventTypes,
    permissions,
    eventsByPhase,
    definitionOf,
    isEventType,
    hasFundingRights,
    authorize,
    step,
    evaluate(ctx, phase, event, policy = defaultPolicy) {
      const p = pending;
      if (p !== null && p.ctx === ctx && p.event === event && p.phase === phase && p.policy === policy) return p.step;
      return step(ctx, phase, event, policy);
    },
    withStep(ctx, phase, event, run, policy = defaultPolicy) {
      const outer = pending;
      const current = { ctx, phase, event, policy, step: step(ctx, phase, event, policy) };
      pending = current;
      try {
        return run(current.step);
      } finally {
        pending = outer;
      }
    },
  };
}
