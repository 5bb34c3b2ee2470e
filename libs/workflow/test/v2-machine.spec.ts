/**
 * Machine version 2 against what version 1 gets wrong (issue "Funding as AWS
 * runs it", "What is wrong today"): each case shows version 1's behaviour on
 * version 1's engine, then version 2's on its own. Worked figures by hand in
 * the comments, under policy 2027.1.
 */
import { envelopeFor, type Profile } from '../src';
import { ENGINE_V2, migrateSnapshot, startReplayAny } from '../src/v2/engine';
import { envelopeFor2027, creditEstimateCents } from '../src/v2/funding';
import { CASH_TRANCHES } from '../src/v2/policy';
import { createInput, Drive, evidence, herokuProfile, mapRecord, MPE } from './factories';
import { ACE_ID, CLAIM_EVIDENCE, Drive2 } from './factories2';

/** The floor of MAP: $1,000 a month committed (ARR $12,000), with $120,000 of migration services. */
const small = (): Profile => herokuProfile({ projectedMonthlyAwsSpendCents: 100_000 });
/** $200,000 a month committed (ARR $2.4M), $2M of services: the enterprise ladder. */
const enterprise = (): Profile =>
  herokuProfile({ projectedMonthlyAwsSpendCents: 20_000_000, migrationServicesCostCents: 200_000_000 });

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

describe('cash envelopes are bounded by the run-rate (2027.1, worked by hand)', () => {
  it('at the $1,000/month floor, version 1 offers $43,200 (3.6x ARR); version 2 offers $5,400', () => {
    // Version 1: assess 10% x $120,000 = $12,000; mobilize 25% x $120,000 = $30,000;
    // migrate (lite) 10% x ARR $12,000 = $1,200. Together $43,200 = 3.6 x $12,000.
    expect(sum(CASH_TRANCHES.map((t) => envelopeFor(t, small())))).toBe(4_320_000);
    // Version 2, ARR = 12 x $1,000 = $12,000 (1,200,000 cents):
    // assess   min(10% x 12,000,000 = 1,200,000; 10% x 1,200,000 = 120,000; cap 1,500,000) = 120,000
    // mobilize min(25% x 12,000,000 = 3,000,000; 20% x 1,200,000 = 240,000; cap 200,000,000) = 240,000
    // migrate  min(30% x 12,000,000 = 3,600,000; 15% x 1,200,000 = 180,000; cap 200,000,000) = 180,000
    expect(CASH_TRANCHES.map((t) => envelopeFor2027(t, small()))).toEqual([120_000, 240_000, 180_000]);
    expect(sum(CASH_TRANCHES.map((t) => envelopeFor2027(t, small())))).toBeLessThanOrEqual(1_200_000);
  });

  it('standard (the Heroku case, $11,000/month, $120,000 of services)', () => {
    // ARR = 13,200,000 cents.
    // assess   min(1,200,000; 10% x 13,200,000 = 1,320,000; 1,500,000) = 1,200,000 (services-bound)
    // mobilize min(3,000,000; 20% x 13,200,000 = 2,640,000; 200,000,000) = 2,640,000 (ARR-bound)
    // migrate  min(3,600,000; 15% x 13,200,000 = 1,980,000; 200,000,000) = 1,980,000 (ARR-bound)
    expect(CASH_TRANCHES.map((t) => envelopeFor2027(t, herokuProfile()))).toEqual([1_200_000, 2_640_000, 1_980_000]);
  });

  it('enterprise ($200,000/month, $2M of services)', () => {
    // ARR = 240,000,000 cents; services 200,000,000 cents.
    // assess   min(20,000,000; 24,000,000; cap 1,500,000) = 1,500,000 (cap-bound)
    // mobilize min(50,000,000; 20% x 240,000,000 = 48,000,000; 200,000,000) = 48,000,000
    // migrate  min(60,000,000; 15% x 240,000,000 = 36,000,000; 200,000,000) = 36,000,000
    expect(CASH_TRANCHES.map((t) => envelopeFor2027(t, enterprise()))).toEqual([1_500_000, 48_000_000, 36_000_000]);
  });

  it('an inflated services cost now trips the downgrade flag', () => {
    // Services cost inflated tenfold to $1.2M: version 1's Mobilize envelope follows it (25% = $300,000),
    // so a $300,000 request looks clean. Version 2's stays at 20% of ARR: $26,400, and the request is flagged.
    const inflated = herokuProfile({ migrationServicesCostCents: 120_000_000 });
    expect(envelopeFor('mobilize_partner_funding', inflated)).toBe(30_000_000);
    const d = new Drive2();
    d.toAssess(inflated).assessWork().aceApproved();
    d.file('mobilize_partner_funding', 30_000_000);
    expect(d.ctx.fundRequests[0]).toMatchObject({
      envelopeCents: 2_640_000,
      likelyDowngrade: true,
      overByCents: 30_000_000 - 2_640_000,
    });
  });
});

