import request, { Response, Test } from 'supertest';
import { createOrgWithKey } from '@mapflow/client';
import { DATE_RANGE, TAG_SCHEMES } from '@mapflow/workflow';
import { ASSESS_ITEMS, mapRecord } from '@mapflow/workflow/scenarios/heroku';
import { dateIn, expectStatus, herokuProfile, OpportunityDriver, SHA } from '../support/opportunity-driver';
import { TEST_OPS_KEY, TestOrg, useTestApp } from '../support/test-app';
import { supertestTransport } from '../support/transport';
import { problemType } from '../support/problem-types';

/**
 * Input that answered 500, 409 or even 201 (issue 11): each must be a 400
 * problem document naming the field, with nothing written. One table row per
 * input; the database is compared before and after each.
 */
const NUL = '\u0000';
/** Halves of a UTF-16 surrogate pair, each alone: not Unicode text. */
const LONE_HIGH = '\uD83D';
const LONE_LOW = '\uDE00';
const NIL_UUID = '00000000-0000-4000-8000-000000000000';
/** base64url of a cursor's text, as the API writes its cursors. */
const cursorOf = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');
/** The MPE ID of the mobilize opportunity's agreement (map-migrated: 5 digits). */
const MPE = '12345';

/** Every org this file makes is named with the marker, so that the rows it counts are its own. */
const MARKER = `in400-${process.pid}-${Date.now()}`;

interface Row {
  /** What is sent, and where. */
  name: string;
  send: () => Test;
  /** The field the problem document must name. */
  field: string;
}

