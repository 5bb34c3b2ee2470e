/**
 * Funding policy 2027.1 (machine version 2), pure: run-rate-bounded cash
 * envelopes (a property and worked figures by hand), credits per quarter,
 * quarters and their dates, fund-request names, the v2 tag rules, and the
 * provenance and trust of every figure (the README's table included).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { FUNDING_POLICY, isCents, tagValueProblem, triage, type Profile } from '../src';
import {
  arrRatesWithinRunRate,
  committedArrCents,
  creditEstimateCents,
  creditsDueDate,
  envelopeFor2027,
  fundRequestName2027,
  isQuarter,
  parseQuarter,
  quarterEndDate,
  quarterOf,
  quarterStartDate,
} from '../src/v2/funding';
import {
  CASH_TRANCHES,
  CLAIM_EVIDENCE_KINDS,
  FUNDING_POLICY_2027,
  TRUST_LEVELS,
  walkPolicy,
  type CashTranche,
  type FundingPolicy2027,
} from '../src/v2/policy';
import {
  isValidMapId2,
  mapIdRule2,
  TAG_SCHEME_PROVENANCE_V2,
  TAG_SCHEMES_V2,
  tagCarriesId2,
  tagValueId2,
  tagValueProblem2,
} from '../src/v2/tagging';
import { profileArbitrary } from './arbitraries';
import { herokuProfile } from './factories';

const P = FUNDING_POLICY_2027;

const envelopes = (profile: Partial<Profile>, policy: FundingPolicy2027 = P): number[] =>
  CASH_TRANCHES.map((t) => envelopeFor2027(t, profile, policy));
const sum = (xs: number[]): number => xs.reduce((s, x) => s + x, 0);

/** Complete profiles that triage MAP under 2027.1. */
const mapProfileArb = profileArbitrary({ mapFloorCents: P.mapFloorMonthlyCents.value });

describe('2027.1 cash envelopes: the policy invariant', () => {
  it('the ARR rates of the three cash tranches add up to at most 100% (here 10% + 20% + 15% = 45%)', () => {
    expect(CASH_TRANCHES.map((t) => P.cashTranches[t].rate_arr.value)).toEqual([1000, 2000, 1500]);
    expect(arrRatesWithinRunRate(P)).toBe(true);
    expect(arrRatesWithinRunRate()).toBe(true);
    // A policy whose ARR rates add up to 101% breaks the invariant, and the check says so.
    const greedy: FundingPolicy2027 = {
      ...P,
      cashTranches: {
        ...P.cashTranches,
        migrate_partner_funding: {
          ...P.cashTranches.migrate_partner_funding,
          rate_arr: { ...P.cashTranches.migrate_partner_funding.rate_arr, value: 7100 },
        },
      },
    };
    expect(arrRatesWithinRunRate(greedy)).toBe(false);
  });

  it('property: for any complete MAP profile the three cash envelopes sum to at most 12 x the committed monthly run-rate', () => {
    fc.assert(
      fc.property(mapProfileArb, (profile) => {
        expect(triage(profile, P).program).toBe('MAP');
        const env = envelopes(profile);
        for (const e of env) expect(isCents(e)).toBe(true);
        expect(sum(env)).toBeLessThanOrEqual(12 * profile.projectedMonthlyAwsSpendCents);
      }),
      { numRuns: 500 },
    );
  });

  it('property: each envelope is at most rate_services x services cost, rate_arr x ARR and the cap', () => {
    fc.assert(
      fc.property(mapProfileArb, fc.constantFrom(...CASH_TRANCHES), (profile, tranche) => {
        const env = envelopeFor2027(tranche, profile);
        const t = P.cashTranches[tranche];
        expect(env * 10_000).toBeLessThanOrEqual(profile.migrationServicesCostCents * t.rate_services.value);
        expect(env * 10_000).toBeLessThanOrEqual(12 * profile.projectedMonthlyAwsSpendCents * t.rate_arr.value);
        expect(env).toBeLessThanOrEqual(t.cap.value);
      }),
    );
  });
});

