import { ApiProperty } from '@nestjs/swagger';
import type {
  MigrationView,
  ActivateWorkload,
  Attestation,
  BusinessCase,
  ChecklistItemView,
  ChecklistKey,
  ChecklistPhase,
  Claim,
  ClaimFact,
  ClaimOutcome,
  ClaimStatus,
  EndPhase,
  FundingType,
  FundRequestStatus,
  FundRequestView,
  GateKey,
  GateMissing,
  MapAgreement,
  OpportunityContext,
  OpportunityView,
  Phase,
  ProfileField,
  TagSchemeId,
  Tranche,
  TrancheFunding,
  Wave,
  WaveDecision,
  WaveDecisionRecord,
  WaveKind,
  WaveStatus,
} from '@mapflow/workflow';
import { EvidenceDto, ProfileDto } from './common.dto';
import {
  BUSINESS_CASE_STATUS,
  CHECKLIST_KEY,
  CHECKLIST_PHASE,
  CLAIM_FACT,
  CLAIM_OUTCOME,
  CLAIM_STATUS,
  END_PHASE,
  FUND_REQUEST_STAGE,
  FUND_REQUEST_STATUS,
  FUNDING_TYPE,
  GATE_KEY,
  PHASE,
  PROFILE_FIELD,
  TAG_SCHEME,
  TRANCHE,
  WAVE_DECISION,
  WAVE_KIND,
  orNull,
  WAVE_STATUS,
} from './enums.response';
import { MapRecordDto, WaveApplicationDto } from './events.dto';
import { TriageResultDto } from './triage.response';

/** The schema of the reads' common scalars: ids, instants, days and cents (both versions' reads use them). */
export const UUID = { type: String, format: 'uuid', example: '6f1c2a9e-5b7d-4c3e-9a8f-1d2e3f4a5b6c' } as const;
export const INSTANT = { type: String, format: 'date-time', example: '2026-11-26T10:31:04.546Z' } as const;
export const DAY = { type: String, format: 'date', example: '2027-03-31' } as const;
export const CENTS = { type: 'integer', minimum: 0, description: 'US cents' } as const;

/** The next phase and what its gate still misses. */
export class GateMissingDto implements GateMissing {
  @ApiProperty({ ...GATE_KEY, example: 'business_case_approved' })
  key!: GateKey;
  @ApiProperty({ example: 'The customer has approved the business case.' })
  description!: string;
}

export class GateDto {
  @ApiProperty({ ...orNull(PHASE), description: 'The phase ADVANCE leads to; null at an end' })
  next!: Phase | null;
  @ApiProperty({ description: 'Whether ADVANCE would be accepted now' })
  ready!: boolean;
  @ApiProperty({ type: [GateMissingDto], description: 'What the gate still misses, in words' })
  missing!: GateMissingDto[];
}

export class ChecklistItemDto implements ChecklistItemView {
  @ApiProperty({ ...CHECKLIST_KEY, example: 'discovery_inventory' })
  key!: ChecklistKey;
  @ApiProperty({ ...CHECKLIST_PHASE, example: 'assess' })
  phase!: ChecklistPhase;
  @ApiProperty({ example: 'Discovery inventory of servers, databases and applications.' })
  description!: string;
  @ApiProperty({ description: 'What the evidence document must show' })
  evidenceRequired!: string;
  @ApiProperty()
  done!: boolean;
  @ApiProperty({ type: EvidenceDto, nullable: true })
  evidence!: EvidenceDto | null;
  @ApiProperty({ ...INSTANT, nullable: true })
  completedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The user who completed it' })
  completedBy!: string | null;
}

export class BusinessCaseDto implements BusinessCase {
  @ApiProperty({ ...BUSINESS_CASE_STATUS, example: 'approved' })
  status!: BusinessCase['status'];
  @ApiProperty({ ...INSTANT, nullable: true })
  at!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The customer user who decided' })
  by!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was rejected' })
  reason!: string | null;
}

export class MapAgreementDto implements MapAgreement {
  @ApiProperty({ ...TAG_SCHEME, example: 'map-migrated' })
  tagScheme!: TagSchemeId;
  @ApiProperty({ description: 'MPE ID (map-migrated) or PRM ID (aws-apn-id)', example: '12345' })
  mpeId!: string;
  @ApiProperty(DAY)
  signedOn!: string;
  @ApiProperty(INSTANT)
  recordedAt!: string;
}

