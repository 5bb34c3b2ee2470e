/**
 * Version 2's read model and findings, on contexts built by hand: a version-1
 * opportunity in assess moved by `migrateToV2`, then the version-2 facts set
 * directly (requests, claims, the credits ledger, the run-rate, a plan
 * termination). Every figure is worked by hand in the comments, on policy
 * 2027.1: cash envelope = min(rate_services x services cost, rate_arr x 12 x
 * committed monthly, cap) with Assess 10% / 10% / $15,000, Mobilize 25% /
 * 20% / $2M, Migrate 30% / 15% / $2M; credits 20% of a quarter's tagged
 * spend, due 30 days after the quarter ends.
 */
import { findings, type ClaimOutcome, type Profile } from '../src';
import type { Claim2, FundRequest2, OpportunityContext2, Wave2 } from '../src/v2/context';
import { findings2, type Finding2, type FindingCode2 } from '../src/v2/findings';
import { fundRequestName2027 } from '../src/v2/funding';
import { migrateToV2 } from '../src/v2/migrate';
import type { CashTranche } from '../src/v2/policy';
import {
  aceRead2,
  actualRunRateTriage2,
  countedSpendCents,
  creditsRead2,
  fundingRead2,
  fundRequestsRead2,
  liveRequestOf,
} from '../src/v2/read';
import { app, Drive, evidence, herokuProfile } from './factories';

const EXPERIENCED = { closedMapOpportunities: 5 };
const NOW = '2026-03-01T12:00:00.000Z';

/** A version-1 opportunity through the Assess work (checklist, attestation, business case, MAP agreement), moved to version 2. */
function migrated(profile: Profile): OpportunityContext2 {
  const s = new Drive().toAssess(profile).assessWork();
  const m = migrateToV2(s.ctx, 'assess');
  if (!m.ok) throw new Error(m.reasons.join(' '));
  return m.context;
}
const HEROKU = migrated(herokuProfile());
/** Committed $10,000/month, $120,000 of services: the 45% worked example. */
const TEN_K = migrated(herokuProfile({ projectedMonthlyAwsSpendCents: 1_000_000 }));

/** A fresh copy of a base context with some facts set by hand. */
function ctx2(over: Partial<OpportunityContext2> = {}, base: OpportunityContext2 = HEROKU): OpportunityContext2 {
  const copy: OpportunityContext2 = JSON.parse(JSON.stringify(base));
  return { ...copy, ...over };
}

const at = (date: string, time = '09:00'): string => `${date}T${time}:00.000Z`;

function claim(
  claimId: string,
  amountCents: number,
  outcome: ClaimOutcome | null,
  paid = false,
  approved?: number,
): Claim2 {
  const approvedCents = outcome === null ? null : (approved ?? (outcome === 'rejected' ? 0 : amountCents));
  return {
    claimId,
    amountCents,
    evidence: [{ kind: 'customer_signoff', ...evidence(claimId) }],
    status: paid ? 'paid' : (outcome ?? 'submitted'),
    preparedAt: at('2026-02-01'),
    signedOffAt: at('2026-02-02'),
    signedOffBy: 'u-customer',
    submittedAt: at('2026-02-03'),
    outcome,
    approvedCents,
    outcomeAt: outcome === null ? null : at('2026-02-10'),
    paidAt: paid ? at('2026-02-20') : null,
    invoiceReference: paid ? `INV-${claimId}` : null,
  };
}

function request(tranche: CashTranche, n: number, over: Partial<FundRequest2> = {}): FundRequest2 {
  return {
    requestId: `${tranche}-${n}`,
    tranche,
    name: fundRequestName2027(tranche, 'Acme SaaS'),
    stage: 'created',
    stageHistory: [{ stage: 'created', at: at('2026-01-06') }],
    projectStartDate: '2026-01-20',
    projectEndDate: '2026-06-30',
    claimDueDate: '2026-07-30',
    requestedCents: 1_000_000,
    preApprovedCents: null,
    awsFundRequestId: null,
    purchaseOrder: null,
    workloads: ['heroku-monolith'],
    rejections: [],
    filedAt: at('2026-01-06'),
    filedBy: 'u-partner',
    policyId: '2027.1',
    envelopeCents: 1_200_000,
    likelyDowngrade: false,
    overByCents: 0,
    claims: [],
    ...over,
  };
}

/** A request that went through AWS's approvals into `cash_claim` at `cashClaimAt`. */
function inCashClaim(
  tranche: CashTranche,
  n: number,
  cashClaimAt: string,
  over: Partial<FundRequest2> = {},
): FundRequest2 {
  return request(tranche, n, {
    stage: 'cash_claim',
    stageHistory: [
      { stage: 'created', at: at('2026-01-06') },
      { stage: 'business_approval', at: at('2026-01-08') },
      { stage: 'finance_approval', at: at('2026-01-09') },
      { stage: 'cash_claim', at: cashClaimAt },
    ],
    awsFundRequestId: `FR-${tranche}-${n}`,
    preApprovedCents: 900_000,
    purchaseOrder: `PO-${n}`,
    ...over,
  });
}

