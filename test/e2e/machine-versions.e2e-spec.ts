import request from 'supertest';
import {
  ASSESS_ITEMS,
  HEROKU_RUN_RATE_CENTS,
  mapRecord,
  mapRecordV2,
  MIGRATE_ITEMS,
  MOBILIZE_ITEMS,
  MPE,
} from '@mapflow/workflow/scenarios/heroku';
import { verifyChain } from '../support/audit';
import {
  dateIn,
  expectStatus,
  SHA,
  herokuProfile,
  newOpportunity,
  newOpportunityOnVersion1,
  type OpportunityDriver,
} from '../support/opportunity-driver';
import { useTestApp } from '../support/test-app';

/**
 * Machine versions side by side over HTTP (design/funding-v2.md): a version-1
 * opportunity in assess moves to version 2 with `POST .../migrate`, continues
 * there, and its audit chain verifies across the move; one that would lose
 * something is 409 with the reason and keeps working on version 1. Version 2's
 * rules then meet the partner where version 1 let the mistake through.
 */
describe('machine versions (whole app, real PostgreSQL)', () => {
  const t = useTestApp();

  const migrate = (
    o: OpportunityDriver,
    as = o.partner,
    ifMatch: string | null = `"${o.version}"`,
    body: object = { to: '2' },
  ) => {
    const req = request(t.http).post(`/v1/opportunities/${o.id}/migrate`).set('authorization', `Bearer ${as.key}`);
    return ifMatch === null ? req.send(body) : req.set('if-match', ifMatch).send(body);
  };

  async function inAssess(): Promise<OpportunityDriver> {
    const o = await newOpportunityOnVersion1(t, 'Heroku to AWS', herokuProfile());
    await o.advanceTo('assess');
    return o;
  }

  async function migrated(): Promise<OpportunityDriver> {
    const o = await inAssess();
    const res = await migrate(o);
    expectStatus(res, 200);
    o.version += 1;
    return o;
  }

  it('a new opportunity starts on version 2 (policy 2027.1), and its first audit entry says so', async () => {
    const o = await newOpportunity(t.http, 'Heroku to AWS', herokuProfile());
    expect(o.last).toMatchObject({ machineVersion: '2', policyId: '2027.1', migration: { mayMigrate: false } });
    const audit = await request(t.http)
      .get(`/v1/opportunities/${o.id}/audit`)
      .set('authorization', `Bearer ${o.partner.key}`);
    expect(audit.body.items[0].entry).toMatchObject({ event: { type: 'CREATE_OPPORTUNITY' }, machineVersion: '2' });
    const refused = await request(t.http)
      .post(`/v1/opportunities/${o.id}/migrate`)
      .set('authorization', `Bearer ${o.partner.key}`)
      .set('if-match', `"${o.version}"`)
      .send({ to: '2' });
    expectStatus(refused, 409);
    expect((await verifyChain(t.http, o.id)).valid).toBe(true);
  });

  it('an assess opportunity moves to version 2, continues, and its chain verifies across the move', async () => {
    const o = await inAssess();
    const before = await o.read();
    expect(before.body).toMatchObject({ machineVersion: '1', migration: { mayMigrate: true, reasons: [] } });
    const res = await migrate(o);
    expectStatus(res, 200);
    expect(res.headers.etag).toBe(`"${o.version + 1}"`);
    expect(res.body).toMatchObject({
      machineVersion: '2',
      policyId: '2027.1',
      phase: 'assess',
      migration: { mayMigrate: false },
      credits: { quarters: [], estimateCents: 0, issuedCents: 0 },
      ace: null,
    });
    // The Mobilize envelope is now bounded by the run-rate: 20% of ARR $132,000 = $26,400.
    expect(res.body.funding.mobilize_partner_funding.envelopeCents).toBe(2_640_000);
    o.version += 1;
    await o.checklist(ASSESS_ITEMS);
    const list = await request(t.http).get('/v1/opportunities').set('authorization', `Bearer ${o.partner.key}`);
    expect(list.body.items.find((i: { id: string }) => i.id === o.id)).toMatchObject({ machineVersion: '2' });
    const verdict = await verifyChain(t.http, o.id);
    expect(verdict).toMatchObject({ valid: true, entries: 3 + ASSESS_ITEMS.length });
    const audit = await request(t.http)
      .get(`/v1/opportunities/${o.id}/audit`)
      .set('authorization', `Bearer ${o.partner.key}`);
    expect(JSON.stringify(audit.body)).toContain('MACHINE_MIGRATED');
  });

  it('is refused to the customer (403), without If-Match (428), stale (412), to an unknown version (400), and twice (409)', async () => {
    const o = await inAssess();
    expectStatus(await migrate(o, o.customer), 403);
    expectStatus(await migrate(o, o.partner, null), 428);
    expectStatus(await migrate(o, o.partner, `"${o.version - 1}"`), 412);
    expectStatus(await migrate(o, o.partner, `"${o.version}"`, { to: '3' }), 400);
    expectStatus(await migrate(o), 200);
    o.version += 1;
    const again = await migrate(o);
    expectStatus(again, 409);
    expect(again.body.detail).toContain('already runs machine version 2');
    const read = await o.read();
    expect(read.headers.etag).toBe(`"${o.version}"`);
  });

  it('an opportunity in mobilize stays on version 1 with the reason, and keeps working there', async () => {
    const o = await (await inAssess()).signAssess(mapRecord());
    await o.advanceTo('mobilize');
    const refused = await migrate(o);
    expectStatus(refused, 409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.detail).toContain('this one is mobilize and finishes on version 1');
    const read = await o.read();
    expect(read.body).toMatchObject({ machineVersion: '1', migration: { mayMigrate: false } });
    await o.checklist(['landing_zone']);
    expect((await verifyChain(t.http, o.id)).valid).toBe(true);
  });

  it('a version-1 opportunity in migrate keeps working on version 1, end to end to closed, its chain verifying', async () => {
    const o = await (await inAssess()).signAssess(mapRecord());
    await o.advanceTo('mobilize');
    await o.checklist(MOBILIZE_ITEMS);
    // Version 1's waves: no tags to record before the cut-over.
    const wave = async (waveId: string, kind: 'pilot' | 'production', name: string) => {
      await o.plan(waveId, kind, [{ name, disposition: 'rehost', expectedTagValue: `mig${MPE}` }]);
      await o.requestDecision(waveId);
      await o.c({ type: 'DECIDE_WAVE', waveId, decision: 'go' });
      for (const type of ['START_WAVE', 'CUT_OVER_WAVE', 'VALIDATE_WAVE']) await o.p({ type, waveId });
    };
    await wave('pilot', 'pilot', 'status-page');
    await o.advanceTo('migrate');
    const refused = await migrate(o);
    expectStatus(refused, 409);
    expect(refused.body.detail).toContain('this one is migrate and finishes on version 1');
    await wave('w1', 'production', 'web-monolith');
    // Version 1's credits tranche: a fund request with a claim and a payment, as version 1 runs it.
    const tranche = 'migrate_credits';
    await o.p({
      type: 'FILE_FUND_REQUEST',
      tranche,
      fundingType: 'credits',
      amountCents: 2_640_000,
      projectEndDate: dateIn(120),
      workloads: ['web-monolith'],
    });
    for (const stage of ['business_approval', 'finance_approval', 'cash_claim']) {
      await o.p({ type: 'RECORD_FUND_REQUEST_STAGE', tranche, stage });
    }
    await o.p({
      type: 'PREPARE_CLAIM',
      tranche,
      claimId: 'c1',
      amountCents: 2_640_000,
      evidence: [{ uri: 's3://e/c1.pdf', sha256: SHA }],
    });
    await o.c({ type: 'SIGN_OFF_CLAIM', tranche, claimId: 'c1' });
    await o.p({ type: 'SUBMIT_CLAIM', tranche, claimId: 'c1' });
    await o.p({ type: 'RECORD_CLAIM_OUTCOME', tranche, claimId: 'c1', outcome: 'approved', approvedCents: 2_640_000 });
    await o.p({ type: 'RECORD_PAYMENT', tranche, claimId: 'c1' });
    await o.p({ type: 'RECORD_FUND_REQUEST_STAGE', tranche, stage: 'completed' });
    await o.checklist(MIGRATE_ITEMS);
    await o.p({ type: 'RECORD_RUN_RATE', monthlyCents: HEROKU_RUN_RATE_CENTS });
    await o.advanceTo('closeout');
    const closed = await o.advanceTo('closed');
    expect(closed).toMatchObject({ machineVersion: '1', policyId: '2026.1', phase: 'closed' });
    expect(closed.funding).toMatchObject({ migrate_credits: { paidCents: 2_640_000 } });
    expect(await verifyChain(t.http, o.id)).toMatchObject({ valid: true, entries: o.version });
  });

  it('an aws-apn-id PRM ID of one character: version 1 records it, version 2 answers 400', async () => {
    const v1 = await inAssess();
    await v1.p({ type: 'RECORD_MAP_AGREEMENT', tagScheme: 'aws-apn-id', mpeId: 'x', signedOn: dateIn(0) });
    const v2 = await migrated();
    const res = await v2.post(v2.partner, {
      type: 'RECORD_MAP_AGREEMENT',
      tagScheme: 'aws-apn-id',
      mpeId: 'x',
      signedOn: dateIn(0),
    });
    expectStatus(res, 400);
    expect(JSON.stringify(res.body.errors)).toContain('ra- followed by 13 lowercase letters and digits');
  });

  it('under aws-apn-id, a database prefix (comm) on a wave: version 1 plans it, version 2 refuses it', async () => {
    const plan = (o: OpportunityDriver, prmId: string) =>
      o.post(o.partner, {
        type: 'PLAN_WAVE',
        waveId: 'pilot',
        kind: 'pilot',
        name: 'Pilot',
        applications: [{ name: 'postgres', disposition: 'replatform', expectedTagValue: `comm${prmId}` }],
        rollbackPlan: 'Repoint DATABASE_URL',
      });
    const agreement = (prmId: string) => ({
      type: 'RECORD_MAP_AGREEMENT',
      tagScheme: 'aws-apn-id',
      mpeId: prmId,
      signedOn: dateIn(0),
    });
    const v1 = await (await inAssess()).signAssess(mapRecord());
    await v1.p(agreement('x'));
    await v1.advanceTo('mobilize');
    expectStatus(await plan(v1, 'x'), 200);

    const prm = 'ra-abcdefghij123';
    const v2 = await newOpportunity(t.http, 'Heroku to AWS', herokuProfile());
    await v2.advanceTo('assess');
    await v2.signAssess(mapRecordV2());
    await v2.p(agreement(prm));
    await v2.advanceTo('mobilize');
    const refused = await plan(v2, prm);
    expectStatus(refused, 400);
    expect(refused.body.errors).toEqual([
      { field: 'applications.0.expectedTagValue', message: expect.stringContaining('one of oracle, mig, sap') },
    ]);
    expect((await v2.read()).body.waves).toEqual([]);
  });

  it('attesting a projected spend 9% off the committed run-rate: version 1 accepts, version 2 answers 409 with both figures', async () => {
    const record = { ...mapRecord(), projectedSpend: [{ service: 'ECS', monthlyCents: 1_000_000 }] };
    const v1 = await inAssess();
    await v1.p({ type: 'ATTEST_MAP_RECORD', record });
    const v2 = await migrated();
    const problem = await v2.refused(v2.partner, { type: 'ATTEST_MAP_RECORD', record });
    expect(problem.detail).toContain('1000000 cents a month; the committed run-rate is 1100000 cents');
  });

  it('version 2 over HTTP: an Assess request rejected, resubmitted, pre-approved below the ask, its claim bounded by it, and no withdrawal while it is open', async () => {
    const tranche = 'assess_partner_funding';
    const v1 = await inAssess();
    const filing = {
      type: 'FILE_FUND_REQUEST',
      tranche,
      amountCents: 1_200_000,
      projectStartDate: dateIn(15),
      projectEndDate: dateIn(60),
      workloads: ['heroku-monolith'],
    };
    // Version 1's body has fundingType and no start date: version 2's body is a 400 on a version-1 opportunity.
    const wrongVersion = await v1.post(v1.partner, filing);
    expectStatus(wrongVersion, 400);
    expect(JSON.stringify(wrongVersion.body.errors)).toContain('fundingType');
    expectStatus(
      await v1.post(v1.partner, {
        type: 'RECORD_TAGGED_SPEND',
        quarter: '2026-Q4',
        taggedSpendCents: 1,
        untaggedSpendCents: 0,
        evidence: { uri: 's3://x', sha256: 'ab'.repeat(32) },
      }),
      409,
    );

    const o = await migrated();
    expect((await o.refused(o.partner, { ...filing, projectStartDate: dateIn(3) })).detail).toContain(
      'at least 14 days after filing',
    );
    const filed = await o.p(filing);
    expect(filed.fundRequests).toMatchObject([
      { requestId: 'assess_partner_funding-1', name: 'MAP Assess Project - ' + filed.customerName, stage: 'created' },
    ]);
    expect((await o.refused(o.partner, { type: 'WITHDRAW', reason: 'customer paused' })).detail).toContain(
      'assess_partner_funding-1 (created)',
    );
    expect(
      (await o.refused(o.partner, { type: 'RECORD_FUND_REQUEST_STAGE', tranche, stage: 'business_approval' })).detail,
    ).toContain('awsFundRequestId');
    await o.p({ type: 'RECORD_FUND_REQUEST_STAGE', tranche, stage: 'business_approval', awsFundRequestId: 'FR-1' });
    const rejected = await o.p({
      type: 'RECORD_FUND_REQUEST_REJECTION',
      tranche,
      reason: 'SOW missing',
      resubmittable: true,
    });
    expect(rejected.fundRequests).toMatchObject([
      { stage: 'created', rejections: [{ reason: 'SOW missing', resubmittable: true, resubmittedAt: null }] },
    ]);
    await o.p({ type: 'RESUBMIT_FUND_REQUEST', tranche, projectStartDate: dateIn(16), projectEndDate: dateIn(61) });
    await o.p({ type: 'RECORD_FUND_REQUEST_STAGE', tranche, stage: 'business_approval' });
    await o.p({ type: 'RECORD_FUND_REQUEST_STAGE', tranche, stage: 'finance_approval' });
    await o.p({
      type: 'RECORD_FUND_REQUEST_STAGE',
      tranche,
      stage: 'cash_claim',
      preApprovedCents: 1_000_000,
      purchaseOrder: 'PO-1',
    });
    await o.checklist(ASSESS_ITEMS);
    const evidence = [
      { kind: 'customer_signoff', uri: 's3://e/signoff.pdf', sha256: 'ab'.repeat(32) },
      { kind: 'deliverable', uri: 's3://e/tco.xlsx', sha256: 'cd'.repeat(32) },
    ];
    // Requested $12,000, pre-approved $10,000: an $11,000 claim is under the ask but over AWS's approval.
    const over = await o.refused(o.partner, {
      type: 'PREPARE_CLAIM',
      tranche,
      claimId: 'a1',
      amountCents: 1_100_000,
      evidence,
    });
    expect(over.detail).toContain('what AWS pre-approved, 1000000 cents (requested: 1200000)');
    const claimed = await o.p({ type: 'PREPARE_CLAIM', tranche, claimId: 'a1', amountCents: 1_000_000, evidence });
    expect(claimed.funding.assess_partner_funding).toMatchObject({
      requestedCents: 1_200_000,
      preApprovedCents: 1_000_000,
    });
    expect((await verifyChain(t.http, o.id)).valid).toBe(true);
  });
});
