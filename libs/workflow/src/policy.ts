/**
 * The versioned funding policy. Every figure the engine uses lives here with
 * its provenance; no money or rate is a literal in logic code. The brief says
 * its percentages are representative, not contractual, and so are these.
 *
 * A released policy is never edited: a change is a new object with a new id.
 */
import type { TagSchemes } from './tagging';
import type { FundingType, OpenPhase, PartnerTier, Tranche } from './types';

/** One policy figure and where it comes from. */
export interface Figure<T> {
  value: T;
  source: string;
}

export type Ladder = 'lite' | 'standard' | 'enterprise';

/** What a tranche's envelope is a share of. */
export type EnvelopeBase = 'migration_services_cost' | 'annual_committed_spend';

export interface TranchePolicy {
  phase: 'assess' | 'mobilize' | 'migrate';
  fundingType: FundingType;
  base: EnvelopeBase;
  /** Rate in basis points, per triage ladder. */
  rateBps: Figure<Record<Ladder, number>>;
  /** Upper bound in cents, or null for none. */
  capCents: Figure<number | null>;
}

export interface PhaseWindow {
  minWeeks: number;
  maxWeeks: number;
}

export interface FundingPolicy {
  id: string;
  /**
   * The tag schemes the agreement and the waves are checked against. Absent
   * (as in 2026.1): tag schemes v1. Version 2 runs the events it keeps from
   * version 1 with its own (v2/kept.ts).
   */
  tagSchemes?: TagSchemes;
  program: Figure<string>;
  /** Below this committed monthly run-rate, a migration is a referral. */
  mapFloorMonthlyCents: Figure<number>;
  /** Upper bound (exclusive) of the `lite` ladder. */
  liteCeilingMonthlyCents: Figure<number>;
  /** Upper bound (inclusive) of the `standard` ladder; above it is `enterprise`. */
  standardCeilingMonthlyCents: Figure<number>;
  /** Annual committed spend from which EDP/PPA is worth raising. */
  edpAnnualThresholdCents: Figure<number>;
  /** ISO 3166 alpha-2 codes that programs may not fund. */
  sanctionedCountries: Figure<readonly string[]>;
  /** Tiers that carry funding-submission rights. */
  fundingTiers: Figure<readonly PartnerTier[]>;
  tranches: Record<Tranche, TranchePolicy>;
  /** Days after `projectEndDate` by which a claim must be submitted. */
  claimDueDays: Figure<number>;
  phaseWindows: Figure<Record<'assess' | 'mobilize' | 'migrate', PhaseWindow>>;
  /** Findings: an opportunity idle in intake this long never started Assess. */
  intakeIdleDays: Figure<number>;
  /** Findings: a fund request this close to its due date with no claim. */
  nearDueDays: Figure<number>;
  /** Findings: representative monthly AWS cost per discovered server and database. */
  estateMonthlyCentsPerServer: Figure<number>;
  estateMonthlyCentsPerDatabase: Figure<number>;
  /** Findings: share of refactored applications in the early waves that counts as modernizing too early. */
  refactorHeavyBps: Figure<number>;
  /** Findings: fewer closed MAP opportunities than this is a partner without MAP depth. */
  mapDepthMinClosed: Figure<number>;
  /** Basis-point denominator (100% = 10,000 bps). */
  bpsDenominator: number;
  /** Months in a year, for annualising a monthly run-rate. */
  monthsPerYear: number;
}

const REP = 'representative, DESIGN.md §2';