function wave(waveId: string, kind: Wave2['kind'], over: Partial<Wave2> = {}): Wave2 {
  return {
    waveId,
    kind,
    name: `Wave ${waveId}`,
    applications: [app(`${waveId}-app`)],
    rollbackPlan: 'Repoint DNS to the source',
    status: 'planned',
    revision: 1,
    plannedAt: at('2026-02-01'),
    decision: null,
    startedAt: null,
    startedWithCashClaim: null,
    cutOverAt: null,
    validatedAt: null,
    rolledBack: null,
    cancelled: null,
    tagsApplied: null,
    ...over,
  };
}

function quarter(
  q: string,
  tagged: number,
  untagged: number,
  issued: number[] = [],
): OpportunityContext2['credits'][number] {
  return {
    quarter: q,
    taggedSpendCents: tagged,
    untaggedSpendCents: untagged,
    evidence: evidence(`cur-${q}`),
    recordedAt: at('2027-08-01'),
    issued: issued.map((amountCents, i) => ({
      amountCents,
      awsAccountId: `11112222333${i}`,
      creditCode: null,
      at: at('2027-04-20'),
    })),
  };
}

const of = (fs: Finding2[], code: FindingCode2): Finding2[] => fs.filter((f) => f.code === code);
const assessCtx = (c: OpportunityContext2) => ({ value: 'assess' as const, context: c });
const migrateCtx = (c: OpportunityContext2) => ({ value: 'migrate' as const, context: c });

describe('fundRequestsRead2', () => {
  it('lists every request of every tranche with its own id and its status at now', () => {
    const rejected = request('assess_partner_funding', 1, {
      stage: 'rejected',
      awsFundRequestId: 'FR-1',
      rejections: [{ at: at('2026-01-12'), reason: 'Scope unclear', resubmittable: false, resubmittedAt: null }],
    });
    const current = inCashClaim('assess_partner_funding', 2, at('2026-01-20'), {
      claims: [claim('c-1', 400_000, 'approved', true)],
    });
    // Created, never claimed, claim due 2026-02-27: expired from 2026-02-28T00:00Z.
    const lapsed = request('mobilize_partner_funding', 1, { projectEndDate: '2026-01-28', claimDueDate: '2026-02-27' });
    const read = fundRequestsRead2(ctx2({ fundRequests: [rejected, current, lapsed] }), NOW);
    expect(read.map((r) => [r.requestId, r.stage, r.status])).toEqual([
      ['assess_partner_funding-1', 'rejected', 'rejected'],
      ['assess_partner_funding-2', 'cash_claim', 'cash_claim'],
      ['mobilize_partner_funding-1', 'created', 'expired'],
    ]);
    expect(read[0]?.rejections).toEqual([
      { at: at('2026-01-12'), reason: 'Scope unclear', resubmittable: false, resubmittedAt: null },
    ]);
    expect(read[1]).toEqual({
      requestId: 'assess_partner_funding-2',
      tranche: 'assess_partner_funding',
      name: 'MAP Assess Project - Acme SaaS',
      stage: 'cash_claim',
      status: 'cash_claim',
      projectStartDate: '2026-01-20',
      projectEndDate: '2026-06-30',
      claimDueDate: '2026-07-30',
      workloads: ['heroku-monolith'],
      filedAt: '2026-01-06T09:00:00.000Z',
      requestedCents: 1_000_000,
      preApprovedCents: 900_000,
      awsFundRequestId: 'FR-assess_partner_funding-2',
      purchaseOrder: 'PO-2',
      envelopeCents: 1_200_000,
      likelyDowngrade: false,
      overByCents: 0,
      rejections: [],
      claims: current.claims,
    });
    // The day before it lapses, the mobilize request is still `created`.
    expect(fundRequestsRead2(ctx2({ fundRequests: [lapsed] }), at('2026-02-27', '23:59'))[0]?.status).toBe('created');
  });
});