/** The latest attestation of the MAP record, with the hash of the audit entry that holds it. */
export class AttestationDto implements Attestation {
  @ApiProperty({ type: 'integer', description: 'The opportunity version (audit seq) of the attestation', example: 4 })
  seq!: number;
  @ApiProperty(INSTANT)
  at!: string;
  @ApiProperty({ description: 'The partner user who attested' })
  by!: string;
  @ApiProperty({ type: MapRecordDto })
  record!: MapRecordDto;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'SHA-256 of the audit entry at `seq`: GET .../audit proves what was attested',
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  })
  hash!: string | null;
}

export class WaveDecisionDto implements WaveDecisionRecord {
  @ApiProperty({ ...WAVE_DECISION, example: 'go' })
  decision!: WaveDecision;
  @ApiProperty({ type: String, nullable: true, description: 'Why not (no_go)' })
  reason!: string | null;
  @ApiProperty(INSTANT)
  at!: string;
  @ApiProperty({ description: 'The customer user who decided' })
  by!: string;
}

/** When a wave was rolled back or cancelled, and why. */
export class DatedReasonDto {
  @ApiProperty(INSTANT)
  at!: string;
  @ApiProperty({ example: 'Latency doubled after cutover' })
  reason!: string;
}

export class WaveDto implements Wave {
  @ApiProperty({ example: 'pilot-1' })
  waveId!: string;
  @ApiProperty({ ...WAVE_KIND, example: 'pilot' })
  kind!: WaveKind;
  @ApiProperty({ example: 'Status page' })
  name!: string;
  @ApiProperty({ type: [WaveApplicationDto] })
  applications!: WaveApplicationDto[];
  @ApiProperty({ example: 'DNS back to Heroku within 5 minutes' })
  rollbackPlan!: string;
  @ApiProperty({ ...WAVE_STATUS, example: 'validated' })
  status!: WaveStatus;
  @ApiProperty({ type: 'integer', minimum: 1, description: '1 on first plan, +1 on each re-plan', example: 1 })
  revision!: number;
  @ApiProperty(INSTANT)
  plannedAt!: string;
  @ApiProperty({ type: WaveDecisionDto, nullable: true })
  decision!: WaveDecisionDto | null;
  @ApiProperty({ ...INSTANT, nullable: true })
  startedAt!: string | null;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: "Whether the wave's partner-funding request was in cash_claim (or later) at start; null before start",
  })
  startedWithCashClaim!: boolean | null;
  @ApiProperty({ ...INSTANT, nullable: true })
  cutOverAt!: string | null;
  @ApiProperty({ ...INSTANT, nullable: true })
  validatedAt!: string | null;
  @ApiProperty({ type: DatedReasonDto, nullable: true })
  rolledBack!: DatedReasonDto | null;
  @ApiProperty({ type: DatedReasonDto, nullable: true })
  cancelled!: DatedReasonDto | null;
}

export class ClaimDto implements Claim {
  @ApiProperty({ example: 'claim-1' })
  claimId!: string;
  @ApiProperty({ ...CENTS, example: 3000000 })
  amountCents!: number;
  @ApiProperty({ type: [EvidenceDto] })
  evidence!: EvidenceDto[];
  @ApiProperty({ ...CLAIM_STATUS, example: 'paid' })
  status!: ClaimStatus;
  @ApiProperty(INSTANT)
  preparedAt!: string;
  @ApiProperty({ ...INSTANT, nullable: true })
  signedOffAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The customer user who signed off' })
  signedOffBy!: string | null;
  @ApiProperty({ ...INSTANT, nullable: true })
  submittedAt!: string | null;
  @ApiProperty({ ...orNull(CLAIM_OUTCOME) })
  outcome!: ClaimOutcome | null;
  @ApiProperty({ ...CENTS, nullable: true, example: 3000000 })
  approvedCents!: number | null;
  @ApiProperty({ ...INSTANT, nullable: true })
  outcomeAt!: string | null;
  @ApiProperty({ ...INSTANT, nullable: true })
  paidAt!: string | null;
}

/** One derived fact of a tranche's claim checklist, and whether it holds now. */
export class ClaimChecklistItemDto {
  @ApiProperty({ ...CLAIM_FACT, example: 'pilot_wave_validated' })
  fact!: ClaimFact;
  @ApiProperty({ example: 'The pilot wave is validated.' })
  description!: string;
  @ApiProperty()
  holds!: boolean;
}

