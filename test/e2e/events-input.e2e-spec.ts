import request from 'supertest';
import { EVENT_TYPES_2 } from '@mapflow/workflow';
import { expectStatus, newOpportunity, OpportunityDriver, SHA } from '../support/opportunity-driver';
import { useTestApp } from '../support/test-app';
import { problemType } from '../support/problem-types';

/**
 * For every event type of machine version 2 (the version the API creates), bodies that must be refused with
 * 400 before anything is read or written; each is otherwise a valid version-2 body, so the 400 is for the
 * field the case names.
 */
/** A valid version-2 filing of the Assess tranche. */
const FILING = {
  tranche: 'assess_partner_funding',
  amountCents: 1_000_000,
  projectStartDate: '2027-01-04',
  projectEndDate: '2027-03-01',
  workloads: ['a'],
};

const BAD_PAYLOADS: Record<string, Record<string, unknown>[]> = {
  UPDATE_PROFILE: [{ profile: { servers: -1 } }, { profile: { region: 'mars-1' } }, { profile: 'heroku' }],
  COMPLETE_CHECKLIST_ITEM: [
    { item: 'tco_model', evidence: { uri: 's3://x/y.pdf', sha256: 'abc' } },
    { item: 'not_an_item', evidence: { uri: 's3://x/y.pdf', sha256: SHA } },
    { item: 'tco_model' }, // no evidence
  ],
  REOPEN_CHECKLIST_ITEM: [{ item: 'tco_model' }],
  ATTEST_MAP_RECORD: [{ record: { sourceEnvironment: 'x' } }],
  APPROVE_BUSINESS_CASE: [{ reason: 'unexpected field' }],
  REJECT_BUSINESS_CASE: [{ reason: '' }],
  RECORD_MAP_AGREEMENT: [
    { tagScheme: 'map-migrated', mpeId: '12', signedOn: '2026-11-02' },
    { tagScheme: 'aws-apn-id', mpeId: 'UPPER', signedOn: '2026-11-02' },
    { tagScheme: 'map-migrated', mpeId: '12345', signedOn: 'yesterday' },
  ],
  PLAN_WAVE: [
    {
      waveId: 'w1',
      kind: 'production',
      name: 'W',
      applications: [{ name: 'a', disposition: 'rehost', expectedTagValue: 'nope!' }],
      rollbackPlan: 'r',
    },
    { waveId: 'w 1', kind: 'pilot', name: 'W', applications: [], rollbackPlan: 'r' },
    {
      waveId: 'w1',
      kind: 'canary',
      name: 'W',
      applications: [{ name: 'a', disposition: 'rewrite' }],
      rollbackPlan: 'r',
    },
  ],
  REQUEST_WAVE_DECISION: [{}],
  DECIDE_WAVE: [
    { waveId: 'w1', decision: 'maybe' },
    { waveId: 'w1', decision: 'no_go' },
  ],
  START_WAVE: [{ waveId: 42 }],
  CUT_OVER_WAVE: [{ waveId: '' }],
  VALIDATE_WAVE: [{ waveId: 'x'.repeat(65) }],
  ROLL_BACK_WAVE: [{ waveId: 'w1' }],
  CANCEL_WAVE: [{ waveId: 'w1', reason: 7 }],
  FILE_FUND_REQUEST: [
    { ...FILING, amountCents: -5 },
    { ...FILING, amountCents: 1e20 },
    { ...FILING, amountCents: 10.5 },
    { ...FILING, projectStartDate: '2027-02-30' },
    { ...FILING, tranche: 'mobilize_credits' }, // credits are no fund request in version 2
    { ...FILING, fundingType: 'cash' }, // version 1's field
    { tranche: 'nope', amountCents: 1, projectStartDate: '2027-01-01', projectEndDate: '2027-13-01', workloads: [''] },
  ],
  RECORD_FUND_REQUEST_STAGE: [
    { tranche: 'assess_partner_funding', stage: 'approved_maybe' },
    { tranche: 'assess_partner_funding', stage: 'rejected' }, // a rejection is its own event
    { tranche: 'assess_partner_funding', stage: 'cash_claim', preApprovedCents: -1, purchaseOrder: 'PO-1' },
  ],
  RECORD_FUND_REQUEST_REJECTION: [
    { tranche: 'assess_partner_funding', reason: '', resubmittable: true },
    { tranche: 'assess_partner_funding', reason: 'SOW missing', resubmittable: 'yes' },
  ],
  RESUBMIT_FUND_REQUEST: [{ tranche: 'assess_partner_funding', projectStartDate: '2027-01-01' }],
  RECORD_ACTIVATE_WORKLOAD: [{ workload: 'genai', amountCents: '100' }],
  PREPARE_CLAIM: [
    { tranche: 'assess_partner_funding', claimId: 'c1', amountCents: 1, evidence: [] },
    { tranche: 'assess_partner_funding', claimId: 'c1', amountCents: 1, evidence: [{ uri: 's3://x', sha256: SHA }] },
    {
      tranche: 'assess_partner_funding',
      claimId: 'c1',
      amountCents: 1,
      evidence: [{ kind: 'selfie', uri: 's3://x', sha256: SHA }],
    },
  ],
  SIGN_OFF_CLAIM: [{ tranche: 'assess_partner_funding' }],
  SUBMIT_CLAIM: [{ claimId: 'c1' }],
  RECORD_CLAIM_OUTCOME: [{ tranche: 'assess_partner_funding', claimId: 'c1', outcome: 'great', approvedCents: 1 }],
  RECORD_PAYMENT: [
    { tranche: 'assess_partner_funding', claimId: 'c1', invoiceReference: 'INV-1', extra: true },
    { tranche: 'assess_partner_funding', claimId: 'c1' }, // no invoice
  ],
  RECORD_TAGGED_SPEND: [
    { quarter: '2026-Q4', taggedSpendCents: 1, untaggedSpendCents: 0 }, // no cost report
    { quarter: '2027-Q5', taggedSpendCents: 1, untaggedSpendCents: 0, evidence: { uri: 's3://x', sha256: SHA } },
    { quarter: '2027-Q1', taggedSpendCents: -1, untaggedSpendCents: 0, evidence: { uri: 's3://x', sha256: SHA } },
  ],
  RECORD_CREDITS_ISSUED: [
    { quarter: '2027-Q1', amountCents: 100, awsAccountId: '1234' },
    { quarter: 'Q1-2027', amountCents: 100, awsAccountId: '123456789012' },
  ],
  RECORD_TAGS_APPLIED: [
    { waveId: 'w1', appliedAt: 'this morning', coverageEvidence: { uri: 's3://x', sha256: SHA } },
    { waveId: 'w1', appliedAt: '2027-01-01T00:00:00Z' },
  ],
  RECORD_ACE_OPPORTUNITY: [
    {
      aceOpportunityId: '1234',
      stage: 'Qualified',
      reviewStatus: 'Approved',
      lastModifiedDate: '2027-01-01T00:00:00Z',
    },
    { aceOpportunityId: 'O1234', stage: 'Won', reviewStatus: 'Approved', lastModifiedDate: '2027-01-01T00:00:00Z' },
    {
      aceOpportunityId: 'O1234',
      stage: 'Qualified',
      reviewStatus: 'approved',
      lastModifiedDate: '2027-01-01T00:00:00Z',
    },
  ],
  SUBMIT_TO_ACE: [{ now: true }],
  RECORD_PLAN_TERMINATION: [
    { by: 'partner', on: '2027-09-30', reason: 'left' },
    { by: 'customer', on: '2027-09-31', reason: 'left' },
    { by: 'aws', on: '2027-09-30', reason: '' },
  ],
  RECORD_RUN_RATE: [{ monthlyCents: null }],
  ADVANCE: [{ force: true }],
  WITHDRAW: [{}],
};

