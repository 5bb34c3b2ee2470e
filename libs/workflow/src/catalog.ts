/**
 * Machine version 1's catalog: every event's definition, joined from the
 * concept files, and what catalog-builder.ts builds from them: the list of
 * event types, the permission table, the events each phase accepts, and the
 * one step that checks and applies an event (the machine's guards and
 * actions, and `decide`'s refusals, all read it). In the domain, adding an
 * event touches its concept's file only (libs/workflow/README.md lists the
 * API's two files besides).
 */
import { buildCatalog } from './catalog-builder';
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
import type { EventDefinition } from './definition';
import type { EventOf, EventType, OpportunityEvent } from './events';
import { FUNDING_POLICY, type FundingPolicy } from './policy';
import type { ActorRole, OpenPhase, Role } from './types';

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
export const CATALOG = buildCatalog<OpportunityContext, OpportunityEvent, FundingPolicy>(
  EVENT_DEFINITIONS,
  FUNDING_POLICY,
);

/** Version 1's catalog, piece by piece (the functions take policy `2026.1` unless given another). */
export const { definitionOf, isEventType, hasFundingRights, authorize, step, evaluate, withStep } = CATALOG;

/** The v1 event types, in the order of DESIGN.md's table. */
export const EVENT_TYPES: readonly EventType[] = CATALOG.eventTypes;

/** Role permission table: every event, the roles that may send it (DESIGN.md §1-2). Ops sends no lifecycle event. */
export const PERMISSIONS: Readonly<Record<EventType, readonly ActorRole[]>> = CATALOG.permissions;

/** The events each open phase accepts: the machine's `on` maps, and what `decide` answers STATE against. */
export const EVENTS_BY_PHASE: Readonly<Record<OpenPhase, readonly EventType[]>> = CATALOG.eventsByPhase;

/** True when `role` may send events of `type`. */
export function maySend(role: Role, type: EventType): boolean {
  return PERMISSIONS[type].includes(role);
}