describe('fundingRead2', () => {
  it('gives one entry per cash tranche: the envelope, the live request, and the claims of every request', () => {
    // Heroku profile: $11,000/month committed (ARR 13_200_000), $120,000 services (12_000_000).
    //   Assess   min(10% x 12_000_000 = 1_200_000, 10% x 13_200_000 = 1_320_000, 1_500_000) = 1_200_000
    //   Mobilize min(25% x 12_000_000 = 3_000_000, 20% x 13_200_000 = 2_640_000, 200_000_000) = 2_640_000
    //   Migrate  min(30% x 12_000_000 = 3_600_000, 15% x 13_200_000 = 1_980_000, 200_000_000) = 1_980_000
    const fundRequests = [
      // Assess: a first request terminated after one paid claim (300_000), then a completed one
      // (900_000 asked, 800_000 pre-approved) with a paid claim (500_000) and a rejected one.
      inCashClaim('assess_partner_funding', 1, at('2026-01-10'), {
        stage: 'terminated',
        requestedCents: 1_100_000,
        claims: [claim('c-1', 300_000, 'approved', true)],
      }),
      inCashClaim('assess_partner_funding', 2, at('2026-01-20'), {
        stage: 'completed',
        requestedCents: 900_000,
        preApprovedCents: 800_000,
        claims: [claim('c-2', 500_000, 'approved', true), claim('c-3', 300_000, 'rejected')],
      }),
      // Mobilize: open in cash_claim (2_600_000 asked, 2_500_000 pre-approved), one claim paid
      // (1_000_000), one downgraded from 900_000 to 700_000 and not yet paid.
      inCashClaim('mobilize_partner_funding', 1, at('2026-02-01'), {
        requestedCents: 2_600_000,
        preApprovedCents: 2_500_000,
        claims: [claim('c-1', 1_000_000, 'approved', true), claim('c-2', 900_000, 'downgraded', false, 700_000)],
      }),
      // Migrate: one rejected, then one that expired unclaimed (due 2026-02-27): neither stands.
      request('migrate_partner_funding', 1, { stage: 'rejected', requestedCents: 2_000_000 }),
      request('migrate_partner_funding', 2, { requestedCents: 1_900_000, claimDueDate: '2026-02-27' }),
    ];
    const c = ctx2({ fundRequests });
    expect(fundingRead2(c, NOW)).toEqual({
      // approved = paid = 300_000 + 500_000 = 800_000 over both requests; the live one is -2.
      assess_partner_funding: {
        envelopeCents: 1_200_000,
        requestedCents: 900_000,
        preApprovedCents: 800_000,
        approvedCents: 800_000,
        paidCents: 800_000,
      },
      // approved = 1_000_000 + 700_000 = 1_700_000; paid = 1_000_000.
      mobilize_partner_funding: {
        envelopeCents: 2_640_000,
        requestedCents: 2_600_000,
        preApprovedCents: 2_500_000,
        approvedCents: 1_700_000,
        paidCents: 1_000_000,
      },
      migrate_partner_funding: {
        envelopeCents: 1_980_000,
        requestedCents: 0,
        preApprovedCents: 0,
        approvedCents: 0,
        paidCents: 0,
      },
    });
    expect(liveRequestOf(c, 'migrate_partner_funding', NOW)).toBeNull();
    // Before 2026-02-28 the second Migrate request was still open, so it stood for the tranche.
    expect(fundingRead2(c, at('2026-02-20')).migrate_partner_funding.requestedCents).toBe(1_900_000);
  });

  it('prefers the open request to a completed one, and pre-approval counts only once recorded', () => {
    const c = ctx2({
      fundRequests: [
        inCashClaim('assess_partner_funding', 1, at('2026-01-10'), { stage: 'completed', requestedCents: 700_000 }),
        request('assess_partner_funding', 2, { requestedCents: 500_000 }),
      ],
    });
    expect(liveRequestOf(c, 'assess_partner_funding', NOW)?.requestId).toBe('assess_partner_funding-2');
    expect(fundingRead2(c, NOW).assess_partner_funding).toMatchObject({ requestedCents: 500_000, preApprovedCents: 0 });
  });
});