describe('credits are the customer ledger, not partner cash', () => {
  it('version 1 files credits as a fund request; version 2 refuses and keeps a quarterly ledger', () => {
    const v1 = new Drive().toMobilize();
    v1.file('mobilize_credits', 660_000);
    expect(v1.ctx.fundRequests.map((r) => r.tranche)).toContain('mobilize_credits');

    const d = new Drive2().toMobilize();
    const refusal = d.no(
      d.p('FILE_FUND_REQUEST', {
        tranche: 'mobilize_credits' as never,
        amountCents: 660_000,
        projectStartDate: d.date(20),
        projectEndDate: d.date(80),
        workloads: ['w'],
      }),
    );
    expect(refusal.detail).toContain("MAP credits are the customer's");
    // A quarter's estimate: 20% (creditRateBps 2,000) x $30,000 tagged = $6,000; $5,000 untagged loses $1,000.
    expect(creditEstimateCents(3_000_000)).toBe(600_000);
    d.wait(120);
    d.ok(
      d.p('RECORD_TAGGED_SPEND', {
        quarter: '2026-Q1',
        taggedSpendCents: 3_000_000,
        untaggedSpendCents: 500_000,
        evidence: evidence('cur-q1'),
      }),
    );
    d.ok(d.c('RECORD_CREDITS_ISSUED', { quarter: '2026-Q1', amountCents: 600_000, awsAccountId: '123456789012' }));
    expect(d.ctx.credits).toEqual([
      expect.objectContaining({
        quarter: '2026-Q1',
        taggedSpendCents: 3_000_000,
        issued: [expect.objectContaining({ amountCents: 600_000 })],
      }),
    ]);
    expect(
      d.no(d.c('RECORD_CREDITS_ISSUED', { quarter: '2026-Q2', amountCents: 1, awsAccountId: '123456789012' })).detail,
    ).toContain('RECORD_TAGGED_SPEND');
    expect(
      d.no(d.p('RECORD_CREDITS_ISSUED', { quarter: '2026-Q1', amountCents: 1, awsAccountId: '1234' })).detail,
    ).toContain('12-digit');
  });
});

describe('a rejection does not lose the tranche', () => {
  it('version 1 cannot record a rejection, and a terminated request blocks the tranche for good', () => {
    const v1 = new Drive().toAssess().assessWork();
    v1.file('assess_partner_funding', 1_000_000);
    v1.ok(v1.p('RECORD_FUND_REQUEST_STAGE', { tranche: 'assess_partner_funding', stage: 'terminated' }));
    expect(
      v1.no(
        v1.p('FILE_FUND_REQUEST', {
          tranche: 'assess_partner_funding',
          fundingType: 'cash',
          amountCents: 1_000_000,
          projectEndDate: v1.date(60),
          workloads: ['w'],
          customerFundedWorkloads: { map: [], activate: [] },
        }),
      ).detail,
    ).toContain('one per tranche');
  });

  it('version 2: resubmittable goes back to created and on after resubmission; final allows a new request', () => {
    const d = new Drive2().toAssess().assessWork();
    const tranche = 'assess_partner_funding';
    d.file(tranche, 1_000_000);
    d.ok(d.p('RECORD_FUND_REQUEST_STAGE', { tranche, stage: 'business_approval', awsFundRequestId: 'FR-1' }));
    d.ok(d.p('RECORD_FUND_REQUEST_REJECTION', { tranche, reason: 'SOW missing', resubmittable: true }));
    expect(d.ctx.fundRequests[0]?.stage).toBe('created');
    expect(d.no(d.p('RECORD_FUND_REQUEST_STAGE', { tranche, stage: 'business_approval' })).detail).toContain(
      'resubmit',
    );
    expect(
      d.no(d.p('RESUBMIT_FUND_REQUEST', { tranche, projectStartDate: d.date(3), projectEndDate: d.date(60) })).detail,
    ).toContain('14 days');
    d.ok(
      d.p('RESUBMIT_FUND_REQUEST', {
        tranche,
        projectStartDate: d.date(15),
        projectEndDate: d.date(75),
        amountCents: 900_000,
      }),
    );
    d.ok(d.p('RECORD_FUND_REQUEST_STAGE', { tranche, stage: 'business_approval' }));
    d.ok(d.p('RECORD_FUND_REQUEST_REJECTION', { tranche, reason: 'out of program', resubmittable: false }));
    expect(d.ctx.fundRequests[0]?.stage).toBe('rejected');
    d.file(tranche, 800_000);
    expect(d.ctx.fundRequests.map((r) => [r.requestId, r.stage])).toEqual([
      ['assess_partner_funding-1', 'rejected'],
      ['assess_partner_funding-2', 'created'],
    ]);
    expect(
      d.no(
        d.p('FILE_FUND_REQUEST', {
          tranche,
          amountCents: 1,
          projectStartDate: d.date(20),
          projectEndDate: d.date(30),
          workloads: ['w'],
        }),
      ).detail,
    ).toContain('one open request per tranche');
  });
});

