import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { withSessionLock } from '../common/session-lock';

/** Something to tell an org's people by e-mail, once (its key says what and when). */
export interface NewNotice {
  key: string;
  kind: 'decision' | 'claim_due' | 'webhook_disabled' | 'offer';
  orgId: string;
  opportunityId: string | null;
  subject: string;
  body: string;
}

/** A notice waiting to be sent. */
export interface PendingNotice {
  key: string;
  orgId: string;
  subject: string;
  body: string;
  attempts: number;
}

/** One of an org's people who signs in (and so has an address). */
export interface Recipient {
  email: string;
  name: string;
}

/** The notices to send by e-mail, the people they go to, and the notifier's place among changed opportunities. */
@Injectable()
export class NoticesRepository {
  constructor(private readonly db: DataSource) {}

  /** Runs one notifier pass at a time across every worker; null when another is running. */
  exclusively<T>(work: () => Promise<T>): Promise<T | null> {
    return withSessionLock(this.db, 'mapflow:notify', work);
  }

  /** The database's time now, and where the last pass stopped (now, on the first). */
  async place(): Promise<{ now: Date; seenUntil: Date }> {
    const rows = await this.db.query<{ now: Date; seenUntil: Date | null }[]>(
      `SELECT now() AS now, (SELECT seen_until FROM notify_cursor WHERE id = 1) AS "seenUntil"`,
    );
    const row = rows[0];
    if (row === undefined) throw new Error('no time from the database');
    return { now: row.now, seenUntil: row.seenUntil ?? row.now };
  }

  async movePlace(to: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO notify_cursor (id, seen_until) VALUES (1, $1)
       ON CONFLICT (id) DO UPDATE SET seen_until = GREATEST(notify_cursor.seen_until, EXCLUDED.seen_until)`,
      [to],
    );
  }

  /** Adds notices; one already known by its key is left as it is. */
  async add(notices: readonly NewNotice[], tx: EntityManager = this.db.manager): Promise<void> {
    if (notices.length === 0) return;
    await tx.query(
      `INSERT INTO mail_notices (key, kind, org_id, opportunity_id, subject, body)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::uuid[], $4::uuid[], $5::varchar[], $6::text[])
       ON CONFLICT (key) DO NOTHING`,
      [
        notices.map((n) => n.key),
        notices.map((n) => n.kind),
        notices.map((n) => n.orgId),
        notices.map((n) => n.opportunityId),
        // The subject column holds 300 characters: a long opportunity title must not stop every mail.
        notices.map((n) => n.subject.slice(0, 300)),
        notices.map((n) => n.body),
      ],
    );
  }

  /** The oldest pending notices, `limit` of them. */
  pending(limit: number): Promise<PendingNotice[]> {
    return this.db.query(
      `SELECT key, org_id AS "orgId", subject, body, attempts FROM mail_notices
        WHERE status = 'pending' ORDER BY created_at, key LIMIT $1`,
      [limit],
    );
  }

  /** The people of an org who sign in, by address. */
  recipients(orgId: string): Promise<Recipient[]> {
    return this.db.query(
      `SELECT email, name FROM users WHERE org_id = $1 AND email IS NOT NULL AND password_hash IS NOT NULL ORDER BY email`,
      [orgId],
    );
  }

  async markSent(key: string, recipients: number): Promise<void> {
    await this.db.query(
      `UPDATE mail_notices SET status = 'sent', sent_at = now(), recipients = $2, attempts = attempts + 1, last_error = NULL
        WHERE key = $1`,
      [key, recipients],
    );
  }

  /** A failed attempt; after `giveUpAfter` attempts the notice is `failed` and no longer tried. */
  async markFailed(key: string, error: string, giveUpAfter: number): Promise<void> {
    await this.db.query(
      `UPDATE mail_notices SET attempts = attempts + 1, last_error = $2,
              status = CASE WHEN attempts + 1 >= $3 THEN 'failed' ELSE status END
        WHERE key = $1`,
      [key, error.slice(0, 500), giveUpAfter],
    );
  }
}
