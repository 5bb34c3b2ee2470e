import request from 'supertest';
import { makeOrg, TEST_OPS_KEY, type TestOrg, useTestApp } from '../support/test-app';
import { signedInOps, signedInPerson, type WebPerson } from '../support/web';

const stamp = Date.now();

/**
 * Routing in the web app, over HTTP as a browser without JavaScript meets it:
 * ops sees inquiries with their SLA clock and the report, an inquiry's
 * candidates with their reasons, and offers it; the partner sees its offer,
 * declines without a reason (refused, the form again) or accepts and lands
 * on the new opportunity. Others are kept out.
 */
describe('routing pages (web app, real PostgreSQL)', () => {
  const t = useTestApp();
  let ops: WebPerson;
  let partner: TestOrg;
  let lead: WebPerson;
  let inquiryId = '';

  beforeAll(async () => {
    ops = await signedInOps(t.http, `ops.routing.${stamp}@ops.example`);
    // A VMware partner for Australia: no other suite's partner competes for this inquiry.
    partner = await makeOrg(t.http, 'partner', 'advanced');
    await request(t.http)
      .put(`/v1/orgs/${partner.id}/partner-profile`)
      .set('authorization', `Bearer ${TEST_OPS_KEY}`)
      .send({
        platforms: ['vmware'],
        regions: ['ap-southeast-2'],
        countries: ['AU'],
        migrationCompetency: true,
        capacity: 4,
        takingWork: true,
      })
      .expect(200);
    lead = await signedInPerson(t.http, partner.id, `lead.${stamp}@vm.example`);
    const posted = await request(t.http)
      .post('/v1/inquiries')
      .set('authorization', `Bearer ${TEST_OPS_KEY}`)
      .send({
        companyName: `Outback Freight ${stamp}`,
        contactEmail: `it.${stamp}@outback.example`,
        customerCountry: 'AU',
        sourcePlatform: 'vmware',
        region: 'ap-southeast-2',
        servers: 120,
        databases: 6,
        applications: 14,
        currentMonthlySpendCents: 2_500_000,
        projectedMonthlyAwsSpendCents: 2_000_000,
        greenfield: false,
      })
      .expect(201);
    inquiryId = (posted.body as { id: string }).id;
  });

  it('shows ops the inquiries and the report, the candidates with reasons, and offers from the page', async () => {
    const list = await ops.get('/app/inquiries');
    expect(list.status).toBe(200);
    expect(list.text).toContain(`Outback Freight ${stamp}`);
    expect(list.text).toContain('Routing, so far');
    const page = await ops.get(`/app/inquiries/${inquiryId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('migrates from VMware (no VMware opportunity in mapflow yet)');
    expect(page.text).toContain('verified, 2 entries');
    const offered = await ops.post(
      `/app/inquiries/${inquiryId}/offers`,
      { partnerOrgId: partner.id },
      `/app/inquiries/${inquiryId}`,
    );
    expect([offered.status, offered.headers.location]).toEqual([303, `/app/inquiries/${inquiryId}`]);
    const after = await ops.get(`/app/inquiries/${inquiryId}`);
    expect(after.text).toMatch(/<td>open<\/td>/);
    // Offered again while open: the page again, saying why.
    const twice = await ops.post(`/app/inquiries/${inquiryId}/offers`, {}, `/app/inquiries/${inquiryId}`);
    expect(twice.status).toBe(409);
    expect(twice.text).toContain('An offer of this inquiry is open');
  });

  it("lets the partner decline only with a reason, and accept: it lands on the new opportunity's page", async () => {
    const offers = await lead.get('/app/offers');
    expect(offers.status).toBe(200);
    expect(offers.text).toContain(`Outback Freight ${stamp}: MAP, from vmware`);
    expect(offers.text).not.toContain(`it.${stamp}@outback.example`);
    const offerId = /action="\/app\/offers\/([0-9a-f-]{36})\/accept"/.exec(offers.text)?.[1] ?? '';
    const noReason = await lead.post(`/app/offers/${offerId}/decline`, { reason: ' ' }, '/app/offers');
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('Say why you decline');
    const tooLong = await lead.post(`/app/offers/${offerId}/decline`, { reason: 'x'.repeat(2_001) }, '/app/offers');
    expect(tooLong.status).toBe(400);
    expect(tooLong.text).toContain('role="alert"');
    // Another partner's person cannot answer it.
    const other = await signedInPerson(t.http, (await makeOrg(t.http, 'partner')).id, `other.${stamp}@x.example`);
    expect((await other.post(`/app/offers/${offerId}/accept`, {}, '/app/offers')).status).toBe(404);
    const accepted = await lead.post(`/app/offers/${offerId}/accept`, {}, '/app/offers');
    expect(accepted.status).toBe(303);
    const location = String(accepted.headers.location);
    expect(location).toMatch(/^\/app\/opportunities\/[0-9a-f-]{36}$/);
    const opportunity = await lead.get(location);
    expect(opportunity.status).toBe(200);
    expect(opportunity.text).toContain(`Outback Freight ${stamp}: from VMware to AWS`);
    expect((await lead.get('/app/offers')).text).toContain('No open offer');
  });

  it('keeps the ops pages from partners and customers, the offers page from customers, and both from the signed-out', async () => {
    const customer = await signedInPerson(t.http, (await makeOrg(t.http, 'customer')).id, `cto.${stamp}@c.example`);
    for (const path of ['/app/inquiries', `/app/inquiries/${inquiryId}`])
      for (const person of [lead, customer]) expect([path, (await person.get(path)).status]).toEqual([path, 403]);
    expect((await customer.get('/app/offers')).status).toBe(403);
    expect((await ops.get('/app/offers')).status).toBe(403);
    for (const path of ['/app/inquiries', '/app/offers'])
      expect((await request(t.http).get(path).redirects(0)).headers.location).toBe('/app/sign-in');
  });
});