describe('2027.1 cash envelopes by hand', () => {
  it('small: $1,000/month committed, $40,000 services cost', () => {
    // ARR = 12 x $1,000 = $12,000 (1,200,000 cents); services = $40,000 (4,000,000 cents).
    // Assess:   min(10% x 4,000,000 = 400,000;   10% x 1,200,000 = 120,000;  cap 1,500,000)   = 120,000 ($1,200)
    // Mobilize: min(25% x 4,000,000 = 1,000,000; 20% x 1,200,000 = 240,000;  cap 200,000,000) = 240,000 ($2,400)
    // Migrate:  min(30% x 4,000,000 = 1,200,000; 15% x 1,200,000 = 180,000;  cap 200,000,000) = 180,000 ($1,800)
    // Together 540,000 ($5,400): 45% of the $12,000 ARR. Version 1 offered more than the whole ARR here.
    const small = herokuProfile({ projectedMonthlyAwsSpendCents: 100_000, migrationServicesCostCents: 4_000_000 });
    expect(committedArrCents(small)).toBe(1_200_000);
    expect(envelopes(small)).toEqual([120_000, 240_000, 180_000]);
    expect(sum(envelopes(small))).toBe(540_000);
  });

  it('standard: the Heroku case, $11,000/month committed, $120,000 services cost', () => {
    // ARR = 12 x $11,000 = $132,000 (13,200,000 cents); services = $120,000 (12,000,000 cents).
    // Assess:   min(10% x 12,000,000 = 1,200,000; 10% x 13,200,000 = 1,320,000; cap 1,500,000)   = 1,200,000 ($12,000)
    // Mobilize: min(25% x 12,000,000 = 3,000,000; 20% x 13,200,000 = 2,640,000; cap 200,000,000) = 2,640,000 ($26,400)
    // Migrate:  min(30% x 12,000,000 = 3,600,000; 15% x 13,200,000 = 1,980,000; cap 200,000,000) = 1,980,000 ($19,800)
    // Together 1,200,000 + 2,640,000 + 1,980,000 = 5,820,000 ($58,200), under the 13,200,000 ARR.
    const standard = herokuProfile();
    expect(triage(standard, P).ladder).toBe('standard');
    expect(envelopes(standard)).toEqual([1_200_000, 2_640_000, 1_980_000]);
    expect(sum(envelopes(standard))).toBe(5_820_000);
  });

  it('enterprise: $250,000/month committed, $2,000,000 services cost', () => {
    // ARR = 12 x $250,000 = $3,000,000 (300,000,000 cents); services = $2,000,000 (200,000,000 cents).
    // Assess:   min(10% x 200,000,000 = 20,000,000; 10% x 300,000,000 = 30,000,000; cap 1,500,000)   = 1,500,000 ($15,000, the cap)
    // Mobilize: min(25% x 200,000,000 = 50,000,000; 20% x 300,000,000 = 60,000,000; cap 200,000,000) = 50,000,000 ($500,000, services)
    // Migrate:  min(30% x 200,000,000 = 60,000,000; 15% x 300,000,000 = 45,000,000; cap 200,000,000) = 45,000,000 ($450,000, ARR)
    // Together 96,500,000 ($965,000), under the 300,000,000 ARR.
    const enterprise = herokuProfile({
      projectedMonthlyAwsSpendCents: 25_000_000,
      migrationServicesCostCents: 200_000_000,
    });
    expect(triage(enterprise, P).ladder).toBe('enterprise');
    expect(envelopes(enterprise)).toEqual([1_500_000, 50_000_000, 45_000_000]);
    expect(sum(envelopes(enterprise))).toBe(96_500_000);
  });

  it('the $2M caps bind on a very large deal', () => {
    // $1,500,000/month: ARR 1,800,000,000 cents; services $12M = 1,200,000,000 cents.
    // Mobilize: min(300,000,000; 360,000,000; 200,000,000) = 200,000,000. Migrate: min(360,000,000; 270,000,000; 200,000,000) = 200,000,000.
    const large = herokuProfile({
      projectedMonthlyAwsSpendCents: 150_000_000,
      migrationServicesCostCents: 1_200_000_000,
    });
    expect(envelopes(large)).toEqual([1_500_000, 200_000_000, 200_000_000]);
  });

  it('an inflated services cost no longer grows the envelope past the run-rate bound', () => {
    // Heroku at $1,000,000 of services: Mobilize min(25,000,000; 2,640,000; cap) = 2,640,000, as at $120,000.
    expect(
      envelopeFor2027('mobilize_partner_funding', herokuProfile({ migrationServicesCostCents: 100_000_000 })),
    ).toBe(2_640_000);
  });

  it('floors to the cent: 30% of 3,333,333 = 999,999.9 -> 999,999', () => {
    const p = herokuProfile({ migrationServicesCostCents: 3_333_333 });
    expect(envelopeFor2027('migrate_partner_funding', p)).toBe(999_999);
  });

  it('is zero without MAP: incomplete, below the floor, greenfield, AWS competitor, sanctioned country', () => {
    expect(envelopes({ servers: 3 })).toEqual([0, 0, 0]);
    expect(envelopes(herokuProfile({ projectedMonthlyAwsSpendCents: 99_999 }))).toEqual([0, 0, 0]);
    expect(envelopes(herokuProfile({ greenfield: true }))).toEqual([0, 0, 0]);
    expect(envelopes(herokuProfile({ awsCompetitor: true }))).toEqual([0, 0, 0]);
    expect(envelopes(herokuProfile({ customerCountry: 'IR' }))).toEqual([0, 0, 0]);
    // At exactly the floor the money starts: 10% x 1,200,000 = 120,000.
    expect(envelopeFor2027('assess_partner_funding', herokuProfile({ projectedMonthlyAwsSpendCents: 100_000 }))).toBe(
      120_000,
    );
  });
});

