/**
 * Money: envelopes by hand, then fast-check properties (the envelope never
 * exceeds policy, rounding never over-claims, triage is monotone in
 * committed spend).
 */
import fc from 'fast-check';
import {
  applyBps,
  claimDueDate,
  downgradeFlag,
  envelopeFor,
  FUNDING_POLICY,
  isCents,
  ladderFor,
  TRANCHES,
  triage,
  type FundingPolicy,
} from '../src';
import { MAX_CENTS, profileArbitrary } from './arbitraries';
import { herokuProfile } from './factories';

const profileArb = profileArbitrary();

const PROGRAM_RANK = { INELIGIBLE: 0, ACTIVATE: 0, REFERRAL: 1, MAP: 2 } as const;
const LADDER_RANK = { lite: 0, standard: 1, enterprise: 2 } as const;

describe('envelopes by hand', () => {
  it('Heroku profile (standard ladder)', () => {
    const p = herokuProfile();
    expect(TRANCHES.map((t) => envelopeFor(t, p))).toEqual([1_200_000, 3_000_000, 660_000, 1_980_000, 2_640_000]);
  });

  it('floors to the cent: 25% of 12,345,679 = 3,086,419.75 -> 3,086,419', () => {
    expect(envelopeFor('mobilize_partner_funding', herokuProfile({ migrationServicesCostCents: 12_345_679 }))).toBe(
      3_086_419,
    );
    expect(applyBps(1, 2500, 10_000)).toBe(0);
    expect(applyBps(Number.MAX_SAFE_INTEGER, 10_000, 10_000)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('assess is capped; enterprise and lite ladders use their rates', () => {
    expect(envelopeFor('assess_partner_funding', herokuProfile({ migrationServicesCostCents: 90_000_000 }))).toBe(
      2_500_000,
    );
    // lite: $2,000/month -> annual 2,400,000; migrate credits 10% = 240,000
    expect(envelopeFor('migrate_credits', herokuProfile({ projectedMonthlyAwsSpendCents: 200_000 }))).toBe(240_000);
    // enterprise: $20,000/month -> annual 24,000,000; migrate partner 20% = 4,800,000
    expect(envelopeFor('migrate_partner_funding', herokuProfile({ projectedMonthlyAwsSpendCents: 2_000_000 }))).toBe(
      4_800_000,
    );
  });

  it('is zero without MAP: incomplete, referral, greenfield, ineligible', () => {
    expect(envelopeFor('migrate_credits', { servers: 3 })).toBe(0);
    expect(envelopeFor('migrate_credits', herokuProfile({ projectedMonthlyAwsSpendCents: 99_999 }))).toBe(0);
    expect(envelopeFor('migrate_credits', herokuProfile({ greenfield: true }))).toBe(0);
    expect(envelopeFor('migrate_credits', herokuProfile({ customerCountry: 'CU' }))).toBe(0);
  });

  it('downgrade flag and claim due date', () => {
    expect(downgradeFlag(2_000_000, 1_980_000)).toEqual({ likelyDowngrade: true, overByCents: 20_000 });
    expect(downgradeFlag(1_980_000, 1_980_000)).toEqual({ likelyDowngrade: false, overByCents: 0 });
    expect(claimDueDate('2026-01-31')).toBe('2026-03-02');
  });

  it('ladder boundaries: lite < $5K <= standard <= $15K < enterprise', () => {
    expect([ladderFor(499_999), ladderFor(500_000), ladderFor(1_500_000), ladderFor(1_500_001)]).toEqual([
      'lite',
      'standard',
      'standard',
      'enterprise',
    ]);
  });

  it('every policy figure carries its provenance', () => {
    const figures = Object.values(FUNDING_POLICY).filter(
      (v): v is { value: unknown; source: string } => typeof v === 'object' && v !== null && 'source' in v,
    );
    expect(figures.length).toBeGreaterThanOrEqual(14);
    for (const f of figures) expect(f.source.length).toBeGreaterThan(10);
    for (const t of TRANCHES) {
      expect(FUNDING_POLICY.tranches[t].rateBps.source).not.toBe('');
      expect(FUNDING_POLICY.tranches[t].capCents.source).not.toBe('');
    }
  });
});

describe('properties', () => {
  it('the envelope never exceeds policy: base x max rate, and the cap', () => {
    fc.assert(
      fc.property(profileArb, fc.constantFrom(...TRANCHES), (profile, tranche) => {
        const env = envelopeFor(tranche, profile);
        const p = FUNDING_POLICY.tranches[tranche];
        const base =
          p.base === 'migration_services_cost'
            ? profile.migrationServicesCostCents
            : profile.projectedMonthlyAwsSpendCents * 12;
        const maxRate = Math.max(...Object.values(p.rateBps.value));
        expect(isCents(env)).toBe(true);
        expect(env * FUNDING_POLICY.bpsDenominator).toBeLessThanOrEqual(base * maxRate);
        if (p.capCents.value !== null) expect(env).toBeLessThanOrEqual(p.capCents.value);
        if (triage(profile).program !== 'MAP') expect(env).toBe(0);
      }),
    );
  });

  it('rounding never over-claims and loses less than a cent', () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 0, max: 10_000 }), (amount, bps) => {
        const r = BigInt(applyBps(amount, bps, 10_000));
        const exact = BigInt(amount) * BigInt(bps);
        expect(r * 10_000n <= exact).toBe(true);
        expect(exact < (r + 1n) * 10_000n).toBe(true);
      }),
    );
  });

  it('triage is monotone in committed spend (program, ladder, EDP never go down)', () => {
    fc.assert(
      fc.property(profileArb, fc.nat({ max: MAX_CENTS }), fc.nat({ max: MAX_CENTS }), (profile, x, y) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        const a = triage({ ...profile, projectedMonthlyAwsSpendCents: lo });
        const b = triage({ ...profile, projectedMonthlyAwsSpendCents: hi });
        expect(PROGRAM_RANK[b.program]).toBeGreaterThanOrEqual(PROGRAM_RANK[a.program]);
        if (a.ladder !== null && b.ladder !== null)
          expect(LADDER_RANK[b.ladder]).toBeGreaterThanOrEqual(LADDER_RANK[a.ladder]);
        if (a.edpCandidate) expect(b.edpCandidate).toBe(true);
        for (const t of TRANCHES) {
          expect(envelopeFor(t, { ...profile, projectedMonthlyAwsSpendCents: hi })).toBeGreaterThanOrEqual(
            envelopeFor(t, { ...profile, projectedMonthlyAwsSpendCents: lo }),
          );
        }
      }),
    );
  });

  it('a changed policy is honoured (no literal in logic)', () => {
    const generous: FundingPolicy = {
      ...FUNDING_POLICY,
      id: 'test',
      mapFloorMonthlyCents: { value: 10, source: 'test' },
    };
    expect(triage(herokuProfile({ projectedMonthlyAwsSpendCents: 20_000 }), generous).program).toBe('MAP');
    expect(
      envelopeFor('mobilize_partner_funding', herokuProfile({ projectedMonthlyAwsSpendCents: 20_000 }), generous),
    ).toBe(3_000_000);
  });
});
