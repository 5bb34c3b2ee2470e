/**
 * The v1 event vocabulary (DESIGN.md section 2). These names and fields are
 * the public language of the machine: add fields and events, never rename.
 */
import type {
  ClaimOutcome,
  CustomerFundedWorkloads,
  EventActor,
  Evidence,
  FundingType,
  FundRequestStage,
  MapRecord,
  Profile,
  TagSchemeId,
  Tranche,
  WaveApplication,
  WaveDecision,
  WaveKind,
} from './types';
import type { ChecklistKey } from './checklists';

/** The v1 event types, in the order of DESIGN.md's table. */
export const EVENT_TYPES = [
  'UPDATE_PROFILE',
  'COMPLETE_CHECKLIST_ITEM',
  'REOPEN_CHECKLIST_ITEM',
  'ATTEST_MAP_RECORD',
  'APPROVE_BUSINESS_CASE',
  'REJECT_BUSINESS_CASE',
  'RECORD_MAP_AGREEMENT',
  'PLAN_WAVE',
  'REQUEST_WAVE_DECISION',
  'DECIDE_WAVE',
  'START_WAVE',
  'CUT_OVER_WAVE',
  'VALIDATE_WAVE',
  'ROLL_BACK_WAVE',
  'CANCEL_WAVE',
  'FILE_FUND_REQUEST',
  'RECORD_FUND_REQUEST_STAGE',
  'RECORD_ACTIVATE_WORKLOAD',
  'PREPARE_CLAIM',
  'SIGN_OFF_CLAIM',
  'SUBMIT_CLAIM',
  'RECORD_CLAIM_OUTCOME',
  'RECORD_PAYMENT',
  'RECORD_RUN_RATE',
  'ADVANCE',
  'WITHDRAW',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** Added by the server to every event: the server's time (ISO 8601) and the caller. */
export interface EventMeta {
  at: string;
  actor: EventActor;
}

type Ev<T extends EventType, P = object> = { type: T } & EventMeta & P;

export type UpdateProfileEvent = Ev<'UPDATE_PROFILE', { profile: Partial<Profile> }>;
export type CompleteChecklistItemEvent = Ev<'COMPLETE_CHECKLIST_ITEM', { item: ChecklistKey; evidence: Evidence }>;
export type ReopenChecklistItemEvent = Ev<'REOPEN_CHECKLIST_ITEM', { item: ChecklistKey; reason: string }>;
export type AttestMapRecordEvent = Ev<'ATTEST_MAP_RECORD', { record: MapRecord }>;
export type ApproveBusinessCaseEvent = Ev<'APPROVE_BUSINESS_CASE'>;
export type RejectBusinessCaseEvent = Ev<'REJECT_BUSINESS_CASE', { reason: string }>;
export type RecordMapAgreementEvent = Ev<
  'RECORD_MAP_AGREEMENT',
  { tagScheme: TagSchemeId; mpeId: string; signedOn: string }
>;
export type PlanWaveEvent = Ev<
  'PLAN_WAVE',
  { waveId: string; kind: WaveKind; name: string; applications: WaveApplication[]; rollbackPlan: string }
>;
export type RequestWaveDecisionEvent = Ev<'REQUEST_WAVE_DECISION', { waveId: string }>;
export type DecideWaveEvent = Ev<'DECIDE_WAVE', { waveId: string; decision: WaveDecision; reason?: string }>;
export type StartWaveEvent = Ev<'START_WAVE', { waveId: string }>;
export type CutOverWaveEvent = Ev<'CUT_OVER_WAVE', { waveId: string }>;
export type ValidateWaveEvent = Ev<'VALIDATE_WAVE', { waveId: string }>;
export type RollBackWaveEvent = Ev<'ROLL_BACK_WAVE', { waveId: string; reason: string }>;
export type CancelWaveEvent = Ev<'CANCEL_WAVE', { waveId: string; reason: string }>;
export type FileFundRequestEvent = Ev<
  'FILE_FUND_REQUEST',
  {
    tranche: Tranche;
    fundingType: FundingType;
    amountCents: number;
    /** Calendar date `YYYY-MM-DD`. */
    projectEndDate: string;
    workloads: string[];
    customerFundedWorkloads: CustomerFundedWorkloads;
  }
>;
export type RecordFundRequestStageEvent = Ev<
  'RECORD_FUND_REQUEST_STAGE',
  { tranche: Tranche; stage: FundRequestStage }
>;
export type RecordActivateWorkloadEvent = Ev<
  'RECORD_ACTIVATE_WORKLOAD',
  { workload: string; amountCents: number; customerFundedWorkloads: CustomerFundedWorkloads }
>;
export type PrepareClaimEvent = Ev<
  'PREPARE_CLAIM',
  { tranche: Tranche; claimId: string; amountCents: number; evidence: Evidence[] }
>;
export type SignOffClaimEvent = Ev<'SIGN_OFF_CLAIM', { tranche: Tranche; claimId: string }>;
export type SubmitClaimEvent = Ev<'SUBMIT_CLAIM', { tranche: Tranche; claimId: string }>;
export type RecordClaimOutcomeEvent = Ev<
  'RECORD_CLAIM_OUTCOME',
  { tranche: Tranche; claimId: string; outcome: ClaimOutcome; approvedCents: number }
>;
export type RecordPaymentEvent = Ev<'RECORD_PAYMENT', { tranche: Tranche; claimId: string }>;
export type RecordRunRateEvent = Ev<'RECORD_RUN_RATE', { monthlyCents: number }>;
export type AdvanceEvent = Ev<'ADVANCE'>;
export type WithdrawEvent = Ev<'WITHDRAW', { reason: string }>;

/** Every event the opportunity machine accepts, discriminated by `type`. */
export type OpportunityEvent =
  | UpdateProfileEvent
  | CompleteChecklistItemEvent
  | ReopenChecklistItemEvent
  | AttestMapRecordEvent
  | ApproveBusinessCaseEvent
  | RejectBusinessCaseEvent
  | RecordMapAgreementEvent
  | PlanWaveEvent
  | RequestWaveDecisionEvent
  | DecideWaveEvent
  | StartWaveEvent
  | CutOverWaveEvent
  | ValidateWaveEvent
  | RollBackWaveEvent
  | CancelWaveEvent
  | FileFundRequestEvent
  | RecordFundRequestStageEvent
  | RecordActivateWorkloadEvent
  | PrepareClaimEvent
  | SignOffClaimEvent
  | SubmitClaimEvent
  | RecordClaimOutcomeEvent
  | RecordPaymentEvent
  | RecordRunRateEvent
  | AdvanceEvent
  | WithdrawEvent;

/** The event of a given type. */
export type EventOf<T extends EventType> = Extract<OpportunityEvent, { type: T }>;

/** True when `s` names a v1 event type (the HTTP layer answers 400 otherwise). */
export function isEventType(s: string): s is EventType {
  return (EVENT_TYPES as readonly string[]).includes(s);
}