describe('creditsRead2', () => {
  it('estimates each quarter on its tagged spend and shows what untagged spend lost, in calendar order', () => {
    // 2027-Q1: $50,000 tagged -> 20% = 1_000_000; $10,000 untagged would have earned 20% = 200_000.
    //          Issued 600_000 + 400_000 on two accounts = 1_000_000. Due 2027-03-31 + 30 days = 2027-04-30.
    // 2027-Q2: 3_000_000 tagged -> 600_000; nothing untagged, nothing issued. Due 2027-06-30 + 30 = 2027-07-30.
    const c = ctx2({
      credits: [quarter('2027-Q2', 3_000_000, 0), quarter('2027-Q1', 5_000_000, 1_000_000, [600_000, 400_000])],
    });
    expect(creditsRead2(c)).toEqual({
      quarters: [
        {
          quarter: '2027-Q1',
          taggedSpendCents: 5_000_000,
          untaggedSpendCents: 1_000_000,
          countedTaggedSpendCents: 5_000_000,
          countedUntaggedSpendCents: 1_000_000,
          estimateCents: 1_000_000,
          lostToUntaggedCents: 200_000,
          issuedCents: 1_000_000,
          dueDate: '2027-04-30',
        },
        {
          quarter: '2027-Q2',
          taggedSpendCents: 3_000_000,
          untaggedSpendCents: 0,
          countedTaggedSpendCents: 3_000_000,
          countedUntaggedSpendCents: 0,
          estimateCents: 600_000,
          lostToUntaggedCents: 0,
          issuedCents: 0,
          dueDate: '2027-07-30',
        },
      ],
      // 1_000_000 + 600_000; 1_000_000 issued; 200_000 lost.
      estimateCents: 1_600_000,
      issuedCents: 1_000_000,
      lostToUntaggedCents: 200_000,
    });
    expect(creditsRead2(ctx2())).toEqual({ quarters: [], estimateCents: 0, issuedCents: 0, lostToUntaggedCents: 0 });
  });

  it('counts spend up to a plan termination: the quarter holding it prorated by days, later quarters nothing', () => {
    // Terminated on 2027-02-14. 2027-Q1 has 31 + 28 + 31 = 90 days; 2027-01-01 to 2027-02-14, both
    // included, is 31 + 14 = 45 days, so 45/90 of the quarter's spend counts:
    //   tagged   3_333_333 x 45 / 90 = 1_666_666.5 -> 1_666_666; estimate 20% = 333_333.2 -> 333_333
    //   untagged 1_000_001 x 45 / 90 =   500_000.5 ->   500_000; lost     20% = 100_000
    // 2026-Q4 ended before the termination: counted whole, 2_000_000 -> 400_000.
    // 2027-Q2 starts after it: nothing counts, estimate 0, lost 0.
    const c = ctx2({
      credits: [
        quarter('2026-Q4', 2_000_000, 0),
        quarter('2027-Q1', 3_333_333, 1_000_001),
        quarter('2027-Q2', 3_000_000, 500_000),
      ],
      planTermination: { by: 'customer', on: '2027-02-14', reason: 'Acquired', recordedAt: at('2027-02-15') },
    });
    const read = creditsRead2(c);
    expect(
      read.quarters.map((q) => [
        q.quarter,
        q.countedTaggedSpendCents,
        q.estimateCents,
        q.countedUntaggedSpendCents,
        q.lostToUntaggedCents,
        q.dueDate,
      ]),
    ).toEqual([
      ['2026-Q4', 2_000_000, 400_000, 0, 0, '2027-01-30'],
      ['2027-Q1', 1_666_666, 333_333, 500_000, 100_000, '2027-04-30'],
      ['2027-Q2', 0, 0, 0, 0, '2027-07-30'],
    ]);
    // 400_000 + 333_333 + 0; lost 100_000.
    expect(read).toMatchObject({ estimateCents: 733_333, lostToUntaggedCents: 100_000 });
    // The recorded figures are kept as recorded.
    expect(read.quarters[2]).toMatchObject({ taggedSpendCents: 3_000_000, untaggedSpendCents: 500_000 });
  });

  it('prorates at the edges of a quarter: its first day counts one day, its last day the whole quarter', () => {
    // 9_000_000 over 2027-Q1's 90 days: terminated on 2027-01-01, 1/90 counts = 100_000.
    expect(countedSpendCents(9_000_000, '2027-Q1', { on: '2027-01-01' })).toBe(100_000);
    expect(countedSpendCents(9_000_000, '2027-Q1', { on: '2027-03-31' })).toBe(9_000_000);
    expect(countedSpendCents(9_000_000, '2027-Q1', { on: '2026-12-31' })).toBe(0);
    // Leap year: 2028-Q1 has 31 + 29 + 31 = 91 days; to 2028-03-01 is 31 + 29 + 1 = 61 days.
    // 9_100_000 x 61 / 91 = 6_100_000.
    expect(countedSpendCents(9_100_000, '2028-Q1', { on: '2028-03-01' })).toBe(6_100_000);
    expect(countedSpendCents(9_100_000, '2028-Q1', null)).toBe(9_100_000);
  });
});

describe('aceRead2', () => {
  it('shows the ACE opportunity as last recorded, or null', () => {
    expect(aceRead2(ctx2())).toBeNull();
    const ace = {
      aceOpportunityId: 'O1234567',
      stage: 'Qualified' as const,
      reviewStatus: 'Approved' as const,
      lastModifiedDate: '2026-01-20T10:00:00Z',
      recordedAt: at('2026-01-20'),
    };
    expect(aceRead2(ctx2({ ace }))).toEqual({
      aceOpportunityId: 'O1234567',
      stage: 'Qualified',
      reviewStatus: 'Approved',
      lastModifiedDate: '2026-01-20T10:00:00Z',
    });
  });
});