describe('malformed input: 400 naming the field, nothing changed (whole app, real PostgreSQL)', () => {
  const t = useTestApp();
  let partner: TestOrg;
  let customer: TestOrg;
  /** In intake, in assess (before its MAP agreement), in mobilize (agreement map-migrated, MPE ID 12345). */
  let intake: OpportunityDriver;
  let assess: OpportunityDriver;
  let mobilize: OpportunityDriver;

  const org = async (kind: 'partner' | 'customer', n: number): Promise<TestOrg> => ({
    ...(await createOrgWithKey(
      supertestTransport(t.http),
      TEST_OPS_KEY,
      kind === 'partner' ? { kind, name: `${MARKER} ${kind}`, tier: 'premier' } : { kind, name: `${MARKER} ${kind}` },
      `${MARKER} user ${n}`,
    )),
    kind,
  });

  /** Row counts and versions of this file's orgs, users, keys, opportunities and audit entries. */
  const stored = async (): Promise<unknown> =>
    (
      await t.dataSource.query<unknown[]>(
        `SELECT
           (SELECT count(*)::int FROM orgs WHERE name LIKE $1 OR btrim(name) = '') AS orgs,
           (SELECT count(*)::int FROM users u JOIN orgs g ON g.id = u.org_id WHERE g.name LIKE $1) AS users,
           (SELECT count(*)::int FROM api_keys k JOIN users u ON u.id = k.user_id JOIN orgs g ON g.id = u.org_id
             WHERE g.name LIKE $1) AS api_keys,
           (SELECT json_agg(json_build_object('id', o.id, 'version', o.version, 'head', o.chain_head) ORDER BY o.id)
              FROM opportunities o WHERE o.partner_org_id = $2) AS opportunities,
           (SELECT count(*)::int FROM audit_entries a JOIN opportunities o ON o.id = a.opportunity_id
             WHERE o.partner_org_id = $2) AS audit_entries`,
        [`${MARKER}%`, partner.id],
      )
    )[0];

  const as = (key: string, req: Test): Test => req.set('authorization', `Bearer ${key}`);
  const createOpportunity = (body: Record<string, unknown>): Test =>
    as(partner.key, request(t.http).post('/v1/opportunities')).send({ customerOrgId: customer.id, ...body });
  /** Named `${MARKER} <name>`, or exactly `name` when `exact` (blank names cannot carry the marker). */
  const createOrg = (name: string, exact = false): Test =>
    as(TEST_OPS_KEY, request(t.http).post('/v1/orgs')).send({
      kind: 'customer',
      name: exact ? name : `${MARKER} ${name}`,
    });
  const mintKey = (userName: string): Test =>
    as(TEST_OPS_KEY, request(t.http).post(`/v1/orgs/${customer.id}/api-keys`)).send({ userName });
  const list = (query: string): Test => as(partner.key, request(t.http).get(`/v1/opportunities?${query}`));
  const auditPage = (query: string): Test =>
    as(partner.key, request(t.http).get(`/v1/opportunities/${intake.id}/audit?${query}`));
  const fileRequest = (over: Record<string, unknown>): Test =>
    assess.post(partner, {
      type: 'FILE_FUND_REQUEST',
      tranche: 'assess_partner_funding',
      amountCents: 1_000_000,
      projectStartDate: dateIn(15),
      projectEndDate: dateIn(120),
      workloads: ['monolith'],
      ...over,
    });
  const agreement = (over: Record<string, unknown>): Test =>
    assess.post(partner, {
      type: 'RECORD_MAP_AGREEMENT',
      tagScheme: 'map-migrated',
      mpeId: MPE,
      signedOn: dateIn(0),
      ...over,
    });
  const planWave = (over: Record<string, unknown>, application: Record<string, unknown> = {}): Test =>
    mobilize.post(partner, {
      type: 'PLAN_WAVE',
      waveId: 'pilot-1',
      kind: 'pilot',
      name: 'Status page',
      applications: [{ name: 'status-page', disposition: 'rehost', expectedTagValue: `mig${MPE}`, ...application }],
      rollbackPlan: 'DNS back to Heroku',
      ...over,
    });

  beforeAll(async () => {
    partner = await org('partner', 1);
    customer = await org('customer', 2);
    intake = await new OpportunityDriver(t.http, partner, customer).create('In intake', herokuProfile());
    assess = await new OpportunityDriver(t.http, partner, customer).create('In assess', herokuProfile());
    await assess.advanceTo('assess');
    mobilize = await new OpportunityDriver(t.http, partner, customer).create('In mobilize', herokuProfile());
    await mobilize.advanceTo('assess');
    await mobilize.checklist(ASSESS_ITEMS);
    await mobilize.p({ type: 'ATTEST_MAP_RECORD', record: mapRecord() });
    await mobilize.c({ type: 'APPROVE_BUSINESS_CASE' });
    await mobilize.p({ type: 'RECORD_MAP_AGREEMENT', tagScheme: 'map-migrated', mpeId: MPE, signedOn: dateIn(0) });
    await mobilize.advanceTo('mobilize');
  });

  /** Sends the row's request; requires a 400 validation problem naming the field, and no change to any row. */
  async function expectRefused(row: Row): Promise<Response> {
    const before = await stored();
    const res = await row.send();
    expectStatus(res, 400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, type: problemType('validation') });
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(row.field);
    expect(await stored()).toEqual(before);
    return res;
  }

  const unstorable: Row[] = [
    { name: 'NUL in title', send: () => createOpportunity({ title: `a${NUL}b` }), field: 'title' },
    {
      name: 'NUL in profile.sourcePlatform',
      send: () => createOpportunity({ title: 'x', profile: { sourcePlatform: `heroku${NUL}` } }),
      field: 'profile.sourcePlatform',
    },
    {
      name: 'NUL in evidence.uri',
      send: () =>
        mobilize.post(partner, {
          type: 'COMPLETE_CHECKLIST_ITEM',
          item: 'landing_zone',
          evidence: { uri: `s3://bucket/a${NUL}b.pdf`, sha256: SHA },
        }),
      field: 'evidence.uri',
    },
    {
      name: 'NUL in workload',
      send: () => intake.post(partner, { type: 'RECORD_ACTIVATE_WORKLOAD', workload: `genai${NUL}`, amountCents: 100 }),
      field: 'workload',
    },
    {
      name: 'NUL in workloads[]',
      send: () => fileRequest({ workloads: ['ok', `mono${NUL}lith`] }),
      field: 'workloads.1',
    },
    { name: 'NUL in an org name', send: () => createOrg(`acme${NUL}`), field: 'name' },
    { name: 'NUL in a userName', send: () => mintKey(`jane${NUL}doe`), field: 'userName' },
    { name: 'NUL in the state filter', send: () => list('state=migrate%00'), field: 'state' },
    { name: 'lone surrogate in title', send: () => createOpportunity({ title: `a${LONE_HIGH}b` }), field: 'title' },
    {
      name: 'lone surrogate in profile.sourcePlatform (an event, stored as jsonb)',
      send: () => intake.post(partner, { type: 'UPDATE_PROFILE', profile: { sourcePlatform: `gcp${LONE_LOW}` } }),
      field: 'profile.sourcePlatform',
    },
    {
      name: 'lone surrogate in workload',
      send: () => intake.post(partner, { type: 'RECORD_ACTIVATE_WORKLOAD', workload: LONE_HIGH, amountCents: 100 }),
      field: 'workload',
    },
    { name: 'lone surrogate in an org name', send: () => createOrg(`acme ${LONE_LOW}`), field: 'name' },
    { name: 'lone surrogate in a userName', send: () => mintKey(`jane ${LONE_HIGH}`), field: 'userName' },
  ];

  const blank: Row[] = [
    { name: 'title of spaces', send: () => createOpportunity({ title: '   ' }), field: 'title' },
    {
      name: 'profile.sourcePlatform of spaces',
      send: () => createOpportunity({ title: 'x', profile: { sourcePlatform: ' ' } }),
      field: 'profile.sourcePlatform',
    },
    { name: 'org name of spaces', send: () => createOrg('   ', true), field: 'name' },
    { name: 'userName of whitespace', send: () => mintKey(' \t '), field: 'userName' },
    {
      name: 'WITHDRAW reason of spaces',
      send: () => intake.post(partner, { type: 'WITHDRAW', reason: '  ' }),
      field: 'reason',
    },
    {
      name: 'REOPEN_CHECKLIST_ITEM reason of spaces',
      send: () => mobilize.post(partner, { type: 'REOPEN_CHECKLIST_ITEM', item: 'tco_model', reason: ' ' }),
      field: 'reason',
    },
    { name: 'rollbackPlan of spaces', send: () => planWave({ rollbackPlan: '   ' }), field: 'rollbackPlan' },
    { name: 'wave name of spaces', send: () => planWave({ name: ' ' }), field: 'name' },
    { name: 'application name of spaces', send: () => planWave({}, { name: '  ' }), field: 'applications.0.name' },
    {
      name: 'MAP record wavePlan of spaces',
      send: () => mobilize.post(partner, { type: 'ATTEST_MAP_RECORD', record: { ...mapRecord(), wavePlan: '  ' } }),
      field: 'record.wavePlan',
    },
    { name: 'workloads[] of spaces', send: () => fileRequest({ workloads: ['  '] }), field: 'workloads' },
    {
      name: 'workload of spaces',
      send: () => intake.post(partner, { type: 'RECORD_ACTIVATE_WORKLOAD', workload: ' ', amountCents: 100 }),
      field: 'workload',
    },
  ];

  // Each text passed the old check (Date.parse and a uuid pattern) and made PostgreSQL throw: a 500.
  const badCursors: Row[] = [
    `2024-01-01 (x)|${NIL_UUID}`,
    `1|${NIL_UUID}`,
    `0000-01-01T00:00:00.000Z|${NIL_UUID}`,
    `+275760-09-13T00:00:00.000Z|${NIL_UUID}`,
    `-000001-01-01T00:00:00.000Z|${NIL_UUID}`,
    `2024-02-30T00:00:00.000Z|${NIL_UUID}`,
    `(x) 2024|${NIL_UUID}`,
  ].map((text) => ({
    name: `cursor ${JSON.stringify(text)}`,
    send: () => list(`cursor=${cursorOf(text)}`),
    field: 'cursor',
  }));

  const outOfRange: Row[] = [
    { name: 'afterSeq=2147483648 (past int4)', send: () => auditPage('afterSeq=2147483648'), field: 'afterSeq' },
    {
      name: 'afterSeq=99999999999999999999',
      send: () => auditPage('afterSeq=99999999999999999999'),
      field: 'afterSeq',
    },
  ];

  const badDates: Row[] = [
    {
      name: 'projectEndDate February 30',
      send: () => fileRequest({ projectEndDate: '2027-02-30' }),
      field: 'projectEndDate',
    },
    {
      name: 'projectEndDate April 31',
      send: () => fileRequest({ projectEndDate: '2027-04-31' }),
      field: 'projectEndDate',
    },
    {
      name: 'projectEndDate 9999-12-02',
      send: () => fileRequest({ projectEndDate: '9999-12-02' }),
      field: 'projectEndDate',
    },
    { name: 'signedOn February 30', send: () => agreement({ signedOn: '2026-02-30' }), field: 'signedOn' },
    { name: 'signedOn after the range', send: () => agreement({ signedOn: '2100-01-01' }), field: 'signedOn' },
    { name: 'signedOn before the range', send: () => agreement({ signedOn: '1999-12-31' }), field: 'signedOn' },
  ];

  const badTags: Row[] = [
    {
      name: 'expectedTagValue mig1234 (an MPE ID has 5 digits or 10 characters)',
      send: () => planWave({}, { expectedTagValue: 'mig1234' }),
      field: 'applications.0.expectedTagValue',
    },
    {
      name: 'expectedTagValue comm_ec2_ABC (malformed under map-migrated)',
      send: () =>
        planWave({
          applications: [
            { name: 'api', disposition: 'rehost', expectedTagValue: `mig${MPE}` },
            { name: 'db', disposition: 'replatform', expectedTagValue: 'comm_ec2_abc' },
          ],
        }),
      field: 'applications.1.expectedTagValue',
    },
  ];

  it.each(unstorable)('NUL and lone surrogates: $name', async (row) => {
    await expectRefused(row);
  });

  it.each(blank)('text that is only whitespace: $name', async (row) => {
    await expectRefused(row);
  });

  it.each(badCursors)('cursors PostgreSQL would reject: $name', async (row) => {
    await expectRefused(row);
  });

  it.each(outOfRange)('integers past their column: $name', async (row) => {
    await expectRefused(row);
  });

  it.each(badDates)('dates: $name', async (row) => {
    const res = await expectRefused(row);
    const message = res.body.errors.find((e: { field: string }) => e.field === row.field).message;
    expect(message).toContain(`from ${DATE_RANGE.from} to ${DATE_RANGE.to}`);
  });

  it.each(badTags)('tag values: $name', async (row) => {
    await expectRefused(row);
  });

  it('keeps 409 for a well-formed tag value that does not carry the ID, and plans a wave that does', async () => {
    const before = await stored();
    const other = await planWave({}, { expectedTagValue: 'mig99999' });
    expectStatus(other, 409);
    expect(other.body.detail).toContain('does not carry');
    expect(await stored()).toEqual(before);
    expectStatus(await planWave({}), 200);
    mobilize.version += 1;
  });

  it('describes a malformed mpeId in the words of the named tag scheme', async () => {
    const res = await expectRefused({ name: 'mpeId 1234', send: () => agreement({ mpeId: '1234' }), field: 'mpeId' });
    const message: string = res.body.errors.find((e: { field: string }) => e.field === 'mpeId').message;
    expect(message).toContain(TAG_SCHEMES.schemes['map-migrated'].idDescription);
    expect(message).not.toContain('aws-apn-id');
  });
});

