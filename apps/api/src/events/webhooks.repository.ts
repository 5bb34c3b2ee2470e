import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { withSessionLock } from '../common/session-lock';

/** A webhook subscription as stored (its secrets included: the deliverer signs with them). */
export interface Subscription {
  id: string;
  orgId: string;
  url: string;
  events: string[];
  secret: string;
  previousSecret: string | null;
  previousSecretUntil: Date | null;
  createdAt: Date;
  failingSince: Date | null;
  disabledAt: Date | null;
}

/** One delivery, as the log shows it. */
export interface Delivery {
  subscriptionId: string;
  opportunityId: string;
  seq: number;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  createdAt: Date;
  lastAttemptAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
}

/** What a delivery carries: its audit entry's event, with the opportunity's place after it. */
export interface DeliveryEntry {
  seq: number;
  eventType: string;
  state: string;
  at: string;
}

const SUBSCRIPTION = `id, org_id AS "orgId", url, events, secret, previous_secret AS "previousSecret",
  previous_secret_until AS "previousSecretUntil", created_at AS "createdAt", failing_since AS "failingSince",
  disabled_at AS "disabledAt"`;

const DELIVERY = `subscription_id AS "subscriptionId", opportunity_id AS "opportunityId", seq, status, attempts,
  created_at AS "createdAt", last_attempt_at AS "lastAttemptAt", last_status AS "lastStatus",
  last_error AS "lastError", delivered_at AS "deliveredAt"`;

/**
 * Enqueues a graphile-worker job in the statement's transaction; a pending job with the same key is
 * reused (one running is not: a new one is made). No named queue: a queue locked by a worker that was
 * killed would stay locked for hours; the deliverer's own advisory lock keeps one stream to one sender.
 */
const ADD_JOB = `SELECT graphile_worker.add_job($1, $2::json, run_at := $3, job_key := $4,
  job_key_mode := 'preserve_run_at', max_attempts := 25)`;

/**
 * Whether subscription `s` (of org `g`) may hear of opportunity `o`: the tenancy of DESIGN.md section 1
 * (ops all, a partner its own, a customer its own); the outbox trigger (its migration) asks the same.
 */
const MAY_SEE = `(g.kind = 'ops' OR s.org_id = o.partner_org_id OR s.org_id = o.customer_org_id)`;

