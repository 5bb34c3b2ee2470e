import request from 'supertest';
import { HerokuCase } from '@mapflow/client';
import { herokuProfile, OpportunityDriver } from '../support/opportunity-driver';
import { problemType } from '../support/problem-types';
import { makeOrg, TEST_OPS_KEY, type TestOrg, useTestApp } from '../support/test-app';
import { supertestTransport } from '../support/transport';
import { until, WebhookReceiver } from '../support/webhook-receiver';

interface Created {
  id: string;
  secret: string;
}

/**
 * Outbound events over HTTP (design/events-out.md): subscriptions, signed
 * deliveries of every committed event, in order, exactly once after
 * deduplication, only to orgs that may see the opportunity; a receiver that
 * is down for a while; the delivery log and redelivery.
 */
describe('webhooks (whole app, its worker, real PostgreSQL)', () => {
  const t = useTestApp({ MAPFLOW_WEBHOOKS_ALLOW_HTTP_LOOPBACK: 'true', MAPFLOW_WORKER: 'in-process' });
  const receiver = new WebhookReceiver();
  let url = '';
  const subscriptions: { id: string; key: string }[] = [];

  beforeAll(async () => {
    url = await receiver.start();
  });
  afterAll(async () => {
    // The suites share a database: no subscription of this one outlives it.
    for (const s of subscriptions)
      await request(t.http).delete(`/v1/webhooks/${s.id}`).set('authorization', `Bearer ${s.key}`);
    await receiver.stop();
  });

  async function subscribe(key: string, events: string[] = ['*'], to = url): Promise<Created> {
    const res = await request(t.http)
      .post('/v1/webhooks')
      .set('authorization', `Bearer ${key}`)
      .send({ url: to, events });
    expect(res.status).toBe(201);
    const created = res.body as Created;
    subscriptions.push({ id: created.id, key });
    receiver.trust(created.secret);
    return created;
  }

  it('delivers every event of the Heroku case, signed, once each after deduplication, in seq order, to those who may see it', async () => {
    const heroku = new HerokuCase({
      transport: supertestTransport(t.http),
      opsKey: TEST_OPS_KEY,
      suffix: ' (webhooks)',
    });
    const steps = heroku.steps;
    const opening = steps.findIndex((s) => s.title.startsWith('Intake: the partner opens'));
    for (const step of steps.slice(0, opening)) await step.run();
    const partnerSub = await subscribe(heroku.partner.key, ['*'], `${url}?to=partner`);
    const customerSub = await subscribe(heroku.customer.key, ['*'], `${url}?to=customer`);
    const otherPartner = await makeOrg(t.http, 'partner');
    const otherSub = await subscribe(otherPartner.key, ['*'], `${url}?to=other`);
    for (const step of steps.slice(opening)) await step.run();
    const o = heroku.opportunity;
    const version = o.version;
    expect(version).toBeGreaterThan(40);

    const log = async (id: string, key: string) =>
      (
        (await request(t.http).get(`/v1/webhooks/${id}/deliveries`).set('authorization', `Bearer ${key}`)).body as {
          items: { opportunityId: string; seq: number; status: string }[];
        }
      ).items.filter((d) => d.opportunityId === o.id);
    const rising = Array.from({ length: version }, (_, i) => i + 1);
    for (const [sub, key, to] of [
      [partnerSub, heroku.partner.key, '/hooks?to=partner'],
      [customerSub, heroku.customer.key, '/hooks?to=customer'],
    ] as const) {
      await until(() => receiver.of(o.id, to).length >= version, 60_000);
      // Each subscription's stream, deduplicated by webhook-id: every seq once, in seq order, each signature good.
      const stream = receiver.of(o.id, to);
      expect(stream.map((r) => r.body.seq)).toEqual(rising);
      expect(stream.every((r) => r.verified)).toBe(true);
      expect(stream[0]?.body).toMatchObject({ type: 'opportunity.created', seq: 1, id: `${o.id}:1` });
      expect(stream[version - 1]?.body).toMatchObject({ type: 'opportunity.event', state: 'closed' });
      const delivered = (await log(sub.id, key)).filter((d) => d.status === 'delivered');
      expect(delivered).toHaveLength(version);
    }
    // Delivered at least once, and here exactly once: no webhook-id came twice.
    const all = receiver.received.filter((r) => r.body.opportunityId === o.id);
    expect(all).toHaveLength(version * 2);
    // Another partner's subscription heard nothing of it.
    expect(await log(otherSub.id, otherPartner.key)).toEqual([]);
    expect(receiver.received.filter((r) => r.to === '/hooks?to=other')).toEqual([]);
  }, 120_000);

  it('retries while the receiver is down, shows the attempts in the log, delivers when it is back; redelivers on asking', async () => {
    const partner = await makeOrg(t.http, 'partner');
    const sub = await subscribe(partner.key, ['opportunity.created', 'UPDATE_PROFILE']);
    receiver.down = true;
    const o = await new OpportunityDriver(t.http, partner, await makeOrg(t.http, 'customer')).create(
      'Receiver down',
      herokuProfile(),
    );
    await o.p({ type: 'UPDATE_PROFILE', profile: { servers: 31 } });
    await o.p({ type: 'ADVANCE' }); // not asked for: never delivered
    const log = async () =>
      (
        (await request(t.http).get(`/v1/webhooks/${sub.id}/deliveries`).set('authorization', `Bearer ${partner.key}`))
          .body as { items: { id: string; seq: number; status: string; attempts: number; lastStatus: number | null }[] }
      ).items;
    await until(async () => (await log()).some((d) => d.seq === 1 && d.attempts > 0), 10_000);
    let items = await log();
    expect(items.find((d) => d.seq === 1)).toMatchObject({ status: 'pending', lastStatus: 503 });
    expect(receiver.of(o.id)).toEqual([]);
    receiver.down = false;
    await until(() => receiver.of(o.id).length === 2, 40_000);
    expect(receiver.of(o.id).map((r) => [r.body.seq, r.body.eventType])).toEqual([
      [1, 'CREATE_OPPORTUNITY'],
      [2, 'UPDATE_PROFILE'],
    ]);
    items = await log();
    expect(items.map((d) => [d.seq, d.status])).toEqual([
      [2, 'delivered'],
      [1, 'delivered'],
    ]);
    expect(items.find((d) => d.seq === 1)?.attempts).toBeGreaterThan(1);

    const before = receiver.received.length;
    const again = await request(t.http)
      .post(`/v1/webhooks/${sub.id}/deliveries/${o.id}:2/redeliver`)
      .set('authorization', `Bearer ${partner.key}`);
    expect(again.status).toBe(202);
    await until(() => receiver.received.length > before, 10_000);
    expect(receiver.received.slice(before).map((r) => [r.id, r.verified])).toEqual([[`${o.id}:2`, true]]);
    // A delivery it never made cannot be sent again.
    const unknown = await request(t.http)
      .post(`/v1/webhooks/${sub.id}/deliveries/${o.id}:99/redeliver`)
      .set('authorization', `Bearer ${partner.key}`);
    expect([unknown.status, unknown.body.type]).toEqual([404, problemType('not-found')]);
  }, 90_000);

  it('keeps retries to their schedule while events keep coming: each new event does not make another attempt', async () => {
    const partner = await makeOrg(t.http, 'partner');
    const sub = await subscribe(partner.key, ['opportunity.created', 'UPDATE_PROFILE']);
    // Down, and slow to say so: the first attempt is still under way while the events below are committed.
    receiver.down = true;
    receiver.downAnswerMs = 400;
    try {
      const o = await new OpportunityDriver(t.http, partner, await makeOrg(t.http, 'customer')).create('Burst');
      // Six events, each asking the worker for a pass over the stream, well within the 5 s before the next attempt.
      for (let e = 0; e < 6; e += 1) await o.p({ type: 'UPDATE_PROFILE', profile: { servers: 40 + e } });
      const log = async () =>
        (
          (await request(t.http).get(`/v1/webhooks/${sub.id}/deliveries`).set('authorization', `Bearer ${partner.key}`))
            .body as { items: { seq: number; status: string; attempts: number }[] }
        ).items;
      await until(async () => (await log()).some((d) => d.seq === 1 && d.attempts > 0), 10_000);
      await new Promise((r) => setTimeout(r, 1_500));
      const items = await log();
      expect(items).toHaveLength(7);
      expect(items.find((d) => d.seq === 1)).toMatchObject({ status: 'pending', attempts: 1 });
      expect(items.filter((d) => d.seq > 1).every((d) => d.attempts === 0)).toBe(true); // in seq order: none yet
      receiver.down = false;
      await until(() => receiver.of(o.id).length === 7, 30_000);
      expect(receiver.of(o.id).map((r) => r.body.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    } finally {
      receiver.down = false;
      receiver.downAnswerMs = 0;
    }
  }, 60_000);

  it('rotates the secret: shown once, deliveries signed with the new one and, for 24 hours, the old one too', async () => {
    const partner = await makeOrg(t.http, 'partner');
    const sub = await subscribe(partner.key, ['opportunity.created', 'UPDATE_PROFILE'], `${url}?to=rotated`);
    const o = await new OpportunityDriver(t.http, partner, await makeOrg(t.http, 'customer')).create('Rotation');
    await until(() => receiver.of(o.id, '/hooks?to=rotated').length === 1, 15_000);
    const rotated = await request(t.http)
      .post(`/v1/webhooks/${sub.id}/rotate-secret`)
      .set('authorization', `Bearer ${partner.key}`);
    expect(rotated.status).toBe(200);
    const body = rotated.body as { id: string; url: string; events: string[]; secret: string };
    expect(body).toMatchObject({
      id: sub.id,
      url: `${url}?to=rotated`,
      events: ['opportunity.created', 'UPDATE_PROFILE'],
    });
    expect(body.secret).toMatch(/^whsec_/);
    expect(body.secret).not.toBe(sub.secret);
    receiver.trust(body.secret);
    await o.p({ type: 'UPDATE_PROFILE', profile: { servers: 40 } });
    await until(() => receiver.of(o.id, '/hooks?to=rotated').length === 2, 15_000);
    const [first, second] = receiver.of(o.id, '/hooks?to=rotated');
    expect([first?.signedWith(sub.secret), first?.signedWith(body.secret)]).toEqual([true, false]);
    expect([second?.signedWith(sub.secret), second?.signedWith(body.secret)]).toEqual([true, true]);
    // The secret is not shown again.
    const listed = await request(t.http).get('/v1/webhooks').set('authorization', `Bearer ${partner.key}`);
    expect(JSON.stringify(listed.body)).not.toContain(body.secret);
  });

  it('disables a subscription whose deliveries have failed for 3 days, and sends it nothing more', async () => {
    const partner = await makeOrg(t.http, 'partner');
    const sub = await subscribe(partner.key, ['*'], `${url}?to=failing`);
    // Failing since just over 3 days, as the database's clock sees it; the receiver still down.
    await t.dataSource.query(
      `UPDATE webhook_subscriptions SET failing_since = now() - interval '3 days 1 minute' WHERE id = $1`,
      [sub.id],
    );
    receiver.down = true;
    const customer = await makeOrg(t.http, 'customer');
    const o = await new OpportunityDriver(t.http, partner, customer).create('Failing for days');
    const read = async () =>
      (
        (await request(t.http).get('/v1/webhooks').set('authorization', `Bearer ${partner.key}`)).body as {
          items: { id: string; disabledAt: string | null; failingSince: string | null }[];
        }
      ).items.find((s) => s.id === sub.id);
    await until(async () => (await read())?.disabledAt != null, 15_000);
    expect((await read())?.disabledAt).not.toBeNull();
    // Its org is told: a notice for its people (sent by e-mail when SMTP is configured; see mail.e2e-spec).
    const notices = (await t.dataSource.query(`SELECT kind, subject, body FROM mail_notices WHERE org_id = $1`, [
      partner.id,
    ])) as { kind: string; subject: string; body: string }[];
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: 'webhook_disabled', subject: 'A webhook subscription was disabled' });
    expect(notices[0]?.body).toContain(`${url}?to=failing`);
    receiver.down = false;
    await o.p({ type: 'UPDATE_PROFILE', profile: { servers: 12 } });
    // No job was enqueued by the commit (the outbox enqueues in the committing statement, or not at all) ...
    const jobs = (await t.dataSource.query(`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE key = $1`, [
      `dispatch:${o.id}`,
    ])) as { n: number }[];
    expect(jobs[0]?.n).toBe(0);
    // ... and none had made a delivery of it.
    const log = await request(t.http)
      .get(`/v1/webhooks/${sub.id}/deliveries`)
      .set('authorization', `Bearer ${partner.key}`);
    // The one attempt that failed is in the log; the event after the disabling has no delivery.
    expect((log.body as { items: { seq: number }[] }).items.map((d) => d.seq)).toEqual([1]);
    expect(receiver.received.filter((r) => r.to === '/hooks?to=failing')).toEqual([]);
  });

  it('keeps subscriptions to their org: another org’s is a 404; bad input is a 400 that makes nothing', async () => {
    const [mine, theirs]: TestOrg[] = [await makeOrg(t.http, 'customer'), await makeOrg(t.http, 'customer')];
    const sub = await subscribe(mine.key, ['ADVANCE']);
    for (const [method, path] of [
      ['delete', `/v1/webhooks/${sub.id}`],
      ['get', `/v1/webhooks/${sub.id}/deliveries`],
      ['post', `/v1/webhooks/${sub.id}/rotate-secret`],
    ] as const) {
      const res = await request(t.http)[method](path).set('authorization', `Bearer ${theirs.key}`);
      expect([path, res.status]).toEqual([path, 404]);
    }
    const listed = await request(t.http).get('/v1/webhooks').set('authorization', `Bearer ${theirs.key}`);
    expect(listed.body).toEqual({ items: [] });
    for (const body of [
      { url: 'ftp://crm.example.com/hooks', events: ['*'] },
      { url: 'http://crm.example.com/hooks', events: ['*'] },
      { url: 'https://10.0.0.1/hooks', events: ['*'] },
      { url: 'https://169.254.169.254/latest/meta-data', events: ['*'] },
      { url: 'https://user:pw@crm.example.com/hooks', events: ['*'] },
      { url, events: ['NO_SUCH_EVENT'] },
      { url, events: [] },
      { url, events: ['*'], extra: true },
    ]) {
      const res = await request(t.http).post('/v1/webhooks').set('authorization', `Bearer ${mine.key}`).send(body);
      expect([body.url, res.status, res.body.type]).toEqual([body.url, 400, problemType('validation')]);
    }
    const own = await request(t.http).get('/v1/webhooks').set('authorization', `Bearer ${mine.key}`);
    expect((own.body as { items: { id: string }[] }).items.map((s) => s.id)).toEqual([sub.id]);
    expect(JSON.stringify(own.body)).not.toContain('whsec_');
  });
});