export class FundRequestDto implements FundRequestView {
  @ApiProperty({ ...TRANCHE, example: 'mobilize_partner_funding' })
  tranche!: Tranche;
  @ApiProperty({
    description: 'AWS nomenclature: [Program] Project - [Customer]',
    example: '[MAP] Mobilize - Acme SaaS',
  })
  name!: string;
  @ApiProperty({ ...FUNDING_TYPE, example: 'cash' })
  fundingType!: FundingType;
  @ApiProperty({ ...CENTS, example: 3000000 })
  amountCents!: number;
  @ApiProperty(DAY)
  projectEndDate!: string;
  @ApiProperty({ type: [String], description: 'The funded workloads, normalised', example: ['billing-api'] })
  workloads!: string[];
  @ApiProperty({ ...FUND_REQUEST_STAGE, example: 'cash_claim' })
  stage!: string;
  @ApiProperty({ ...FUND_REQUEST_STATUS, example: 'cash_claim' })
  status!: FundRequestStatus;
  @ApiProperty({ ...DAY, description: '`projectEndDate` plus the policy claim due days' })
  claimDueDate!: string;
  @ApiProperty(INSTANT)
  filedAt!: string;
  @ApiProperty({ ...CENTS, description: "The tranche's envelope at filing time, US cents", example: 3300000 })
  envelopeCents!: number;
  @ApiProperty({ description: 'Whether the amount is over the envelope, so AWS is likely to downgrade it' })
  likelyDowngrade!: boolean;
  @ApiProperty({ ...CENTS, example: 0 })
  overByCents!: number;
  @ApiProperty({ ...CENTS, example: 3000000 })
  approvedCents!: number;
  @ApiProperty({ ...CENTS, example: 3000000 })
  paidCents!: number;
  @ApiProperty({ type: [ClaimDto] })
  claims!: ClaimDto[];
  @ApiProperty({ type: [ClaimChecklistItemDto], description: "The tranche's claim checklist" })
  claimChecklist!: ClaimChecklistItemDto[];
}

export class TrancheFundingDto implements TrancheFunding {
  @ApiProperty({ ...CENTS, example: 3300000 })
  envelopeCents!: number;
  @ApiProperty({ ...CENTS, example: 3000000 })
  requestedCents!: number;
  @ApiProperty({ ...CENTS, example: 3000000 })
  approvedCents!: number;
  @ApiProperty({ ...CENTS, example: 0 })
  paidCents!: number;
}

/** The money of each of the five tranches. */
export class FundingDto implements Record<Tranche, TrancheFunding> {
  @ApiProperty({ type: TrancheFundingDto })
  assess_partner_funding!: TrancheFundingDto;
  @ApiProperty({ type: TrancheFundingDto })
  mobilize_partner_funding!: TrancheFundingDto;
  @ApiProperty({ type: TrancheFundingDto })
  mobilize_credits!: TrancheFundingDto;
  @ApiProperty({ type: TrancheFundingDto })
  migrate_partner_funding!: TrancheFundingDto;
  @ApiProperty({ type: TrancheFundingDto })
  migrate_credits!: TrancheFundingDto;
}

export class ActivateWorkloadDto implements ActivateWorkload {
  @ApiProperty({ example: 'status-page' })
  workload!: string;
  @ApiProperty({ ...CENTS, example: 500000 })
  amountCents!: number;
  @ApiProperty(INSTANT)
  declaredAt!: string;
}

export class RunRateDto {
  @ApiProperty({ ...CENTS, description: 'The recorded monthly AWS run-rate, US cents', example: 1100000 })
  monthlyCents!: number;
  @ApiProperty(INSTANT)
  recordedAt!: string;
}

/** How the opportunity ended. */
export class EndingDto implements NonNullable<OpportunityContext['ending']> {
  @ApiProperty({ ...END_PHASE, example: 'closed' })
  phase!: EndPhase;
  @ApiProperty(INSTANT)
  at!: string;
  @ApiProperty({ type: [String], description: 'The triage reasons, or the withdrawal reason' })
  reasons!: string[];
}

/** The routes of the opportunity. */
/** Whether the opportunity may move to machine version 2 now (`POST .../migrate`), and if not, why. */
export class MigrationDto implements MigrationView {
  @ApiProperty({ example: true })
  mayMigrate!: boolean;
  @ApiProperty({
    type: [String],
    example: [
      'Only an opportunity in intake or assess moves to version 2; this one is mobilize and finishes on version 1.',
    ],
  })
  reasons!: string[];
}

