import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { expectStatus, herokuProfile, OpportunityDriver } from '../support/opportunity-driver';
import { makeOrg, TEST_OPS_KEY, TestOrg, useTestApp } from '../support/test-app';
import { problemType } from '../support/problem-types';

const PROBLEM = /^application\/problem\+json/;

/**
 * Partner-customer links (DESIGN.md sections 1 and 5): ops links a partner to
 * a customer, lists and removes links; a partner opens opportunities only for
 * the customers it is linked to, and keeps those it opened when the link goes.
 */
describe('partner-customer links (whole app, real PostgreSQL)', () => {
  const t = useTestApp();

  const as = (key: string) => ({
    post: (path: string, body: object) => request(t.http).post(path).set('authorization', `Bearer ${key}`).send(body),
    get: (path: string) => request(t.http).get(path).set('authorization', `Bearer ${key}`),
    delete: (path: string) => request(t.http).delete(path).set('authorization', `Bearer ${key}`),
  });
  const ops = as(TEST_OPS_KEY);
  const open = (partner: TestOrg, customer: TestOrg, title = 'After the link') =>
    as(partner.key).post('/v1/opportunities', { customerOrgId: customer.id, title });
  const linkRows = async (): Promise<number> =>
    Number((await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM partner_customer_links'))[0]?.n);

  it('links (201), answers an existing link with 200, lists, and removes; the partner keeps what it opened', async () => {
    const partner = await makeOrg(t.http, 'partner', 'advanced');
    const customer = await makeOrg(t.http, 'customer');

    // Unlinked: the partner cannot open an opportunity for the customer.
    expectStatus(await open(partner, customer), 404);

    const created = await ops.post(`/v1/orgs/${customer.id}/partners`, { partnerOrgId: partner.id });
    expectStatus(created, 201);
    expect(created.body).toEqual({
      customerOrgId: customer.id,
      partnerOrgId: partner.id,
      partnerName: expect.stringMatching(/^partner /),
      partnerTier: 'advanced',
      origin: 'ops',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const again = await ops.post(`/v1/orgs/${customer.id}/partners`, { partnerOrgId: partner.id });
    expectStatus(again, 200);
    expect(again.body).toEqual(created.body);

    const other = await makeOrg(t.http, 'partner');
    expectStatus(await ops.post(`/v1/orgs/${customer.id}/partners`, { partnerOrgId: other.id }), 201);
    const list = await ops.get(`/v1/orgs/${customer.id}/partners`);
    expectStatus(list, 200);
    expect(list.body.items.map((l: { partnerOrgId: string }) => l.partnerOrgId)).toEqual([partner.id, other.id]);
    expect(list.body.items[0]).toEqual(created.body);

    // Linked: it opens one, and works on it.
    const opened = await open(partner, customer, 'Opened while linked');
    expectStatus(opened, 201);
    const id: string = opened.body.id;

    const removed = await ops.delete(`/v1/orgs/${customer.id}/partners/${partner.id}`);
    expectStatus(removed, 204);
    expect(removed.text).toBe('');
    const after = await ops.get(`/v1/orgs/${customer.id}/partners`);
    expect(after.body.items.map((l: { partnerOrgId: string }) => l.partnerOrgId)).toEqual([other.id]);
    // Removing it again: there is no such link.
    expectStatus(await ops.delete(`/v1/orgs/${customer.id}/partners/${partner.id}`), 404);

    // No new opportunity for the customer, but the one it opened stays, readable and its own.
    const refused = await open(partner, customer, 'Opened after the unlink');
    expectStatus(refused, 404);
    const read = await as(partner.key).get(`/v1/opportunities/${id}`);
    expectStatus(read, 200);
    expect(read.body).toMatchObject({ id, title: 'Opened while linked', partnerOrgId: partner.id });
    const changed = await as(partner.key)
      .post(`/v1/opportunities/${id}/events`, { type: 'UPDATE_PROFILE', profile: { servers: 3 } })
      .set('if-match', '"1"');
    expectStatus(changed, 200);
    const mine = await as(partner.key).get(`/v1/opportunities?customerOrgId=${customer.id}`);
    expect(mine.body.items.map((i: { id: string }) => i.id)).toEqual([id]);
  });

  it('makes one link of two concurrent requests for it: one 201, one 200', async () => {
    const partner = await makeOrg(t.http, 'partner');
    const customer = await makeOrg(t.http, 'customer');
    const answers = await Promise.all(
      [1, 2].map(() => ops.post(`/v1/orgs/${customer.id}/partners`, { partnerOrgId: partner.id })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
    expect(answers[0]?.body).toEqual(answers[1]?.body);
  });

  it('refuses a customer id that is not a customer org (404) and a partnerOrgId that is not a partner org (400), changing nothing', async () => {
    const partner = await makeOrg(t.http, 'partner');
    const customer = await makeOrg(t.http, 'customer');
    const anOps = await makeOrg(t.http, 'ops');
    const before = await linkRows();

    for (const [id, detail] of [
      [partner.id, /is a partner org: only a customer org has partners/],
      [anOps.id, /is an ops org: only a customer org has partners/],
      [randomUUID(), /^No org /],
    ] as const) {
      for (const res of [
        await ops.post(`/v1/orgs/${id}/partners`, { partnerOrgId: partner.id }),
        await ops.get(`/v1/orgs/${id}/partners`),
        await ops.delete(`/v1/orgs/${id}/partners/${partner.id}`),
      ]) {
        expectStatus(res, 404);
        expect(res.headers['content-type']).toMatch(PROBLEM);
        expect(res.body).toMatchObject({
          type: problemType('not-found'),
          detail: expect.stringMatching(detail),
        });
      }
    }
    for (const partnerOrgId of [customer.id, anOps.id, randomUUID()]) {
      const res = await ops.post(`/v1/orgs/${customer.id}/partners`, { partnerOrgId });
      expectStatus(res, 400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.errors).toEqual([{ field: 'partnerOrgId', message: 'must name an existing partner org' }]);
    }
    for (const body of [
      {},
      { partnerOrgId: 'not-a-uuid' },
      { partnerOrgId: partner.id, extra: 1 },
      { partnerOrgId: 7 },
    ]) {
      const res = await ops.post(`/v1/orgs/${customer.id}/partners`, body);
      expectStatus(res, 400);
      expect(res.body.type).toBe(problemType('validation'));
    }
    expectStatus(await ops.post('/v1/orgs/not-a-uuid/partners', { partnerOrgId: partner.id }), 400);
    expectStatus(await ops.get('/v1/orgs/not-a-uuid/partners'), 400);
    expectStatus(await ops.delete(`/v1/orgs/${customer.id}/partners/not-a-uuid`), 400);
    // A partner that was never linked: nothing to remove.
    expectStatus(await ops.delete(`/v1/orgs/${customer.id}/partners/${partner.id}`), 404);
    expect(await linkRows()).toBe(before);
  });

  it('answers 403 to partners and customers on every link route, whatever the ids, and changes nothing', async () => {
    const partner = await makeOrg(t.http, 'partner');
    const customer = await makeOrg(t.http, 'customer');
    expectStatus(await ops.post(`/v1/orgs/${customer.id}/partners`, { partnerOrgId: partner.id }), 201);
    const before = await linkRows();
    for (const caller of [partner, customer]) {
      for (const customerId of [customer.id, randomUUID()]) {
        for (const res of [
          await as(caller.key).post(`/v1/orgs/${customerId}/partners`, { partnerOrgId: partner.id }),
          await as(caller.key).get(`/v1/orgs/${customerId}/partners`),
          await as(caller.key).delete(`/v1/orgs/${customerId}/partners/${partner.id}`),
        ]) {
          expectStatus(res, 403);
          expect(res.body).toMatchObject({ type: problemType('forbidden') });
        }
      }
    }
    expectStatus(await request(t.http).get(`/v1/orgs/${customer.id}/partners`), 401);
    expect(await linkRows()).toBe(before);
    // The link is still there: the partner opens an opportunity for the customer.
    expectStatus(await open(partner, customer), 201);
  });

  it('lets the test driver open opportunities: it links first, once', async () => {
    const partner = await makeOrg(t.http, 'partner');
    const customer = await makeOrg(t.http, 'customer');
    await new OpportunityDriver(t.http, partner, customer).create('first', herokuProfile());
    await new OpportunityDriver(t.http, partner, customer).create('second');
    const list = await ops.get(`/v1/orgs/${customer.id}/partners`);
    expect(list.body.items).toHaveLength(1);
  });

  it('documents the three routes in OpenAPI, with examples', async () => {
    const doc = await request(t.http).get('/docs-json').expect(200);
    const path = doc.body.paths['/v1/orgs/{customerId}/partners'];
    expect(Object.keys(path.post.responses).sort()).toEqual(
      ['200', '201', '400', '401', '403', '404', '422', '429', '503'].sort(),
    );
    expect(Object.keys(path.get.responses).sort()).toEqual(['200', '400', '401', '403', '404', '429', '503'].sort());
    const del = doc.body.paths['/v1/orgs/{customerId}/partners/{partnerOrgId}'].delete;
    expect(Object.keys(del.responses).sort()).toEqual(['204', '400', '401', '403', '404', '429', '503'].sort());
    const schemas = doc.body.components.schemas;
    expect(schemas.LinkPartnerDto.properties.partnerOrgId.example).toEqual(expect.any(String));
    for (const field of ['customerOrgId', 'partnerOrgId', 'partnerName', 'partnerTier', 'origin', 'createdAt']) {
      expect({ field, example: schemas.PartnerLinkDto.properties[field]?.example }).toEqual({
        field,
        example: expect.anything(),
      });
    }
  });
});
