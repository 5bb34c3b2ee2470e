/**
 * Funding policy `2027.1`, the one machine version 2 ships with
 * (design/funding-v2.md). A new object: policy `2026.1` is released and never
 * edited. Figures that did not change are taken from 2026.1 by reference,
 * with its provenance.
 *
 * Every figure says how far to trust it: `AWS` (an AWS page or the MAP
 * terms), `3P, unverified` (a third-party report, the brief included, that we
 * could not check against AWS) or `ours` (our own choice).
 */
import type { ClaimFact } from '../checklists';
import { FUNDING_POLICY, type Figure, type FundingPolicy } from '../policy';

/** How far a figure can be trusted. */
export type Trust = 'AWS' | '3P, unverified' | 'ours';
export const TRUST_LEVELS: readonly Trust[] = ['AWS', '3P, unverified', 'ours'];

/** A policy figure with its provenance and its trust. */
export interface TrustedFigure<T> extends Figure<T> {
  trust: Trust;
}

/** Partner cash tranches: the only tranches fund requests are filed for in version 2. */
export type CashTranche = 'assess_partner_funding' | 'mobilize_partner_funding' | 'migrate_partner_funding';
export const CASH_TRANCHES: readonly CashTranche[] = [
  'assess_partner_funding',
  'mobilize_partner_funding',
  'migrate_partner_funding',
];

/**
 * A cash tranche's envelope:
 * `min(rate_services x migrationServicesCost, rate_arr x committed ARR, cap)`.
 */
export interface CashTranchePolicy {
  phase: 'assess' | 'mobilize' | 'migrate';
  /** Basis points of the profile's `migrationServicesCostCents`. */
  rate_services: TrustedFigure<number>;
  /** Basis points of the committed ARR, 12 x `projectedMonthlyAwsSpendCents`. */
  rate_arr: TrustedFigure<number>;
  /** Upper bound in cents. */
  cap: TrustedFigure<number>;
}

/** The kinds of evidence a claim may carry (`{ kind, uri, sha256 }`). */
export type ClaimEvidenceKind =
  'customer_signoff' | 'sow' | 'deliverable' | 'tag_coverage_report' | 'invoice' | 'other';
export const CLAIM_EVIDENCE_KINDS: readonly ClaimEvidenceKind[] = [
  'customer_signoff',
  'sow',
  'deliverable',
  'tag_coverage_report',
  'invoice',
  'other',
];

/** Realized spend a claim's milestone may also need, from `RECORD_TAGGED_SPEND`. */
export type RealizedSpendCondition =
  { kind: 'cumulative_tagged_spend'; minCents: number } | { kind: 'share_of_committed_arr'; bps: number };

/** When a tranche's claim may be prepared: the facts, and realized spend where the policy says so. */
export interface ClaimMilestone {
  facts: readonly ClaimFact[];
  realizedSpend: RealizedSpendCondition | null;
}

export interface ClaimPolicy {
  /** The evidence kinds the claim must carry (a claim missing one is refused with the missing kinds). */
  evidenceKinds: TrustedFigure<readonly ClaimEvidenceKind[]>;
  milestone: TrustedFigure<ClaimMilestone>;
}

/** Fund-request names, one template per cash tranche; `placeholder` is replaced by the customer's name. */
export interface NameTemplates {
  version: string;
  placeholder: string;
  byTranche: Record<CashTranche, string>;
}

/** A policy's figures with the trust each deserves. */
type Trusted<T> = { [K in keyof T]: T[K] extends Figure<infer V> ? TrustedFigure<V> : T[K] };

/** What 2027.1 takes from 2026.1's shape: triage, tiers, due days, windows, findings, and the units. */
type KeptFromV1 =
  | 'program'
  | 'mapFloorMonthlyCents'
  | 'liteCeilingMonthlyCents'
  | 'standardCeilingMonthlyCents'
  | 'edpAnnualThresholdCents'
  | 'sanctionedCountries'
  | 'fundingTiers'
  | 'claimDueDays'
  | 'phaseWindows'
  | 'intakeIdleDays'
  | 'nearDueDays'
  | 'estateMonthlyCentsPerServer'
  | 'estateMonthlyCentsPerDatabase'
  | 'refactorHeavyBps'
  | 'mapDepthMinClosed'
  | 'bpsDenominator'
  | 'monthsPerYear';

/**
 * Policy `2027.1`: 2026.1's figures of the same meaning (each now with its trust; the triage
 * figures among them, so `triage` runs on it unchanged), and what version 2 adds.
 */
