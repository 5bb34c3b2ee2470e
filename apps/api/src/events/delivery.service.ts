import { Inject, Injectable } from '@nestjs/common';
import http from 'node:http';
import https from 'node:https';
import { Webhook } from 'standardwebhooks';
import { backoffMs } from '../common/backoff';
import { APP_CONFIG, AppConfig } from '../config/config';
import { NoticesService } from './notices.service';
import { type Resolve, resolveTarget } from './webhook-target';
import { type Subscription, WebhooksRepository } from './webhooks.repository';

/** How targets' names are resolved (DNS; a stub in the tests of the address rules). */
export const WEBHOOK_RESOLVER = Symbol('WEBHOOK_RESOLVER');

/** A delivery failing this long after it was made is dead (it no longer holds back later ones). */
export const DEAD_AFTER_MS = 24 * 3_600_000;
/** A subscription failing this long is disabled. */
export const DISABLE_AFTER_MS = 3 * 24 * 3_600_000;
/** A receiver has this long to answer. */
export const TIMEOUT_MS = 5_000;
/** Entries the dispatcher turns into deliveries per transaction. */
const DISPATCH_BATCH = 500;

/** A failed delivery waits at most this long before its next attempt. */
const BACKOFF_CAP_MS = 4 * 3_600_000;

/** When a pending delivery may be tried next: at once before its first attempt, else its backoff after the last one. */
export function retryDue(d: { attempts: number; lastAttemptAt: Date | null }): number {
  if (d.attempts === 0 || d.lastAttemptAt === null) return 0;
  return d.lastAttemptAt.getTime() + backoffMs(d.attempts, BACKOFF_CAP_MS);
}

/** The body of a delivery (design/events-out.md). */
export interface WebhookPayload {
  id: string;
  type: 'opportunity.created' | 'opportunity.event';
  opportunityId: string;
  seq: number;
  eventType: string;
  phase: string;
  state: string;
  at: string;
  links: { opportunity: string; page: string; audit: string };
}

interface Sent {
  ok: boolean;
  httpStatus: number | null;
  error: string | null;
}

/**
 * The two jobs of outbound events: dispatch (an opportunity's new audit
 * entries become deliveries, once each per subscription) and deliver (a
 * subscription's deliveries of one opportunity sent in `seq` order, signed
 * per Standard Webhooks; a failure waits with backoff and holds back the
 * later ones, until the delivery is dead after 24 hours).
 */
