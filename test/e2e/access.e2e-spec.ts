import request from 'supertest';
import { expectStatus, herokuProfile, OpportunityDriver } from '../support/opportunity-driver';
import { makeOrg, TEST_OPS_KEY, TestOrg, useTestApp } from '../support/test-app';
import { problemType } from '../support/problem-types';

/**
 * Role x route x tenant: two partner orgs, two customer orgs and ops, against
 * every opportunity route. Invisible is 404 (no existence leak), visible but
 * forbidden is 403, and lists hold only what the caller may see.
 */
describe('tenancy and roles (whole app, real PostgreSQL)', () => {
  const t = useTestApp();
  let partnerA: TestOrg, partnerB: TestOrg, customerA: TestOrg, customerB: TestOrg;
  let ops: TestOrg;
  let x: OpportunityDriver;
  let y: OpportunityDriver;

  beforeAll(async () => {
    [partnerA, partnerB, customerA, customerB] = await Promise.all([
      makeOrg(t.http, 'partner'),
      makeOrg(t.http, 'partner'),
      makeOrg(t.http, 'customer'),
      makeOrg(t.http, 'customer'),
    ]);
    ops = { id: 'ops', kind: 'ops', name: 'ops', key: TEST_OPS_KEY, userId: 'ops' };
    x = await new OpportunityDriver(t.http, partnerA, customerA).create('X of partner A for customer A');
    y = await new OpportunityDriver(t.http, partnerB, customerB).create('Y of partner B for customer B');
  });

  const get = (as: TestOrg, path: string) => request(t.http).get(path).set('authorization', `Bearer ${as.key}`);

  it('answers reads and findings: 200 to the owner partner, its customer and ops; 404 to the other tenants', async () => {
    const cases: [TestOrg, number][] = [
      [partnerA, 200],
      [customerA, 200],
      [ops, 200],
      [partnerB, 404],
      [customerB, 404],
    ];
    for (const [caller, status] of cases) {
      const read = await get(caller, `/v1/opportunities/${x.id}`);
      expectStatus(read, status);
      const findings = await get(caller, `/v1/opportunities/${x.id}/findings`);
      expectStatus(findings, status);
      if (status === 404) {
        expect(read.body).toMatchObject({ type: problemType('not-found') });
        expect(JSON.stringify(read.body)).not.toContain('partner A');
      } else {
        expect(read.body.title).toBe('X of partner A for customer A');
      }
    }
  });

  it('answers events: 404 to other tenants, 403 to a visible caller whose role may not send it', async () => {
    const partnerEvent = { type: 'UPDATE_PROFILE', profile: { servers: 3 } };
    const customerEvent = { type: 'APPROVE_BUSINESS_CASE' };
    const expectations: [TestOrg, Record<string, unknown>, number][] = [
      [partnerB, partnerEvent, 404],
      [customerB, customerEvent, 404],
      [ops, partnerEvent, 403],
      [ops, customerEvent, 403],
      [customerA, partnerEvent, 403],
      [partnerA, customerEvent, 403],
    ];
    for (const [caller, body, status] of expectations) {
      const res = await x.post(caller, body);
      expectStatus(res, status);
    }
    // A visible customer with its own event: accepted by the role table, refused by the state (409, names it).
    const early = await x.post(customerA, customerEvent);
    expectStatus(early, 409);
    expect(early.body).toMatchObject({ state: 'intake' });
    // Nothing above changed X.
    const after = await get(partnerA, `/v1/opportunities/${x.id}`);
    expect(after.body.version).toBe(1);
    // The owner partner may.
    await x.p(partnerEvent);
    expect(x.version).toBe(2);
  });

  it('keeps lists to what each caller may see, whatever the filters say', async () => {
    const ids = async (as: TestOrg, query = ''): Promise<string[]> => {
      const res = await get(as, `/v1/opportunities?limit=200${query}`);
      expectStatus(res, 200);
      expect(res.body).toHaveProperty('nextCursor');
      return res.body.items.map((i: { id: string }) => i.id);
    };
    expect(await ids(partnerA)).toEqual([x.id]);
    expect(await ids(partnerB)).toEqual([y.id]);
    expect(await ids(customerA)).toEqual([x.id]);
    expect(await ids(customerB)).toEqual([y.id]);
    expect(await ids(partnerB, `&partnerOrgId=${partnerA.id}`)).toEqual([]);
    expect(await ids(customerB, `&customerOrgId=${customerA.id}`)).toEqual([]);
    expect(await ids(partnerA, `&customerOrgId=${customerB.id}`)).toEqual([]);
    const all = await ids(ops);
    expect(all).toEqual(expect.arrayContaining([x.id, y.id]));
    expect(await ids(ops, `&partnerOrgId=${partnerB.id}`)).toEqual([y.id]);
  });

  it('filters on phase, state and overdue, and pages with a cursor', async () => {
    const partner = await makeOrg(t.http, 'partner');
    const customer = await makeOrg(t.http, 'customer');
    const made: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const o = await new OpportunityDriver(t.http, partner, customer).create(`page ${i}`, herokuProfile());
      made.push(o.id);
      if (i < 2) await o.p({ type: 'ADVANCE' });
    }
    const page = async (query: string) => {
      const res = await get(partner, `/v1/opportunities?${query}`);
      expectStatus(res, 200);
      return res.body as {
        items: { id: string; phase: string; state: string; overdue: boolean }[];
        nextCursor: string | null;
      };
    };
    const assess = (await page('phase=assess')).items;
    expect(assess.map((i) => i.id).sort()).toEqual(made.slice(0, 2).sort());
    expect(assess.map((i) => [i.phase, i.state])).toEqual([
      ['assess', 'assess'],
      ['assess', 'assess'],
    ]);
    const intake = (await page('state=intake')).items;
    expect(intake.map((i) => i.id).sort()).toEqual(made.slice(2).sort());
    expect(intake.map((i) => i.state)).toEqual(['intake', 'intake', 'intake']);
    // The two filters name one value: both must hold, so two different values match nothing.
    expect((await page('phase=assess&state=intake')).items).toEqual([]);
    expect((await page('phase=intake&state=assess')).items).toEqual([]);
    expect((await page('phase=intake&state=intake')).items).toHaveLength(3);
    expect((await page('overdue=true')).items).toEqual([]);
    expect((await page('overdue=false')).items).toHaveLength(5);
    const first = await page('limit=2');
    const second = await page(`limit=2&cursor=${first.nextCursor}`);
    const third = await page(`limit=2&cursor=${second.nextCursor}`);
    expect(third.nextCursor).toBeNull();
    expect([...first.items, ...second.items, ...third.items].map((i) => i.id)).toEqual([...made].reverse());
    const bad = await get(partner, '/v1/opportunities?limit=500&phase=nowhere');
    expectStatus(bad, 400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['limit', 'phase']);
  });

  it('lets only partners create, and only for a linked customer: unknown, non-customer and unlinked are one 404', async () => {
    for (const caller of [customerA, ops]) {
      const res = await request(t.http)
        .post('/v1/opportunities')
        .set('authorization', `Bearer ${caller.key}`)
        .send({ customerOrgId: customerA.id, title: 'nope' });
      expectStatus(res, 403);
    }
    const before = await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM opportunities');
    const unknown = '0b8f1f1e-6c52-4d7e-a4de-6f6f1f8d5a21';
    // customerB exists and is a customer, but partner A is not linked to it; partner B is a partner org.
    const answers = [];
    for (const customerOrgId of [unknown, partnerB.id, customerB.id]) {
      const res = await request(t.http)
        .post('/v1/opportunities')
        .set('authorization', `Bearer ${partnerA.key}`)
        .send({ customerOrgId, title: 'nope' });
      expectStatus(res, 404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const { instance, requestId, ...body } = res.body as Record<string, unknown>;
      expect({ instance, requestId }).toEqual({ instance: '/v1/opportunities', requestId: expect.any(String) });
      answers.push({ ...body, detail: String(body.detail).replace(customerOrgId, '<id>') });
    }
    expect(answers[0]).toEqual({
      type: problemType('not-found'),
      title: expect.any(String),
      status: 404,
      detail: 'No customer org <id>',
    });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    // The customer of the unlinked case is never named, nor is anything else of it.
    expect(JSON.stringify(answers)).not.toMatch(/customer \d/);
    const after = await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM opportunities');
    expect(after).toEqual(before);
  });

  it('asks who may send an event before If-Match: a caller who may not is 403 whatever version it read', async () => {
    // Last in this suite: it opens one more opportunity, which the list tests above would count.
    const select = await makeOrg(t.http, 'partner', 'select');
    const z = await new OpportunityDriver(t.http, select, customerA).create('Z of a select partner');
    const fileFunding = {
      type: 'FILE_FUND_REQUEST',
      tranche: 'assess_partner_funding',
      amountCents: 100_000,
      projectStartDate: '2098-12-01',
      projectEndDate: '2099-01-01',
      workloads: ['web'],
    };
    const cases: [TestOrg, string, Record<string, unknown>][] = [
      [select, z.id, fileFunding], // a select-tier partner has no funding-submission rights
      [ops, x.id, { type: 'UPDATE_PROFILE', profile: { servers: 3 } }], // ops sends no lifecycle event
    ];
    for (const [caller, id, body] of cases) {
      const res = await request(t.http)
        .post(`/v1/opportunities/${id}/events`)
        .set('authorization', `Bearer ${caller.key}`)
        .set('if-match', '"999"')
        .send(body);
      expectStatus(res, 403);
      expect(res.body).toMatchObject({ type: problemType('forbidden') });
    }
    // The same stale version from a caller who may send it is 412.
    const stale = await request(t.http)
      .post(`/v1/opportunities/${x.id}/events`)
      .set('authorization', `Bearer ${partnerA.key}`)
      .set('if-match', '"999"')
      .send({ type: 'UPDATE_PROFILE', profile: { servers: 3 } });
    expectStatus(stale, 412);
  });

  it('keeps that order for a version the app has seen pass: 404 to another tenant, 403 to who may not, else 412, and nothing changes', async () => {
    // The app has just committed an event on x, so it knows x is past version 1, and refuses version 1 without
    // reading the row: the answers must be the ones a read would give.
    const read = await get(partnerA, `/v1/opportunities/${x.id}`);
    const sent = await request(t.http)
      .post(`/v1/opportunities/${x.id}/events`)
      .set('authorization', `Bearer ${partnerA.key}`)
      .set('if-match', String(read.headers.etag))
      .send({ type: 'UPDATE_PROFILE', profile: { servers: 4 } });
    expectStatus(sent, 200);
    const cases: [TestOrg, Record<string, unknown>, number, Parameters<typeof problemType>[0]][] = [
      [partnerB, { type: 'UPDATE_PROFILE', profile: { servers: 5 } }, 404, 'not-found'],
      [customerB, { type: 'APPROVE_BUSINESS_CASE' }, 404, 'not-found'],
      [ops, { type: 'UPDATE_PROFILE', profile: { servers: 5 } }, 403, 'forbidden'],
      [customerA, { type: 'UPDATE_PROFILE', profile: { servers: 5 } }, 403, 'forbidden'],
      [partnerA, { type: 'UPDATE_PROFILE', profile: { servers: 5 } }, 412, 'precondition-failed'],
    ];
    for (const [caller, body, status, type] of cases) {
      const res = await request(t.http)
        .post(`/v1/opportunities/${x.id}/events`)
        .set('authorization', `Bearer ${caller.key}`)
        .set('if-match', '"1"')
        .send(body);
      expectStatus(res, status);
      expect(res.body).toMatchObject({ type: problemType(type) });
    }
    const after = await get(partnerA, `/v1/opportunities/${x.id}`);
    expect(after.headers.etag).toBe(sent.headers.etag);
    expect(after.body).toEqual(sent.body);
  });
});