export interface FundingPolicy2027 extends Trusted<Pick<FundingPolicy, KeptFromV1>> {
  id: string;
  cashTranches: Record<CashTranche, CashTranchePolicy>;
  /** Customer MAP credits: basis points of one quarter's tagged spend. */
  creditRateBps: TrustedFigure<number>;
  /** Credits for a quarter are disbursed within this many days after the quarter ends. */
  creditDisbursementDays: TrustedFigure<number>;
  /** A fund request's `projectStartDate` is at least this many days after filing. */
  projectStartLeadDays: TrustedFigure<number>;
  /** `ATTEST_MAP_RECORD`: the itemised projected spend may differ from the committed run-rate by this much. */
  projectedSpendToleranceBps: TrustedFigure<number>;
  /** Below this share of the committed run-rate, the actual one is `COMMITTED_SPEND_NOT_REALIZED`. */
  committedSpendRealizedBps: TrustedFigure<number>;
  claimEvidenceKinds: TrustedFigure<readonly ClaimEvidenceKind[]>;
  claims: Record<CashTranche, ClaimPolicy>;
  fundRequestNames: TrustedFigure<NameTemplates>;
}

/** A 2026.1 figure kept unchanged in 2027.1, with its provenance and the trust it deserves. */
function kept<T>(figure: Figure<T>, trust: Trust): TrustedFigure<T> {
  return { value: figure.value, source: `${figure.source} (unchanged from 2026.1)`, trust };
}

const V1 = FUNDING_POLICY;
const DESIGN = 'design/funding-v2.md';
const ALLIANCES = 'alliancesadvisor.com/map ("Is your deal MAP-ready?")';

