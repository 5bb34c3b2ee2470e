import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DeliveryService } from '../../apps/api/src/events/delivery.service';
import { NoticesService } from '../../apps/api/src/events/notices.service';
import type { Resolve } from '../../apps/api/src/events/webhook-target';
import { WebhooksRepository } from '../../apps/api/src/events/webhooks.repository';
import { WebhooksService } from '../../apps/api/src/events/webhooks.service';
import { OpportunityDriver } from '../support/opportunity-driver';
import { problemType } from '../support/problem-types';
import { makeOrg, useTestApp } from '../support/test-app';

/** A public address (TEST-NET-3): nothing is ever sent to it; the name moves away from it before any delivery. */
const PUBLIC = { address: '203.0.113.7', family: 4 };
const HOST = 'hooks.crm.example';

/**
 * The SSRF rules at subscription and again at delivery (design/events-out.md):
 * a name that resolves to a refused address is refused when subscribing, and
 * a name that resolved to a public address then moves to a refused one is
 * refused when delivering (nothing is connected to). Loopback is not allowed
 * here (the default). The rules run on the app's own repository, database,
 * outbox and services; only the resolver is a stub, so nothing is looked up
 * or reached.
 */
describe('webhook targets: the SSRF rules at subscription and at delivery (whole app, stub resolver, real PostgreSQL)', () => {
  const made: string[] = [];
  // Declared before the app's own, so it runs first, while the app is open. The suites share a
  // database: no subscription of this one outlives it.
  afterAll(async () => {
    for (const id of made) await t.dataSource.query(`DELETE FROM webhook_subscriptions WHERE id = $1`, [id]);
  });
  const t = useTestApp();
  let answer: { address: string; family: number }[] = [PUBLIC];
  const resolve: Resolve = (host) =>
    host === HOST ? Promise.resolve(answer) : Promise.reject(new Error(`${host}: not found`));

  it('refuses over HTTP a URL naming or resolving to a loopback address (the real resolver)', async () => {
    const partner = await makeOrg(t.http, 'partner');
    for (const url of ['https://localhost/hooks', 'https://127.0.0.1/hooks', 'https://[::1]/hooks']) {
      const res = await request(t.http)
        .post('/v1/webhooks')
        .set('authorization', `Bearer ${partner.key}`)
        .send({ url, events: ['*'] });
      expect([url, res.status, res.body.type]).toEqual([url, 400, problemType('validation')]);
    }
    const listed = await request(t.http).get('/v1/webhooks').set('authorization', `Bearer ${partner.key}`);
    expect(listed.body).toEqual({ items: [] });
  });

  for (const refused of [
    { address: '127.0.0.1', family: 4 },
    { address: '10.0.0.1', family: 4 },
    { address: '169.254.169.254', family: 4 },
    { address: '::1', family: 6 },
  ]) {
    it(`refuses ${refused.address} when subscribing, and again when delivering after the name moved to it`, async () => {
      const repository = t.app.get(WebhooksRepository);
      const webhooks = new WebhooksService(repository, t.config, resolve);
      const deliveries = new DeliveryService(repository, t.app.get(NoticesService), t.config, resolve);
      const partner = await makeOrg(t.http, 'partner');
      const caller = { userId: randomUUID(), orgId: partner.id, role: 'partner' as const, tier: null };
      const url = `https://${HOST}/hooks`;

      answer = [refused];
      await expect(webhooks.create(caller, { url, events: ['*'] })).rejects.toMatchObject({
        message: `url refused: ${HOST} resolves to ${refused.address}, a private, loopback or link-local address, which a webhook may not reach`,
      });
      expect(await repository.list(partner.id)).toEqual([]);

      answer = [PUBLIC];
      const sub = await webhooks.create(caller, { url, events: ['*'] });
      made.push(sub.id);
      answer = [refused];
      const o = await new OpportunityDriver(t.http, partner, await makeOrg(t.http, 'customer')).create('Moved name');
      await deliveries.dispatch(o.id);
      await deliveries.deliver(sub.id, o.id);
      const [attempt, ...more] = await repository.deliveries(sub.id, 10);
      expect(more).toEqual([]);
      expect(attempt).toMatchObject({ opportunityId: o.id, seq: 1, status: 'pending', attempts: 1, lastStatus: null });
      expect(attempt?.lastError).toBe(
        `${HOST} resolves to ${refused.address}, a private, loopback or link-local address, which a webhook may not reach`,
      );
    });
  }
});
