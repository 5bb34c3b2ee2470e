import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  ValidateBy,
  ValidateIf,
  ValidationArguments,
} from 'class-validator';
import {
  DISPOSITIONS,
  FUND_REQUEST_STAGES,
  isChecklistKey,
  isValidTagValue,
  TAG_SCHEMES,
  isTagScheme,
  isValidMapId,
  mapIdRule,
} from '@mapflow/workflow';
import type {
  ChecklistKey,
  Disposition,
  EventType,
  FundRequestStage,
  TagSchemeId,
  Tranche,
  WaveDecision,
  WaveKind,
} from '@mapflow/workflow';
import {
  CalendarDate,
  Cents,
  Domain,
  EvidenceDto,
  FundingRequestLineDto,
  IsTranche,
  nested,
  PartnerId,
  ProfileDto,
  ProjectedSpendDto,
  Text,
} from './common.dto';

const TAG_SCHEME_IDS = Object.keys(TAG_SCHEMES.schemes) as TagSchemeId[];
/** The tag value prefixes of every scheme, from the schemes' data. */
const TAG_VALUE_PREFIXES = [...new Set(Object.values(TAG_SCHEMES.schemes).flatMap((s) => s.valuePrefixes))];

/** The scheme a DTO names in `tagScheme`, when it names one. */
const schemeOf = (args?: ValidationArguments): TagSchemeId | undefined => {
  const scheme = (args?.object as { tagScheme?: unknown } | undefined)?.tagScheme;
  return isTagScheme(scheme) ? scheme : undefined;
};

/** `UPDATE_PROFILE` (partner): a subset of the triage fields, merged into the stored profile. */
export class UpdateProfileEventDto {
  @IsIn(['UPDATE_PROFILE']) type!: 'UPDATE_PROFILE';
  @nested(() => ProfileDto) profile!: ProfileDto;
}

/** `COMPLETE_CHECKLIST_ITEM` (partner): a checklist item with its evidence. */
export class CompleteChecklistItemEventDto {
  @IsIn(['COMPLETE_CHECKLIST_ITEM']) type!: 'COMPLETE_CHECKLIST_ITEM';
  /** @example "discovery_inventory" */
  @Domain(isChecklistKey, 'item must be a checklist key') item!: ChecklistKey;
  @nested(() => EvidenceDto) evidence!: EvidenceDto;
}

/** `REOPEN_CHECKLIST_ITEM` (partner). */
export class ReopenChecklistItemEventDto {
  @IsIn(['REOPEN_CHECKLIST_ITEM']) type!: 'REOPEN_CHECKLIST_ITEM';
  /** @example "tco_model" */
  @Domain(isChecklistKey, 'item must be a checklist key') item!: ChecklistKey;
  /** @example "The TCO model used last year's prices" */
  @Text() reason!: string;
}

/** The six-part MAP opportunity record (seed section V). */
export class MapRecordDto {
  /** @example "Heroku: 12 dynos, Heroku Postgres standard-4, Redis, 3 add-ons" */
  @Text(4000) sourceEnvironment!: string;
  /** @example "ECS on Fargate, Aurora PostgreSQL, ElastiCache, Control Tower landing zone" */
  @Text(4000) targetArchitecture!: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @nested(() => ProjectedSpendDto) projectedSpend!: ProjectedSpendDto[];
  /** @example "Pilot: status page; then API, workers, database" */
  @Text(4000) wavePlan!: string;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @nested(() => FundingRequestLineDto)
  fundingRequest!: FundingRequestLineDto[];
  /** @example "Landing zone, migration factory, three waves with rollback" */
  @Text(4000) deliveryScope!: string;
}

/** `ATTEST_MAP_RECORD` (partner): a re-attestation supersedes the last one. */
export class AttestMapRecordEventDto {
  @IsIn(['ATTEST_MAP_RECORD']) type!: 'ATTEST_MAP_RECORD';
  @nested(() => MapRecordDto) record!: MapRecordDto;
}

/** `APPROVE_BUSINESS_CASE` (customer). */
export class ApproveBusinessCaseEventDto {
  @IsIn(['APPROVE_BUSINESS_CASE']) type!: 'APPROVE_BUSINESS_CASE';
}

