import {
  CHECKLIST_KEYS,
  CLAIM_FACT_WORDS,
  END_PHASES,
  FUND_REQUEST_STAGES,
  PHASES,
  PROFILE_FIELDS,
  TAG_SCHEMES,
  TRANCHES,
} from '@mapflow/workflow';
import type {
  BusinessCase,
  ChecklistKey,
  ChecklistPhase,
  ClaimFact,
  ClaimOutcome,
  ClaimStatus,
  FindingCode2,
  FundingType,
  FundRequestStatus,
  GateKey,
  Ladder,
  Program,
  TagSchemeId,
  WaveDecision,
  WaveKind,
  WaveStatus,
} from '@mapflow/workflow';

/**
 * The members of a string union, for an OpenAPI `enum`: the keys of a record over the union, so a
 * member missing or misspelt here does not compile.
 */
function membersOf<T extends string>(members: Record<T, unknown>): T[] {
  return Object.keys(members) as T[];
}

/** An enum of the responses, named: `/docs-json` holds it once, in `components.schemas.<enumName>`. */
const named = <T extends string>(enumName: string, values: readonly T[]) => ({ enum: [...values], enumName });

/**
 * A nullable enum, inline: OpenAPI 3.0 wants `type` beside `nullable`, which a named enum (a bare
 * `$ref`) cannot carry; and `null` is listed, as the enum would otherwise refuse it (OpenAPI 3.0.3).
 */
export const orNull = <T extends string>(named: { enum: T[] }) => ({
  type: String,
  enum: [...named.enum, null],
  nullable: true,
});

export const PHASE = named('Phase', PHASES);
export const END_PHASE = named('EndPhase', END_PHASES);
export const PROFILE_FIELD = named('ProfileField', PROFILE_FIELDS);
export const PROGRAM = named('Program', membersOf<Program>({ INELIGIBLE: 1, ACTIVATE: 1, REFERRAL: 1, MAP: 1 }));
export const LADDER = named('Ladder', membersOf<Ladder>({ lite: 1, standard: 1, enterprise: 1 }));
export const CHECKLIST_KEY = named('ChecklistKey', CHECKLIST_KEYS);
export const CHECKLIST_PHASE = named(
  'ChecklistPhase',
  membersOf<ChecklistPhase>({ assess: 1, mobilize: 1, migrate: 1 }),
);
export const GATE_KEY = named('GateKey', [
  ...CHECKLIST_KEYS,
  ...membersOf<Exclude<GateKey, ChecklistKey>>({
    profile_complete: 1,
    triage_map: 1,
    map_record_attested: 1,
    business_case_approved: 1,
    map_agreement_recorded: 1,
    pilot_wave_validated: 1,
    production_waves_validated: 1,
    run_rate_recorded: 1,
    fund_requests_settled: 1,
  }),
]);
export const BUSINESS_CASE_STATUS = named(
  'BusinessCaseStatus',
  membersOf<BusinessCase['status']>({ pending: 1, approved: 1, rejected: 1 }),
);
export const TAG_SCHEME = named('TagSchemeId', membersOf<TagSchemeId>(TAG_SCHEMES.schemes));
export const WAVE_KIND = named('WaveKind', membersOf<WaveKind>({ pilot: 1, production: 1 }));
export const WAVE_STATUS = named(
  'WaveStatus',
  membersOf<WaveStatus>({
    planned: 1,
    awaiting_decision: 1,
    go: 1,
    no_go: 1,
    in_progress: 1,
    cut_over: 1,
    validated: 1,
    rolled_back: 1,
    cancelled: 1,
  }),
);
export const WAVE_DECISION = named('WaveDecision', membersOf<WaveDecision>({ go: 1, no_go: 1 }));
export const TRANCHE = named('Tranche', TRANCHES);
export const FUNDING_TYPE = named('FundingType', membersOf<FundingType>({ cash: 1, credits: 1 }));
export const FUND_REQUEST_STAGE = named('FundRequestStage', FUND_REQUEST_STAGES);
export const FUND_REQUEST_STATUS = named('FundRequestStatus', [
  ...FUND_REQUEST_STAGES,
  ...membersOf<Exclude<FundRequestStatus, (typeof FUND_REQUEST_STAGES)[number]>>({ expired: 1 }),
]);
export const CLAIM_STATUS = named(
  'ClaimStatus',
  membersOf<ClaimStatus>({
    prepared: 1,
    signed_off: 1,
    submitted: 1,
    approved: 1,
    downgraded: 1,
    rejected: 1,
    paid: 1,
  }),
);
export const CLAIM_OUTCOME = named(
  'ClaimOutcome',
  membersOf<ClaimOutcome>({ approved: 1, downgraded: 1, rejected: 1 }),
);
export const CLAIM_FACT = named('ClaimFact', membersOf<ClaimFact>(CLAIM_FACT_WORDS));
export const FINDING_CODE = named(
  'FindingCode',
  membersOf<FindingCode2>({
    COMMITTED_SPEND_NOT_REALIZED: 1,
    UNTAGGED_SPEND: 1,
    CREDITS_NOT_ISSUED: 1,
    ASSESS_NEVER_STARTED: 1,
    MIGRATE_FUNDING_NOT_REQUESTED: 1,
    COMMITTED_SPEND_UNDERSIZED: 1,
    WORK_BEFORE_CASH_CLAIM: 1,
    FUND_REQUEST_NEAR_DUE: 1,
    FUND_REQUEST_EXPIRED: 1,
    MODERNIZING_TOO_EARLY: 1,
    PARTNER_WITHOUT_MAP_DEPTH: 1,
  }),
);