@Injectable()
export class DeliveryService {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly notices: NoticesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WEBHOOK_RESOLVER) private readonly resolve: Resolve,
  ) {}

  async dispatch(opportunityId: string): Promise<void> {
    while (await this.webhooks.dispatch(opportunityId, DISPATCH_BATCH)) {
      // a batch at a time, each in its own transaction
    }
  }

  /** Re-enqueues what a killed worker may have left locked (called as a worker starts). */
  recover(): Promise<void> {
    return this.webhooks.recover();
  }

  /**
   * Sends one subscription's pending deliveries of one opportunity, in `seq` order, holding the
   * stream's lock; when another worker holds it, tries again in a second (it may have finished
   * its pass just before this delivery was made).
   */
  async deliver(subscriptionId: string, opportunityId: string): Promise<void> {
    const sent = await this.webhooks.withStreamLock(subscriptionId, opportunityId, () =>
      this.deliverStream(subscriptionId, opportunityId),
    );
    if (sent === null) await this.passAt(subscriptionId, opportunityId, Date.now() + 1_000);
  }

  /** The stream's next pass, at `at` (ms since the epoch): its deliver job, moved or made. */
  private passAt(subscriptionId: string, opportunityId: string, at: number): Promise<void> {
    return this.webhooks.transaction((tx) =>
      this.webhooks.addDeliverJob(tx, subscriptionId, opportunityId, new Date(at)),
    );
  }

  private async deliverStream(subscriptionId: string, opportunityId: string): Promise<true> {
    const subscription = await this.webhooks.find(subscriptionId);
    if (subscription === null || subscription.disabledAt !== null) return true;
    for (;;) {
      const next = await this.webhooks.nextPending(subscriptionId, opportunityId);
      if (next === null) return true;
      // Retries keep to their schedule, however often this job runs: every event committed for the opportunity
      // (and every start) asks for a pass, and without this a burst of them while the receiver was down made
      // as many attempts in a second, each lengthening the wait after it (5 attempts: 21 minutes).
      const due = retryDue(next);
      if (due > Date.now()) {
        await this.passAt(subscriptionId, opportunityId, due);
        return true;
      }
      const payload: WebhookPayload = {
        id: `${opportunityId}:${next.seq}`,
        type: next.seq === 1 ? 'opportunity.created' : 'opportunity.event',
        opportunityId,
        seq: next.seq,
        eventType: next.eventType,
        phase: next.state.split('.')[0] ?? next.phase,
        state: next.state,
        at: next.at,
        links: {
          opportunity: `${this.config.publicUrl}/v1/opportunities/${opportunityId}`,
          page: `${this.config.publicUrl}/app/opportunities/${opportunityId}`,
          audit: `${this.config.publicUrl}/v1/opportunities/${opportunityId}/audit`,
        },
      };
      const sent = await this.send(subscription, payload);
      const dead = !sent.ok && Date.now() - new Date(next.createdAt).getTime() >= DEAD_AFTER_MS;
      await this.webhooks.recordAttempt(next, {
        status: sent.ok ? 'delivered' : dead ? 'dead' : 'pending',
        httpStatus: sent.httpStatus,
        error: sent.error,
      });
      // Disabled after 3 days of failures: its org is told (by e-mail, when configured).
      if (await this.webhooks.markHealth(subscriptionId, sent.ok, DISABLE_AFTER_MS))
        await this.notices.webhookDisabled(subscription);
      if (sent.ok || dead) continue;
      await this.passAt(
        subscriptionId,
        opportunityId,
        retryDue({ attempts: next.attempts + 1, lastAttemptAt: new Date() }),
      );
      return true;
    }
  }

  /** The Standard Webhooks signature header: the current secret's, and the previous one's while it overlaps. */
  signature(subscription: Subscription, id: string, at: Date, body: string): string {
    const secrets = [subscription.secret];
    if (
      subscription.previousSecret !== null &&
      subscription.previousSecretUntil !== null &&
      new Date(subscription.previousSecretUntil).getTime() > Date.now()
    )
      secrets.push(subscription.previousSecret);
    return secrets.map((s) => new Webhook(s).sign(id, at, body)).join(' ');
  }

  /** POSTs the payload to an address its host resolves to now, each checked; no redirect followed; 5 s. */
  private async send(subscription: Subscription, payload: WebhookPayload): Promise<Sent> {
    const url = new URL(subscription.url);
    const target = await resolveTarget(url, this.resolve, this.config.webhooksAllowHttpLoopback);
    if (!target.ok) return { ok: false, httpStatus: null, error: target.problem };
    const [address] = target.addresses;
    if (address === undefined) return { ok: false, httpStatus: null, error: 'no address' };
    const body = JSON.stringify(payload);
    const at = new Date();
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'mapflow-webhooks/1',
      'webhook-id': payload.id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': this.signature(subscription, payload.id, at, body),
    };
    const client = url.protocol === 'https:' ? https : http;
    return new Promise<Sent>((resolve) => {
      const request = client.request(
        url,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
          // Connect to the address checked above, whatever the name resolves to by now.
          lookup: (_host, options, callback) => {
            if (typeof options === 'object' && options.all === true)
              callback(null, [{ address: address.address, family: address.family }]);
            else callback(null, address.address, address.family);
          },
          timeout: TIMEOUT_MS,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        },
        (response) => {
          response.resume();
          const status = response.statusCode ?? 0;
          const ok = status >= 200 && status < 300;
          resolve({
            ok,
            httpStatus: status,
            error: ok ? null : status >= 300 && status < 400 ? 'redirect not followed' : null,
          });
        },
      );
      request.on('timeout', () => request.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
      request.on('error', (error) => resolve({ ok: false, httpStatus: null, error: error.message }));
      request.end(body);
    });
  }
}
