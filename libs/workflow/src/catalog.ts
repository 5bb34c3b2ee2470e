/**
 * Machine version 1's catalog: every event's definition, joined from the
 * concept files, and what catalog-builder.ts builds from them: the list of
 * event types, the permission table, the events each phase accepts, and the
 * one step that checks and applies an event (the machine's guards and
 * actions, and `decide`'s refusals, all read it). In the domain, adding an
 * event touches its concept's file only (libs/workflow/README.md lists the
 * API's two files besides).
 */
import { buildCatalog, type Step } from './catalog-builder';
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
import type { Check, EventDefinition } from './definition';
import type { EventOf, EventType, OpportunityEvent } from './events';
import { FUNDING_POLICY, type FundingPolicy } from './policy';
import type { EventActor, OpenPhase, Phase, Role } from './types';

export type { Step, StepRefusal } from './catalog-builder';

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

/** Version 1's catalog, as the machine builder takes it. */
export const CATALOG = buildCatalog<OpportunityContext, OpportunityEvent, FundingPolicy>(EVENT_DEFINITIONS);
const V1 = CATALOG;

/** The definition of an event's type. */
export function definitionOf(type: EventType): EventDefinition<OpportunityEvent> {
  return V1.definitionOf(type);
}

/** The v1 event types, in the order of DESIGN.md's table. */
export const EVENT_TYPES: readonly EventType[] = V1.eventTypes;

/** True when `s` names a v1 event type (the HTTP layer answers 400 otherwise). */
export function isEventType(s: string): s is EventType {
  return V1.isEventType(s);
}

/** Role permission table: every event, the roles that may send it (DESIGN.md §1-2). Ops sends no lifecycle event. */
export const PERMISSIONS: Readonly<Record<EventType, readonly Role[]>> = V1.permissions;

/** True when `role` may send events of `type`. */
export function maySend(role: Role, type: EventType): boolean {
  return PERMISSIONS[type].includes(role);
}

/** True when the actor's tier carries funding-submission rights under the policy. */
export function hasFundingRights(actor: EventActor, policy: FundingPolicy = FUNDING_POLICY): boolean {
  return actor.tier !== undefined && policy.fundingTiers.value.includes(actor.tier);
}

/** The events each open phase accepts: the machine's `on` maps, and what `decide` answers STATE against. */
export const EVENTS_BY_PHASE: Readonly<Record<OpenPhase, readonly EventType[]>> = V1.eventsByPhase;

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
  return V1.authorize(ctx, event, policy);
}

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
): Step<OpportunityContext> {
  return V1.step(ctx, phase, event, policy);
}

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
): Step<OpportunityContext> {
  return V1.evaluate(ctx, phase, event, policy);
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
  run: (step: Step<OpportunityContext>) => T,
  policy: FundingPolicy = FUNDING_POLICY,
): T {
  return V1.withStep(ctx, phase, event, run, policy);
}
