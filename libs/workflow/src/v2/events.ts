/**
 * The version-2 event vocabulary (design/funding-v2.md, "Events added or
 * changed in version 2"): version 1's events, with the fund-request, claim
 * and profile events version 2 changed, and the events it adds. Each type is
 * declared with its definition, in its concept's file.
 */
import type { BusinessCaseEvent } from '../concepts/business-case';
import type { ChecklistEvent } from '../concepts/checklist';
import type { RecordClaimOutcomeEvent, SignOffClaimEvent, SubmitClaimEvent } from '../concepts/claims';
import type { EndsEvent } from '../concepts/ends';
import type { StackingEvent } from '../concepts/stacking';
import type { TagsEvent } from '../concepts/tags';
import type { WaveEvent } from '../concepts/waves';
import type { AceEvent } from './concepts/ace';
import type { PrepareClaimEvent2, RecordPaymentEvent2 } from './concepts/claims';
import type { CreditsEvent } from './concepts/credits';
import type { FundRequestEvent2 } from './concepts/fund-requests';
import type { RecordPlanTerminationEvent } from './concepts/plan-termination';
import type { UpdateProfileEvent2 } from './concepts/profile';
import type { RecordTagsAppliedEvent } from './concepts/tags-applied';

/** Every event machine version 2 accepts, discriminated by `type`. */
export type OpportunityEvent2 =
  | UpdateProfileEvent2
  | ChecklistEvent
  | BusinessCaseEvent
  | TagsEvent
  | WaveEvent
  | FundRequestEvent2
  | StackingEvent
  | PrepareClaimEvent2
  | SignOffClaimEvent
  | SubmitClaimEvent
  | RecordClaimOutcomeEvent
  | RecordPaymentEvent2
  | EndsEvent
  | CreditsEvent
  | RecordTagsAppliedEvent
  | AceEvent
  | RecordPlanTerminationEvent;

export type EventType2 = OpportunityEvent2['type'];

export type EventOf2<T extends EventType2> = Extract<OpportunityEvent2, { type: T }>;
