/**
 * The read of an opportunity on machine version 2 (design/funding-v2.md, "The read, for version 2"), as
 * `/docs` describes it: what every version's read has (OpportunityReadBaseDto), with version 2's profile,
 * waves with their tags applied, fund requests with AWS's references and rejections, partner cash per cash
 * tranche, the customer's MAP credits per quarter, the ACE opportunity, the plan termination and the
 * triage on the actual run-rate.
 */
import { ApiProperty } from '@nestjs/swagger';
import {
  ACE_REVIEW_STATUSES,
  ACE_STAGES,
  CASH_TRANCHES,
  CLAIM_EVIDENCE_KINDS,
  FUND_REQUEST_STAGES,
  type AceReviewStatus,
  type AceStage,
  type ActualRunRateRead,
  type AceRead2,
  type CashTranche,
  type CashTrancheFunding,
  type Claim2,
  type ClaimEvidenceKind,
  type CreditQuarterRead,
  type CreditsRead2,
  type EnvelopePair,
  type FundRequestRead2,
  type FundRequestRejection,
  type FundRequestStage2,
  type FundRequestStatus2,
  type OpportunityView2,
  type PlanTermination,
  type TagsApplied,
  type Wave2,
} from '@mapflow/workflow';
import { EvidenceDto } from './common.dto';
import { ProfileV2Dto } from './events-v2.dto';
import { CENTS, ClaimDto, DAY, INSTANT, OpportunityReadBaseDto, WaveDto } from './opportunity-read.response';
import { TriageResultDto } from './triage.response';

const CASH_TRANCHE = { enum: [...CASH_TRANCHES], enumName: 'CashTranche' };
const STAGE_2 = { enum: [...FUND_REQUEST_STAGES, 'rejected'], enumName: 'FundRequestStage2' };
const STATUS_2 = { enum: [...FUND_REQUEST_STAGES, 'rejected', 'expired'], enumName: 'FundRequestStatus2' };

/** A document proving a claim, with its kind. */
export class TypedEvidenceReadDto extends EvidenceDto {
  @ApiProperty({ enum: [...CLAIM_EVIDENCE_KINDS], enumName: 'ClaimEvidenceKind', example: 'customer_signoff' })
  kind!: ClaimEvidenceKind;
}

/** A claim in version 2: typed evidence, and the invoice its payment settled. */
export class Claim2Dto extends ClaimDto implements Claim2 {
  @ApiProperty({ type: [TypedEvidenceReadDto] })
  declare evidence: TypedEvidenceReadDto[];
  @ApiProperty({ type: String, nullable: true, description: 'The invoice the payment settled; null until paid' })
  invoiceReference!: string | null;
}

/** A rejection recorded from AWS's review. */
export class FundRequestRejectionDto implements FundRequestRejection {
  @ApiProperty(INSTANT)
  at!: string;
  @ApiProperty({ example: 'The SOW does not list the deliverables' })
  reason!: string;
  @ApiProperty({ description: 'True: sent back to created for changes; false: the request is rejected for good' })
  resubmittable!: boolean;
  @ApiProperty({ ...INSTANT, nullable: true, description: 'When the partner resubmitted after it' })
  resubmittedAt!: string | null;
}

/** One fund request as read: what it asked, where it stands at the server's time, and its claims. */
export class FundRequest2Dto implements FundRequestRead2 {
  @ApiProperty({
    description: "`<tranche>-<n>`, n counting the tranche's requests",
    example: 'mobilize_partner_funding-1',
  })
  requestId!: string;
  @ApiProperty({ ...CASH_TRANCHE, example: 'mobilize_partner_funding' })
  tranche!: CashTranche;
  @ApiProperty({
    description: "AWS's name for it, one template per phase",
    example: 'MAP Mobilize Project - Acme SaaS',
  })
  name!: string;
  @ApiProperty({ ...STAGE_2, example: 'cash_claim' })
  stage!: FundRequestStage2;
  @ApiProperty({ ...STATUS_2, description: 'The stage, or expired at the server time', example: 'cash_claim' })
  status!: FundRequestStatus2;
  @ApiProperty({ ...DAY, nullable: true, description: 'Null only on a request filed under version 1' })
  projectStartDate!: string | null;
  @ApiProperty(DAY)
  projectEndDate!: string;
  @ApiProperty({ ...DAY, description: '`projectEndDate` plus the policy claim due days' })
  claimDueDate!: string;
  @ApiProperty({ type: [String], description: 'The funded workloads, normalised', example: ['web-monolith'] })
  workloads!: string[];
  @ApiProperty(INSTANT)
  filedAt!: string;
  @ApiProperty({ ...CENTS, example: 2640000 })
  requestedCents!: number;
  @ApiProperty({
    ...CENTS,
    nullable: true,
    description: "What AWS pre-approved entering cash_claim: the claims' bound",
  })
  preApprovedCents!: number | null;
  @ApiProperty({ type: String, nullable: true, description: "AWS's fund request reference", example: 'FR-2027-000587' })
  awsFundRequestId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'PO-4410311' })
  purchaseOrder!: string | null;
  @ApiProperty({ ...CENTS, description: "The tranche's envelope when filed", example: 2640000 })
  envelopeCents!: number;
  @ApiProperty({ description: 'Whether the request is over its envelope, so AWS is likely to cut it' })
  likelyDowngrade!: boolean;
  @ApiProperty({ ...CENTS, example: 0 })
  overByCents!: number;
  @ApiProperty({ type: [FundRequestRejectionDto] })
  rejections!: FundRequestRejectionDto[];
  @ApiProperty({ type: [Claim2Dto] })
  claims!: Claim2Dto[];
}

