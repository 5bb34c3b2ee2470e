/**
 * Step 0 - triage (DESIGN.md §2): which program, if any, an opportunity's
 * profile qualifies for. Pure; also served as `POST /v1/triage`.
 */
import { FUNDING_POLICY, type FundingPolicy, type Ladder } from './policy';
import { isCents, isText, multiplyCents } from './money';
import type { Profile, ProfileField } from './types';

export type Program = 'INELIGIBLE' | 'ACTIVATE' | 'REFERRAL' | 'MAP';

/**
 * The figures triage reads. Any policy that carries them may triage: 2026.1
 * and 2027.1 (machine version 2) keep the same triage figures.
 */
export type TriagePolicy = Pick<
  FundingPolicy,
  | 'mapFloorMonthlyCents'
  | 'liteCeilingMonthlyCents'
  | 'standardCeilingMonthlyCents'
  | 'edpAnnualThresholdCents'
  | 'sanctionedCountries'
  | 'monthsPerYear'
>;

export interface TriageResult {
  program: Program;
  ladder: Ladder | null;
  edpCandidate: boolean;
  reasons: string[];
}

/** The profile fields, in the order of DESIGN.md §2. */
export const PROFILE_FIELDS: readonly ProfileField[] = [
  'sourcePlatform',
  'region',
  'customerCountry',
  'servers',
  'databases',
  'applications',
  'currentMonthlySpendCents',
  'projectedMonthlyAwsSpendCents',
  'migrationServicesCostCents',
  'greenfield',
  'awsCompetitor',
];

type FieldKind = 'text' | 'country' | 'count' | 'cents' | 'flag';
const FIELD_KIND: Record<ProfileField, FieldKind> = {
  sourcePlatform: 'text',
  region: 'text',
  customerCountry: 'country',
  servers: 'count',
  databases: 'count',
  applications: 'count',
  currentMonthlySpendCents: 'cents',
  projectedMonthlyAwsSpendCents: 'cents',
  migrationServicesCostCents: 'cents',
  greenfield: 'flag',
  awsCompetitor: 'flag',
};

const FIELD_WORDS: Record<ProfileField, string> = {
  sourcePlatform: 'the platform you are migrating from',
  region: 'the target AWS region',
  customerCountry: "the customer's country",
  servers: 'the number of servers',
  databases: 'the number of databases',
  applications: 'the number of applications',
  currentMonthlySpendCents: 'the current monthly spend',
  projectedMonthlyAwsSpendCents: 'the committed monthly AWS spend after migration',
  migrationServicesCostCents: 'the migration services cost',
  greenfield: 'whether this is a new build rather than a migration',
  awsCompetitor: 'whether the customer is an AWS competitor',
};

/** An ISO 3166 alpha-2 country code, such as `US`. */
export const COUNTRY_CODE = /^[A-Z]{2}$/;

function isCountryCode(value: unknown): value is string {
  return typeof value === 'string' && COUNTRY_CODE.test(value);
}

function fieldValid(field: ProfileField, value: unknown): boolean {
  switch (FIELD_KIND[field]) {
    case 'text':
      return isText(value);
    case 'country':
      return isCountryCode(value);
    case 'count':
    case 'cents':
      return isCents(value);
    case 'flag':
      return typeof value === 'boolean';
  }
}

/** Plain words for a profile field, for refusals and reads. */
export function describeField(field: ProfileField): string {
  return FIELD_WORDS[field];
}

/**
 * The fields a partial profile still lacks (absent or invalid), in DESIGN order.
 * An empty answer means the profile is complete.
 */
export function missingProfileFields(profile: Partial<Profile>): ProfileField[] {
  return PROFILE_FIELDS.filter((f) => !fieldValid(f, profile[f]));
}

/**
 * Validation messages for a profile patch (`UPDATE_PROFILE`): unknown fields
 * and malformed values. Empty when the patch is acceptable. The HTTP layer
 * answers 400 with these; the machine refuses the same patch.
 */