/** `REJECT_BUSINESS_CASE` (customer). */
export class RejectBusinessCaseEventDto {
  @IsIn(['REJECT_BUSINESS_CASE']) type!: 'REJECT_BUSINESS_CASE';
  /** @example "The TCO does not include support costs" */
  @Text() reason!: string;
}

/** `RECORD_MAP_AGREEMENT` (partner): the tag scheme and its ID (MPE ID or PRM ID). */
export class RecordMapAgreementEventDto {
  @IsIn(['RECORD_MAP_AGREEMENT']) type!: 'RECORD_MAP_AGREEMENT';
  /** @example "map-migrated" */
  @IsIn(TAG_SCHEME_IDS) tagScheme!: TagSchemeId;
  /** MPE ID (map-migrated: 5 digits or 10 uppercase alphanumerics) or PRM ID (aws-apn-id). @example "12345" */
  @ValidateBy({
    name: 'mpeIdFitsScheme',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const scheme = schemeOf(args);
        return typeof value === 'string' && scheme !== undefined && isValidMapId(scheme, value);
      },
      // Words from the tag schemes' data: the named scheme's ID, or every scheme's.
      defaultMessage: (args?: ValidationArguments) => mapIdRule(schemeOf(args)),
    },
  })
  mpeId!: string;
  /** @example "2026-11-02" */
  @CalendarDate() signedOn!: string;
}

export class WaveApplicationDto {
  /** @example "billing-api" */
  @Text(200) name!: string;
  /** @example "rehost" */
  @IsIn(DISPOSITIONS) disposition!: Disposition;
  /**
   * Tag value, e.g. mig12345; required unless the disposition is retire or retain. Its ID is checked
   * against the opportunity's tag scheme when the wave is planned (malformed: 400; another ID: 409).
   * @example "mig12345"
   */
  @IsOptional()
  @Domain(
    isValidTagValue,
    `expectedTagValue must be a MAP tag value: one of ${TAG_VALUE_PREFIXES.join(', ')} followed by the agreement's ID`,
  )
  expectedTagValue?: string;
}

/** `PLAN_WAVE` (partner): plans a wave, or re-plans one that has not started. */
export class PlanWaveEventDto {
  @IsIn(['PLAN_WAVE']) type!: 'PLAN_WAVE';
  /** @example "pilot-1" */
  @PartnerId() waveId!: string;
  /** @example "pilot" */
  @IsIn(['pilot', 'production']) kind!: WaveKind;
  /** @example "Status page" */
  @Text(200) name!: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @nested(() => WaveApplicationDto) applications!: WaveApplicationDto[];
  /** @example "DNS back to Heroku within 5 minutes" */
  @Text() rollbackPlan!: string;
}

class WaveEventDto {
  /** @example "pilot-1" */
  @PartnerId() waveId!: string;
}

/** `REQUEST_WAVE_DECISION` (partner). */
export class RequestWaveDecisionEventDto extends WaveEventDto {
  @IsIn(['REQUEST_WAVE_DECISION']) type!: 'REQUEST_WAVE_DECISION';
}

/** `DECIDE_WAVE` (customer): go or no_go (with a reason). */
export class DecideWaveEventDto extends WaveEventDto {
  @IsIn(['DECIDE_WAVE']) type!: 'DECIDE_WAVE';
  /** @example "go" */
  @IsIn(['go', 'no_go']) decision!: WaveDecision;
  /** Required for no_go. @example "Not during the quarter close" */
  @ValidateIf((dto: DecideWaveEventDto) => dto.decision === 'no_go' || dto.reason !== undefined)
  @Text()
  reason?: string;
}

/** `START_WAVE` (partner). */
export class StartWaveEventDto extends WaveEventDto {
  @IsIn(['START_WAVE']) type!: 'START_WAVE';
}

/** `CUT_OVER_WAVE` (partner). */
export class CutOverWaveEventDto extends WaveEventDto {
  @IsIn(['CUT_OVER_WAVE']) type!: 'CUT_OVER_WAVE';
}