export class CashTrancheFundingDto implements CashTrancheFunding {
  @ApiProperty({ ...CENTS, description: 'The policy envelope on the current profile', example: 2640000 })
  envelopeCents!: number;
  @ApiProperty({ ...CENTS, description: "Requested by the tranche's live request; 0 without one", example: 2640000 })
  requestedCents!: number;
  @ApiProperty({
    ...CENTS,
    description: 'Pre-approved by AWS on the live request; 0 until cash_claim',
    example: 2640000,
  })
  preApprovedCents!: number;
  @ApiProperty({ ...CENTS, description: "AWS's claim outcomes over every request", example: 2640000 })
  approvedCents!: number;
  @ApiProperty({ ...CENTS, example: 2640000 })
  paidCents!: number;
}

/** Partner cash, one entry per cash tranche (credits are the customer's ledger, `credits`). */
export class Funding2Dto implements Record<CashTranche, CashTrancheFunding> {
  @ApiProperty({ type: CashTrancheFundingDto })
  assess_partner_funding!: CashTrancheFundingDto;
  @ApiProperty({ type: CashTrancheFundingDto })
  mobilize_partner_funding!: CashTrancheFundingDto;
  @ApiProperty({ type: CashTrancheFundingDto })
  migrate_partner_funding!: CashTrancheFundingDto;
}

/** One quarter of the customer's MAP credits. */
export class CreditQuarterDto implements CreditQuarterRead {
  @ApiProperty({ pattern: '^\\d{4}-Q[1-4]$', example: '2027-Q2' })
  quarter!: string;
  @ApiProperty({ ...CENTS, description: "From the customer's cost report", example: 900000 })
  taggedSpendCents!: number;
  @ApiProperty({ ...CENTS, example: 150000 })
  untaggedSpendCents!: number;
  @ApiProperty({ ...CENTS, description: 'The tagged spend that counts (all of it unless the plan ended)' })
  countedTaggedSpendCents!: number;
  @ApiProperty({ ...CENTS })
  countedUntaggedSpendCents!: number;
  @ApiProperty({ ...CENTS, description: "The policy's credit rate x the counted tagged spend", example: 180000 })
  estimateCents!: number;
  @ApiProperty({ ...CENTS, description: 'What the untagged spend would have earned, tagged', example: 30000 })
  lostToUntaggedCents!: number;
  @ApiProperty({ ...CENTS, description: 'Issued by AWS for the quarter', example: 180000 })
  issuedCents!: number;
  @ApiProperty({ ...DAY, description: "The quarter's last day plus the policy's disbursement days" })
  dueDate!: string;
}

/** The customer's MAP credits ledger, per quarter and in total. */
export class CreditsDto implements CreditsRead2 {
  @ApiProperty({ type: [CreditQuarterDto], description: 'In calendar order' })
  quarters!: CreditQuarterDto[];
  @ApiProperty({ ...CENTS })
  estimateCents!: number;
  @ApiProperty({ ...CENTS })
  issuedCents!: number;
  @ApiProperty({ ...CENTS })
  lostToUntaggedCents!: number;
}