describe('events: If-Match, idempotency and bad input (whole app, real PostgreSQL)', () => {
  const t = useTestApp();
  let o: OpportunityDriver;

  beforeAll(async () => {
    o = await newOpportunity(t.http);
  });

  /** The stored state of the opportunity: version, snapshot and audit length. */
  const stored = async () =>
    t.dataSource.query<{ version: number; snapshot: object; entries: number }[]>(
      `SELECT version, snapshot, (SELECT count(*)::int FROM audit_entries a WHERE a.opportunity_id = o.id) AS entries
         FROM opportunities o WHERE id = $1`,
      [o.id],
    );

  it('requires If-Match (428) and refuses a stale one (412), changing nothing', async () => {
    const before = await stored();
    const missing = await o.post(o.partner, { type: 'UPDATE_PROFILE', profile: { servers: 3 } }, null);
    expectStatus(missing, 428);
    expect(missing.body.type).toBe(problemType('precondition-required'));
    const stale = await o.post(o.partner, { type: 'UPDATE_PROFILE', profile: { servers: 3 } }, '"99"');
    expectStatus(stale, 412);
    const garbage = await o.post(o.partner, { type: 'UPDATE_PROFILE', profile: { servers: 3 } }, 'W/"abc"');
    expectStatus(garbage, 412);
    expect(await stored()).toEqual(before);
  });

  it('lets exactly one of two concurrent commits on the same version win; the other gets 412', async () => {
    const version = o.version;
    const [a, b] = await Promise.all([
      o.post(o.partner, { type: 'UPDATE_PROFILE', profile: { servers: 10 } }, `"${version}"`),
      o.post(o.partner, { type: 'UPDATE_PROFILE', profile: { servers: 20 } }, `"${version}"`),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const winner = a.status === 200 ? a : b;
    o.version = version + 1;
    const after = await stored();
    expect(after[0]).toMatchObject({ version: version + 1, entries: version + 1 });
    expect(winner.body.profile.servers).toBe(a.status === 200 ? 10 : 20);
  });

  it('replays an event sent twice with one Idempotency-Key, 422 on a changed body', async () => {
    const key = `evt-${Date.now()}`;
    const body = { type: 'UPDATE_PROFILE', profile: { databases: 4 } };
    const first = await o.post(o.partner, body).set('idempotency-key', key);
    expectStatus(first, 200);
    o.version += 1;
    const retry = await o.post(o.partner, body, `"${o.version - 1}"`).set('idempotency-key', key);
    expectStatus(retry, 200);
    expect(retry.text).toBe(first.text);
    expect(retry.headers.etag).toBe(first.headers.etag);
    const changed = await o.post(o.partner, { ...body, profile: { databases: 5 } }).set('idempotency-key', key);
    expectStatus(changed, 422);
    expect((await stored())[0]?.version).toBe(o.version);
  });

  it('answers 400 with a problem document to a bad payload of every event type, and changes nothing', async () => {
    const before = await stored();
    let checked = 0;
    for (const type of EVENT_TYPES_2) {
      const cases = [...(BAD_PAYLOADS[type] ?? []), { bogusField: 1 }];
      expect(BAD_PAYLOADS[type]).toBeDefined();
      for (const payload of cases) {
        const res = await o.post(o.partner, { type, ...payload });
        if (res.status !== 400) throw new Error(`${type} ${JSON.stringify(payload)} got ${res.status}: ${res.text}`);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.errors.length).toBeGreaterThan(0);
        checked += 1;
      }
    }
    for (const body of [{ type: 'TELEPORT' }, { noType: true }, [], 'x']) {
      const res = await o.post(o.partner, body as Record<string, unknown>);
      expectStatus(res, 400);
      checked += 1;
    }
    const malformed = await request(t.http)
      .post(`/v1/opportunities/${o.id}/events`)
      .set('authorization', `Bearer ${o.partner.key}`)
      .set('if-match', `"${o.version}"`)
      .set('content-type', 'application/json')
      .send('{"type": "ADVANCE"');
    expectStatus(malformed, 400);
    expect(checked).toBeGreaterThan(EVENT_TYPES_2.length * 2);
    expect(await stored()).toEqual(before);
  });

  it('answers 400 to a malformed opportunity id and 404 to an unknown one', async () => {
    const bad = await request(t.http).get('/v1/opportunities/123').set('authorization', `Bearer ${o.partner.key}`);
    expectStatus(bad, 400);
    const unknown = await request(t.http)
      .get('/v1/opportunities/00000000-0000-4000-8000-000000000000')
      .set('authorization', `Bearer ${o.partner.key}`);
    expectStatus(unknown, 404);
  });

  it('triages a complete profile, and lists the missing fields of an incomplete one', async () => {
    const triage = await request(t.http).post('/v1/triage').set('authorization', `Bearer ${o.partner.key}`).send({
      sourcePlatform: 'heroku',
      region: 'us-east-1',
      customerCountry: 'US',
      servers: 1,
      databases: 1,
      applications: 1,
      currentMonthlySpendCents: 15_000,
      projectedMonthlyAwsSpendCents: 20_000,
      migrationServicesCostCents: 300_000,
      greenfield: false,
      awsCompetitor: false,
    });
    expectStatus(triage, 200);
    expect(triage.body).toMatchObject({ program: 'REFERRAL', ladder: null, edpCandidate: false });
    expect(triage.body.reasons.length).toBeGreaterThan(0);
    const incomplete = await request(t.http)
      .post('/v1/triage')
      .set('authorization', `Bearer ${o.partner.key}`)
      .send({ sourcePlatform: 'heroku' });
    expectStatus(incomplete, 400);
    expect(incomplete.body.errors.map((e: { field: string }) => e.field)).toContain('projectedMonthlyAwsSpendCents');
  });
});
