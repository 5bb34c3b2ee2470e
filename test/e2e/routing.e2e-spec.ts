import request from 'supertest';
import { herokuProfile } from '../support/opportunity-driver';
import { problemType } from '../support/problem-types';
import { makeOrg, TEST_OPS_KEY, type TestOrg, useTestApp } from '../support/test-app';

interface Inquiry {
  id: string;
  state: string;
  track: string | null;
  merged: boolean;
  triage: { program: string; reasons: string[]; estimated: boolean };
  closedReason: string | null;
  opportunityId: string | null;
  customerOrgId: string | null;
  partnerOrgId: string | null;
  slaHours: number;
  slaBreached: boolean;
}
interface Offer {
  id: string;
  partnerOrgId: string;
  status: string;
  rank: number;
  deadlineAt: string;
  summary: { companyName: string; program: string };
}
interface Detail extends Inquiry {
  offers: Offer[];
  candidates: { orgId: string; name: string; score: number; reasons: string[] }[];
  excluded: { orgId: string; name: string; reasons: string[] }[];
}

const stamp = Date.now();
/** The brief's Heroku inquiry: $9K/month on Heroku, US, us-east-1, 30 servers. */
const herokuInquiry = (over: Record<string, unknown> = {}) => ({
  companyName: `Acme Analytics ${stamp}`,
  contactEmail: `cto.${stamp}@acme.example`,
  customerCountry: 'US',
  sourcePlatform: 'heroku',
  region: 'us-east-1',
  servers: 30,
  databases: 2,
  applications: 6,
  currentMonthlySpendCents: 900_000,
  greenfield: false,
  ...over,
});

/**
 * Inquiries and partner routing over HTTP (design/routing.md): triage at
 * once, matching with reasons, offers declined and accepted, the accepted
 * inquiry's customer, link and opportunity, the inquiry's own hash chain,
 * tenancy, bad input.
 */