describe('ending drops nothing claimable', () => {
  it('version 1 withdraws with a signed-off Assess claim; version 2 refuses until the request is terminated', () => {
    const v1 = new Drive().toAssess().assessWork();
    v1.file('assess_partner_funding', 1_200_000);
    v1.ok(
      v1.p('PREPARE_CLAIM', {
        tranche: 'assess_partner_funding',
        claimId: 'a1',
        amountCents: 1_200_000,
        evidence: [evidence('a1')],
      }),
    );
    v1.ok(v1.c('SIGN_OFF_CLAIM', { tranche: 'assess_partner_funding', claimId: 'a1' }));
    v1.ok(v1.p('WITHDRAW', { reason: 'customer paused' }));
    expect(v1.state).toBe('withdrawn');

    const d = new Drive2().toAssess().assessWork();
    const tranche = 'assess_partner_funding';
    d.file(tranche, 1_200_000).toCashClaim(tranche);
    d.ok(d.p('PREPARE_CLAIM', { tranche, claimId: 'a1', amountCents: 1_200_000, evidence: CLAIM_EVIDENCE[tranche] }));
    d.ok(d.c('SIGN_OFF_CLAIM', { tranche, claimId: 'a1' }));
    const refusal = d.no(d.p('WITHDRAW', { reason: 'customer paused' }));
    expect(refusal.detail).toContain('assess_partner_funding-1 (cash_claim; claims a1)');
    d.ok(d.p('RECORD_FUND_REQUEST_STAGE', { tranche, stage: 'terminated' }));
    // Terminating is the explicit, audited drop of that money; then the opportunity may end.
    d.ok(d.p('WITHDRAW', { reason: 'customer paused' }));
    expect(d.state).toBe('withdrawn');
  });

  it('assess -> referred is refused while a request is open', () => {
    const d = new Drive2().toAssess().assessWork();
    d.file('assess_partner_funding', 1_000_000);
    d.ok(d.p('UPDATE_PROFILE', { profile: { projectedMonthlyAwsSpendCents: 50_000 } }));
    expect(d.no(d.p('ADVANCE')).detail).toContain('Advancing to referred would drop money');
    d.ok(d.p('RECORD_FUND_REQUEST_STAGE', { tranche: 'assess_partner_funding', stage: 'terminated' }));
    d.advance();
    expect(d.state).toBe('referred');
  });
});

describe('filing needs what AWS needs', () => {
  it('Mobilize needs the agreement, the approved business case and an approved ACE opportunity', () => {
    const v1 = new Drive().toAssess();
    v1.attest();
    v1.file('mobilize_partner_funding', 1_000_000);
    expect(v1.ctx.fundRequests).toHaveLength(1);

    const d = new Drive2().toAssess();
    d.ok(d.p('ATTEST_MAP_RECORD', { record: mapRecord() }));
    const r = d.no(
      d.p('FILE_FUND_REQUEST', {
        tranche: 'mobilize_partner_funding',
        amountCents: 1_000_000,
        projectStartDate: d.date(14),
        projectEndDate: d.date(60),
        workloads: ['w'],
      }),
    );
    expect(r.detail).toContain('the signed MAP agreement is not recorded');
    expect(r.detail).toContain('the customer has not approved the business case');
    expect(r.detail).toContain('no ACE opportunity is linked');
  });

  it('the Assess tranche is filed only in assess; version 1 accepts it in migrate', () => {
    const v1 = new Drive().toMigrate();
    v1.file('assess_partner_funding', 1_000_000);
    expect(v1.ctx.fundRequests.map((r) => r.tranche)).toContain('assess_partner_funding');
    const d = new Drive2().toMigrate();
    expect(
      d.no(
        d.p('FILE_FUND_REQUEST', {
          tranche: 'assess_partner_funding',
          amountCents: 1,
          projectStartDate: d.date(14),
          projectEndDate: d.date(60),
          workloads: ['w'],
        }),
      ).detail,
    ).toContain('only in assess');
  });
});