describe('customer MAP credits per quarter', () => {
  it("a quarter's credit estimate on tagged spend, by hand", () => {
    // 2027-Q1: tagged spend $10,500/month x 3 months = $31,500 (3,150,000 cents).
    // Credit rate 20% (2,000 bps): 3,150,000 x 2,000 / 10,000 = 630,000 cents ($6,300),
    // due by 2027-03-31 + 30 days = 2027-04-30.
    expect(P.creditRateBps.value).toBe(2000);
    expect(creditEstimateCents(3_150_000)).toBe(630_000);
    expect(creditEstimateCents(3_150_000, P)).toBe(630_000);
    expect(creditsDueDate('2027-Q1')).toBe('2027-04-30');
    // Floors: 3,333,333 x 20% = 666,666.6 -> 666,666. No tagged spend, no credits.
    expect(creditEstimateCents(3_333_333)).toBe(666_666);
    expect(creditEstimateCents(0)).toBe(0);
  });
});

describe('quarters', () => {
  it('parses YYYY-Qn and refuses anything else', () => {
    expect(parseQuarter('2027-Q1')).toEqual({ year: 2027, quarter: 1 });
    expect(parseQuarter('2099-Q4')).toEqual({ year: 2099, quarter: 4 });
    for (const bad of ['2027-Q0', '2027-Q5', '2027-q1', '2027Q1', '27-Q1', '2027-Q1 ', '', 'Q1-2027']) {
      expect(parseQuarter(bad)).toBeNull();
      expect(isQuarter(bad)).toBe(false);
    }
    expect(parseQuarter(20271)).toBeNull();
    expect(isQuarter('2027-Q3')).toBe(true);
  });

  it('the quarter of a date or timestamp, in UTC', () => {
    expect(quarterOf('2027-01-01')).toBe('2027-Q1');
    expect(quarterOf('2027-02-14')).toBe('2027-Q1');
    expect(quarterOf('2027-03-31T23:59:59.999Z')).toBe('2027-Q1');
    expect(quarterOf('2027-04-01T00:00:00.000Z')).toBe('2027-Q2');
    expect(quarterOf('2027-09-30')).toBe('2027-Q3');
    expect(quarterOf('2027-10-01')).toBe('2027-Q4');
    expect(quarterOf('2027-12-31')).toBe('2027-Q4');
    // 01:00 at +02:00 on New Year's Day is still 31 December in UTC.
    expect(quarterOf('2027-01-01T01:00:00+02:00')).toBe('2026-Q4');
  });

  it("each quarter's first and last day, and the credits' disbursement due date (end + 30 days)", () => {
    expect(['2027-Q1', '2027-Q2', '2027-Q3', '2027-Q4'].map((q) => [quarterStartDate(q), quarterEndDate(q)])).toEqual([
      ['2027-01-01', '2027-03-31'],
      ['2027-04-01', '2027-06-30'],
      ['2027-07-01', '2027-09-30'],
      ['2027-10-01', '2027-12-31'],
    ]);
    // 03-31 + 30 = 04-30; 06-30 + 30 = 07-30; 09-30 + 30 = 10-30; 12-31 + 30 = 01-30 of the next year.
    expect(['2027-Q1', '2027-Q2', '2027-Q3', '2027-Q4'].map((q) => creditsDueDate(q))).toEqual([
      '2027-04-30',
      '2027-07-30',
      '2027-10-30',
      '2028-01-30',
    ]);
    // A leap year changes no quarter's end: 2028-Q1 still ends 03-31.
    expect(quarterEndDate('2028-Q1')).toBe('2028-03-31');
  });

  it('a malformed quarter is a RangeError, not a wrong date', () => {
    expect(() => quarterEndDate('2027-Q5')).toThrow(RangeError);
    expect(() => quarterStartDate('2027-Q0')).toThrow('2027-Q0 is not a quarter');
    expect(() => creditsDueDate('2027-1')).toThrow(RangeError);
  });
});

