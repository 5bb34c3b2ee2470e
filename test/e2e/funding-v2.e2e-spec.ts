import { quarterOf } from '@mapflow/workflow';
import { ASSESS_ITEMS, herokuAceProfile, mapRecord, mapRecordV2, MPE } from '@mapflow/workflow/scenarios/heroku';
import { verifyChain } from '../support/audit';
import {
  dateIn,
  expectStatus,
  herokuProfile,
  newOpportunity,
  newOpportunityOnVersion1,
  SHA,
  type OpportunityDriver,
} from '../support/opportunity-driver';
import { useTestApp } from '../support/test-app';

/**
 * What version 1 got wrong about MAP money (issue "Funding as AWS runs it", "What is wrong today"),
 * met over HTTP as a partner or a customer would meet it: each case shows version 2's answer, and where
 * it is cheap to reach, version 1's, which let the mistake through. The engine suites
 * (libs/workflow/test/v2-*.spec.ts) work the figures by hand; these check that the API carries them.
 */
describe('funding as AWS runs it, over HTTP (machine version 2 beside version 1, real PostgreSQL)', () => {
  const t = useTestApp();

  const tranche = 'assess_partner_funding';
  const filing = (over: Record<string, unknown> = {}) => ({
    type: 'FILE_FUND_REQUEST',
    tranche,
    amountCents: 1_200_000,
    projectStartDate: dateIn(15),
    projectEndDate: dateIn(90),
    workloads: ['web-monolith'],
    ...over,
  });
  /** Version 1's body of the same filing: a funding type, no start date. */
  const filingV1 = (over: Record<string, unknown> = {}) => ({
    type: 'FILE_FUND_REQUEST',
    tranche,
    fundingType: 'cash',
    amountCents: 1_200_000,
    projectEndDate: dateIn(90),
    workloads: ['web-monolith'],
    ...over,
  });
  const stage = (s: string, over: Record<string, unknown> = {}) => ({
    type: 'RECORD_FUND_REQUEST_STAGE',
    tranche,
    stage: s,
    ...over,
  });

  async function v2InAssess(profile = herokuProfile()): Promise<OpportunityDriver> {
    const o = await newOpportunity(t.http, 'Heroku to AWS', profile);
    await o.advanceTo('assess');
    return o;
  }

  async function v1InAssess(profile = herokuProfile()): Promise<OpportunityDriver> {
    const o = await newOpportunityOnVersion1(t, 'Heroku to AWS', profile);
    await o.advanceTo('assess');
    return o;
  }

  /** Assess done and signed on either version, with that version's MAP record. */
  const assessSigned = (o: OpportunityDriver) =>
    o.signAssess(o.last.machineVersion === '2' ? mapRecordV2() : mapRecord());

  it('cash envelopes follow the run-rate: at the $1,000/month floor version 1 offers $43,200, version 2 $5,400', async () => {
    const small = herokuProfile({ projectedMonthlyAwsSpendCents: 100_000 });
    const v1 = await v1InAssess(small);
    const v2 = await v2InAssess(small);
    const v1Cash = ['assess_partner_funding', 'mobilize_partner_funding', 'migrate_partner_funding'].map(
      (k) => (v1.last.funding as Record<string, { envelopeCents: number }>)[k]?.envelopeCents,
    );
    // Version 1: 10% and 25% of the $120,000 services cost, and 10% of ARR $12,000: $43,200, 3.6 x ARR.
    expect(v1Cash).toEqual([1_200_000, 3_000_000, 120_000]);
    // Version 2 bounds each by ARR $12,000: 10%, 20%, 15% = $1,200, $2,400, $1,800 (worked in v2-machine.spec.ts).
    expect(v2.v2.funding).toMatchObject({
      assess_partner_funding: { envelopeCents: 120_000 },
      mobilize_partner_funding: { envelopeCents: 240_000 },
      migrate_partner_funding: { envelopeCents: 180_000 },
    });
    // An inflated services cost no longer inflates the Mobilize envelope: 20% of ARR $132,000 stays $26,400.
    const inflated = await v2InAssess(herokuProfile({ migrationServicesCostCents: 120_000_000 }));
    expect(inflated.v2.funding.mobilize_partner_funding.envelopeCents).toBe(2_640_000);
  });

  it('credits are the customer’s ledger per quarter, not a fund request the partner claims', async () => {
    const o = await assessSigned(await v2InAssess());
    await o.advanceTo('mobilize');
    // A credits tranche is no fund request on version 2: 400, naming the tranche.
    const credits = await o.post(o.partner, filing({ tranche: 'mobilize_credits' }));
    expectStatus(credits, 400);
    expect(credits.body.errors.map((e: { field: string }) => e.field)).toEqual(['tranche']);
    // The quarter's tagged spend from the cost report: 20% of $9,000 tagged = $1,800 estimated; $1,500 untagged
    // would have earned $300. The customer records what AWS issued to its account.
    const quarter = quarterOf(new Date().toISOString());
    await o.p({
      type: 'RECORD_TAGGED_SPEND',
      quarter,
      taggedSpendCents: 900_000,
      untaggedSpendCents: 150_000,
      evidence: { uri: 's3://cur/q.parquet', sha256: SHA },
    });
    const issued = await o.c({
      type: 'RECORD_CREDITS_ISSUED',
      quarter,
      amountCents: 180_000,
      awsAccountId: '210987654321',
    });
    expect(issued).toMatchObject({
      credits: {
        quarters: [{ quarter, estimateCents: 180_000, issuedCents: 180_000, lostToUntaggedCents: 30_000 }],
        estimateCents: 180_000,
        issuedCents: 180_000,
      },
    });
    // A quarter that has not started has no cost report yet.
    const next = await o.refused(o.partner, {
      type: 'RECORD_TAGGED_SPEND',
      quarter: `${new Date().getUTCFullYear() + 1}-Q4`,
      taggedSpendCents: 1,
      untaggedSpendCents: 0,
      evidence: { uri: 's3://cur/next.parquet', sha256: SHA },
    });
    expect(next.detail).toContain('has not started');
  });

  it('a request AWS rejected for good, or one the partner terminated, no longer blocks the tranche', async () => {
    const o = await v2InAssess();
    await o.p(filing());
    await o.p(stage('business_approval', { awsFundRequestId: 'FR-1' }));
    // Rejected for good: the tranche is free again, and the next request is the tranche's second.
    await o.p({ type: 'RECORD_FUND_REQUEST_REJECTION', tranche, reason: 'Out of scope', resubmittable: false });
    const second = await o.p(filing());
    expect(second.fundRequests.map((r) => [r.stage, 'requestId' in r ? r.requestId : null])).toEqual([
      ['rejected', 'assess_partner_funding-1'],
      ['created', 'assess_partner_funding-2'],
    ]);
    // One open request per tranche: a third while the second is open is refused ...
    expect((await o.refused(o.partner, filing())).detail).toContain('assess_partner_funding-2');
    // ... and once the partner terminates it, the tranche is free again.
    await o.p(stage('terminated'));
    const third = await o.p(filing());
    expect(third.fundRequests.map((r) => r.stage)).toEqual(['rejected', 'terminated', 'created']);
    expect((await verifyChain(t.http, o.id)).valid).toBe(true);
  });

  it('no request jumps from created to cash_claim: AWS’s stages, its reference, a pre-approval and a PO', async () => {
    const v1 = await v1InAssess();
    await v1.p(filingV1());
    // Version 1 lets a request jump straight to cash_claim, with nothing from AWS.
    await v1.p(stage('cash_claim'));
    const o = await v2InAssess();
    await o.p(filing());
    expect((await o.refused(o.partner, stage('cash_claim'))).detail).toContain('awsFundRequestId');
    await o.p(stage('business_approval', { awsFundRequestId: 'FR-7' }));
    expect((await o.refused(o.partner, stage('cash_claim'))).detail).toContain('from finance_approval');
    await o.p(stage('finance_approval'));
    expect((await o.refused(o.partner, stage('cash_claim', { preApprovedCents: 1_000_000 }))).detail).toContain(
      'purchase order',
    );
    const approved = await o.p(stage('cash_claim', { preApprovedCents: 1_000_000, purchaseOrder: 'PO-7' }));
    expect(approved.fundRequests[0]).toMatchObject({
      stage: 'cash_claim',
      awsFundRequestId: 'FR-7',
      preApprovedCents: 1_000_000,
      purchaseOrder: 'PO-7',
    });
  });

  it('Mobilize is filed only with the MAP agreement, the approved business case and an approved ACE opportunity', async () => {
    // Both attested: version 1 then takes the Mobilize filing with no agreement and no approved business case.
    const v1 = await v1InAssess();
    await v1.checklist(ASSESS_ITEMS);
    await v1.p({ type: 'ATTEST_MAP_RECORD', record: mapRecord() });
    await v1.p(filingV1({ tranche: 'mobilize_partner_funding', amountCents: 2_640_000 }));

    const o = await v2InAssess();
    await o.checklist(ASSESS_ITEMS);
    await o.p({ type: 'ATTEST_MAP_RECORD', record: mapRecordV2() });
    const mobilize = filing({ tranche: 'mobilize_partner_funding', amountCents: 2_640_000 });
    const refused = await o.refused(o.partner, mobilize);
    expect(refused.detail).toMatch(/MAP agreement/);
    expect(refused.detail).toMatch(/business case/);
    expect(refused.detail).toMatch(/ACE opportunity/);
    await o.c({ type: 'APPROVE_BUSINESS_CASE' });
    await o.p({ type: 'RECORD_MAP_AGREEMENT', tagScheme: 'map-migrated', mpeId: MPE, signedOn: dateIn(0) });
    const ace = (reviewStatus: string) => ({
      type: 'RECORD_ACE_OPPORTUNITY',
      aceOpportunityId: 'O1234567',
      stage: 'Qualified',
      reviewStatus,
      lastModifiedDate: new Date().toISOString(),
    });
    await o.p({ type: 'UPDATE_PROFILE', profile: herokuAceProfile() });
    await o.p({ type: 'SUBMIT_TO_ACE' });
    await o.p(ace('In review'));
    expect((await o.refused(o.partner, mobilize)).detail).toContain('is In review, not Approved');
    // While ACE reviews it, the profile is locked, and the refusal names the review.
    const locked = await o.refused(o.partner, { type: 'UPDATE_PROFILE', profile: { servers: 31 } });
    expect(locked.detail).toContain('In review');
    await o.p(ace('Approved'));
    const filed = await o.p(mobilize);
    expect(filed.fundRequests.at(-1)).toMatchObject({
      name: `MAP Mobilize Project - ${filed.customerName}`,
      stage: 'created',
    });
  });

  it('ending drops nothing: no withdrawal and no referral while a request is open, until it is terminated', async () => {
    const v1 = await v1InAssess();
    await v1.p(filingV1());
    // Version 1 refers the opportunity away with its Assess request still open.
    await v1.p({ type: 'UPDATE_PROFILE', profile: { projectedMonthlyAwsSpendCents: 40_000 } });
    expect((await v1.p({ type: 'ADVANCE' })).phase).toBe('referred');

    const o = await v2InAssess();
    await o.p(filing());
    await o.p({ type: 'UPDATE_PROFILE', profile: { projectedMonthlyAwsSpendCents: 40_000 } });
    const referral = await o.refused(o.partner, { type: 'ADVANCE' });
    expect(referral.detail).toContain('Advancing to referred would drop money still claimable');
    expect((await o.refused(o.partner, { type: 'WITHDRAW', reason: 'Paused' })).detail).toContain(
      'assess_partner_funding-1 (created)',
    );
    // Terminating the request is the explicit, audited drop; then the referral goes through.
    await o.p(stage('terminated'));
    expect((await o.p({ type: 'ADVANCE' })).phase).toBe('referred');
    expect((await verifyChain(t.http, o.id)).valid).toBe(true);
  });

  it('the Assess tranche only in assess, and a claim only with the kinds of evidence the policy lists', async () => {
    // Past assess, version 1 still takes the Assess tranche; version 2 does not.
    const v1 = await assessSigned(await v1InAssess());
    await v1.advanceTo('mobilize');
    await v1.p(filingV1());
    const late = await assessSigned(await v2InAssess());
    await late.advanceTo('mobilize');
    expect((await late.refused(late.partner, filing())).detail).toContain('only in assess');

    const o = await v2InAssess();
    await o.file(tranche, 1_200_000, ['web-monolith'], 1_200_000);
    await o.checklist(ASSESS_ITEMS);
    const untyped = await o.refused(o.partner, {
      type: 'PREPARE_CLAIM',
      tranche,
      claimId: 'a1',
      amountCents: 1_200_000,
      evidence: [{ kind: 'other', uri: 's3://e/x.pdf', sha256: SHA }],
    });
    expect(untyped.detail).toContain('must carry evidence of kind: customer_signoff, deliverable');
    await o.claim(tranche, 'a1', 1_200_000);
    const paid = o.v2.fundRequests[0]?.claims[0];
    expect(paid).toMatchObject({ status: 'paid', invoiceReference: 'INV-a1' });
  });
});