/** Policy `2026.1`, the one machine version 1 ships with. */
export const FUNDING_POLICY: FundingPolicy = {
  id: '2026.1',
  program: { value: 'MAP', source: 'seed §I: AWS Migration Acceleration Program; AWS fund-request nomenclature' },
  mapFloorMonthlyCents: {
    value: 100_000,
    source: 'seed §IV: "broadly, four figures a month and up"; DESIGN.md §2 floor $1,000/month',
  },
  liteCeilingMonthlyCents: { value: 500_000, source: 'DESIGN.md §2: ladder lite $1K-$5K/month' },
  standardCeilingMonthlyCents: {
    value: 1_500_000,
    source: 'seed §III: "~$5K-$15K/month opens the standard ladder"',
  },
  edpAnnualThresholdCents: {
    value: 100_000_000,
    source: `seed §III: "past a threshold, layered programs (EDP/PPA)"; $1M/year is ${REP}`,
  },
  sanctionedCountries: {
    value: ['CU', 'IR', 'KP', 'SY'],
    source: `seed §IV: programs follow US export-control rules; list of comprehensively embargoed countries is ${REP}`,
  },
  fundingTiers: {
    value: ['advanced', 'premier'],
    source: 'seed §V/§VII: Advanced or Premier tier carries full funding-submission rights; DESIGN.md §1',
  },
  tranches: {
    assess_partner_funding: {
      phase: 'assess',
      fundingType: 'cash',
      base: 'migration_services_cost',
      rateBps: {
        value: { lite: 1000, standard: 1000, enterprise: 1000 },
        source: `seed §II: Assess "subsidised, typically delivered at no cost"; 10% of services cost is ${REP}`,
      },
      capCents: { value: 2_500_000, source: `cap $25,000 is ${REP}` },
    },
    mobilize_partner_funding: {
      phase: 'mobilize',
      fundingType: 'cash',
      base: 'migration_services_cost',
      rateBps: {
        value: { lite: 2500, standard: 2500, enterprise: 2500 },
        source: 'seed §III: partner funding ≈ 25% of eligible services cost',
      },
      capCents: { value: null, source: 'seed §III: no fixed public figure' },
    },
    mobilize_credits: {
      phase: 'mobilize',
      fundingType: 'credits',
      base: 'annual_committed_spend',
      rateBps: {
        value: { lite: 500, standard: 500, enterprise: 500 },
        source: `seed §II: "MAP credits begin" in Mobilize; 5% of annual committed spend is ${REP}`,
      },
      capCents: { value: null, source: 'seed §III: no fixed public figure' },
    },
    migrate_partner_funding: {
      phase: 'migrate',
      fundingType: 'cash',
      base: 'annual_committed_spend',
      rateBps: {
        value: { lite: 1000, standard: 1500, enterprise: 2000 },
        source: `seed §II/§III: partner funding scales with committed run-rate; the rates are ${REP}`,
      },
      capCents: { value: null, source: 'seed §III: no fixed public figure' },
    },
    migrate_credits: {
      phase: 'migrate',
      fundingType: 'credits',
      base: 'annual_committed_spend',
      rateBps: {
        value: { lite: 1000, standard: 2000, enterprise: 2500 },
        source: `seed §III: credit share against consumption rises with committed spend; the rates are ${REP}`,
      },
      capCents: { value: null, source: 'seed §III: no fixed public figure' },
    },
  },
  claimDueDays: { value: 30, source: 'DESIGN.md §2: claim due date = projectEndDate + 30 days' },
  phaseWindows: {
    value: {
      assess: { minWeeks: 2, maxWeeks: 4 },
      mobilize: { minWeeks: 4, maxWeeks: 8 },
      migrate: { minWeeks: 8, maxWeeks: 24 },
    },
    source: 'seed §II and phase table: Assess 2-4 weeks, Mobilize 4-8, Migrate 8-24+',
  },
  intakeIdleDays: { value: 14, source: `seed §VIII "they never start the Assess phase"; 14 days is ${REP}` },
  nearDueDays: { value: 14, source: `DESIGN.md §2 findings; 14 days is ${REP}` },
  estateMonthlyCentsPerServer: {
    value: 15_000,
    source: `seed §VIII under-sized projection; $150/server/month is ${REP}`,
  },
  estateMonthlyCentsPerDatabase: {
    value: 30_000,
    source: `seed §VIII under-sized projection; $300/database/month is ${REP}`,
  },
  refactorHeavyBps: { value: 5000, source: `seed §VIII "they modernize too early"; half the early apps is ${REP}` },
  mapDepthMinClosed: { value: 3, source: `seed §VIII "a partner without MAP depth"; 3 closed is ${REP}` },
  bpsDenominator: 10_000,
  monthsPerYear: 12,
};

/** The phase whose window applies, or null for intake/closeout and the ends. */
export function windowFor(phase: OpenPhase, policy: FundingPolicy = FUNDING_POLICY): PhaseWindow | null {
  if (phase === 'assess' || phase === 'mobilize' || phase === 'migrate') return policy.phaseWindows.value[phase];
  return null;
}
