/**
 * Every event's definition, joined from the concept files, and what is built
 * from them: the list of event types, the permission table, the events each
 * phase accepts, and {@link evaluate}, the one step that checks and applies
 * an event (the machine's guards and actions, and `decide`'s refusals, all
 * read it). In the domain, adding an event touches its concept's file only
 * (libs/workflow/README.md lists the API's two files besides).
 */
import type { DomainAction } from './actions';
import { BUSINESS_CASE_EVENTS } from './concepts/business-case';
import { CHECKLIST_EVENTS } from './concepts/checklist';
import { CLAIM_EVENTS } from './concepts/claims';
import { ENDS_EVENTS } from './concepts/ends';
import { FUND_REQUEST_EVENTS } from './concepts/fund-requests';
import { PROFILE_EVENTS } from './concepts/profile';
import { STACKING_EVENTS } from './concepts/stacking';
import { TAGS_EVENTS } from './concepts/tags';
import { WAVE_EVENTS } from './concepts/waves';
import type { OpportunityContext } from './context';
import { forbidden, OK, rule, type Check, type EventDefinition, type Refused } from './definition';
import type { EventOf, EventType, OpportunityEvent } from './events';
import { isIsoTimestamp } from './money';
import { FUNDING_POLICY, type FundingPolicy } from './policy';
import { isOpenPhase, type EventActor, type OpenPhase, type Phase, type Role } from './types';

/** Every event's definition, by type, in the order of DESIGN.md's table. */
export const EVENT_DEFINITIONS: { readonly [T in EventType]: EventDefinition<EventOf<T>> } = {
  ...PROFILE_EVENTS,
  ...CHECKLIST_EVENTS,
  ...BUSINESS_CASE_EVENTS,
  ...TAGS_EVENTS,
  ...WAVE_EVENTS,
  ...FUND_REQUEST_EVENTS,
  ...STACKING_EVENTS,
  ...CLAIM_EVENTS,
  ...ENDS_EVENTS,
};

/** The definition of an event's type. */
export function definitionOf(type: EventType): EventDefinition<OpportunityEvent> {
  return EVENT_DEFINITIONS[type];
}

/** The v1 event types, in the order of DESIGN.md's table. */
export const EVENT_TYPES: readonly EventType[] = eventTypes();

function eventTypes(): EventType[] {
  const types: EventType[] = [];
  for (const key in EVENT_DEFINITIONS) if (isEventType(key)) types.push(key);
  return types;
}

/** True when `s` names a v1 event type (the HTTP layer answers 400 otherwise). */
export function isEventType(s: string): s is EventType {
  return Object.hasOwn(EVENT_DEFINITIONS, s);
}

/** Role permission table: every event, the roles that may send it (DESIGN.md §1-2). Ops sends no lifecycle event. */
export const PERMISSIONS: Readonly<Record<EventType, readonly Role[]>> = Object.fromEntries(
  EVENT_TYPES.map((t) => [t, definitionOf(t).senders]),
) as Record<EventType, readonly Role[]>;

/** True when `role` may send events of `type`. */
export function maySend(role: Role, type: EventType): boolean {
  return definitionOf(type).senders.includes(role);
}

/** True when the actor's tier carries funding-submission rights under the policy. */
export function hasFundingRights(actor: EventActor, policy: FundingPolicy = FUNDING_POLICY): boolean {
  return actor.tier !== undefined && policy.fundingTiers.value.includes(actor.tier);
}

/** The events each open phase accepts: the machine's `on` maps, and what `decide` answers STATE against. */
export const EVENTS_BY_PHASE: Readonly<Record<OpenPhase, readonly EventType[]>> = {
  intake: acceptedIn('intake'),
  assess: acceptedIn('assess'),
  mobilize: acceptedIn('mobilize'),
  migrate: acceptedIn('migrate'),
  closeout: acceptedIn('closeout'),
};

function acceptedIn(phase: OpenPhase): EventType[] {
  return EVENT_TYPES.filter((t) => definitionOf(t).phases.includes(phase));
}

/**
 * Who may send this event on this opportunity: the role table, the actor's
 * org (the opportunity's partner or customer org) and, for funding
 * submissions, a tier with funding rights.
 */
export function authorize(
  ctx: OpportunityContext,
  event: OpportunityEvent,
  policy: FundingPolicy = FUNDING_POLICY,
): Check {
  const { actor } = event;
  const definition = definitionOf(event.type);
  if (!definition.senders.includes(actor.role)) return forbidden(`A ${actor.role} may not send ${event.type}.`);
  const org = actor.role === 'partner' ? ctx.partnerOrgId : ctx.customerOrgId;
  if (actor.orgId !== org) return forbidden(`Organisation ${actor.orgId} is not this opportunity's ${actor.role}.`);
  if (definition.fundingSubmission === true && !hasFundingRights(actor, policy)) {
    return forbidden(
      `Only ${policy.fundingTiers.value.join(' or ')} tier partners have MAP funding-submission rights; this partner is ${actor.tier ?? 'of no tier'}.`,
    );
  }
  return OK;
}

/** A refused step: the check that failed, with `STATE` for an event the phase does not accept. */
export type StepRefusal = Refused | { ok: false; code: 'STATE'; detail: string };

/** The outcome of one step: refused, or the phase it leads to, the next context and the actions. */
export type Step = StepRefusal | { ok: true; to: Phase; next: OpportunityContext; actions: DomainAction[] };

/**
 * One event on an opportunity in `phase`, checked and applied once. The
 * checks, in order: FORBIDDEN (role, org, funding tier), STATE (the phase
 * does not accept the event), RULE on a malformed `at`, then the event's own
 * check (GATE, RULE or INVALID). Accepted: the phase it leads to, the context
 * after it (seq bumped, `lastEventAt` stamped) and its domain actions
 * (`phaseChanged` and `opportunityEnded` first when the phase changes).
 */
export function step(
  ctx: OpportunityContext,
  phase: Phase,
  event: OpportunityEvent,
  policy: FundingPolicy = FUNDING_POLICY,
): Step {
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

interface PendingStep {
  ctx: OpportunityContext;
  phase: Phase;
  event: OpportunityEvent;
  policy: FundingPolicy;
  step: Step;
}

/** The step {@link withStep} is running, while it runs; null otherwise. */
let pending: PendingStep | null = null;

/**
 * The step of `event` on `ctx` in `phase`: inside {@link withStep} for the
 * very same objects, the step it computed; otherwise computed now. The
 * machine's guard, its `assign` and its action params call this.
 */
export function evaluate(
  ctx: OpportunityContext,
  phase: Phase,
  event: OpportunityEvent,
  policy: FundingPolicy = FUNDING_POLICY,
): Step {
  const p = pending;
  if (p !== null && p.ctx === ctx && p.event === event && p.phase === phase && p.policy === policy) return p.step;
  return step(ctx, phase, event, policy);
}

/**
 * Computes the step of `event` once and runs `run` with it; while `run` runs
 * (synchronously), {@link evaluate} answers that step for the same objects,
 * so `decide`, the machine's guard, its `assign` and its actions share one
 * check and one apply. Nothing is remembered after `run` returns, so a later
 * call, even with the same objects changed in place, computes afresh.
 */
export function withStep<T>(
  ctx: OpportunityContext,
  phase: Phase,
  event: OpportunityEvent,
  run: (step: Step) => T,
  policy: FundingPolicy = FUNDING_POLICY,
): T {
  const outer = pending;
  pending = { ctx, phase, event, policy, step: step(ctx, phase, event, policy) };
  try {
    return run(pending.step);
  } finally {
    pending = outer;
  }
}