/** Webhook subscriptions, their deliveries, and the dispatcher's place per opportunity. */
@Injectable()
export class WebhooksRepository {
  constructor(private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async insert(orgId: string, url: string, events: string[], secret: string): Promise<Subscription> {
    const rows = await this.db.query<Subscription[]>(
      `INSERT INTO webhook_subscriptions (id, org_id, url, events, secret) VALUES ($1, $2, $3, $4, $5) RETURNING ${SUBSCRIPTION}`,
      [randomUUID(), orgId, url, events, secret],
    );
    const row = rows[0];
    if (row === undefined) throw new Error('the subscription was not inserted');
    return row;
  }

  /** The org's subscriptions (every org's for `orgId` null), newest first. */
  list(orgId: string | null): Promise<Subscription[]> {
    return this.db.query(
      `SELECT ${SUBSCRIPTION} FROM webhook_subscriptions WHERE $1::uuid IS NULL OR org_id = $1 ORDER BY created_at DESC, id`,
      [orgId],
    );
  }

  async find(id: string, tx: EntityManager = this.db.manager): Promise<Subscription | null> {
    const rows = await tx.query<Subscription[]>(`SELECT ${SUBSCRIPTION} FROM webhook_subscriptions WHERE id = $1`, [
      id,
    ]);
    return rows[0] ?? null;
  }

  async delete(id: string): Promise<void> {
    await this.db.query(`DELETE FROM webhook_subscriptions WHERE id = $1`, [id]);
  }

  /** A new secret; the current one keeps signing too until `until`. */
  async rotate(id: string, secret: string, until: Date): Promise<Subscription | null> {
    const rows = await this.db.query<Subscription[]>(
      `WITH rotated AS (UPDATE webhook_subscriptions SET previous_secret = secret, previous_secret_until = $3, secret = $2
        WHERE id = $1 RETURNING *)
       SELECT ${SUBSCRIPTION} FROM rotated`,
      [id, secret, until],
    );
    return rows[0] ?? null;
  }

  /** The subscription's deliveries, newest first, `limit` of them. */
  deliveries(subscriptionId: string, limit: number): Promise<Delivery[]> {
    return this.db.query(
      `SELECT ${DELIVERY} FROM webhook_deliveries WHERE subscription_id = $1
        ORDER BY created_at DESC, opportunity_id, seq DESC LIMIT $2`,
      [subscriptionId, limit],
    );
  }

  /** Sends a delivery again (whatever it came to), in its place in `seq` order: pending, with its job. */
  async redeliver(subscriptionId: string, opportunityId: string, seq: number): Promise<boolean> {
    return this.transaction(async (tx) => {
      const rows = await tx.query<unknown[]>(
        `WITH again AS (UPDATE webhook_deliveries SET status = 'pending', attempts = 0, delivered_at = NULL
          WHERE subscription_id = $1 AND opportunity_id = $2 AND seq = $3 RETURNING 1)
         SELECT 1 FROM again`,
        [subscriptionId, opportunityId, seq],
      );
      if (rows.length === 0) return false;
      await this.addDeliverJob(tx, subscriptionId, opportunityId, new Date());
      return true;
    });
  }

  /**
   * The dispatcher's step for one opportunity, in one transaction: the
   * entries after its place, each made a delivery for every live
   * subscription that may see the opportunity and asked for its type
   * (created after the subscription; once, whatever runs it twice), a deliver
   * job per subscription, and the place moved on. Answers whether entries
   * remain (a batch at a time).
   */
  async dispatch(opportunityId: string, batch: number): Promise<boolean> {
    return this.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO outbox_cursors (opportunity_id, dispatched_seq) VALUES ($1, 0) ON CONFLICT DO NOTHING`,
        [opportunityId],
      );
      const [cursor] = await tx.query<{ seq: number }[]>(
        `SELECT dispatched_seq AS seq FROM outbox_cursors WHERE opportunity_id = $1 FOR UPDATE`,
        [opportunityId],
      );
      const after = cursor?.seq ?? 0;
      const entries = await tx.query<{ seq: number }[]>(
        `SELECT seq FROM audit_entries WHERE opportunity_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
        [opportunityId, after, batch],
      );
      const last = entries[entries.length - 1];
      if (last === undefined) return false;
      const made = await tx.query<{ subscription_id: string }[]>(
        `INSERT INTO webhook_deliveries (subscription_id, opportunity_id, seq)
         SELECT s.id, e.opportunity_id, e.seq
           FROM audit_entries e
           JOIN opportunities o ON o.id = e.opportunity_id
           JOIN webhook_subscriptions s ON s.disabled_at IS NULL AND e.recorded_at >= s.created_at
           JOIN orgs g ON g.id = s.org_id
          WHERE e.opportunity_id = $1 AND e.seq > $2 AND e.seq <= $3
            AND ${MAY_SEE}
            AND ('*' = ANY (s.events)
                 OR (e.seq = 1 AND 'opportunity.created' = ANY (s.events))
                 OR (e.seq > 1 AND e.entry -> 'event' ->> 'type' = ANY (s.events)))
         ON CONFLICT DO NOTHING
         RETURNING subscription_id`,
        [opportunityId, after, last.seq],
      );
      for (const subscriptionId of new Set(made.map((m) => m.subscription_id)))
        await this.addDeliverJob(tx, subscriptionId, opportunityId, new Date());
      await tx.query(`UPDATE outbox_cursors SET dispatched_seq = $2 WHERE opportunity_id = $1`, [
        opportunityId,
        last.seq,
      ]);
      return entries.length === batch;
    });
  }

  /** Runs `work` holding the lock of one subscription's stream of one opportunity; null when another worker holds it. */
  withStreamLock<T>(subscriptionId: string, opportunityId: string, work: () => Promise<T>): Promise<T | null> {
    return withSessionLock(this.db, `mapflow:deliver:${subscriptionId}:${opportunityId}`, work);
  }

  /**
   * After a start (a worker killed mid-job leaves its job locked for hours): a deliver job for every
   * stream with pending deliveries, a dispatch job for every opportunity a live subscription may see
   * whose entries are not all dispatched. Pending jobs are reused, not doubled.
   */
  async recover(): Promise<void> {
    await this.db.query(
      `SELECT graphile_worker.add_job('deliver', json_build_object('subscriptionId', subscription_id, 'opportunityId', opportunity_id),
                job_key := 'deliver:' || subscription_id || ':' || opportunity_id, job_key_mode := 'preserve_run_at', max_attempts := 25)
         FROM (SELECT DISTINCT subscription_id, opportunity_id FROM webhook_deliveries WHERE status = 'pending') p`,
    );
    await this.db.query(
      `SELECT graphile_worker.add_job('dispatch', json_build_object('opportunityId', o.id),
                job_key := 'dispatch:' || o.id, job_key_mode := 'preserve_run_at', max_attempts := 25)
         FROM opportunities o LEFT JOIN outbox_cursors c ON c.opportunity_id = o.id
        WHERE COALESCE(c.dispatched_seq, 0) < o.version
          AND EXISTS (SELECT 1 FROM webhook_subscriptions s JOIN orgs g ON g.id = s.org_id
                       WHERE s.disabled_at IS NULL
                         AND ${MAY_SEE})`,
    );
  }

  /** Enqueues the dispatcher again for an opportunity (more entries than a batch). */
  async addDispatchJob(opportunityId: string): Promise<void> {
    await this.db.query(ADD_JOB, [
      'dispatch',
      JSON.stringify({ opportunityId }),
      new Date(),
      `dispatch:${opportunityId}`,
    ]);
  }

  /** Enqueues (or moves) the deliver job of a subscription and an opportunity, to run at `at`. */
  async addDeliverJob(tx: EntityManager, subscriptionId: string, opportunityId: string, at: Date): Promise<void> {
    await tx.query(ADD_JOB, [
      'deliver',
      JSON.stringify({ subscriptionId, opportunityId }),
      at,
      `deliver:${subscriptionId}:${opportunityId}`,
    ]);
  }

  /** The oldest pending delivery of a subscription and an opportunity, with what it carries. */
  async nextPending(
    subscriptionId: string,
    opportunityId: string,
  ): Promise<(Delivery & DeliveryEntry & { phase: string }) | null> {
    const rows = await this.db.query<(Delivery & DeliveryEntry & { phase: string })[]>(
      `SELECT d.subscription_id AS "subscriptionId", d.opportunity_id AS "opportunityId", d.seq, d.status, d.attempts,
              d.created_at AS "createdAt", d.last_attempt_at AS "lastAttemptAt", d.last_status AS "lastStatus",
              d.last_error AS "lastError", d.delivered_at AS "deliveredAt",
              e.entry -> 'event' ->> 'type' AS "eventType", e.entry ->> 'state' AS state,
              e.entry ->> 'recordedAt' AS at, o.phase
         FROM webhook_deliveries d
         JOIN audit_entries e ON e.opportunity_id = d.opportunity_id AND e.seq = d.seq
         JOIN opportunities o ON o.id = d.opportunity_id
        WHERE d.subscription_id = $1 AND d.opportunity_id = $2 AND d.status = 'pending'
        ORDER BY d.seq LIMIT 1`,
      [subscriptionId, opportunityId],
    );
    return rows[0] ?? null;
  }

  /** Records an attempt's outcome; `status` delivered, dead or still pending. */
  async recordAttempt(
    d: { subscriptionId: string; opportunityId: string; seq: number },
    outcome: { status: 'pending' | 'delivered' | 'dead'; httpStatus: number | null; error: string | null },
  ): Promise<void> {
    await this.db.query(
      `UPDATE webhook_deliveries
          SET status = $4::varchar, attempts = attempts + 1, last_attempt_at = now(), last_status = $5, last_error = $6,
              delivered_at = CASE WHEN $4::varchar = 'delivered' THEN now() ELSE delivered_at END
        WHERE subscription_id = $1 AND opportunity_id = $2 AND seq = $3`,
      [
        d.subscriptionId,
        d.opportunityId,
        d.seq,
        outcome.status,
        outcome.httpStatus,
        outcome.error?.slice(0, 500) ?? null,
      ],
    );
  }

  /**
   * A success clears the subscription's failing clock; a failure starts it, and after `disableAfterMs`
   * disables it. Answers whether this call disabled it.
   */
  async markHealth(subscriptionId: string, ok: boolean, disableAfterMs: number): Promise<boolean> {
    if (ok) {
      // Only a failing subscription is written: a delivered event costs no row write here.
      await this.db.query(
        `UPDATE webhook_subscriptions SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL`,
        [subscriptionId],
      );
      return false;
    }
    const rows = await this.db.query<{ disabled: boolean }[]>(
      `WITH marked AS (UPDATE webhook_subscriptions
          SET failing_since = COALESCE(failing_since, now()),
              disabled_at = CASE WHEN disabled_at IS NULL AND failing_since < now() - make_interval(secs => $2 / 1000.0)
                                 THEN now() ELSE disabled_at END
        WHERE id = $1
        RETURNING disabled_at = now() AS disabled)
       SELECT disabled FROM marked`,
      [subscriptionId, disableAfterMs],
    );
    return rows[0]?.disabled === true;
  }
}
