/**
 * The Heroku Series-B case of the brief on machine version 2 (policy
 * 2027.1), as AWS runs it: the story `npm run demo` plays (apps/demo), here
 * on the test drive Drive2, from January 2027 to January 2028, with the
 * figures worked by hand in the comments. Version 1's Heroku scenario
 * (scenarios.spec.ts) is unchanged; the data of both is
 * src/scenarios/heroku.ts, version 2's beside version 1's.
 */
import {
  CASH_TRANCHES,
  envelopeFor2027,
  findings2,
  startReplayAny,
  viewOpportunity2,
  type CashTranche,
  type EventActor,
} from '../src';
import {
  ASSESS_ITEMS,
  HEROKU_ACE_OPPORTUNITY_ID,
  HEROKU_AWS_ACCOUNT_ID,
  HEROKU_FUNDING_V2,
  HEROKU_PARTNER_STATS,
  HEROKU_PRE_APPROVED_V2,
  HEROKU_QUARTERS_V2,
  HEROKU_RUN_RATE_CENTS,
  HEROKU_V2_START,
  HEROKU_WAVES_V2,
  herokuAceProfile,
  mapRecordV2,
  MIGRATE_ITEMS,
  MOBILIZE_ITEMS,
} from '../src/scenarios/heroku';
import { createInput, evidence, herokuProfile, MPE } from './factories';
import { CLAIM_EVIDENCE, Drive2 } from './factories2';

const DAY_MS = 86_400_000;
const SYSTEM: EventActor = { userId: 'system:ace-sync', orgId: '', role: 'system', service: 'ace-sync' };

/** Moves the drive's clock to 09:00 UTC on `date` (whole hours, so the clock stays exact). */
function until(d: Drive2, date: string): void {
  const diff = Date.parse(`${date}T09:00:00.000Z`) - Date.parse(d.now());
  if (diff <= 0) throw new Error(`${date} is not ahead of ${d.now()}`);
  d.wait(diff / DAY_MS);
}

function file(d: Drive2, tranche: CashTranche, projectEndDate: string): void {
  d.ok(
    d.p('FILE_FUND_REQUEST', {
      tranche,
      amountCents: HEROKU_FUNDING_V2[tranche],
      projectStartDate: d.date(14),
      projectEndDate,
      workloads: ['status-page', 'web-monolith', 'postgres', 'workers'],
    }),
  );
}

function ace(d: Drive2, stage: 'Qualified' | 'Launched', reviewStatus: 'Submitted' | 'Approved'): void {
  d.ok({
    type: 'RECORD_ACE_OPPORTUNITY',
    at: d.now(),
    actor: SYSTEM,
    aceOpportunityId: HEROKU_ACE_OPPORTUNITY_ID,
    stage,
    reviewStatus,
    lastModifiedDate: d.now(),
  });
}

function costReport(d: Drive2, index: number): void {
  const q = HEROKU_QUARTERS_V2[index];
  d.ok(
    d.p('RECORD_TAGGED_SPEND', {
      quarter: q.quarter,
      taggedSpendCents: q.taggedSpendCents,
      untaggedSpendCents: q.untaggedSpendCents,
      evidence: evidence(`cur-${q.quarter}`),
    }),
  );
}

function creditsIssued(d: Drive2, index: number): void {
  const q = HEROKU_QUARTERS_V2[index];
  d.ok(
    d.c('RECORD_CREDITS_ISSUED', {
      quarter: q.quarter,
      amountCents: q.issuedCents,
      awsAccountId: HEROKU_AWS_ACCOUNT_ID,
    }),
  );
}

function plan(
  d: Drive2,
  waveId: string,
  applications: (typeof HEROKU_WAVES_V2)['w1'],
  rollbackPlan = 'Repoint DNS',
): void {
  d.ok(
    d.p('PLAN_WAVE', {
      waveId,
      kind: waveId === 'pilot' ? 'pilot' : 'production',
      name: `Wave ${waveId}`,
      applications,
      rollbackPlan,
    }),
  );
}