describe('claims are bounded by what AWS approved', () => {
  it('a claim above the pre-approved amount is refused even below the requested one (worked figures)', () => {
    // Requested $26,400 (the Mobilize envelope); AWS pre-approves $20,000.
    // A $21,000 claim is under the request but over the approval: refused; $20,000 is accepted.
    const d = new Drive2().toMobilize().mobilizeChecklist().plan('pilot', 'pilot').runWave('pilot');
    const tranche = 'mobilize_partner_funding';
    d.file(tranche, 2_640_000);
    expect(d.no(d.p('RECORD_FUND_REQUEST_STAGE', { tranche, stage: 'cash_claim' })).detail).toContain(
      'awsFundRequestId',
    );
    d.toCashClaim(tranche, 2_000_000);
    const over = d.no(
      d.p('PREPARE_CLAIM', { tranche, claimId: 'm1', amountCents: 2_100_000, evidence: CLAIM_EVIDENCE[tranche] }),
    );
    expect(over.detail).toContain('pre-approved, 2000000 cents (requested: 2640000)');
    const lacking = d.no(
      d.p('PREPARE_CLAIM', { tranche, claimId: 'm1', amountCents: 2_000_000, evidence: [CLAIM_EVIDENCE[tranche][0]!] }),
    );
    expect(lacking.detail).toContain('deliverable, tag_coverage_report');
    d.ok(d.p('PREPARE_CLAIM', { tranche, claimId: 'm1', amountCents: 2_000_000, evidence: CLAIM_EVIDENCE[tranche] }));
  });

  it('a request cannot jump from created to cash_claim', () => {
    const d = new Drive2().toAssess().assessWork();
    d.file('assess_partner_funding', 1_000_000);
    const r = d.no(
      d.p('RECORD_FUND_REQUEST_STAGE', {
        tranche: 'assess_partner_funding',
        stage: 'cash_claim',
        awsFundRequestId: 'FR-1',
        preApprovedCents: 1_000_000,
        purchaseOrder: 'PO-1',
      }),
    );
    expect(r.detail).toContain('from finance_approval');
  });
});

describe('tags', () => {
  it('a cut-over needs the tags recorded as applied', () => {
    const d = new Drive2().toMobilize().mobilizeChecklist().plan('pilot', 'pilot');
    d.ok(d.p('REQUEST_WAVE_DECISION', { waveId: 'pilot' }));
    d.ok(d.c('DECIDE_WAVE', { waveId: 'pilot', decision: 'go' }));
    d.ok(d.p('START_WAVE', { waveId: 'pilot' }));
    expect(d.no(d.p('CUT_OVER_WAVE', { waveId: 'pilot' })).detail).toContain('RECORD_TAGS_APPLIED');
    d.tagsApplied('pilot');
    d.ok(d.p('CUT_OVER_WAVE', { waveId: 'pilot' }));
    expect(d.ctx.waves[0]?.tagsApplied?.coverageEvidence).toEqual(evidence('pilot-tags'));
  });

  it('aws-apn-id takes a PRM ID ra- + 13 lowercase alphanumerics; version 1 took one character', () => {
    const v1 = new Drive().toAssess();
    v1.ok(v1.p('RECORD_MAP_AGREEMENT', { tagScheme: 'aws-apn-id', mpeId: 'x', signedOn: v1.date() }));
    const d = new Drive2().toAssess();
    expect(d.no(d.p('RECORD_MAP_AGREEMENT', { tagScheme: 'aws-apn-id', mpeId: 'x', signedOn: d.date() })).code).toBe(
      'INVALID',
    );
    d.ok(d.p('RECORD_MAP_AGREEMENT', { tagScheme: 'aws-apn-id', mpeId: 'ra-abc123def456g', signedOn: d.date() }));
  });
});

describe('names', () => {
  it("follow AWS's template, one per phase", () => {
    const v1 = new Drive().toAssess().assessWork();
    v1.file('assess_partner_funding', 1_000_000);
    expect(v1.ctx.fundRequests[0]?.name).toBe('[MAP] Heroku to AWS - Acme SaaS');
    const d = new Drive2().toAssess().assessWork().aceApproved();
    d.file('assess_partner_funding', 1_000_000).file('mobilize_partner_funding', 1_000_000);
    expect(d.ctx.fundRequests.map((r) => r.name)).toEqual([
      'MAP Assess Project - Acme SaaS',
      'MAP Mobilize Project - Acme SaaS',
    ]);
  });
});