describe('If-Match by RFC 9110 section 13.1.1 (whole app, real PostgreSQL)', () => {
  const t = useTestApp();
  let o: OpportunityDriver;

  beforeAll(async () => {
    const transport = supertestTransport(t.http);
    const partner = await createOrgWithKey(
      transport,
      TEST_OPS_KEY,
      { kind: 'partner', name: 'p', tier: 'premier' },
      'p',
    );
    const customer = await createOrgWithKey(transport, TEST_OPS_KEY, { kind: 'customer', name: 'c' }, 'c');
    o = await new OpportunityDriver(t.http, { ...partner, kind: 'partner' }, { ...customer, kind: 'customer' }).create(
      'If-Match',
      herokuProfile(),
    );
  });

  const stored = async () =>
    t.dataSource.query<{ version: number; entries: number }[]>(
      `SELECT version, (SELECT count(*)::int FROM audit_entries a WHERE a.opportunity_id = o.id) AS entries
         FROM opportunities o WHERE id = $1`,
      [o.id],
    );

  /** `v` stands for the current version. */
  const cases: { name: string; header: (v: number) => string | null; status: number }[] = [
    {
      name: 'a weak tag of the current version never matches (strong comparison)',
      header: (v) => `W/"${v}"`,
      status: 412,
    },
    { name: 'a list of weak tags', header: (v) => `W/"${v - 1}", W/"${v}"`, status: 412 },
    { name: 'an unquoted version is not an entity tag', header: (v) => `${v}`, status: 412 },
    { name: 'a stale strong tag', header: (v) => `"${v - 1}"`, status: 412 },
    { name: 'no header', header: () => null, status: 428 },
    { name: '* matches the current representation', header: () => '*', status: 200 },
    { name: 'a list holding the current version', header: (v) => `"${v + 5}", "${v}"`, status: 200 },
    { name: 'a list mixing weak and strong tags', header: (v) => `W/"${v}" ,"${v}"`, status: 200 },
  ];

  it.each(cases)('$name: $status', async ({ header, status }) => {
    const before = await stored();
    const res = await o.post(o.partner, { type: 'UPDATE_PROFILE', profile: { servers: o.version } }, header(o.version));
    expectStatus(res, status);
    if (status === 200) {
      expect(res.headers.etag).toBe(`"${o.version + 1}"`);
      o.version += 1;
      expect(await stored()).toEqual([{ version: o.version, entries: o.version }]);
    } else {
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await stored()).toEqual(before);
    }
  });
});
