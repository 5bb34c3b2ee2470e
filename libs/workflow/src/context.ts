/**
 * The machine's context: every fact a guard needs, as plain JSON (null, never
 * undefined, so a JSON round trip through Postgres is exact).
 */
import type { ChecklistKey } from './checklists';
import type {
  ClaimOutcome,
  ClaimStatus,
  EndPhase,
  EventActor,
  Evidence,
  FundingType,
  FundRequestStage,
  MapRecord,
  Phase,
  Profile,
  TagSchemeId,
  Tranche,
  WaveApplication,
  WaveDecision,
  WaveKind,
  WaveStatus,
} from './types';

/** Input of the machine and of `createOpportunity`: creation is audit entry 1. */
export interface CreateOpportunityInput {
  opportunityId: string;
  title: string;
  partnerOrgId: string;
  customerOrgId: string;
  /** Optional display name of the customer for fund-request names; defaults to `customerOrgId`. */
  customerName?: string;
  profile?: Partial<Profile>;
  at: string;
  actor: EventActor;
}

export interface ChecklistEntry {
  key: ChecklistKey;
  evidence: Evidence;
  completedAt: string;
  completedBy: string;
}

export interface Attestation {
  /** The opportunity version (audit seq) the attestation produced. */
  seq: number;
  at: string;
  by: string;
  record: MapRecord;
}

export interface BusinessCase {
  status: 'pending' | 'approved' | 'rejected';
  at: string | null;
  by: string | null;
  reason: string | null;
}

export interface MapAgreement {
  tagScheme: TagSchemeId;
  mpeId: string;
  signedOn: string;
  recordedAt: string;
}

export interface WaveDecisionRecord {
  decision: WaveDecision;
  reason: string | null;
  at: string;
  by: string;
}

export interface Wave {
  waveId: string;
  kind: WaveKind;
  name: string;
  applications: WaveApplication[];
  rollbackPlan: string;
  status: WaveStatus;
  /** 1 on first plan, +1 on each re-plan. */
  revision: number;
  plannedAt: string;
  decision: WaveDecisionRecord | null;
  startedAt: string | null;
  /** Whether the wave's partner-funding request was in `cash_claim` (or later) when work started; null before start. */
  startedWithCashClaim: boolean | null;
  cutOverAt: string | null;
  validatedAt: string | null;
  rolledBack: { at: string; reason: string } | null;
  cancelled: { at: string; reason: string } | null;
}

export interface Claim {
  claimId: string;
  amountCents: number;
  evidence: Evidence[];
  status: ClaimStatus;
  preparedAt: string;
  signedOffAt: string | null;
  signedOffBy: string | null;
  submittedAt: string | null;
  outcome: ClaimOutcome | null;
  approvedCents: number | null;
  outcomeAt: string | null;
  paidAt: string | null;
}

export interface FundRequest {
  tranche: Tranche;
  /** AWS nomenclature `[Program] Project - [Customer]`. */
  name: string;
  fundingType: FundingType;
  amountCents: number;
  projectEndDate: string;
  /** `projectEndDate` + policy claim due days. */
  claimDueDate: string;
  workloads: string[];
  stage: FundRequestStage;
  stageHistory: { stage: FundRequestStage; at: string }[];
  filedAt: string;
  filedBy: string;
  policyId: string;
  /** Envelope at filing time, and the downgrade flag computed against it. */
  envelopeCents: number;
  likelyDowngrade: boolean;
  overByCents: number;
  claims: Claim[];
}

export interface ActivateWorkload {
  workload: string;
  amountCents: number;
  declaredAt: string;
}

export interface OpportunityContext {
  machineVersion: string;
  policyId: string;
  opportunityId: string;
  title: string;
  customerName: string;
  partnerOrgId: string;
  customerOrgId: string;
  createdAt: string;
  createdBy: string;
  /** The version (audit seq) of the last accepted event; creation is 1. */
  seq: number;
  lastEventAt: string;
  profile: Partial<Profile>;
  phaseEnteredAt: string;
  phaseHistory: { phase: Phase; enteredAt: string }[];
  checklist: ChecklistEntry[];
  attestations: Attestation[];
  businessCase: BusinessCase;
  mapAgreement: MapAgreement | null;
  waves: Wave[];
  fundRequests: FundRequest[];
  activateWorkloads: ActivateWorkload[];
  runRate: { monthlyCents: number; recordedAt: string } | null;
  /** How the opportunity ended, with the reasons kept (triage reasons or the withdrawal reason). */
  ending: { phase: EndPhase; at: string; reasons: string[] } | null;
}