describe('the ACE opportunity', () => {
  it('locks the profile and the attestation while in review; the system actor records it', () => {
    const d = new Drive2().toAssess();
    const system = { userId: 'system:ace-sync', orgId: '', role: 'system' as const, service: 'ace-sync' };
    d.ok({
      type: 'RECORD_ACE_OPPORTUNITY',
      at: d.now(),
      actor: system,
      aceOpportunityId: ACE_ID,
      stage: 'Prospect',
      reviewStatus: 'In review',
      lastModifiedDate: d.now(),
    });
    expect(d.no(d.p('UPDATE_PROFILE', { profile: { servers: 40 } })).detail).toContain('In review');
    expect(d.no(d.p('ATTEST_MAP_RECORD', { record: mapRecord() })).detail).toContain('In review');
    d.ok(
      d.p('RECORD_ACE_OPPORTUNITY', {
        aceOpportunityId: ACE_ID,
        stage: 'Prospect',
        reviewStatus: 'Action Required',
        lastModifiedDate: d.now(),
      }),
    );
    expect(d.no(d.p('UPDATE_PROFILE', { profile: { servers: 40 } })).detail).toContain('not servers');
    d.ok(d.p('UPDATE_PROFILE', { profile: { customerWebsite: 'https://acme.example' } }));
    expect(
      d.no(
        d.p('RECORD_ACE_OPPORTUNITY', {
          aceOpportunityId: 'O999',
          stage: 'Prospect',
          reviewStatus: 'Approved',
          lastModifiedDate: d.now(),
        }),
      ).detail,
    ).toContain(`linked to ACE opportunity ${ACE_ID}`);
    expect(d.no({ type: 'APPROVE_BUSINESS_CASE', at: d.now(), actor: system }).code).toBe('FORBIDDEN');
  });

  it('attesting needs the projected spend to match the committed run-rate within 1%', () => {
    const d = new Drive2().toAssess();
    // Committed $11,000/month; the record itemises $10,000: 9% off, refused naming both figures.
    const record = { ...mapRecord(), projectedSpend: [{ service: 'ECS', monthlyCents: 1_000_000 }] };
    expect(d.no(d.p('ATTEST_MAP_RECORD', { record })).detail).toContain(
      '1000000 cents a month; the committed run-rate is 1100000',
    );
  });
});

describe('versions side by side', () => {
  it('an assess opportunity migrates, continues on version 2, and its log replays across the move', () => {
    const v1 = new Drive().toAssess();
    v1.ok(v1.p('RECORD_MAP_AGREEMENT', { tagScheme: 'map-migrated', mpeId: MPE, signedOn: v1.date() }));
    const at = v1.now();
    const moved = migrateSnapshot(v1.snapshot, at);
    if (!moved.ok) throw new Error(moved.reasons.join(' '));
    expect(moved.snapshot.context).toMatchObject({ machineVersion: '2', policyId: '2027.1', seq: v1.ctx.seq + 1 });
    const next = ENGINE_V2.decide(moved.snapshot, {
      type: 'RECORD_ACE_OPPORTUNITY',
      at,
      actor: v1.partnerActor,
      aceOpportunityId: ACE_ID,
      stage: 'Qualified',
      reviewStatus: 'Approved',
      lastModifiedDate: at,
    });
    if (!next.accepted) throw new Error(next.refusal.detail);
    const steps = startReplayAny(createInput());
    for (const e of v1.events) expect(steps.next(e)).toBeNull();
    expect(steps.next({ type: 'MACHINE_MIGRATED', from: '1', to: '2', at, actor: v1.partnerActor })).toBeNull();
    expect(
      steps.next({
        type: 'RECORD_ACE_OPPORTUNITY',
        at,
        actor: v1.partnerActor,
        aceOpportunityId: ACE_ID,
        stage: 'Qualified',
        reviewStatus: 'Approved',
        lastModifiedDate: at,
      }),
    ).toBeNull();
    expect(steps.snapshot()).toEqual(next.snapshot);
  });

  it('an opportunity in migrate, or with a credit tranche filed, stays on version 1 with the reason', () => {
    const v1 = new Drive().toMigrate();
    const out = migrateSnapshot(v1.snapshot, v1.now());
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.reasons.join(' ')).toContain('finishes on version 1');
    // It finishes on version 1, end to end.
    v1.plan('w1', 'production').runWave('w1').migrateChecklist();
    v1.ok(v1.p('RECORD_RUN_RATE', { monthlyCents: 1_000_000 }));
    v1.advance();
    expect([v1.state, v1.ctx.machineVersion]).toEqual(['closeout', '1']);
  });
});
