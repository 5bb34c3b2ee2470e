/**
 * The context of machine version 2 (design/funding-v2.md), beside version
 * 1's, which stays as released. What differs: fund requests are cash only,
 * several per tranche over time (one open), with AWS's references, approved
 * amounts and rejections; claims carry typed evidence and an invoice
 * reference; customer MAP credits are a ledger per quarter; waves record when
 * their tags went on; the ACE opportunity and a plan termination are data.
 * Plain JSON, null never undefined, like version 1's.
 */
import type { Claim, FundRequest, OpportunityContext, Wave } from '../context';
import type { Evidence, FundRequestStage, Profile } from '../types';
import type { CashTranche, ClaimEvidenceKind } from './policy';

/** The machine version whose context this is. */
export const MACHINE_VERSION_2 = '2';

/** ACE's opportunity stages (Partner Central Selling API, `LifeCycle.Stage`), exactly. */
export const ACE_STAGES = [
  'Prospect',
  'Qualified',
  'Technical Validation',
  'Business Validation',
  'Committed',
  'Launched',
  'Closed Lost',
] as const;
export type AceStage = (typeof ACE_STAGES)[number];

/** ACE's review statuses (Partner Central Selling API, `LifeCycle.ReviewStatus`), exactly. */
export const ACE_REVIEW_STATUSES = [
  'Pending Submission',
  'Submitted',
  'In review',
  'Approved',
  'Rejected',
  'Action Required',
] as const;
export type AceReviewStatus = (typeof ACE_REVIEW_STATUSES)[number];

/** The profile's optional fields ACE needs; not part of `profile_complete`. */
export interface AceProfileFields {
  customerWebsite: string;
  /** ACE's `Industry` enum. */
  industry: string;
  customerAddress: { city: string; postalCode: string; stateOrRegion?: string; countryCode: string };
}

export type Profile2 = Profile & AceProfileFields;

/** A fund request's stage in version 2: version 1's, and `rejected` (final for that request). */
export type FundRequestStage2 = FundRequestStage | 'rejected';

/** A rejection recorded from AWS's review. */
export interface FundRequestRejection {
  at: string;
  reason: string;
  /** Resubmittable: the request went back to `created` for changes (AWS's "action required"). */
  resubmittable: boolean;
  /** When the partner resubmitted after it (RESUBMIT_FUND_REQUEST); null until then, and for a final rejection. */
  resubmittedAt: string | null;
}

/** Claim evidence in version 2: typed. */
export interface TypedEvidence extends Evidence {
  kind: ClaimEvidenceKind;
}

export interface Claim2 extends Omit<Claim, 'evidence'> {
  evidence: TypedEvidence[];
  /** The invoice the payment settled; null until paid. */
  invoiceReference: string | null;
}

/**
 * A fund request in version 2: what version 1 recorded of one (its name, dates, workloads, who
 * filed it under which policy, and its envelope with the downgrade flag), and what AWS's process adds.
 */
export interface FundRequest2 extends Pick<
  FundRequest,
  | 'name'
  | 'projectEndDate'
  | 'claimDueDate'
  | 'workloads'
  | 'filedAt'
  | 'filedBy'
  | 'policyId'
  | 'envelopeCents'
  | 'likelyDowngrade'
  | 'overByCents'
> {
  /** Unique within the opportunity: `<tranche>-<n>`, n counting the tranche's requests from 1. */
  requestId: string;
  tranche: CashTranche;
  stage: FundRequestStage2;
  stageHistory: { stage: FundRequestStage2; at: string }[];
  /** Null only on a request filed under version 1, which did not record it. */
  projectStartDate: string | null;
  requestedCents: number;
  /** What AWS approved on entering `cash_claim`: the bound of the claims. */
  preApprovedCents: number | null;
  awsFundRequestId: string | null;
  purchaseOrder: string | null;
  rejections: FundRequestRejection[];
  claims: Claim2[];
}

/** Credits AWS applied to one of the customer's accounts for a quarter. */
export interface CreditIssue {
  amountCents: number;
  /** 12 digits. */
  awsAccountId: string;
  creditCode: string | null;
  at: string;
}

/** One calendar quarter of the customer's MAP credits ledger. */
export interface CreditQuarter {
  /** `YYYY-Qn`. */
  quarter: string;
  taggedSpendCents: number;
  untaggedSpendCents: number;
  evidence: Evidence;
  recordedAt: string;
  issued: CreditIssue[];
}

/** The opportunity in ACE (Partner Central), as last recorded. */
export interface AceOpportunity {
  /** `O` + 1 to 19 digits. */
  aceOpportunityId: string;
  stage: AceStage;
  reviewStatus: AceReviewStatus;
  lastModifiedDate: string;
  recordedAt: string;
}

/** When the tags of a wave went on: credits accrue only on spend tagged after it. */
export interface TagsApplied {
  appliedAt: string;
  coverageEvidence: Evidence;
  recordedAt: string;
}

export interface Wave2 extends Wave {
  tagsApplied: TagsApplied | null;
}

export interface PlanTermination {
  by: 'customer' | 'aws';
  /** The date credits stop counting spend. */
  on: string;
  reason: string;
  recordedAt: string;
}

export interface OpportunityContext2 extends Omit<
  OpportunityContext,
  'machineVersion' | 'profile' | 'waves' | 'fundRequests'
> {
  machineVersion: typeof MACHINE_VERSION_2;
  profile: Partial<Profile2>;
  waves: Wave2[];
  fundRequests: FundRequest2[];
  credits: CreditQuarter[];
  ace: AceOpportunity | null;
  /** When the partner last asked the ACE sync to submit (SUBMIT_TO_ACE); null if never. */
  aceSubmissionRequestedAt: string | null;
  planTermination: PlanTermination | null;
}