describe('Heroku Series-B SaaS on version 2: ~$9K/month on Heroku, $11K/month committed, $4,950/month realized', () => {
  // Hand computation (policy 2027.1; profile: services $120,000 = 12,000,000 c,
  // committed $11,000/month, ARR 12 x 1,100,000 = 13,200,000 c):
  //   assess   min(10% x 12,000,000 = 1,200,000; 10% x 13,200,000 = 1,320,000; cap 1,500,000) = 1,200,000
  //   mobilize min(25% x 12,000,000 = 3,000,000; 20% x 13,200,000 = 2,640,000; cap 200,000,000) = 2,640,000
  //   migrate  min(30% x 12,000,000 = 3,600,000; 15% x 13,200,000 = 1,980,000; cap 200,000,000) = 1,980,000
  // Filed: assess 1,200,000 and mobilize 2,640,000 (at their envelopes), migrate 2,000,000 (20,000 over);
  // AWS pre-approves migrate at 1,980,000 and the claims are bounded by it.
  const d = new Drive2(createInput({ at: HEROKU_V2_START }));

  it('runs from intake to closed as AWS runs it', () => {
    expect(CASH_TRANCHES.map((t) => envelopeFor2027(t, herokuProfile()))).toEqual([1_200_000, 2_640_000, 1_980_000]);
    d.ok(d.p('UPDATE_PROFILE', { profile: { ...herokuProfile(), ...herokuAceProfile() } }));
    d.advance();
    expect(d.state).toBe('assess');

    // Assess, 2027-01-04: a project start 7 days out is refused; 14 days out is filed.
    expect(
      d.no(
        d.p('FILE_FUND_REQUEST', {
          tranche: 'assess_partner_funding',
          amountCents: 1_200_000,
          projectStartDate: d.date(7),
          projectEndDate: '2027-02-12',
          workloads: ['web-monolith'],
        }),
      ).detail,
    ).toContain('at least 14 days after filing, so on or after 2027-01-18');
    file(d, 'assess_partner_funding', '2027-02-12');
    until(d, '2027-01-14');
    d.toCashClaim('assess_partner_funding', HEROKU_PRE_APPROVED_V2.assess_partner_funding);
    until(d, '2027-01-18');
    for (const item of ASSESS_ITEMS) d.ok(d.p('COMPLETE_CHECKLIST_ITEM', { item, evidence: evidence(item) }));
    until(d, '2027-02-01');
    d.ok(d.p('ATTEST_MAP_RECORD', { record: mapRecordV2() }));
    d.ok(d.p('SUBMIT_TO_ACE'));
    ace(d, 'Qualified', 'Submitted');
    until(d, '2027-02-02');
    d.ok(d.c('APPROVE_BUSINESS_CASE'));
    d.ok(d.p('RECORD_MAP_AGREEMENT', { tagScheme: 'map-migrated', mpeId: MPE, signedOn: d.date() }));
    // ACE still reviewing: the Mobilize tranche waits for Approved.
    expect(
      d.no(
        d.p('FILE_FUND_REQUEST', {
          tranche: 'mobilize_partner_funding',
          amountCents: 2_640_000,
          projectStartDate: d.date(14),
          projectEndDate: '2027-03-26',
          workloads: ['web-monolith'],
        }),
      ).detail,
    ).toContain(`the ACE opportunity ${HEROKU_ACE_OPPORTUNITY_ID} is Submitted, not Approved`);
    until(d, '2027-02-04');
    ace(d, 'Qualified', 'Approved');
    until(d, '2027-02-05');
    file(d, 'mobilize_partner_funding', '2027-03-26');
    until(d, '2027-02-08');
    d.claim('assess_partner_funding', 'assess-1', HEROKU_PRE_APPROVED_V2.assess_partner_funding);
    d.ok(d.p('RECORD_FUND_REQUEST_STAGE', { tranche: 'assess_partner_funding', stage: 'completed' }));
    until(d, '2027-02-17');
    d.toCashClaim('mobilize_partner_funding', HEROKU_PRE_APPROVED_V2.mobilize_partner_funding);
    until(d, '2027-02-18');
    d.advance();
    expect(d.state).toBe('mobilize');

    // Mobilize: the landing zone after the request reached cash_claim; the pilot tagged before its cut-over.
    until(d, '2027-02-26');
    for (const item of MOBILIZE_ITEMS) d.ok(d.p('COMPLETE_CHECKLIST_ITEM', { item, evidence: evidence(item) }));
    until(d, '2027-03-08');
    plan(d, 'pilot', HEROKU_WAVES_V2.pilot);
    d.ok(d.p('REQUEST_WAVE_DECISION', { waveId: 'pilot' }));
    d.ok(d.c('DECIDE_WAVE', { waveId: 'pilot', decision: 'go' }));
    d.ok(d.p('START_WAVE', { waveId: 'pilot' }));
    expect(d.no(d.p('CUT_OVER_WAVE', { waveId: 'pilot' })).detail).toContain('RECORD_TAGS_APPLIED');
    d.tagsApplied('pilot');
    d.ok(d.p('CUT_OVER_WAVE', { waveId: 'pilot' }));
    d.ok(d.p('VALIDATE_WAVE', { waveId: 'pilot' }));
    until(d, '2027-03-15');
    file(d, 'migrate_partner_funding', '2027-12-31');
    // 2,000,000 asked against 1,980,000: flagged 20,000 over.
    expect(d.ctx.fundRequests.at(-1)).toMatchObject({
      envelopeCents: 1_980_000,
      likelyDowngrade: true,
      overByCents: 20_000,
    });
    until(d, '2027-03-16');
    d.claim('mobilize_partner_funding', 'mobilize-1', HEROKU_PRE_APPROVED_V2.mobilize_partner_funding);
    d.ok(d.p('RECORD_FUND_REQUEST_STAGE', { tranche: 'mobilize_partner_funding', stage: 'completed' }));
    until(d, '2027-03-23');
    d.toCashClaim('migrate_partner_funding', HEROKU_PRE_APPROVED_V2.migrate_partner_funding);
    until(d, '2027-03-29');
    d.advance();
    expect(d.state).toBe('migrate');

    // Migrate: three production waves, w2 declined once and re-planned; the quarters' cost reports.
    until(d, '2027-04-05');
    costReport(d, 0);
    until(d, '2027-04-12');
    plan(d, 'w1', HEROKU_WAVES_V2.w1);
    d.runWave('w1');
    until(d, '2027-04-26');
    creditsIssued(d, 0);
    plan(d, 'w2', HEROKU_WAVES_V2.w2Declined);
    d.ok(d.p('REQUEST_WAVE_DECISION', { waveId: 'w2' }));
    until(d, '2027-04-30');
    d.ok(d.c('DECIDE_WAVE', { waveId: 'w2', decision: 'no_go', reason: HEROKU_WAVES_V2.w2DeclinedReason }));
    until(d, '2027-05-07');
    plan(d, 'w2', HEROKU_WAVES_V2.w2, HEROKU_WAVES_V2.w2RollbackPlan);
    expect(d.ctx.waves.find((w) => w.waveId === 'w2')).toMatchObject({ revision: 2, status: 'planned' });
    d.runWave('w2');
    until(d, '2027-05-24');
    plan(d, 'w3', HEROKU_WAVES_V2.w3);
    d.runWave('w3');
    until(d, '2027-06-21');
    for (const item of MIGRATE_ITEMS) d.ok(d.p('COMPLETE_CHECKLIST_ITEM', { item, evidence: evidence(item) }));
    until(d, '2027-07-06');
    d.ok(d.p('RECORD_RUN_RATE', { monthlyCents: HEROKU_RUN_RATE_CENTS }));
    until(d, '2027-07-07');
    costReport(d, 1);
    // The Migrate milestone: cumulative tagged spend at least 20% of the committed ARR, 20% x 13,200,000 = 2,640,000;
    // so far Q1 60,000 + Q2 900,000 = 960,000.
    expect(
      d.no(
        d.p('PREPARE_CLAIM', {
          tranche: 'migrate_partner_funding',
          claimId: 'migrate-1',
          amountCents: 1_980_000,
          evidence: CLAIM_EVIDENCE.migrate_partner_funding,
        }),
      ).detail,
    ).toContain('Cumulative tagged spend is 960000 cents; the milestone needs at least 2640000 cents.');
    until(d, '2027-07-08');
    d.advance();
    expect(d.state).toBe('closeout');

    // Closeout: the rest of the year's quarters; with Q3 1,425,000 and Q4 1,485,000 the cumulative tagged
    // spend is 3,870,000 >= 2,640,000, and the Migrate claim goes through.
    until(d, '2027-07-26');
    creditsIssued(d, 1);
    until(d, '2027-10-06');
    costReport(d, 2);
    until(d, '2027-10-25');
    creditsIssued(d, 2);
    until(d, '2028-01-05');
    costReport(d, 3);
    until(d, '2028-01-06');
    d.claim('migrate_partner_funding', 'migrate-1', HEROKU_PRE_APPROVED_V2.migrate_partner_funding);
    d.ok(d.p('RECORD_FUND_REQUEST_STAGE', { tranche: 'migrate_partner_funding', stage: 'completed' }));
    until(d, '2028-01-24');
    creditsIssued(d, 3);
    until(d, '2028-01-25');
    ace(d, 'Launched', 'Approved');
    until(d, '2028-01-26');
    d.advance();
    expect(d.state).toBe('closed');
  });

  it("names the requests by AWS's template, one per cash tranche, and pays each at its pre-approval", () => {
    const view = viewOpportunity2(d.snapshot, d.now());
    expect(view.fundRequests.map((r) => [r.name, r.status])).toEqual([
      ['MAP Assess Project - Acme SaaS', 'completed'],
      ['MAP Mobilize Project - Acme SaaS', 'completed'],
      ['MAP Migrate Project - Acme SaaS', 'completed'],
    ]);
    // Partner cash at close: the envelopes above; requested as filed; pre-approved, approved and paid
    // 1,200,000 + 2,640,000 + 1,980,000 = 5,820,000 cents ($58,200).
    expect(view.funding).toEqual({
      assess_partner_funding: {
        envelopeCents: 1_200_000,
        requestedCents: 1_200_000,
        preApprovedCents: 1_200_000,
        approvedCents: 1_200_000,
        paidCents: 1_200_000,
      },
      mobilize_partner_funding: {
        envelopeCents: 2_640_000,
        requestedCents: 2_640_000,
        preApprovedCents: 2_640_000,
        approvedCents: 2_640_000,
        paidCents: 2_640_000,
      },
      migrate_partner_funding: {
        envelopeCents: 1_980_000,
        requestedCents: 2_000_000,
        preApprovedCents: 1_980_000,
        approvedCents: 1_980_000,
        paidCents: 1_980_000,
      },
    });
    expect(Object.values(view.funding).reduce((s, f) => s + f.paidCents, 0)).toBe(5_820_000);
    // Every request started at least 14 days after it was filed.
    for (const r of d.ctx.fundRequests) {
      expect(Date.parse(r.projectStartDate ?? '') - Date.parse(r.filedAt.slice(0, 10))).toBeGreaterThanOrEqual(
        14 * DAY_MS,
      );
      expect(r.awsFundRequestId).not.toBeNull();
      expect(r.purchaseOrder).not.toBeNull();
    }
  });

  it('keeps the customer credits per quarter: estimate 20% x tagged, issued, and lost to untagged', () => {
    // Q1 20% x    60,000 =  12,000, issued  12,000; untagged 0.
    // Q2 20% x   900,000 = 180,000, issued 180,000; untagged 150,000 lost 20% = 30,000.
    // Q3 20% x 1,425,000 = 285,000, issued 285,000; untagged  60,000 lost 20% = 12,000.
    // Q4 20% x 1,485,000 = 297,000, issued 297,000; untagged 0.
    // Total estimate 774,000 = issued; lost 42,000.
    const credits = viewOpportunity2(d.snapshot, d.now()).credits;
    expect(credits.quarters.map((q) => [q.quarter, q.estimateCents, q.issuedCents, q.lostToUntaggedCents])).toEqual([
      ['2027-Q1', 12_000, 12_000, 0],
      ['2027-Q2', 180_000, 180_000, 30_000],
      ['2027-Q3', 285_000, 285_000, 12_000],
      ['2027-Q4', 297_000, 297_000, 0],
    ]);
    expect(credits).toMatchObject({ estimateCents: 774_000, issuedCents: 774_000, lostToUntaggedCents: 42_000 });
  });

  it("tags every migrated application mig + the MPE ID, as AWS's table says, applied before each cut-over", () => {
    // Off Heroku (not EC2), Heroku Postgres (open source) to Aurora PostgreSQL included: `mig`, never
    // `comm` (a commercial engine) nor `mig_ec2_` / `comm_ec2_` (a source already on EC2).
    const tags = d.ctx.waves.flatMap((w) => w.applications.map((a) => [w.waveId, a.name, a.expectedTagValue ?? null]));
    expect(tags).toEqual([
      ['pilot', 'status-page', `mig${MPE}`],
      ['w1', 'web-monolith', `mig${MPE}`],
      ['w1', 'heroku-scheduler', null],
      ['w2', 'postgres', `mig${MPE}`],
      ['w3', 'workers', `mig${MPE}`],
    ]);
    for (const w of d.ctx.waves) {
      expect(w.status).toBe('validated');
      expect(Date.parse(w.tagsApplied?.appliedAt ?? '')).toBeLessThan(Date.parse(w.cutOverAt ?? ''));
    }
  });

  it('ends with COMMITTED_SPEND_NOT_REALIZED and the envelope difference, and the untagged quarters', () => {
    // Actual $4,950/month: 495,000 < 80% x 1,100,000 = 880,000. ARR on it 12 x 495,000 = 5,940,000:
    //   assess   min(1,200,000; 10% x 5,940,000 =   594,000; 1,500,000) =   594,000
    //   mobilize min(3,000,000; 20% x 5,940,000 = 1,188,000; 200,000,000) = 1,188,000
    //   migrate  min(3,600,000; 15% x 5,940,000 =   891,000; 200,000,000) =   891,000
    // Envelope difference: (1,200,000 - 594,000) + (2,640,000 - 1,188,000) + (1,980,000 - 891,000)
    //   = 606,000 + 1,452,000 + 1,089,000 = 3,147,000 cents.
    const view = viewOpportunity2(d.snapshot, d.now());
    expect(view.actualRunRate).toMatchObject({
      committedMonthlyCents: 1_100_000,
      actualMonthlyCents: 495_000,
      triage: { program: 'MAP', ladder: 'lite' },
      envelopes: {
        assess_partner_funding: { committedCents: 1_200_000, actualCents: 594_000 },
        mobilize_partner_funding: { committedCents: 2_640_000, actualCents: 1_188_000 },
        migrate_partner_funding: { committedCents: 1_980_000, actualCents: 891_000 },
      },
      envelopeDifferenceCents: 3_147_000,
    });
    const found = findings2(d.snapshot, d.now(), HEROKU_PARTNER_STATS);
    expect(found.map((f) => [f.code, f.dollarsAtStakeCents])).toEqual([
      ['COMMITTED_SPEND_NOT_REALIZED', 3_147_000],
      ['UNTAGGED_SPEND', 30_000],
      ['UNTAGGED_SPEND', 12_000],
    ]);
    expect(found[0]?.detail).toContain('below 80% of the committed 1100000');
  });

  it('replays twice to the same snapshot', () => {
    const replayed = (): unknown => {
      const steps = startReplayAny({ ...d.input, machineVersion: '2' });
      for (const e of d.events) expect(steps.next(e)).toBeNull();
      return steps.snapshot();
    };
    expect(replayed()).toEqual(d.snapshot);
    expect(JSON.stringify(replayed())).toBe(JSON.stringify(d.snapshot));
  });
});
