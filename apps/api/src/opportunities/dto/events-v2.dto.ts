/**
 * The HTTP bodies of machine version 2's events (design/funding-v2.md, "Events added or changed
 * in version 2"): a class per event whose payload version 2 changed (`...V2Dto`) or added, and
 * {@link EVENT_DTOS_2}, version 2's class for every type (version 1's where the payload is the
 * same). The formats are the ones the version-2 definitions check (libs/workflow/src/v2/concepts),
 * checked here so that a malformed field is a 400 listing it, not a 409 further in.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  ValidateBy,
} from 'class-validator';
import {
  ACE_INDUSTRIES,
  ACE_OPPORTUNITY_ID,
  ACE_REVIEW_STATUSES,
  ACE_STAGES,
  CASH_TRANCHES,
  CLAIM_EVIDENCE_KINDS,
  COUNTRY_CODE,
  DATE_RANGE,
  isAcceptedDate,
  isIsoTimestamp,
  isQuarter,
  quarterStartDate,
  RECORDED_STAGES,
} from '@mapflow/workflow';
import type {
  AceReviewStatus,
  AceStage,
  CashTranche,
  ClaimEvidenceKind,
  EventType2,
  RecordedStage,
} from '@mapflow/workflow';
import { CalendarDate, Cents, EvidenceDto, nested, PartnerId, ProfileDto, Text } from './common.dto';
import {
  AdvanceEventDto,
  ApproveBusinessCaseEventDto,
  AttestMapRecordEventDto,
  CancelWaveEventDto,
  CompleteChecklistItemEventDto,
  CutOverWaveEventDto,
  DecideWaveEventDto,
  PlanWaveEventDto,
  RecordActivateWorkloadEventDto,
  RecordClaimOutcomeEventDto,
  RecordMapAgreementEventDto,
  RecordRunRateEventDto,
  RejectBusinessCaseEventDto,
  ReopenChecklistItemEventDto,
  RequestWaveDecisionEventDto,
  RollBackWaveEventDto,
  SignOffClaimEventDto,
  StartWaveEventDto,
  SubmitClaimEventDto,
  ValidateWaveEventDto,
  WithdrawEventDto,
} from './events.dto';

/** The event types whose body version 2 changed (five) or added (eight), in the design file's order. */
export const V2_BODY_TYPES = [
  'UPDATE_PROFILE',
  'FILE_FUND_REQUEST',
  'RECORD_FUND_REQUEST_STAGE',
  'PREPARE_CLAIM',
  'RECORD_PAYMENT',
  'RECORD_FUND_REQUEST_REJECTION',
  'RESUBMIT_FUND_REQUEST',
  'RECORD_TAGGED_SPEND',
  'RECORD_CREDITS_ISSUED',
  'RECORD_TAGS_APPLIED',
  'RECORD_ACE_OPPORTUNITY',
  'SUBMIT_TO_ACE',
  'RECORD_PLAN_TERMINATION',
] as const satisfies readonly EventType2[];
export type V2BodyType = (typeof V2_BODY_TYPES)[number];

/** RFC 3339: a date, a time and an offset (`Z` or `+hh:mm`). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** True for an RFC 3339 timestamp the domain reads as one, dated within the accepted dates. */
function isAcceptedTimestamp(value: unknown): value is string {
  return (
    typeof value === 'string' && RFC3339.test(value) && isIsoTimestamp(value) && isAcceptedDate(value.slice(0, 10))
  );
}

/** An instant, e.g. when tags went on or when ACE last modified its record. */
const Timestamp = (): PropertyDecorator => (target, key) => {
  const rule = `${String(key)} must be an RFC 3339 timestamp with a time and an offset (e.g. 2027-02-01T09:30:00Z), dated from ${DATE_RANGE.from} to ${DATE_RANGE.to}`;
  ApiProperty({ type: String, format: 'date-time', description: rule })(target, key);
  ValidateBy({ name: 'acceptedTimestamp', validator: { validate: isAcceptedTimestamp, defaultMessage: () => rule } })(
    target,
    key,
  );
};

/** `YYYY-Qn` pattern, for /docs. */
const QUARTER_PATTERN = '^\\d{4}-Q[1-4]$';

/** True for a calendar quarter `YYYY-Qn` (the domain's `isQuarter`) whose first day is an accepted date. */
function isAcceptedQuarter(value: unknown): value is string {
  return isQuarter(value) && isAcceptedDate(quarterStartDate(value));
}