export function profilePatchErrors(patch: object): string[] {
  const errors: string[] = [];
  for (const [key, value] of Object.entries(patch)) {
    const field = PROFILE_FIELDS.find((f) => f === key);
    if (field === undefined) errors.push(`${key} is not a profile field`);
    else if (!fieldValid(field, value)) errors.push(`${key} has an invalid value`);
  }
  return errors;
}

/** Type guard: every triage field present and valid. */
export function isCompleteProfile(profile: Partial<Profile>): profile is Profile {
  return missingProfileFields(profile).length === 0;
}

function dollars(cents: number): string {
  return `$${Math.floor(cents / 100).toLocaleString('en-US')}`;
}

/** The ladder for a committed monthly run-rate at or above the floor. */
export function ladderFor(monthlyCents: number, policy: TriagePolicy = FUNDING_POLICY): Ladder {
  if (monthlyCents < policy.liteCeilingMonthlyCents.value) return 'lite';
  if (monthlyCents <= policy.standardCeilingMonthlyCents.value) return 'standard';
  return 'enterprise';
}

/**
 * Triage a complete profile. First match wins: INELIGIBLE (AWS competitor or
 * sanctioned country), ACTIVATE (greenfield), REFERRAL (committed run-rate
 * below the policy floor), else MAP with its ladder and EDP candidacy.
 * Every answer carries its reasons in plain words.
 */
export function triage(profile: Profile, policy: TriagePolicy = FUNDING_POLICY): TriageResult {
  if (profile.awsCompetitor) {
    return {
      program: 'INELIGIBLE',
      ladder: null,
      edpCandidate: false,
      reasons: ['AWS does not fund migrations for competing cloud or infrastructure providers.'],
    };
  }
  if (policy.sanctionedCountries.value.includes(profile.customerCountry)) {
    return {
      program: 'INELIGIBLE',
      ladder: null,
      edpCandidate: false,
      reasons: [
        `AWS funding programs follow US export-control rules, and ${profile.customerCountry} is a sanctioned country.`,
      ],
    };
  }
  if (profile.greenfield) {
    return {
      program: 'ACTIVATE',
      ladder: null,
      edpCandidate: false,
      reasons: [
        'This is a new build, not a migration: AWS funds new builds with Activate credits, not MAP.',
        'We will refer you to a vetted partner who can file for Activate credits.',
      ],
    };
  }
  const monthly = profile.projectedMonthlyAwsSpendCents;
  const floor = policy.mapFloorMonthlyCents.value;
  if (monthly < floor) {
    return {
      program: 'REFERRAL',
      ladder: null,
      edpCandidate: false,
      reasons: [
        `Your committed AWS spend after migration (${dollars(monthly)}/month) is below the ${dollars(floor)}/month MAP floor, so MAP funding does not apply.`,
        'A vetted partner can still de-risk the cutover as a referral; bundling several small workloads into one opportunity may clear the floor.',
      ],
    };
  }
  const ladder = ladderFor(monthly, policy);
  const annual = multiplyCents(monthly, policy.monthsPerYear);
  const edpCandidate = annual >= policy.edpAnnualThresholdCents.value;
  const reasons = [
    `You are migrating an existing workload from ${profile.sourcePlatform} with a committed ${dollars(monthly)}/month AWS spend, which qualifies for MAP.`,
    `That run-rate opens the ${ladder} funding ladder; funding scales with committed spend.`,
  ];
  if (edpCandidate) {
    reasons.push(
      `At ${dollars(annual)} a year committed, an EDP/PPA committed-spend discount is worth raising with the AWS account team.`,
    );
  }
  return { program: 'MAP', ladder, edpCandidate, reasons };
}

/** Triage of a partial profile, or null while it is incomplete. */
export function triageIfComplete(
  profile: Partial<Profile>,
  policy: TriagePolicy = FUNDING_POLICY,
): TriageResult | null {
  return isCompleteProfile(profile) ? triage(profile, policy) : null;
}