export class OpportunityLinksDto {
  @ApiProperty({ example: '/v1/opportunities/6f1c2a9e-5b7d-4c3e-9a8f-1d2e3f4a5b6c' })
  self!: string;
  @ApiProperty({ example: '/v1/opportunities/6f1c2a9e-5b7d-4c3e-9a8f-1d2e3f4a5b6c/events' })
  events!: string;
  @ApiProperty({ example: '/v1/opportunities/6f1c2a9e-5b7d-4c3e-9a8f-1d2e3f4a5b6c/findings' })
  findings!: string;
  @ApiProperty({ example: '/v1/opportunities/6f1c2a9e-5b7d-4c3e-9a8f-1d2e3f4a5b6c/diagram' })
  diagram!: string;
  @ApiProperty({ example: '/v1/opportunities/6f1c2a9e-5b7d-4c3e-9a8f-1d2e3f4a5b6c/audit' })
  audit!: string;
  @ApiProperty({ example: '/v1/opportunities/6f1c2a9e-5b7d-4c3e-9a8f-1d2e3f4a5b6c/audit/verify' })
  verify!: string;
}

/**
 * What every machine version's read has: who and what it is, its phase and gate, the checklist, the
 * business case, the agreement and attestation, the clock, the migration status and the links. Each
 * version's read adds its own profile, waves and money.
 */
export class OpportunityReadBaseDto {
  @ApiProperty(UUID)
  id!: string;
  @ApiProperty({ example: 'Heroku to AWS: Series-B SaaS' })
  title!: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The version (audit seq); the ETag carries it', example: 3 })
  version!: number;
  @ApiProperty(UUID)
  partnerOrgId!: string;
  @ApiProperty(UUID)
  customerOrgId!: string;
  @ApiProperty({ example: 'Acme SaaS' })
  customerName!: string;
  @ApiProperty({ ...PHASE, example: 'assess' })
  phase!: Phase;
  @ApiProperty({ description: 'The full state value of the machine', example: 'assess' })
  state!: string;
  @ApiProperty({ ...PROFILE_FIELD, isArray: true, description: 'Profile fields triage still needs' })
  missingProfileFields!: ProfileField[];
  @ApiProperty({ type: TriageResultDto, nullable: true, description: 'Null while the profile is incomplete' })
  triage!: TriageResultDto | null;
  @ApiProperty({ type: GateDto })
  gate!: GateDto;
  @ApiProperty({ type: [ChecklistItemDto], description: 'Every phase checklist item, in phase order' })
  checklist!: ChecklistItemDto[];
  @ApiProperty({ type: BusinessCaseDto })
  businessCase!: BusinessCaseDto;
  @ApiProperty({ type: MapAgreementDto, nullable: true })
  mapAgreement!: MapAgreementDto | null;
  @ApiProperty({ type: AttestationDto, nullable: true, description: 'The latest MAP record attestation' })
  attestation!: AttestationDto | null;
  @ApiProperty({ type: [ActivateWorkloadDto] })
  activateWorkloads!: ActivateWorkloadDto[];
  @ApiProperty({ type: RunRateDto, nullable: true })
  runRate!: RunRateDto | null;
  @ApiProperty({ type: EndingDto, nullable: true, description: 'Null while the opportunity is open' })
  ending!: EndingDto | null;
  @ApiProperty(INSTANT)
  createdAt!: string;
  @ApiProperty(INSTANT)
  lastEventAt!: string;
  @ApiProperty(INSTANT)
  phaseEnteredAt!: string;
  @ApiProperty({ type: 'integer', minimum: 0, example: 12 })
  timeInPhaseDays!: number;
  @ApiProperty({
    ...INSTANT,
    nullable: true,
    description: 'The instant the phase exceeds its policy window; null when it has none (the ends)',
  })
  overdueAt!: string | null;
  @ApiProperty({ description: 'Whether the phase is past its window' })
  overdue!: boolean;
  @ApiProperty({ type: () => MigrationDto })
  migration!: MigrationDto;
  @ApiProperty({ type: OpportunityLinksDto })
  links!: OpportunityLinksDto;
}

/**
 * One opportunity on machine version 1 as `GET /v1/opportunities/{id}` answers it (and every accepted
 * event and the migration refusal's read): the read view of the domain at the server's time, plus its
 * version, attestation hash and links. Five tranches, credits among them as fund requests.
 */
export class OpportunityDto extends OpportunityReadBaseDto implements Omit<OpportunityView, 'attestation'> {
  @ApiProperty({ enum: ['1'], description: 'The machine version the opportunity runs on', example: '1' })
  machineVersion!: string;
  @ApiProperty({ description: 'The funding policy it was created under', example: '2026.1' })
  policyId!: string;
  @ApiProperty({ type: ProfileDto, description: 'The triage profile as far as it is known' })
  profile!: ProfileDto;
  @ApiProperty({ type: [WaveDto] })
  waves!: WaveDto[];
  @ApiProperty({ type: [FundRequestDto] })
  fundRequests!: FundRequestDto[];
  @ApiProperty({ type: FundingDto })
  funding!: FundingDto;
}