/** `VALIDATE_WAVE` (partner). */
export class ValidateWaveEventDto extends WaveEventDto {
  @IsIn(['VALIDATE_WAVE']) type!: 'VALIDATE_WAVE';
}

/** `ROLL_BACK_WAVE` (partner). */
export class RollBackWaveEventDto extends WaveEventDto {
  @IsIn(['ROLL_BACK_WAVE']) type!: 'ROLL_BACK_WAVE';
  /** @example "Latency doubled after cutover" */
  @Text() reason!: string;
}

/** `CANCEL_WAVE` (partner): ends a wave that never started. */
export class CancelWaveEventDto extends WaveEventDto {
  @IsIn(['CANCEL_WAVE']) type!: 'CANCEL_WAVE';
  /** @example "Folded into wave 3" */
  @Text() reason!: string;
}

/** `FILE_FUND_REQUEST` (advanced or premier partner). */
export class FileFundRequestEventDto {
  @IsIn(['FILE_FUND_REQUEST']) type!: 'FILE_FUND_REQUEST';
  /** @example "mobilize_partner_funding" */
  @IsTranche() tranche!: Tranche;
  /** @example "cash" */
  @IsIn(['cash', 'credits']) fundingType!: 'cash' | 'credits';
  /** @example 3000000 */
  @Cents() amountCents!: number;
  /** @example "2027-03-31" */
  @CalendarDate() projectEndDate!: string;
  /** Workloads this request funds (stacking is checked against them). @example ["monolith"] */
  @IsArray()
  @ArrayMaxSize(200)
  @Text(200, { each: true })
  workloads!: string[];
}

/** `RECORD_FUND_REQUEST_STAGE` (partner): stages only move forward. */
export class RecordFundRequestStageEventDto {
  @IsIn(['RECORD_FUND_REQUEST_STAGE']) type!: 'RECORD_FUND_REQUEST_STAGE';
  /** @example "mobilize_partner_funding" */
  @IsTranche() tranche!: Tranche;
  /** @example "business_approval" */
  @IsIn(FUND_REQUEST_STAGES) stage!: FundRequestStage;
}

/** `RECORD_ACTIVATE_WORKLOAD` (partner): a net-new workload funded by Activate. */
export class RecordActivateWorkloadEventDto {
  @IsIn(['RECORD_ACTIVATE_WORKLOAD']) type!: 'RECORD_ACTIVATE_WORKLOAD';
  /** @example "genai-assistant" */
  @Text(200) workload!: string;
  /** @example 10000000 */
  @Cents() amountCents!: number;
}

class ClaimEventDto {
  /** @example "mobilize_partner_funding" */
  @IsTranche() tranche!: Tranche;
  /** @example "m1" */
  @PartnerId() claimId!: string;
}

/** `PREPARE_CLAIM` (partner): a milestone claim with its evidence. */
export class PrepareClaimEventDto extends ClaimEventDto {
  @IsIn(['PREPARE_CLAIM']) type!: 'PREPARE_CLAIM';
  /** @example 1500000 */
  @Cents() amountCents!: number;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @nested(() => EvidenceDto) evidence!: EvidenceDto[];
}

/** `SIGN_OFF_CLAIM` (customer): proof of execution. */
export class SignOffClaimEventDto extends ClaimEventDto {
  @IsIn(['SIGN_OFF_CLAIM']) type!: 'SIGN_OFF_CLAIM';
}

/** `SUBMIT_CLAIM` (partner): only in cash_claim and before the due date. */
export class SubmitClaimEventDto extends ClaimEventDto {
  @IsIn(['SUBMIT_CLAIM']) type!: 'SUBMIT_CLAIM';
}

/** `RECORD_CLAIM_OUTCOME` (partner): AWS's outcome. */
export class RecordClaimOutcomeEventDto extends ClaimEventDto {
  @IsIn(['RECORD_CLAIM_OUTCOME']) type!: 'RECORD_CLAIM_OUTCOME';
  /** @example "approved" */
  @IsIn(['approved', 'downgraded', 'rejected']) outcome!: 'approved' | 'downgraded' | 'rejected';
  /** @example 1500000 */
  @Cents() approvedCents!: number;
}