/** A calendar quarter, `YYYY-Qn`. */
const Quarter = (): PropertyDecorator => (target, key) => {
  const rule = `${String(key)} must be a calendar quarter YYYY-Qn, n from 1 to 4, from ${DATE_RANGE.from.slice(0, 4)}-Q1 to ${DATE_RANGE.to.slice(0, 4)}-Q4`;
  ApiProperty({ type: String, pattern: QUARTER_PATTERN, description: rule })(target, key);
  ValidateBy({ name: 'acceptedQuarter', validator: { validate: isAcceptedQuarter, defaultMessage: () => rule } })(
    target,
    key,
  );
};

/** A partner-cash tranche: version 2 files fund requests for cash only (credits are the customer's ledger). */
const IsCashTranche = (): PropertyDecorator => IsIn(CASH_TRANCHES);

/** A customer's address, as ACE records it. */
export class CustomerAddressDto {
  /** @example "Austin" */
  @Text(255) city!: string;
  /** @example "78701" */
  @Text(20) postalCode!: string;
  /** @example "Texas" */
  @IsOptional()
  @Text(255)
  stateOrRegion?: string;
  /** ISO 3166 alpha-2. @example "US" */
  @IsString()
  @Matches(COUNTRY_CODE, { message: 'countryCode must be an ISO 3166 alpha-2 code such as US' })
  @ApiProperty({ pattern: COUNTRY_CODE.source })
  countryCode!: string;
}

/** Version 2's profile: version 1's triage fields and the optional fields ACE needs (not part of profile_complete). */
export class ProfileV2Dto extends ProfileDto {
  /** The customer's website, http(s). @example "https://acme.example" */
  @IsOptional()
  @Text(255)
  @Matches(/^https?:\/\/\S+$/, { message: 'customerWebsite must be an http(s) address' })
  @ApiPropertyOptional({ pattern: '^https?://\\S+$' })
  customerWebsite?: string;

  /** ACE's industry, exactly. @example "Software and Internet" */
  @IsOptional()
  @IsIn(ACE_INDUSTRIES)
  industry?: (typeof ACE_INDUSTRIES)[number];

  @nested(() => CustomerAddressDto, { optional: true })
  customerAddress?: CustomerAddressDto;
}

/** `UPDATE_PROFILE` (partner), version 2: also the ACE fields. */
export class UpdateProfileEventV2Dto {
  @IsIn(['UPDATE_PROFILE']) type!: 'UPDATE_PROFILE';
  @nested(() => ProfileV2Dto) profile!: ProfileV2Dto;
}

/** `FILE_FUND_REQUEST` (advanced or premier partner), version 2: partner cash, with the project's dates. */
export class FileFundRequestEventV2Dto {
  @IsIn(['FILE_FUND_REQUEST']) type!: 'FILE_FUND_REQUEST';
  /** @example "mobilize_partner_funding" */
  @IsCashTranche() tranche!: CashTranche;
  /** @example 3000000 */
  @Cents() amountCents!: number;
  /** At least the policy's lead days after filing (14 in policy 2027.1). @example "2027-02-01" */
  @CalendarDate() projectStartDate!: string;
  /** After the start date. @example "2027-06-30" */
  @CalendarDate() projectEndDate!: string;
  /** Workloads this request funds (stacking is checked against them). @example ["monolith"] */
  @IsArray()
  @ArrayMaxSize(200)
  @Text(200, { each: true })
  workloads!: string[];
}

/** `RECORD_FUND_REQUEST_STAGE` (partner), version 2: AWS's stage, reference, pre-approval and purchase order. */
export class RecordFundRequestStageEventV2Dto {
  @IsIn(['RECORD_FUND_REQUEST_STAGE']) type!: 'RECORD_FUND_REQUEST_STAGE';
  /** @example "mobilize_partner_funding" */
  @IsCashTranche() tranche!: CashTranche;
  /** A rejection is RECORD_FUND_REQUEST_REJECTION. @example "business_approval" */
  @IsIn(RECORDED_STAGES) stage!: RecordedStage;
  /** AWS's fund request reference: needed beyond created. @example "FR-0000123456" */
  @IsOptional()
  @Text(200)
  awsFundRequestId?: string;
  /** Entering cash_claim: what AWS pre-approved, at most the requested amount. @example 2800000 */
  @IsOptional()
  @Cents()
  preApprovedCents?: number;
  /** Entering cash_claim: the purchase order number. @example "PO-2027-0042" */
  @IsOptional()
  @Text(200)
  purchaseOrder?: string;
}