describe('actualRunRateTriage2', () => {
  it('is null until the actual run-rate is recorded', () => {
    expect(actualRunRateTriage2(ctx2({}, TEN_K))).toBeNull();
  });

  it('is null on an incomplete profile, where triage cannot run', () => {
    const c = ctx2({ runRate: { monthlyCents: 450_000, recordedAt: at('2026-02-20') } }, TEN_K);
    const { region: _dropped, ...incomplete } = c.profile;
    expect(actualRunRateTriage2({ ...c, profile: incomplete })).toBeNull();
    expect(
      of(findings2(migrateCtx({ ...c, profile: incomplete }), NOW, EXPERIENCED), 'COMMITTED_SPEND_NOT_REALIZED'),
    ).toEqual([]);
  });

  it('re-runs triage and the envelopes on the actual figure: committed $10,000/month, actual $4,500 (45%)', () => {
    // Committed: ARR 12 x 1_000_000 = 12_000_000; services 12_000_000.
    //   Assess   min(1_200_000, 10% x 12_000_000 = 1_200_000, 1_500_000) = 1_200_000
    //   Mobilize min(3_000_000, 20% x 12_000_000 = 2_400_000)            = 2_400_000
    //   Migrate  min(3_600_000, 15% x 12_000_000 = 1_800_000)            = 1_800_000   sum 5_400_000
    // Actual: ARR 12 x 450_000 = 5_400_000 (still above the $1,000/month floor: MAP, lite ladder).
    //   Assess   min(1_200_000, 10% x 5_400_000 = 540_000, 1_500_000)    =   540_000
    //   Mobilize min(3_000_000, 20% x 5_400_000 = 1_080_000)             = 1_080_000
    //   Migrate  min(3_600_000, 15% x 5_400_000 = 810_000)               =   810_000   sum 2_430_000
    // Difference 5_400_000 - 2_430_000 = 2_970_000 ($29,700).
    const c = ctx2({ runRate: { monthlyCents: 450_000, recordedAt: at('2026-02-20') } }, TEN_K);
    const read = actualRunRateTriage2(c);
    expect(read).toMatchObject({
      committedMonthlyCents: 1_000_000,
      actualMonthlyCents: 450_000,
      recordedAt: at('2026-02-20'),
      triage: { program: 'MAP', ladder: 'lite' },
      envelopes: {
        assess_partner_funding: { committedCents: 1_200_000, actualCents: 540_000 },
        mobilize_partner_funding: { committedCents: 2_400_000, actualCents: 1_080_000 },
        migrate_partner_funding: { committedCents: 1_800_000, actualCents: 810_000 },
      },
      envelopeDifferenceCents: 2_970_000,
    });
  });

  it('says so when the actual run-rate falls below the MAP floor: no MAP envelope on it', () => {
    // $900/month is below the $1,000 floor: triage REFERRAL, every envelope 0 on it.
    const read = actualRunRateTriage2(ctx2({ runRate: { monthlyCents: 90_000, recordedAt: at('2026-02-20') } }, TEN_K));
    expect(read?.triage.program).toBe('REFERRAL');
    expect(read?.envelopeDifferenceCents).toBe(5_400_000);
    const c = ctx2({ runRate: { monthlyCents: 90_000, recordedAt: at('2026-02-20') } }, TEN_K);
    const [f] = of(findings2(migrateCtx(c), NOW, EXPERIENCED), 'COMMITTED_SPEND_NOT_REALIZED');
    expect(f?.detail).toContain('triage says REFERRAL,');
    expect(f?.dollarsAtStakeCents).toBe(5_400_000);
  });
});