/** The ACE opportunity as last recorded. */
export class AceOpportunityDto implements AceRead2 {
  @ApiProperty({ pattern: '^O\\d{1,19}$', example: 'O4815162342' })
  aceOpportunityId!: string;
  @ApiProperty({ enum: [...ACE_STAGES], enumName: 'AceStage', example: 'Qualified' })
  stage!: AceStage;
  @ApiProperty({ enum: [...ACE_REVIEW_STATUSES], enumName: 'AceReviewStatus', example: 'Approved' })
  reviewStatus!: AceReviewStatus;
  @ApiProperty(INSTANT)
  lastModifiedDate!: string;
}

/** The customer or AWS ended the Migration Plan. */
export class PlanTerminationDto implements PlanTermination {
  @ApiProperty({ enum: ['customer', 'aws'], example: 'customer' })
  by!: 'customer' | 'aws';
  @ApiProperty({ ...DAY, description: 'The date credits stop counting spend' })
  on!: string;
  @ApiProperty({ example: 'The customer consolidated on another cloud' })
  reason!: string;
  @ApiProperty(INSTANT)
  recordedAt!: string;
}

export class EnvelopePairDto implements EnvelopePair {
  @ApiProperty({ ...CENTS })
  committedCents!: number;
  @ApiProperty({ ...CENTS })
  actualCents!: number;
}

export class EnvelopePairsDto implements Record<CashTranche, EnvelopePair> {
  @ApiProperty({ type: EnvelopePairDto })
  assess_partner_funding!: EnvelopePairDto;
  @ApiProperty({ type: EnvelopePairDto })
  mobilize_partner_funding!: EnvelopePairDto;
  @ApiProperty({ type: EnvelopePairDto })
  migrate_partner_funding!: EnvelopePairDto;
}

/** Triage and the cash envelopes re-run on the actual run-rate. */
export class ActualRunRateDto implements ActualRunRateRead {
  @ApiProperty({ ...CENTS, example: 1100000 })
  committedMonthlyCents!: number;
  @ApiProperty({ ...CENTS, example: 495000 })
  actualMonthlyCents!: number;
  @ApiProperty(INSTANT)
  recordedAt!: string;
  @ApiProperty({ type: TriageResultDto, description: 'Triage with the actual run-rate in place of the committed' })
  triage!: TriageResultDto;
  @ApiProperty({ type: EnvelopePairsDto })
  envelopes!: EnvelopePairsDto;
  @ApiProperty({ ...CENTS, description: 'Committed envelopes minus actual ones, over the cash tranches' })
  envelopeDifferenceCents!: number;
}

/** When a wave's MAP tags went on. */
export class TagsAppliedDto implements TagsApplied {
  @ApiProperty(INSTANT)
  appliedAt!: string;
  @ApiProperty({ type: EvidenceDto })
  coverageEvidence!: EvidenceDto;
  @ApiProperty(INSTANT)
  recordedAt!: string;
}

export class Wave2Dto extends WaveDto implements Wave2 {
  @ApiProperty({ type: TagsAppliedDto, nullable: true, description: 'Null until RECORD_TAGS_APPLIED' })
  tagsApplied!: TagsAppliedDto | null;
}

/** One opportunity on machine version 2, as the create, read, event and migrate routes answer it. */
export class OpportunityV2Dto extends OpportunityReadBaseDto implements Omit<OpportunityView2, 'attestation'> {
  @ApiProperty({ enum: ['2'], description: 'The machine version the opportunity runs on', example: '2' })
  machineVersion!: '2';
  @ApiProperty({ description: 'The funding policy of version 2', example: '2027.1' })
  policyId!: string;
  @ApiProperty({ type: ProfileV2Dto, description: 'The triage profile and the ACE fields, as far as known' })
  profile!: ProfileV2Dto;
  @ApiProperty({ type: [Wave2Dto] })
  waves!: Wave2Dto[];
  @ApiProperty({ type: [FundRequest2Dto], description: 'Every fund request, oldest first' })
  fundRequests!: FundRequest2Dto[];
  @ApiProperty({ type: Funding2Dto })
  funding!: Funding2Dto;
  @ApiProperty({ type: CreditsDto })
  credits!: CreditsDto;
  @ApiProperty({ type: AceOpportunityDto, nullable: true })
  ace!: AceOpportunityDto | null;
  @ApiProperty({ type: PlanTerminationDto, nullable: true })
  planTermination!: PlanTerminationDto | null;
  @ApiProperty({ type: ActualRunRateDto, nullable: true, description: 'Null until the actual run-rate is recorded' })
  actualRunRate!: ActualRunRateDto | null;
}