/** `RECORD_FUND_REQUEST_REJECTION` (partner, system): AWS's rejection, final or sent back for changes. */
export class RecordFundRequestRejectionEventDto {
  @IsIn(['RECORD_FUND_REQUEST_REJECTION']) type!: 'RECORD_FUND_REQUEST_REJECTION';
  /** @example "mobilize_partner_funding" */
  @IsCashTranche() tranche!: CashTranche;
  /** @example "The SOW does not list the migration factory's deliverables" */
  @Text() reason!: string;
  /** True: the request goes back to created to be resubmitted; false: it is rejected. @example true */
  @IsBoolean() resubmittable!: boolean;
}

/** `RESUBMIT_FUND_REQUEST` (partner): edits a request AWS sent back, with new project dates. */
export class ResubmitFundRequestEventDto {
  @IsIn(['RESUBMIT_FUND_REQUEST']) type!: 'RESUBMIT_FUND_REQUEST';
  /** @example "mobilize_partner_funding" */
  @IsCashTranche() tranche!: CashTranche;
  /** At least the policy's lead days after the resubmission. @example "2027-03-01" */
  @CalendarDate() projectStartDate!: string;
  /** @example "2027-07-31" */
  @CalendarDate() projectEndDate!: string;
  /** A new amount, when it changes. @example 2500000 */
  @IsOptional()
  @Cents()
  amountCents?: number;
}

/** A document proving a claim, with its kind (the policy lists the kinds each tranche's claim needs). */
export class TypedEvidenceDto extends EvidenceDto {
  /** @example "customer_signoff" */
  @IsIn(CLAIM_EVIDENCE_KINDS) kind!: ClaimEvidenceKind;
}

class CashClaimEventDto {
  /** @example "mobilize_partner_funding" */
  @IsCashTranche() tranche!: CashTranche;
  /** @example "m1" */
  @PartnerId() claimId!: string;
}

/** `PREPARE_CLAIM` (partner), version 2: a milestone claim with typed evidence. */
export class PrepareClaimEventV2Dto extends CashClaimEventDto {
  @IsIn(['PREPARE_CLAIM']) type!: 'PREPARE_CLAIM';
  /** @example 1500000 */
  @Cents() amountCents!: number;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @nested(() => TypedEvidenceDto) evidence!: TypedEvidenceDto[];
}

/** `RECORD_PAYMENT` (partner), version 2: with the invoice the payment settles. */
export class RecordPaymentEventV2Dto extends CashClaimEventDto {
  @IsIn(['RECORD_PAYMENT']) type!: 'RECORD_PAYMENT';
  /** @example "INV-2027-0113" */
  @Text(200) invoiceReference!: string;
}

/** `RECORD_TAGGED_SPEND` (partner): a quarter's tagged and untagged spend, from the customer's cost report. */
export class RecordTaggedSpendEventDto {
  @IsIn(['RECORD_TAGGED_SPEND']) type!: 'RECORD_TAGGED_SPEND';
  /** @example "2027-Q1" */
  @Quarter() quarter!: string;
  /** @example 3200000 */
  @Cents() taggedSpendCents!: number;
  /** @example 150000 */
  @Cents() untaggedSpendCents!: number;
  @nested(() => EvidenceDto) evidence!: EvidenceDto;
}

/** `RECORD_CREDITS_ISSUED` (partner, customer): MAP credits AWS applied to an account for a quarter. */
export class RecordCreditsIssuedEventDto {
  @IsIn(['RECORD_CREDITS_ISSUED']) type!: 'RECORD_CREDITS_ISSUED';
  /** @example "2027-Q1" */
  @Quarter() quarter!: string;
  /** @example 800000 */
  @Cents() amountCents!: number;
  /** The 12-digit AWS account the credits were applied to. @example "123456789012" */
  @IsString()
  @Matches(/^\d{12}$/, { message: 'awsAccountId must be a 12-digit AWS account ID' })
  @ApiProperty({ pattern: '^\\d{12}$' })
  awsAccountId!: string;
  /** @example "MAP-CR-7781" */
  @IsOptional()
  @Text(200)
  creditCode?: string;
}

/** `RECORD_TAGS_APPLIED` (partner): when a wave's MAP tags went on, before its cut-over. */
export class RecordTagsAppliedEventDto {
  @IsIn(['RECORD_TAGS_APPLIED']) type!: 'RECORD_TAGS_APPLIED';
  /** @example "pilot-1" */
  @PartnerId() waveId!: string;
  /** When the tags went on, not after the event. @example "2027-02-01T09:30:00Z" */
  @Timestamp() appliedAt!: string;
  @nested(() => EvidenceDto) coverageEvidence!: EvidenceDto;
}

