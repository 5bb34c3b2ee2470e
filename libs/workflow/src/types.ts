/**
 * The vocabulary of the MAP opportunity domain (DESIGN.md section 2).
 *
 * Everything here is plain JSON-compatible data: the machine's context is
 * persisted as JSON in Postgres, so no `undefined` values, no Dates, no
 * classes. Money is integer US cents; rates are basis points.
 */

/** Who sends an event (DESIGN.md section 1). */
export type Role = 'partner' | 'customer' | 'ops';

/** APN partner tier; funding rights follow it (`select` has none). */
export type PartnerTier = 'select' | 'advanced' | 'premier';

/**
 * Who sends an event: a user of an org in one of its roles, or, from
 * machine version 2, `system`: an integration (the ACE sync, routing) acting
 * for the server, named by `service`. A system actor belongs to no org.
 */
export type ActorRole = Role | 'system';

/** The authenticated caller, added to every event by the server. */
export interface EventActor {
  userId: string;
  orgId: string;
  role: ActorRole;
  tier?: PartnerTier;
  /** The integration sending as the `system` actor; absent for users. */
  service?: string;
}

/** The triage fields of DESIGN.md section 2, step 0. */
export interface Profile {
  sourcePlatform: string;
  /** The AWS target region, e.g. `eu-west-1`. */
  region: string;
  /** ISO 3166 alpha-2, for export rules. */
  customerCountry: string;
  servers: number;
  databases: number;
  applications: number;
  currentMonthlySpendCents: number;
  /** The committed post-migration AWS run-rate. */
  projectedMonthlyAwsSpendCents: number;
  /** The partner's eligible migration services cost. */
  migrationServicesCostCents: number;
  greenfield: boolean;
  awsCompetitor: boolean;
}

export type ProfileField = keyof Profile;

/** Phases reported by reads: the five open phases and the four ends. */
export type Phase =
  'intake' | 'assess' | 'mobilize' | 'migrate' | 'closeout' | 'closed' | 'referred' | 'ineligible' | 'withdrawn';

export type OpenPhase = 'intake' | 'assess' | 'mobilize' | 'migrate' | 'closeout';
export type EndPhase = 'closed' | 'referred' | 'ineligible' | 'withdrawn';

export const OPEN_PHASES: readonly OpenPhase[] = ['intake', 'assess', 'mobilize', 'migrate', 'closeout'];
export const END_PHASES: readonly EndPhase[] = ['closed', 'referred', 'ineligible', 'withdrawn'];
export const PHASES: readonly Phase[] = [...OPEN_PHASES, ...END_PHASES];

/** Narrowing helper for the open phases. */
export function isOpenPhase(p: string): p is OpenPhase {
  return (OPEN_PHASES as readonly string[]).includes(p);
}

/** Narrowing helper for the ends. */
export function isEndPhase(p: string): p is EndPhase {
  return (END_PHASES as readonly string[]).includes(p);
}

/** The 7-Rs. */
export type Disposition = 'rehost' | 'replatform' | 'refactor' | 'repurchase' | 'relocate' | 'retain' | 'retire';
export const DISPOSITIONS: readonly Disposition[] = [
  'rehost',
  'replatform',
  'refactor',
  'repurchase',
  'relocate',
  'retain',
  'retire',
];

export type Tranche =
  | 'assess_partner_funding'
  | 'mobilize_partner_funding'
  | 'mobilize_credits'
  | 'migrate_partner_funding'
  | 'migrate_credits';
export const TRANCHES: readonly Tranche[] = [
  'assess_partner_funding',
  'mobilize_partner_funding',
  'mobilize_credits',
  'migrate_partner_funding',
  'migrate_credits',
];

export type FundingType = 'cash' | 'credits';

export type FundRequestStage =
  'created' | 'business_approval' | 'finance_approval' | 'cash_claim' | 'completed' | 'terminated';
/** Forward order of the non-terminal stages; `terminated` may follow any open stage. */
export const FUND_REQUEST_STAGES: readonly FundRequestStage[] = [
  'created',
  'business_approval',
  'finance_approval',
  'cash_claim',
  'completed',
  'terminated',
];

export type ClaimStatus = 'prepared' | 'signed_off' | 'submitted' | 'approved' | 'downgraded' | 'rejected' | 'paid';
export type ClaimOutcome = 'approved' | 'downgraded' | 'rejected';

export type WaveKind = 'pilot' | 'production';
export type WaveStatus =
  | 'planned'
  | 'awaiting_decision'
  | 'go'
  | 'no_go'
  | 'in_progress'
  | 'cut_over'
  | 'validated'
  | 'rolled_back'
  | 'cancelled';
export type WaveDecision = 'go' | 'no_go';

export type TagSchemeId = 'map-migrated' | 'aws-apn-id';

/** A document that proves a checklist item or a claim: its address and its SHA-256 (64 hex). */
export interface Evidence {
  uri: string;
  sha256: string;
}

export interface WaveApplication {
  name: string;
  disposition: Disposition;
  /** Required unless the disposition is `retire` or `retain`. */
  expectedTagValue?: string;
}

/** The six-part MAP opportunity record (seed section V). */
export interface MapRecord {
  sourceEnvironment: string;
  targetArchitecture: string;
  projectedSpend: { service: string; monthlyCents: number }[];
  wavePlan: string;
  fundingRequest: { tranche: Tranche; amountCents: number }[];
  deliveryScope: string;
}

/** The same customer's funded workloads from its OTHER opportunities, put into the event by the service. */
export interface CustomerFundedWorkloads {
  map: string[];
  activate: string[];
}
