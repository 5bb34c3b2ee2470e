/**
 * The v1 event vocabulary (DESIGN.md section 2). These names and fields are
 * the public language of the machine: add fields and events, never rename.
 * Each event's type is declared with its definition, in its concept's file
 * (concepts/*.ts); this union joins the concepts' unions, so a new event
 * of an existing concept changes nothing here.
 */
import type { BusinessCaseEvent } from './concepts/business-case';
import type { ChecklistEvent } from './concepts/checklist';
import type { ClaimEvent } from './concepts/claims';
import type { EndsEvent } from './concepts/ends';
import type { FundRequestEvent } from './concepts/fund-requests';
import type { ProfileEvent } from './concepts/profile';
import type { StackingEvent } from './concepts/stacking';
import type { TagsEvent } from './concepts/tags';
import type { WaveEvent } from './concepts/waves';

export type { EventMeta } from './definition';

/** Every event the opportunity machine accepts, discriminated by `type`. */
export type OpportunityEvent =
  | ProfileEvent
  | ChecklistEvent
  | BusinessCaseEvent
  | TagsEvent
  | WaveEvent
  | FundRequestEvent
  | StackingEvent
  | ClaimEvent
  | EndsEvent;

/** The v1 event types. */
export type EventType = OpportunityEvent['type'];

/** The event of a given type. */
export type EventOf<T extends EventType> = Extract<OpportunityEvent, { type: T }>;