describe('fund-request names (template version 2)', () => {
  it('one name per phase, in AWS nomenclature', () => {
    expect(P.fundRequestNames.value.version).toBe('2');
    expect(CASH_TRANCHES.map((t: CashTranche) => fundRequestName2027(t, 'Acme SaaS'))).toEqual([
      'MAP Assess Project - Acme SaaS',
      'MAP Mobilize Project - Acme SaaS',
      'MAP Migrate Project - Acme SaaS',
    ]);
  });

  it('inserts the customer name as written, trimmed, with no brackets and no pattern read from it', () => {
    expect(fundRequestName2027('migrate_partner_funding', '  Dollar $& Sons  ', P)).toBe(
      'MAP Migrate Project - Dollar $& Sons',
    );
    expect(fundRequestName2027('assess_partner_funding', 'Acme')).not.toMatch(/[[\]<>]/);
  });
});

describe('v2 tag rules', () => {
  const PRM = 'ra-abcdefghij123'; // ra- + 13 lowercase letters and digits

  it('map-migrated keeps the MPE forms: mig1234 is malformed, 5 digits or 10 characters are not', () => {
    expect(tagValueProblem2('map-migrated', 'mig1234')).toBe(
      'mig1234 is not a map-migrated tag value: one of comm_ec2_, mig_ec2_, oracle, comm, mig, sap followed by the MPE ID (5 digits, or 10 uppercase letters and digits)',
    );
    expect(tagValueProblem2('map-migrated', 'mig12345')).toBeNull();
    expect(tagValueProblem2('map-migrated', 'sapABCDE12345')).toBeNull();
    expect(tagValueProblem2('map-migrated', 'oracle12345')).toBeNull();
    expect(tagValueProblem2('map-migrated', 'comm12345')).toBeNull();
    expect(tagValueProblem2('map-migrated', 'mig_ec2_12345')).toBeNull();
    expect(tagValueProblem2('map-migrated', 'migabcde12345')).not.toBeNull(); // lowercase MPE ID
  });

  it('comm_ec2_ is read as one prefix, not comm + _ec2_', () => {
    expect(tagValueId2('map-migrated', 'comm_ec2_12345')).toBe('12345');
    expect(tagValueId2('map-migrated', 'comm_ec2_1234')).toBeNull();
    expect(tagCarriesId2('map-migrated', 'comm_ec2_12345', '12345')).toBe(true);
    expect(tagCarriesId2('map-migrated', 'comm_ec2_12345', '54321')).toBe(false);
  });

  it('aws-apn-id takes mig, sap and oracle with a PRM ID ra- + 13 lowercase letters and digits', () => {
    for (const prefix of ['mig', 'sap', 'oracle']) {
      expect(tagValueProblem2('aws-apn-id', `${prefix}${PRM}`)).toBeNull();
      expect(tagValueId2('aws-apn-id', `${prefix}${PRM}`)).toBe(PRM);
    }
    expect(tagCarriesId2('aws-apn-id', `mig${PRM}`, PRM)).toBe(true);
    expect(tagCarriesId2('aws-apn-id', `mig${PRM}`, 'ra-zzzzzzzzzzzzz')).toBe(false);
  });

  it('aws-apn-id refuses the database prefixes and short or uppercase PRM IDs (version 1 accepted them)', () => {
    for (const bad of [
      `comm${PRM}`,
      `comm_ec2_${PRM}`,
      `mig_ec2_${PRM}`,
      'migx',
      'migra-abcdefghij12',
      'migra-abcdefghij1234',
      'migra-ABCDEFGHIJ123',
    ]) {
      expect(tagValueProblem2('aws-apn-id', bad)).not.toBeNull();
    }
    expect(tagValueProblem('aws-apn-id', 'migx')).toBeNull(); // version 1, unchanged
    expect(tagValueProblem('aws-apn-id', `comm${PRM}`)).toBeNull();
    expect(tagValueProblem2('aws-apn-id', 'migx')).toBe(
      'migx is not a aws-apn-id tag value: one of oracle, mig, sap followed by the PRM ID (ra- followed by 13 lowercase letters and digits)',
    );
  });

  it('the ID checks, the rule in words, and the inferred PRM format marked as such', () => {
    expect(isValidMapId2('aws-apn-id', PRM)).toBe(true);
    expect(isValidMapId2('aws-apn-id', 'x')).toBe(false);
    expect(isValidMapId2('map-migrated', '12345')).toBe(true);
    expect(isValidMapId2('map-migrated', 'ABCDE12345')).toBe(true);
    expect(isValidMapId2('map-migrated', '1234')).toBe(false);
    expect(mapIdRule2('aws-apn-id')).toBe(
      'mpeId must be a well-formed PRM ID for aws-apn-id: ra- followed by 13 lowercase letters and digits',
    );
    expect(mapIdRule2()).toContain('map-migrated takes the MPE ID');
    expect(TAG_SCHEMES_V2.version).toBe('2');
    expect(TAG_SCHEME_PROVENANCE_V2['aws-apn-id'].inferred).toBe(true);
    expect(TAG_SCHEME_PROVENANCE_V2['map-migrated'].inferred).toBe(false);
  });
});