/** `RECORD_PAYMENT` (partner). */
export class RecordPaymentEventDto extends ClaimEventDto {
  @IsIn(['RECORD_PAYMENT']) type!: 'RECORD_PAYMENT';
}

/** `RECORD_RUN_RATE` (partner): the actual monthly run-rate after landing. */
export class RecordRunRateEventDto {
  @IsIn(['RECORD_RUN_RATE']) type!: 'RECORD_RUN_RATE';
  /** @example 620000 */
  @Cents() monthlyCents!: number;
}

/** `ADVANCE` (partner): to the next phase, when its gate holds. */
export class AdvanceEventDto {
  @IsIn(['ADVANCE']) type!: 'ADVANCE';
}

/** `WITHDRAW` (partner). */
export class WithdrawEventDto {
  @IsIn(['WITHDRAW']) type!: 'WITHDRAW';
  /** @example "Customer chose to stay on Heroku" */
  @Text() reason!: string;
}

/** Any one validated event body. */
export type OpportunityEventDto =
  | UpdateProfileEventDto
  | CompleteChecklistItemEventDto
  | ReopenChecklistItemEventDto
  | AttestMapRecordEventDto
  | ApproveBusinessCaseEventDto
  | RejectBusinessCaseEventDto
  | RecordMapAgreementEventDto
  | PlanWaveEventDto
  | RequestWaveDecisionEventDto
  | DecideWaveEventDto
  | StartWaveEventDto
  | CutOverWaveEventDto
  | ValidateWaveEventDto
  | RollBackWaveEventDto
  | CancelWaveEventDto
  | FileFundRequestEventDto
  | RecordFundRequestStageEventDto
  | RecordActivateWorkloadEventDto
  | PrepareClaimEventDto
  | SignOffClaimEventDto
  | SubmitClaimEventDto
  | RecordClaimOutcomeEventDto
  | RecordPaymentEventDto
  | RecordRunRateEventDto
  | AdvanceEventDto
  | WithdrawEventDto;

/** One validated DTO class per event type of the v1 vocabulary. */
export const EVENT_DTOS: { [K in EventType]: new () => Extract<OpportunityEventDto, { type: K }> } = {
  UPDATE_PROFILE: UpdateProfileEventDto,
  COMPLETE_CHECKLIST_ITEM: CompleteChecklistItemEventDto,
  REOPEN_CHECKLIST_ITEM: ReopenChecklistItemEventDto,
  ATTEST_MAP_RECORD: AttestMapRecordEventDto,
  APPROVE_BUSINESS_CASE: ApproveBusinessCaseEventDto,
  REJECT_BUSINESS_CASE: RejectBusinessCaseEventDto,
  RECORD_MAP_AGREEMENT: RecordMapAgreementEventDto,
  PLAN_WAVE: PlanWaveEventDto,
  REQUEST_WAVE_DECISION: RequestWaveDecisionEventDto,
  DECIDE_WAVE: DecideWaveEventDto,
  START_WAVE: StartWaveEventDto,
  CUT_OVER_WAVE: CutOverWaveEventDto,
  VALIDATE_WAVE: ValidateWaveEventDto,
  ROLL_BACK_WAVE: RollBackWaveEventDto,
  CANCEL_WAVE: CancelWaveEventDto,
  FILE_FUND_REQUEST: FileFundRequestEventDto,
  RECORD_FUND_REQUEST_STAGE: RecordFundRequestStageEventDto,
  RECORD_ACTIVATE_WORKLOAD: RecordActivateWorkloadEventDto,
  PREPARE_CLAIM: PrepareClaimEventDto,
  SIGN_OFF_CLAIM: SignOffClaimEventDto,
  SUBMIT_CLAIM: SubmitClaimEventDto,
  RECORD_CLAIM_OUTCOME: RecordClaimOutcomeEventDto,
  RECORD_PAYMENT: RecordPaymentEventDto,
  RECORD_RUN_RATE: RecordRunRateEventDto,
  ADVANCE: AdvanceEventDto,
  WITHDRAW: WithdrawEventDto,
};