/** Policy `2027.1`. */
export const FUNDING_POLICY_2027: FundingPolicy2027 = {
  id: '2027.1',
  program: kept(V1.program, 'AWS'),
  mapFloorMonthlyCents: kept(V1.mapFloorMonthlyCents, '3P, unverified'),
  liteCeilingMonthlyCents: kept(V1.liteCeilingMonthlyCents, '3P, unverified'),
  standardCeilingMonthlyCents: kept(V1.standardCeilingMonthlyCents, '3P, unverified'),
  edpAnnualThresholdCents: kept(V1.edpAnnualThresholdCents, 'ours'),
  sanctionedCountries: kept(V1.sanctionedCountries, 'ours'),
  fundingTiers: kept(V1.fundingTiers, '3P, unverified'),
  cashTranches: {
    assess_partner_funding: {
      phase: 'assess',
      rate_services: kept(
        {
          value: V1.tranches.assess_partner_funding.rateBps.value.standard,
          source: V1.tranches.assess_partner_funding.rateBps.source,
        },
        'ours',
      ),
      rate_arr: {
        value: 1000,
        source:
          `${DESIGN}: every cash tranche is bounded by the run-rate; 10% of ARR is ours. ` +
          'An AWS re:Post question quotes $60,000 for Assess at a post-migration ARR over $500K (12% there), unverified',
        trust: 'ours',
      },
      cap: {
        value: 1_500_000,
        source: 'grnmrk.com "AWS MAP funding guide": Assess phase funding $0-$15K',
        trust: '3P, unverified',
      },
    },
    mobilize_partner_funding: {
      phase: 'mobilize',
      rate_services: kept(
        {
          value: V1.tranches.mobilize_partner_funding.rateBps.value.standard,
          source: V1.tranches.mobilize_partner_funding.rateBps.source,
        },
        '3P, unverified',
      ),
      rate_arr: {
        value: 2000,
        source: `${ALLIANCES}: Mobilize cash funding "20% of ARR"`,
        trust: '3P, unverified',
      },
      cap: {
        value: 200_000_000,
        source: `${ALLIANCES}: Mobilize "$2M maximum total cash"`,
        trust: '3P, unverified',
      },
    },
    migrate_partner_funding: {
      phase: 'migrate',
      rate_services: {
        value: 3000,
        source: 'seed §III: "in Migrate, the offset is larger" than the ~25% of Mobilize; 30% is ours',
        trust: 'ours',
      },
      rate_arr: {
        value: 1500,
        source:
          'blog.encc.de "MAP funding, decoded": Migrate at 15% of ARR (illustrative); ' +
          '2026.1 migrate_partner_funding, standard ladder, 15%',
        trust: '3P, unverified',
      },
      cap: {
        value: 200_000_000,
        source: `no published figure; the Mobilize cap ($2M, ${ALLIANCES}) reused, ours`,
        trust: 'ours',
      },
    },
  },
  creditRateBps: {
    value: V1.tranches.migrate_credits.rateBps.value.standard,
    source:
      'seed §II/§III: MAP credits begin in Mobilize and offset a share of actual consumption; ' +
      `one rate per quarter on tagged spend, 20% (2026.1 migrate_credits, standard ladder), is ours`,
    trust: 'ours',
  },
  creditDisbursementDays: {
    value: 30,
    source: `AWS MAP terms: credits are computed per calendar quarter on tagged spend and disbursed within 30 days after the quarter ends (${DESIGN}, "Two ledgers")`,
    trust: 'AWS',
  },
  projectStartLeadDays: {
    value: 14,
    source: `${ALLIANCES}: "14+ days lead time required"; ${DESIGN}: projectStartDate at least 14 days after filing`,
    trust: '3P, unverified',
  },
  projectedSpendToleranceBps: {
    value: 100,
    source: `${DESIGN}: itemised projectedSpend adds up to the committed run-rate within 1%`,
    trust: 'ours',
  },
  committedSpendRealizedBps: {
    value: 8000,
    source: `${DESIGN}: COMMITTED_SPEND_NOT_REALIZED below 80% of the committed run-rate`,
    trust: 'ours',
  },
  claimEvidenceKinds: {
    value: CLAIM_EVIDENCE_KINDS,
    source: `${DESIGN}, "Claims": typed evidence { kind, uri, sha256 }`,
    trust: 'ours',
  },
  claims: {
    assess_partner_funding: {
      evidenceKinds: {
        value: ['customer_signoff', 'deliverable'],
        source: `${DESIGN}, "Claims"; the Assess deliverables (TCO, readiness) signed off by the customer`,
        trust: 'ours',
      },
      milestone: {
        value: { facts: ['assess_checklist_complete'], realizedSpend: null },
        source: '2026.1 claim checklist (DESIGN.md §2): the Assess checklist is complete',
        trust: 'ours',
      },
    },
    mobilize_partner_funding: {
      evidenceKinds: {
        value: ['customer_signoff', 'deliverable', 'tag_coverage_report'],
        source: `${DESIGN}, "Claims"; the pilot migrates tagged resources, so its tag coverage is shown`,
        trust: 'ours',
      },
      milestone: {
        value: { facts: ['pilot_wave_validated', 'mobilize_checklist_complete'], realizedSpend: null },
        source:
          '2026.1 claim checklist (DESIGN.md §2): pilot validated and the Mobilize checklist complete; ' +
          `no spend condition, ours (the $50K spend trigger of ${ALLIANCES} exceeds a small profile's whole ARR)`,
        trust: 'ours',
      },
    },
    migrate_partner_funding: {
      evidenceKinds: {
        value: ['customer_signoff', 'deliverable', 'tag_coverage_report'],
        source: `${DESIGN}, "Claims"; a production wave's tag coverage is what credits and AWS's review read`,
        trust: 'ours',
      },
      milestone: {
        value: {
          facts: ['production_wave_validated'],
          realizedSpend: { kind: 'share_of_committed_arr', bps: 2000 },
        },
        source:
          '2026.1 claim checklist (DESIGN.md §2): a production wave validated; ' +
          `cumulative tagged spend at least 20% of committed ARR, after ${ALLIANCES} ("when cumulative spend reaches 20% of estimated ARR"), applied to Migrate by us`,
        trust: 'ours',
      },
    },
  },
  fundRequestNames: {
    value: {
      version: '2',
      placeholder: '<Customer>',
      byTranche: {
        assess_partner_funding: 'MAP Assess Project - <Customer>',
        mobilize_partner_funding: 'MAP Mobilize Project - <Customer>',
        migrate_partner_funding: 'MAP Migrate Project - <Customer>',
      },
    },
    source: `AWS fund-request nomenclature, one name per phase (Partner Funding Portal, as given in ${DESIGN})`,
    trust: 'AWS',
  },
  claimDueDays: kept(V1.claimDueDays, 'ours'),
  phaseWindows: kept(V1.phaseWindows, '3P, unverified'),
  intakeIdleDays: kept(V1.intakeIdleDays, 'ours'),
  nearDueDays: kept(V1.nearDueDays, 'ours'),
  estateMonthlyCentsPerServer: kept(V1.estateMonthlyCentsPerServer, 'ours'),
  estateMonthlyCentsPerDatabase: kept(V1.estateMonthlyCentsPerDatabase, 'ours'),
  refactorHeavyBps: kept(V1.refactorHeavyBps, 'ours'),
  mapDepthMinClosed: kept(V1.mapDepthMinClosed, 'ours'),
  bpsDenominator: V1.bpsDenominator,
  monthsPerYear: V1.monthsPerYear,
};

/** One figure of a policy, named by its path (`cashTranches.mobilize_partner_funding.cap`). */
export interface NamedFigure {
  name: string;
  figure: TrustedFigure<unknown>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isTrustedFigure(v: Record<string, unknown>): v is Record<string, unknown> & TrustedFigure<unknown> {
  return 'value' in v && typeof v.source === 'string' && typeof v.trust === 'string';
}

/** Values of a policy that are not figures: its id, the units and each tranche's phase. */
export interface PolicyWalk {
  figures: NamedFigure[];
  others: string[];
}

/**
 * Every figure of a policy, in declaration order, and the names of the other
 * leaves (so a test can tell that no bare number hides among the figures).
 */
export function walkPolicy(policy: FundingPolicy2027): PolicyWalk {
  const walk: PolicyWalk = { figures: [], others: [] };
  const visit = (prefix: string, node: Record<string, unknown>): void => {
    for (const [key, value] of Object.entries(node)) {
      const name = prefix === '' ? key : `${prefix}.${key}`;
      if (isRecord(value) && isTrustedFigure(value)) walk.figures.push({ name, figure: value });
      else if (isRecord(value)) visit(name, value);
      else walk.others.push(name);
    }
  };
  visit('', { ...policy });
  return walk;
}