describe('provenance and trust of every 2027.1 figure', () => {
  const walk = walkPolicy(P);

  it('every figure has a non-empty source and a trust value; no bare value hides among them', () => {
    expect(walk.figures.length).toBeGreaterThanOrEqual(35);
    for (const { name, figure } of walk.figures) {
      expect({ name, sourceBlank: figure.source.trim() === '' }).toEqual({ name, sourceBlank: false });
      expect(TRUST_LEVELS).toContain(figure.trust);
    }
    expect(walk.others).toEqual([
      'id',
      'cashTranches.assess_partner_funding.phase',
      'cashTranches.mobilize_partner_funding.phase',
      'cashTranches.migrate_partner_funding.phase',
      'bpsDenominator',
      'monthsPerYear',
    ]);
    for (const t of CASH_TRANCHES) {
      for (const kind of P.claims[t].evidenceKinds.value) expect(CLAIM_EVIDENCE_KINDS).toContain(kind);
    }
  });

  it('2027.1 is a new object; the figures it keeps equal 2026.1, which is unchanged', () => {
    expect(P.id).toBe('2027.1');
    expect(FUNDING_POLICY.id).toBe('2026.1');
    expect(FUNDING_POLICY.tranches.mobilize_partner_funding.rateBps.value.standard).toBe(2500);
    expect(P.mapFloorMonthlyCents.value).toBe(FUNDING_POLICY.mapFloorMonthlyCents.value);
    expect(P.sanctionedCountries.value).toEqual(FUNDING_POLICY.sanctionedCountries.value);
    expect(P.fundingTiers.value).toEqual(['advanced', 'premier']);
    expect(P.mapFloorMonthlyCents.source).toContain(FUNDING_POLICY.mapFloorMonthlyCents.source);
    expect(P.projectStartLeadDays.value).toBe(14);
    expect(P.projectedSpendToleranceBps.value).toBe(100);
    expect(P.committedSpendRealizedBps.value).toBe(8000);
    expect(P.creditDisbursementDays).toMatchObject({ value: 30, trust: 'AWS' });
  });

  it("the README's 2027.1 table lists exactly the policy's figures, with the same trust", () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const start = readme.indexOf('## Funding policy 2027.1 (machine version 2)');
    expect(start).toBeGreaterThanOrEqual(0);
    const next = readme.indexOf('\n## ', start + 1);
    const section = readme.slice(start, next === -1 ? undefined : next);
    const rows = section
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .map((l) => l.split('|').map((c) => c.trim()));
    const table = rows.map((cells) => ({ name: cells[1].replace(/`/g, ''), trust: cells[3] }));
    expect(table).toEqual(walk.figures.map(({ name, figure }) => ({ name, trust: figure.trust })));
  });
});