describe('inquiries and partner routing (whole app, real PostgreSQL)', () => {
  const t = useTestApp();
  const made: TestOrg[] = [];
  const ops = (r: request.Test) => r.set('authorization', `Bearer ${TEST_OPS_KEY}`);
  const as = (org: TestOrg) => (r: request.Test) => r.set('authorization', `Bearer ${org.key}`);

  async function partnerWith(
    tier: 'select' | 'advanced' | 'premier',
    profile: Record<string, unknown>,
  ): Promise<TestOrg> {
    const org = await makeOrg(t.http, 'partner', tier);
    made.push(org);
    const res = await ops(request(t.http).put(`/v1/orgs/${org.id}/partner-profile`)).send({
      platforms: ['heroku'],
      regions: ['us-east-1'],
      countries: ['US'],
      migrationCompetency: false,
      capacity: 10,
      takingWork: true,
      ...profile,
    });
    expect(res.status).toBe(200);
    return org;
  }

  // The suites share a database: the partners of a test take no work after it, so later tests match only theirs.
  afterEach(async () => {
    for (const org of made.splice(0))
      await ops(request(t.http).put(`/v1/orgs/${org.id}/partner-profile`)).send({
        platforms: ['heroku'],
        regions: ['us-east-1'],
        countries: ['US'],
        migrationCompetency: false,
        capacity: 1,
        takingWork: false,
      });
  });

  it('routes the Heroku inquiry: MAP, the Heroku-experienced Premier first, declined, accepted by the next; the opportunity follows', async () => {
    const experienced = await partnerWith('premier', {
      migrationCompetency: true,
      regions: ['us-east-1', 'us-west-2'],
    });
    // Its Heroku experience, from mapflow's own data: two Heroku opportunities of its own.
    for (const n of [1, 2]) {
      const customer = await makeOrg(t.http, 'customer');
      await ops(request(t.http).post(`/v1/orgs/${customer.id}/partners`)).send({ partnerOrgId: experienced.id });
      const created = await as(experienced)(request(t.http).post('/v1/opportunities')).send({
        title: `Earlier Heroku move ${n}`,
        customerOrgId: customer.id,
        profile: herokuProfile(),
      });
      expect(created.status).toBe(201);
    }
    const second = await partnerWith('advanced', {});
    const select = await partnerWith('select', {});
    const gcp = await partnerWith('premier', { platforms: ['gcp'] });

    const posted = await ops(request(t.http).post('/v1/inquiries')).send(herokuInquiry());
    expect(posted.status).toBe(201);
    const inquiry = posted.body as Inquiry;
    expect([inquiry.state, inquiry.track, inquiry.triage.program, inquiry.triage.estimated]).toEqual([
      'triaged',
      'map',
      'MAP',
      true,
    ]);
    expect(inquiry.triage.reasons[0]).toContain('stands in as the estimate');

    const read = async (): Promise<Detail> =>
      (await ops(request(t.http).get(`/v1/inquiries/${inquiry.id}`))).body as Detail;
    const detail = await read();
    expect(detail.candidates.map((c) => c.orgId)).toEqual([experienced.id, second.id]);
    expect(detail.candidates[0]?.reasons).toContain('migrates from Heroku, with 2 Heroku opportunities in mapflow');
    expect(detail.candidates[0]?.reasons).toContain('holds the AWS Migration Competency');
    expect(detail.excluded.find((e) => e.orgId === select.id)?.reasons).toEqual([
      'is a Select partner, and MAP needs an Advanced or Premier one',
    ]);
    expect(detail.excluded.find((e) => e.orgId === gcp.id)?.reasons).toEqual(['does not migrate from Heroku']);

    // Offered to the top candidate; it sees the offer, without the contact, and declines.
    const offered = await ops(request(t.http).post(`/v1/inquiries/${inquiry.id}/offers`)).send({});
    expect(offered.status).toBe(201);
    const first = offered.body as Offer;
    expect([first.partnerOrgId, first.rank, first.status]).toEqual([experienced.id, 1, 'open']);
    expect(Date.parse(first.deadlineAt) - Date.now()).toBeGreaterThan(3.9 * 3_600_000);
    // Its people are told by e-mail (a notice in the offer's transaction, sent when SMTP is configured).
    const notices = (await t.dataSource.query(`SELECT kind, subject FROM mail_notices WHERE key = $1 AND org_id = $2`, [
      `offer:${first.id}`,
      experienced.id,
    ])) as { kind: string; subject: string }[];
    expect(notices).toEqual([
      { kind: 'offer', subject: `An inquiry is offered to you: Acme Analytics ${stamp}, from Heroku` },
    ]);
    const mine = await as(experienced)(request(t.http).get('/v1/offers'));
    expect((mine.body as { items: Offer[] }).items.map((o) => o.id)).toEqual([first.id]);
    expect(JSON.stringify(mine.body)).not.toContain('cto.');
    // Another partner cannot answer it.
    for (const action of ['accept', 'decline'])
      expect(
        (await as(second)(request(t.http).post(`/v1/offers/${first.id}/${action}`)).send({ reason: 'x' })).status,
      ).toBe(404);
    const declined = await as(experienced)(request(t.http).post(`/v1/offers/${first.id}/decline`)).send({
      reason: 'No Heroku Postgres capacity this quarter',
    });
    expect([declined.status, (declined.body as Offer).status]).toEqual([200, 'declined']);

    // The next candidate has it now, on its own.
    const after = await read();
    expect(after.state).toBe('offered');
    expect(after.offers.map((o) => [o.partnerOrgId, o.status])).toEqual([
      [experienced.id, 'declined'],
      [second.id, 'open'],
    ]);
    const again = await as(experienced)(request(t.http).post(`/v1/offers/${first.id}/accept`));
    expect([again.status, again.body.type]).toEqual([409, problemType('state-conflict')]);

    const secondOffer = after.offers[1] as Offer;
    const accepted = await as(second)(request(t.http).post(`/v1/offers/${secondOffer.id}/accept`));
    expect(accepted.status).toBe(200);
    const { customerOrgId, opportunityId, customerCreated, contact } = accepted.body as {
      customerOrgId: string;
      opportunityId: string;
      customerCreated: boolean;
      contact: { companyName: string; contactEmail: string };
    };
    expect(customerCreated).toBe(true);
    // Now, and only now, the partner has whom to write to.
    expect(contact).toEqual({ companyName: `Acme Analytics ${stamp}`, contactEmail: `cto.${stamp}@acme.example` });

    // The opportunity exists with the inquiry's profile; its first audit entry names the inquiry.
    const opp = await as(second)(request(t.http).get(`/v1/opportunities/${opportunityId}`));
    expect(opp.status).toBe(200);
    expect(opp.body.profile).toMatchObject({
      sourcePlatform: 'heroku',
      region: 'us-east-1',
      customerCountry: 'US',
      servers: 30,
      currentMonthlySpendCents: 900_000,
      projectedMonthlyAwsSpendCents: 900_000,
    });
    const audit = await as(second)(request(t.http).get(`/v1/opportunities/${opportunityId}/audit`));
    expect(audit.body.items[0].entry.inquiryId).toBe(inquiry.id);
    expect((await as(second)(request(t.http).get(`/v1/opportunities/${opportunityId}/audit/verify`))).body.valid).toBe(
      true,
    );

    // The accepting partner may open more for that customer; the one that declined may not.
    const more = await as(second)(request(t.http).post('/v1/opportunities')).send({
      title: 'Phase two',
      customerOrgId,
    });
    expect(more.status).toBe(201);
    const refused = await as(experienced)(request(t.http).post('/v1/opportunities')).send({
      title: 'Mine',
      customerOrgId,
    });
    expect([refused.status, refused.body.type]).toEqual([404, problemType('not-found')]);

    // The inquiry, accepted, and its chain of decisions verified.
    const done = await read();
    expect([done.state, done.partnerOrgId, done.customerOrgId, done.opportunityId]).toEqual([
      'accepted',
      second.id,
      customerOrgId,
      opportunityId,
    ]);
    expect(done.slaBreached).toBe(false);
    const chain = await ops(request(t.http).get(`/v1/inquiries/${inquiry.id}/audit`));
    expect(
      (chain.body as { items: { entry: { event: { type: string } } }[] }).items.map((l) => l.entry.event.type),
    ).toEqual(['RECEIVE_INQUIRY', 'TRIAGE_INQUIRY', 'OFFER', 'DECLINE_OFFER', 'OFFER', 'ACCEPT_OFFER']);
    const verdict = await ops(request(t.http).get(`/v1/inquiries/${inquiry.id}/audit/verify`));
    expect(verdict.body).toMatchObject({ valid: true, entries: 6, firstBadSeq: null });

    // The report counts it.
    const report = await ops(request(t.http).get('/v1/inquiries/report'));
    expect(report.body.matched).toBeGreaterThanOrEqual(1);
    const row = (report.body.partners as { partnerOrgId: string; acceptance: number }[]).find(
      (p) => p.partnerOrgId === second.id,
    );
    expect(row?.acceptance).toBe(1);
    expect(
      (report.body.partners as { partnerOrgId: string; declined: number }[]).find(
        (p) => p.partnerOrgId === experienced.id,
      )?.declined,
    ).toBe(1);
  });

  it('routes a $400/month inquiry as a referral (any tier) and closes a competitor as ineligible, with reasons', async () => {
    const select = await partnerWith('select', {});
    const small = await ops(request(t.http).post('/v1/inquiries')).send(
      herokuInquiry({ companyName: `Tiny ${stamp}`, currentMonthlySpendCents: 40_000 }),
    );
    expect([small.status, small.body.state, small.body.track, small.body.triage.program]).toEqual([
      201,
      'referred',
      'referral',
      'REFERRAL',
    ]);
    expect(small.body.triage.reasons.join(' ')).toContain('below the $1,000/month MAP floor');
    const detail = (await ops(request(t.http).get(`/v1/inquiries/${small.body.id}`))).body as Detail;
    expect(detail.candidates.map((c) => c.orgId)).toEqual([select.id]);

    const rival = await ops(request(t.http).post('/v1/inquiries')).send(
      herokuInquiry({ companyName: `Rival Cloud ${stamp}`, awsCompetitor: true }),
    );
    expect([rival.body.state, rival.body.track]).toEqual(['closed', null]);
    expect(rival.body.closedReason).toBe(
      'ineligible: AWS does not fund migrations for competing cloud or infrastructure providers.',
    );
    const offer = await ops(request(t.http).post(`/v1/inquiries/${rival.body.id}/offers`)).send({});
    expect([offer.status, offer.body.type]).toEqual([409, problemType('state-conflict')]);
  });

  it('merges a repeat (same company and e-mail within 30 days) into the first', async () => {
    const body = herokuInquiry({ companyName: `Repeat Co ${stamp}`, contactEmail: `ops.${stamp}@repeat.example` });
    const first = await ops(request(t.http).post('/v1/inquiries')).send(body);
    const second = await ops(request(t.http).post('/v1/inquiries')).send({
      ...body,
      companyName: `repeat co. ${stamp}`,
      contactEmail: body.contactEmail.toUpperCase(),
      servers: 31,
    });
    expect([second.status, second.body.id, second.body.merged]).toEqual([201, first.body.id, true]);
    const chain = await ops(request(t.http).get(`/v1/inquiries/${first.body.id}/audit`));
    expect(chain.body.items.map((l: { entry: { event: { type: string } } }) => l.entry.event.type)).toEqual([
      'RECEIVE_INQUIRY',
      'TRIAGE_INQUIRY',
      'MERGE_REPEAT',
    ]);
    const list = await ops(request(t.http).get('/v1/inquiries'));
    expect((list.body.items as Inquiry[]).filter((i) => i.id === first.body.id)).toHaveLength(1);
  });

  it('keeps routing to ops and offers to their partner; bad input is a 400 that stores nothing', async () => {
    const partner = await partnerWith('premier', {});
    const customer = await makeOrg(t.http, 'customer');
    for (const who of [partner, customer]) {
      expect((await as(who)(request(t.http).get('/v1/inquiries'))).status).toBe(403);
      expect((await as(who)(request(t.http).post('/v1/inquiries')).send(herokuInquiry())).status).toBe(403);
      expect((await as(who)(request(t.http).put(`/v1/orgs/${partner.id}/partner-profile`)).send({})).status).toBe(403);
    }
    expect((await as(customer)(request(t.http).get('/v1/offers'))).status).toBe(403);
    expect((await request(t.http).post('/v1/inquiries').send(herokuInquiry())).status).toBe(401);
    const before = (await ops(request(t.http).get('/v1/inquiries'))).body.items.length as number;
    for (const bad of [
      herokuInquiry({ contactEmail: 'not-an-address' }),
      herokuInquiry({ sourcePlatform: 'mainframe' }),
      herokuInquiry({ region: 'mars-north-1x' }),
      herokuInquiry({ customerCountry: 'USA' }),
      herokuInquiry({ servers: -1 }),
      herokuInquiry({ currentMonthlySpendCents: 1.5 }),
      herokuInquiry({ companyName: '   ' }),
      herokuInquiry({ extra: true }),
      { companyName: 'Only a name' },
    ]) {
      const res = await ops(request(t.http).post('/v1/inquiries')).send(bad);
      expect([res.status, res.body.type]).toEqual([400, problemType('validation')]);
    }
    expect((await ops(request(t.http).get('/v1/inquiries'))).body.items.length).toBe(before);
    // Profiles: bad ones refused, unknown orgs and non-partners 404.
    const badProfile = await ops(request(t.http).put(`/v1/orgs/${partner.id}/partner-profile`)).send({
      platforms: ['mainframe'],
      regions: ['us-east-1'],
      countries: ['US'],
      migrationCompetency: true,
      capacity: 0,
      takingWork: true,
    });
    expect(badProfile.status).toBe(400);
    const notPartner = await ops(request(t.http).put(`/v1/orgs/${customer.id}/partner-profile`)).send({
      platforms: ['heroku'],
      regions: ['us-east-1'],
      countries: ['US'],
      migrationCompetency: true,
      capacity: 3,
      takingWork: true,
    });
    expect(notPartner.status).toBe(404);
    // Offering to a partner that cannot take it says why.
    const inquiry = await ops(request(t.http).post('/v1/inquiries')).send(
      herokuInquiry({ companyName: `Picky ${stamp}`, region: 'eu-west-1', customerCountry: 'IE' }),
    );
    const named = await ops(request(t.http).post(`/v1/inquiries/${inquiry.body.id}/offers`)).send({
      partnerOrgId: partner.id,
    });
    expect([named.status, named.body.detail]).toEqual([
      409,
      `${partner.name} cannot take this inquiry: it does not deliver in eu-west-1; it does not serve customers in IE.`,
    ]);
  });

  it("never links the accepting partner to another partner's customer of the same name, and re-checks capacity at acceptance", async () => {
    // Partner A's customer, named as an anonymous inquiry will name itself.
    const a = await partnerWith('premier', { platforms: ['oracle'], regions: ['sa-east-1'], countries: ['BR'] });
    const theirs = await makeOrg(t.http, 'customer');
    await ops(request(t.http).post(`/v1/orgs/${theirs.id}/partners`)).send({ partnerOrgId: a.id });
    const b = await partnerWith('advanced', {
      platforms: ['oracle'],
      regions: ['sa-east-1'],
      countries: ['BR'],
      capacity: 1,
    });
    const inquiry = await ops(request(t.http).post('/v1/inquiries')).send(
      herokuInquiry({ companyName: theirs.name, sourcePlatform: 'oracle', region: 'sa-east-1', customerCountry: 'BR' }),
    );
    const offer = await ops(request(t.http).post(`/v1/inquiries/${inquiry.body.id}/offers`)).send({
      partnerOrgId: b.id,
    });
    expect(offer.status).toBe(201);
    const accepted = await as(b)(request(t.http).post(`/v1/offers/${offer.body.id}/accept`));
    expect(accepted.status).toBe(200);
    expect(accepted.body.customerOrgId).not.toBe(theirs.id);
    const intoTheirs = await as(b)(request(t.http).post('/v1/opportunities')).send({
      title: 'Not mine',
      customerOrgId: theirs.id,
    });
    expect(intoTheirs.status).toBe(404);

    // B is now at its capacity of 1: an offer made before, answered after, is refused at acceptance.
    const second = await ops(request(t.http).post('/v1/inquiries')).send(
      herokuInquiry({
        companyName: `Second ${stamp}`,
        sourcePlatform: 'oracle',
        region: 'sa-east-1',
        customerCountry: 'BR',
      }),
    );
    await ops(request(t.http).put(`/v1/orgs/${b.id}/partner-profile`)).send({
      platforms: ['oracle'],
      regions: ['sa-east-1'],
      countries: ['BR'],
      migrationCompetency: false,
      capacity: 2,
      takingWork: true,
    });
    const late = await ops(request(t.http).post(`/v1/inquiries/${second.body.id}/offers`)).send({ partnerOrgId: b.id });
    expect(late.status).toBe(201);
    await ops(request(t.http).put(`/v1/orgs/${b.id}/partner-profile`)).send({
      platforms: ['oracle'],
      regions: ['sa-east-1'],
      countries: ['BR'],
      migrationCompetency: false,
      capacity: 1,
      takingWork: true,
    });
    const full = await as(b)(request(t.http).post(`/v1/offers/${late.body.id}/accept`));
    expect([full.status, full.body.detail]).toEqual([
      409,
      'You are at capacity (1 of 1 opportunities open): decline the offer, or ask ops to raise it.',
    ]);
  });
});
