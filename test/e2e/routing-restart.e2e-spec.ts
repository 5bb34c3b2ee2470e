import request from 'supertest';
import { until } from '../support/webhook-receiver';
import { makeOrg, startTestApp, TEST_OPS_KEY, type TestApp, type TestOrg } from '../support/test-app';

const stamp = Date.now();

/**
 * An offer's deadline is read from stored time, never from a timer in
 * memory (design/routing.md): an offer made before the API stops, whose
 * deadline passes while it is down, lapses after the restart by the worker's
 * periodic sweep (a stored job), with no one reading the inquiry, and the
 * next candidate is offered.
 */
describe('an offer lapses across an API restart (whole app, its worker, real PostgreSQL)', () => {
  let app: TestApp | null = null;
  afterAll(async () => {
    await app?.close();
  });
  const ops = (t: TestApp, r: (h: TestApp['http']) => request.Test) =>
    r(t.http).set('authorization', `Bearer ${TEST_OPS_KEY}`);

  it('moves to the next candidate after the restart', async () => {
    // Before: the API without its worker (nothing sweeps); two partners for Germany in eu-central-1.
    const before = await startTestApp();
    const partners: TestOrg[] = [];
    for (const competency of [true, false]) {
      const org = await makeOrg(before.http, 'partner', 'premier');
      await ops(before, (h) => request(h).put(`/v1/orgs/${org.id}/partner-profile`)).send({
        platforms: ['azure'],
        regions: ['eu-central-1'],
        countries: ['DE'],
        migrationCompetency: competency,
        capacity: 5,
        takingWork: true,
      });
      partners.push(org);
    }
    const [first, second] = partners as [TestOrg, TestOrg];
    const inquiry = await ops(before, (h) => request(h).post('/v1/inquiries')).send({
      companyName: `Restart GmbH ${stamp}`,
      contactEmail: `it.${stamp}@restart.example`,
      customerCountry: 'DE',
      sourcePlatform: 'azure',
      region: 'eu-central-1',
      servers: 40,
      databases: 3,
      applications: 8,
      currentMonthlySpendCents: 1_500_000,
      greenfield: false,
    });
    const offered = await ops(before, (h) => request(h).post(`/v1/inquiries/${inquiry.body.id}/offers`)).send({});
    expect([offered.status, offered.body.partnerOrgId]).toEqual([201, first.id]);
    await before.close();

    // While it is down, the deadline passes (4 hours, as the database's clock sees it).
    const url = process.env.MAPFLOW_TEST_DATABASE_URL as string;
    const { Client } = await import('pg');
    const db = new Client({ connectionString: url });
    await db.connect();
    try {
      await db.query(`UPDATE inquiry_offers SET deadline_at = now() - interval '1 minute' WHERE id = $1`, [
        offered.body.id,
      ]);

      // After: the API with its worker; nobody reads or acts on the inquiry, the sweep notices.
      app = await startTestApp({ MAPFLOW_WORKER: 'in-process', MAPFLOW_ROUTING_SWEEP_SECONDS: '1' });
      const offers = async () =>
        (
          await db.query<{ partner: string; status: string }>(
            `SELECT partner_org_id AS partner, status FROM inquiry_offers WHERE inquiry_id = $1 ORDER BY rank`,
            [inquiry.body.id],
          )
        ).rows;
      await until(async () => (await offers()).length === 2, 20_000);
      expect(await offers()).toEqual([
        { partner: first.id, status: 'lapsed' },
        { partner: second.id, status: 'open' },
      ]);
      const chain = (
        await db.query<{ entry: { actor: { role: string }; event: { type: string } } }>(
          `SELECT entry FROM inquiry_entries WHERE inquiry_id = $1 ORDER BY seq`,
          [inquiry.body.id],
        )
      ).rows.map((r) => [r.entry.event.type, r.entry.actor.role]);
      expect(chain).toEqual([
        ['RECEIVE_INQUIRY', 'ops'],
        ['TRIAGE_INQUIRY', 'ops'],
        ['OFFER', 'ops'],
        ['LAPSE_OFFER', 'system'],
        ['OFFER', 'system'],
      ]);
    } finally {
      await db.end();
    }
    const started = app;
    const verdict = await ops(started, (h) => request(h).get(`/v1/inquiries/${inquiry.body.id}/audit/verify`));
    expect(verdict.body).toMatchObject({ valid: true, entries: 5 });
    // The lapsed partner can no longer answer; the next one sees its offer.
    const mine = await request(started.http).get('/v1/offers').set('authorization', `Bearer ${second.key}`);
    expect((mine.body as { items: { inquiryId: string }[] }).items.map((o) => o.inquiryId)).toEqual([inquiry.body.id]);
    const late = await request(started.http)
      .post(`/v1/offers/${offered.body.id}/accept`)
      .set('authorization', `Bearer ${first.key}`);
    expect(late.status).toBe(409);
  }, 60_000);
});
