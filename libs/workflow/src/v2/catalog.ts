/**
 * Machine version 2's catalog (design/funding-v2.md): every event's
 * definition, joined from version 2's concept files (v2/concepts/*.ts), which
 * keep version 1's definitions where the rule did not change (kept.ts), and
 * what catalog-builder.ts builds from them, with the same code as version 1.
 */
import { buildCatalog } from '../catalog-builder';
import { CHECKLIST_EVENTS } from '../concepts/checklist';
import { STACKING_EVENTS } from '../concepts/stacking';
import { TAGS_EVENTS } from '../concepts/tags';
import type { EventDefinition } from '../definition';
import type { OpenPhase } from '../types';
import { ACE_EVENTS } from './concepts/ace';
import { BUSINESS_CASE_EVENTS_2 } from './concepts/business-case';
import { CLAIM_EVENTS_2 } from './concepts/claims';
import { CREDITS_EVENTS } from './concepts/credits';
import { ENDS_EVENTS_2 } from './concepts/ends';
import { FUND_REQUEST_EVENTS_2 } from './concepts/fund-requests';
import { PLAN_TERMINATION_EVENTS } from './concepts/plan-termination';
import { PROFILE_EVENTS_2 } from './concepts/profile';
import { TAGS_APPLIED_EVENTS } from './concepts/tags-applied';
import { WAVE_EVENTS_2 } from './concepts/waves';
import type { OpportunityContext2 } from './context';
import type { EventOf2, EventType2, OpportunityEvent2 } from './events';
import { keep } from './kept';
import { FUNDING_POLICY_2027, type FundingPolicy2027 } from './policy';

/** Every event's definition, by type: version 1's table order, then what version 2 adds, in the design file's order. */
export const EVENT_DEFINITIONS_2: {
  readonly [T in EventType2]: EventDefinition<EventOf2<T>, OpportunityContext2, FundingPolicy2027>;
} = {
  ...PROFILE_EVENTS_2,
  COMPLETE_CHECKLIST_ITEM: keep(CHECKLIST_EVENTS.COMPLETE_CHECKLIST_ITEM),
  REOPEN_CHECKLIST_ITEM: keep(CHECKLIST_EVENTS.REOPEN_CHECKLIST_ITEM),
  ...BUSINESS_CASE_EVENTS_2,
  RECORD_MAP_AGREEMENT: keep(TAGS_EVENTS.RECORD_MAP_AGREEMENT),
  ...WAVE_EVENTS_2,
  ...FUND_REQUEST_EVENTS_2,
  RECORD_ACTIVATE_WORKLOAD: keep(STACKING_EVENTS.RECORD_ACTIVATE_WORKLOAD),
  ...CLAIM_EVENTS_2,
  ...ENDS_EVENTS_2,
  ...CREDITS_EVENTS,
  ...TAGS_APPLIED_EVENTS,
  ...ACE_EVENTS,
  ...PLAN_TERMINATION_EVENTS,
};

/** Version 2's catalog, as the machine builder takes it. */
export const CATALOG_2 = buildCatalog<OpportunityContext2, OpportunityEvent2, FundingPolicy2027>(
  EVENT_DEFINITIONS_2,
  FUNDING_POLICY_2027,
);

/** The version-2 event types, in the catalog's order. */
export const EVENT_TYPES_2: readonly EventType2[] = CATALOG_2.eventTypes;

/** The events each open phase accepts in version 2. */
export const EVENTS_BY_PHASE_2: Readonly<Record<OpenPhase, readonly EventType2[]>> = CATALOG_2.eventsByPhase;