describe('findings2', () => {
  describe('COMMITTED_SPEND_NOT_REALIZED', () => {
    it('fires at 45% of the committed run-rate with the envelope difference at stake', () => {
      const c = ctx2({ runRate: { monthlyCents: 450_000, recordedAt: at('2026-02-20') } }, TEN_K);
      const [f] = of(findings2(migrateCtx(c), NOW, EXPERIENCED), 'COMMITTED_SPEND_NOT_REALIZED');
      // Worked above: 5_400_000 - 2_430_000.
      expect(f?.dollarsAtStakeCents).toBe(2_970_000);
      expect(f?.detail).toContain('450000 cents a month');
      expect(f?.detail).toContain('below 80% of the committed 1000000');
      expect(f?.detail).toContain('triage says MAP (lite)');
    });

    it('fires just below 80% and not at 80%', () => {
      // 80% of 1_000_000 = 800_000: not below, no finding.
      const at80 = ctx2({ runRate: { monthlyCents: 800_000, recordedAt: at('2026-02-20') } }, TEN_K);
      expect(of(findings2(migrateCtx(at80), NOW, EXPERIENCED), 'COMMITTED_SPEND_NOT_REALIZED')).toEqual([]);
      // 799_999/month: ARR 9_599_988.
      //   Assess   10% = 959_998.8 -> 959_998; Mobilize 20% = 1_919_997.6 -> 1_919_997;
      //   Migrate  15% = 1_439_998.2 -> 1_439_998; sum 4_319_993. 5_400_000 - 4_319_993 = 1_080_007.
      const below = ctx2({ runRate: { monthlyCents: 799_999, recordedAt: at('2026-02-20') } }, TEN_K);
      const [f] = of(findings2(migrateCtx(below), NOW, EXPERIENCED), 'COMMITTED_SPEND_NOT_REALIZED');
      expect(f?.dollarsAtStakeCents).toBe(1_080_007);
      expect(f?.detail).toContain('triage says MAP (standard)');
    });

    it('does not fire before a run-rate is recorded, nor above the committed one', () => {
      expect(of(findings2(migrateCtx(ctx2({}, TEN_K)), NOW, EXPERIENCED), 'COMMITTED_SPEND_NOT_REALIZED')).toEqual([]);
      const above = ctx2({ runRate: { monthlyCents: 1_200_000, recordedAt: at('2026-02-20') } }, TEN_K);
      expect(of(findings2(migrateCtx(above), NOW, EXPERIENCED), 'COMMITTED_SPEND_NOT_REALIZED')).toEqual([]);
    });
  });

  describe('credits', () => {
    const ledger = [quarter('2027-Q1', 5_000_000, 1_000_000, [1_000_000]), quarter('2027-Q2', 3_000_000, 0)];

    it('UNTAGGED_SPEND: one per quarter with untagged spend, with the credits it lost', () => {
      const fs = findings2(migrateCtx(ctx2({ credits: ledger })), NOW, EXPERIENCED);
      // 2027-Q1: 1_000_000 untagged x 20% = 200_000 lost; 2027-Q2 had none.
      expect(of(fs, 'UNTAGGED_SPEND')).toEqual([
        {
          code: 'UNTAGGED_SPEND',
          title: 'Spend without MAP tags',
          detail: expect.stringContaining('In 2027-Q1, 1000000 cents of migrated spend carried no MAP tag') as string,
          dollarsAtStakeCents: 200_000,
        },
      ]);
    });

    it('CREDITS_NOT_ISSUED: a quarter past its due date with an estimate and nothing issued', () => {
      // 2027-Q2 is due 2027-07-30 (the whole day): estimate 600_000, nothing issued.
      // 2027-Q1 had its 1_000_000 issued: never reported.
      const c = ctx2({ credits: ledger });
      expect(of(findings2(migrateCtx(c), at('2027-07-30', '23:59'), EXPERIENCED), 'CREDITS_NOT_ISSUED')).toEqual([]);
      const late = of(findings2(migrateCtx(c), '2027-07-31T00:00:00.000Z', EXPERIENCED), 'CREDITS_NOT_ISSUED');
      expect(late.map((f) => [f.detail, f.dollarsAtStakeCents])).toEqual([
        [
          "The credits for 2027-Q2 (about 600000 cents) were due by 2027-07-30 and none is recorded as issued. Check the customer's bill and raise it with AWS.",
          600_000,
        ],
      ]);
    });

    it('after a plan termination, quarters past it neither lose nor owe credits', () => {
      // Terminated 2027-03-31: 2027-Q1 counts whole; 2027-Q2 starts after, so its estimate is 0
      // and 2_000_000 untagged spend in it lost nothing.
      const c = ctx2({
        credits: [quarter('2027-Q1', 5_000_000, 0, [1_000_000]), quarter('2027-Q2', 3_000_000, 2_000_000)],
        planTermination: { by: 'aws', on: '2027-03-31', reason: 'Plan ended', recordedAt: at('2027-04-01') },
      });
      const fs = findings2(migrateCtx(c), at('2027-09-01'), EXPERIENCED);
      expect(of(fs, 'UNTAGGED_SPEND')).toEqual([]);
      expect(of(fs, 'CREDITS_NOT_ISSUED')).toEqual([]);
    });
  });

  describe('WORK_BEFORE_CASH_CLAIM', () => {
    /** The six Assess items, completed by hand on 2026-01-10 to 2026-01-15 at 09:00. */
    function withAssessDates(c: OpportunityContext2): OpportunityContext2 {
      return {
        ...c,
        checklist: c.checklist.map((e, i) => ({ ...e, completedAt: at(`2026-01-1${i}`) })),
      };
    }

    it('counts the share of the checklist work done before its tranche reached cash_claim', () => {
      // The Assess request (1_000_000 asked) reached cash_claim on 2026-01-13 at 12:00: the items of
      // 01-10, 01-11, 01-12 and 01-13 (09:00) came before it, 4 of the 6 Assess items.
      // At stake: 1_000_000 x 4 / 6 = 666_666.67 -> 666_666.
      const c = withAssessDates(
        ctx2({ fundRequests: [inCashClaim('assess_partner_funding', 1, at('2026-01-13', '12:00'))] }),
      );
      const fs = of(findings2(assessCtx(c), NOW, EXPERIENCED), 'WORK_BEFORE_CASH_CLAIM');
      expect(fs).toHaveLength(1);
      expect(fs[0]?.dollarsAtStakeCents).toBe(666_666);
      expect(fs[0]?.detail).toBe(
        "4 of the 6 assess checklist items (discovery_inventory, tco_model, seven_rs_disposition, readiness_assessment) were completed before the assess_partner_funding request reached cash_claim on 2026-01-13T12:00:00.000Z; that work's share may not be reimbursed.",
      );
    });

    it('puts the whole tranche at stake when all its work came before any request reached cash_claim', () => {
      // No Assess request: all 6 items early; at stake the Heroku Assess envelope, 1_200_000 x 6 / 6.
      const fs = of(findings2(assessCtx(withAssessDates(ctx2())), NOW, EXPERIENCED), 'WORK_BEFORE_CASH_CLAIM');
      expect(fs.map((f) => f.dollarsAtStakeCents)).toEqual([1_200_000]);
      expect(fs[0]?.detail).toContain('before any assess_partner_funding request reached cash_claim;');
    });

    it('says nothing when the work followed the pre-approval, whichever request of the tranche had it', () => {
      // The first request reached cash_claim on 2026-01-09, before every item, then was terminated;
      // the second reached it only on 2026-02-01. The earliest pre-approval counts.
      const first = inCashClaim('assess_partner_funding', 1, at('2026-01-09'), { stage: 'terminated' });
      const second = inCashClaim('assess_partner_funding', 2, at('2026-02-01'));
      const c = withAssessDates(ctx2({ fundRequests: [first, second] }));
      expect(of(findings2(assessCtx(c), NOW, EXPERIENCED), 'WORK_BEFORE_CASH_CLAIM')).toEqual([]);
    });

    it('keeps version 1 for a wave started before its request reached cash_claim, at the live request amount', () => {
      // The Assess work followed its pre-approval (2026-01-09); the pilot started with the Mobilize
      // request (2_000_000 asked) only in business_approval: 2_000_000 at stake, as version 1 reads it.
      const pilot = wave('pilot', 'pilot', {
        status: 'in_progress',
        startedAt: at('2026-02-15'),
        startedWithCashClaim: false,
      });
      const c = withAssessDates(
        ctx2({
          waves: [pilot, wave('w1', 'production', { startedWithCashClaim: null })],
          fundRequests: [
            inCashClaim('assess_partner_funding', 1, at('2026-01-09')),
            request('mobilize_partner_funding', 1, { stage: 'business_approval', requestedCents: 2_000_000 }),
          ],
        }),
      );
      const fs = of(findings2(migrateCtx(c), NOW, EXPERIENCED), 'WORK_BEFORE_CASH_CLAIM');
      expect(fs).toEqual([
        {
          code: 'WORK_BEFORE_CASH_CLAIM',
          title: 'Work started before its fund request reached cash_claim',
          detail:
            'Wave pilot started on 2026-02-15T09:00:00.000Z before the mobilize_partner_funding request was pre-approved (cash_claim); that work may not be reimbursed.',
          dollarsAtStakeCents: 2_000_000,
        },
      ]);
    });
  });

  describe('MIGRATE_FUNDING_NOT_REQUESTED', () => {
    const mobilize = (claims: Claim2[]) => inCashClaim('mobilize_partner_funding', 1, at('2026-01-20'), { claims });

    it('fires on a Mobilize claim approved or paid and no Migrate request, with the Migrate envelope at stake', () => {
      // Heroku Migrate envelope: min(3_600_000, 15% x 13_200_000 = 1_980_000, 200_000_000) = 1_980_000.
      for (const claims of [
        [claim('c-1', 1_000_000, 'approved', true)],
        [claim('c-1', 1_000_000, 'downgraded', false, 600_000)],
      ]) {
        const fs = of(
          findings2(migrateCtx(ctx2({ fundRequests: [mobilize(claims)] })), NOW, EXPERIENCED),
          'MIGRATE_FUNDING_NOT_REQUESTED',
        );
        expect(fs.map((f) => [f.title, f.dollarsAtStakeCents])).toEqual([
          ['Mobilize funding claimed but no Migrate request', 1_980_000],
        ]);
      }
    });

    it('stays quiet while the Mobilize claim awaits AWS or was rejected, and once a Migrate request stands', () => {
      for (const claims of [[], [claim('c-1', 1_000_000, null)], [claim('c-1', 1_000_000, 'rejected')]]) {
        const fs = findings2(migrateCtx(ctx2({ fundRequests: [mobilize(claims)] })), NOW, EXPERIENCED);
        expect(of(fs, 'MIGRATE_FUNDING_NOT_REQUESTED')).toEqual([]);
      }
      const paid = mobilize([claim('c-1', 1_000_000, 'approved', true)]);
      const filed = ctx2({ fundRequests: [paid, request('migrate_partner_funding', 1)] });
      expect(of(findings2(migrateCtx(filed), NOW, EXPERIENCED), 'MIGRATE_FUNDING_NOT_REQUESTED')).toEqual([]);
      // A rejected Migrate request asks for nothing: the finding is back.
      const rejected = ctx2({ fundRequests: [paid, request('migrate_partner_funding', 1, { stage: 'rejected' })] });
      expect(of(findings2(migrateCtx(rejected), NOW, EXPERIENCED), 'MIGRATE_FUNDING_NOT_REQUESTED')).toHaveLength(1);
    });
  });

  describe('due dates, per request', () => {
    it('reports the tranche latest request when it expired, by its request id, and not an expired one refiled', () => {
      // -1 expired (due 2026-02-27, nothing submitted); -2 is open, due 2026-03-10, 9 days after NOW
      // (within the 14 near-due days), no claim: near due. At stake: requested - approved.
      const expired = request('assess_partner_funding', 1, { requestedCents: 800_000, claimDueDate: '2026-02-27' });
      const refiled = request('assess_partner_funding', 2, { requestedCents: 700_000, claimDueDate: '2026-03-10' });
      const fs = findings2(assessCtx(withNoWork(ctx2({ fundRequests: [expired, refiled] }))), NOW, EXPERIENCED);
      expect(of(fs, 'FUND_REQUEST_EXPIRED')).toEqual([]);
      expect(of(fs, 'FUND_REQUEST_NEAR_DUE')).toEqual([
        {
          code: 'FUND_REQUEST_NEAR_DUE',
          title: 'Fund request nearing its due date with no claim',
          detail: "The assess_partner_funding-2 request's claims are due by 2026-03-10 and none has been submitted.",
          dollarsAtStakeCents: 700_000,
        },
      ]);
      const alone = findings2(assessCtx(withNoWork(ctx2({ fundRequests: [expired] }))), NOW, EXPERIENCED);
      expect(of(alone, 'FUND_REQUEST_EXPIRED').map((f) => [f.detail, f.dollarsAtStakeCents])).toEqual([
        [
          'The assess_partner_funding-1 request reached its claim due date 2026-02-27 with no submitted claim.',
          800_000,
        ],
      ]);
    });

    it('does not call a rejected request near due', () => {
      const rejected = request('assess_partner_funding', 1, { stage: 'rejected', claimDueDate: '2026-03-10' });
      const fs = findings2(assessCtx(ctx2({ fundRequests: [rejected] })), NOW, EXPERIENCED);
      expect(of(fs, 'FUND_REQUEST_NEAR_DUE')).toEqual([]);
      expect(of(fs, 'FUND_REQUEST_EXPIRED')).toEqual([]);
    });
  });

  describe('version 1 findings kept', () => {
    it('ASSESS_NEVER_STARTED in the words of version 1, with the cash envelopes at stake', () => {
      const s = new Drive().wait(20);
      s.ok(s.p('UPDATE_PROFILE', { profile: herokuProfile() }));
      const m = migrateToV2(s.ctx, 'intake');
      if (!m.ok) throw new Error(m.reasons.join(' '));
      const now = s.now();
      const [v1] = findings(s.snapshot, now, EXPERIENCED).filter((f) => f.code === 'ASSESS_NEVER_STARTED');
      const [v2] = of(findings2({ value: 'intake', context: m.context }, now, EXPERIENCED), 'ASSESS_NEVER_STARTED');
      expect(v2?.title).toBe(v1?.title);
      expect(v2?.detail).toBe(v1?.detail);
      // Heroku cash envelopes on 2027.1: 1_200_000 + 2_640_000 + 1_980_000 (worked in fundingRead2).
      expect(v2?.dollarsAtStakeCents).toBe(5_820_000);
    });

    it('COMMITTED_SPEND_UNDERSIZED on the cash envelopes', () => {
      // 60 servers x $150 + 10 databases x $300 = 900_000 + 300_000 = 1_200_000/month suggested,
      // above the committed 1_000_000. Resized ARR 14_400_000:
      //   Assess   min(1_200_000, 1_440_000, 1_500_000) = 1_200_000 (+0)
      //   Mobilize min(3_000_000, 2_880_000) = 2_880_000 (+480_000 over 2_400_000)
      //   Migrate  min(3_600_000, 2_160_000) = 2_160_000 (+360_000 over 1_800_000)   gain 840_000
      const c = ctx2({}, TEN_K);
      c.profile = { ...c.profile, servers: 60, databases: 10 };
      const fs = of(findings2(assessCtx(c), NOW, EXPERIENCED), 'COMMITTED_SPEND_UNDERSIZED');
      expect(fs.map((f) => f.dollarsAtStakeCents)).toEqual([840_000]);
    });

    it('MODERNIZING_TOO_EARLY and PARTNER_WITHOUT_MAP_DEPTH as in version 1', () => {
      const c = ctx2({
        waves: [wave('pilot', 'pilot', { applications: [app('a', 'refactor'), app('b', 'rehost')] })],
      });
      const fs = findings2(migrateCtx(c), NOW, { closedMapOpportunities: 1 });
      expect(of(fs, 'MODERNIZING_TOO_EARLY').map((f) => f.detail)).toEqual([
        '1 of 2 applications in the early waves are refactored. Rehost or replatform to land fast under MAP, then modernize selectively.',
      ]);
      expect(of(fs, 'PARTNER_WITHOUT_MAP_DEPTH')).toHaveLength(1);
      expect(of(findings2(migrateCtx(c), NOW, EXPERIENCED), 'PARTNER_WITHOUT_MAP_DEPTH')).toEqual([]);
    });
  });
});

/** The context with the checklist work undone, so only the due-date findings speak. */
function withNoWork(c: OpportunityContext2): OpportunityContext2 {
  return { ...c, checklist: [] };
}