/** `RECORD_ACE_OPPORTUNITY` (partner, system): what Partner Central shows of the ACE opportunity. */
export class RecordAceOpportunityEventDto {
  @IsIn(['RECORD_ACE_OPPORTUNITY']) type!: 'RECORD_ACE_OPPORTUNITY';
  /** O followed by 1 to 19 digits. @example "O1234567" */
  @IsString()
  @Matches(ACE_OPPORTUNITY_ID, { message: 'aceOpportunityId must be O followed by 1 to 19 digits' })
  @ApiProperty({ pattern: ACE_OPPORTUNITY_ID.source })
  aceOpportunityId!: string;
  /** ACE's stage, exactly. @example "Qualified" */
  @IsIn(ACE_STAGES) stage!: AceStage;
  /** ACE's review status, exactly. @example "Approved" */
  @IsIn(ACE_REVIEW_STATUSES) reviewStatus!: AceReviewStatus;
  /** ACE's LastModifiedDate. @example "2027-01-15T14:02:11Z" */
  @Timestamp() lastModifiedDate!: string;
}

/** `SUBMIT_TO_ACE` (partner): asks the ACE sync to submit; accepted only with the profile's ACE fields filled. */
export class SubmitToAceEventDto {
  @IsIn(['SUBMIT_TO_ACE']) type!: 'SUBMIT_TO_ACE';
}

/** `RECORD_PLAN_TERMINATION` (partner, customer): the customer or AWS ended the Migration Plan. */
export class RecordPlanTerminationEventDto {
  @IsIn(['RECORD_PLAN_TERMINATION']) type!: 'RECORD_PLAN_TERMINATION';
  /** @example "customer" */
  @IsIn(['customer', 'aws']) by!: 'customer' | 'aws';
  /** The date the plan ends. @example "2027-09-30" */
  @CalendarDate() on!: string;
  /** @example "The customer consolidated on another cloud" */
  @Text() reason!: string;
}

/** Any one validated event body of version 2. */
export type OpportunityEventV2Dto =
  | UpdateProfileEventV2Dto
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
  | FileFundRequestEventV2Dto
  | RecordFundRequestStageEventV2Dto
  | RecordFundRequestRejectionEventDto
  | ResubmitFundRequestEventDto
  | RecordActivateWorkloadEventDto
  | PrepareClaimEventV2Dto
  | SignOffClaimEventDto
  | SubmitClaimEventDto
  | RecordClaimOutcomeEventDto
  | RecordPaymentEventV2Dto
  | RecordRunRateEventDto
  | AdvanceEventDto
  | WithdrawEventDto
  | RecordTaggedSpendEventDto
  | RecordCreditsIssuedEventDto
  | RecordTagsAppliedEventDto
  | RecordAceOpportunityEventDto
  | SubmitToAceEventDto
  | RecordPlanTerminationEventDto;

/** One validated DTO class per event type of version 2: version 1's where the payload did not change. */
export const EVENT_DTOS_2: { [K in EventType2]: new () => Extract<OpportunityEventV2Dto, { type: K }> } = {
  UPDATE_PROFILE: UpdateProfileEventV2Dto,
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
  FILE_FUND_REQUEST: FileFundRequestEventV2Dto,
  RECORD_FUND_REQUEST_STAGE: RecordFundRequestStageEventV2Dto,
  RECORD_FUND_REQUEST_REJECTION: RecordFundRequestRejectionEventDto,
  RESUBMIT_FUND_REQUEST: ResubmitFundRequestEventDto,
  RECORD_ACTIVATE_WORKLOAD: RecordActivateWorkloadEventDto,
  PREPARE_CLAIM: PrepareClaimEventV2Dto,
  SIGN_OFF_CLAIM: SignOffClaimEventDto,
  SUBMIT_CLAIM: SubmitClaimEventDto,
  RECORD_CLAIM_OUTCOME: RecordClaimOutcomeEventDto,
  RECORD_PAYMENT: RecordPaymentEventV2Dto,
  RECORD_RUN_RATE: RecordRunRateEventDto,
  ADVANCE: AdvanceEventDto,
  WITHDRAW: WithdrawEventDto,
  RECORD_TAGGED_SPEND: RecordTaggedSpendEventDto,
  RECORD_CREDITS_ISSUED: RecordCreditsIssuedEventDto,
  RECORD_TAGS_APPLIED: RecordTagsAppliedEventDto,
  RECORD_ACE_OPPORTUNITY: RecordAceOpportunityEventDto,
  SUBMIT_TO_ACE: SubmitToAceEventDto,
  RECORD_PLAN_TERMINATION: RecordPlanTerminationEventDto,
};
