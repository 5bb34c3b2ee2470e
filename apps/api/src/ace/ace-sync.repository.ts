import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withSessionLock } from '../common/session-lock';

/** The sync's place for one opportunity. */
export interface AceSyncRow {
  opportunityId: string;
  aceOpportunityId: string | null;
  syncedVersion: number;
  /** SHA-256 of the mapped request last sent (created or updated): an update is sent only when it changes. */
  sentHash: string | null;
  /** The MAP solution is associated with its ACE opportunity. */
  associated: boolean;
  submittedFor: Date | null;
  reviewStatus: string | null;
  lastError: string | null;
  errorAt: Date | null;
  attempts: number;
}

const ROW = `opportunity_id AS "opportunityId", ace_opportunity_id AS "aceOpportunityId", synced_version AS "syncedVersion", sent_hash AS "sentHash", associated,
  submitted_for AS "submittedFor", review_status AS "reviewStatus", last_error AS "lastError", error_at AS "errorAt", attempts`;

/** Where the ACE sync is with each opportunity (design/ace.md). */
@Injectable()
export class AceSyncRepository {
  constructor(private readonly db: DataSource) {}

  /** One opportunity's sync at a time, across every worker; null when another holds it. */
  exclusively<T>(opportunityId: string, work: () => Promise<T>): Promise<T | null> {
    return withSessionLock(this.db, `mapflow:ace:${opportunityId}`, work);
  }

  async find(opportunityId: string): Promise<AceSyncRow | null> {
    const rows = await this.db.query<AceSyncRow[]>(`SELECT ${ROW} FROM ace_syncs WHERE opportunity_id = $1`, [
      opportunityId,
    ]);
    return rows[0] ?? null;
  }

  /**
   * The version-2 opportunities to sync now: changed since they were last sent (or never looked at), or
   * waiting on AWS's review, or whose last attempt failed and is due again (at once when changed since
   * the failure: a fix is tried straight away); `limit` of them.
   */
  async due(limit: number): Promise<string[]> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT o.id FROM opportunities o LEFT JOIN ace_syncs a ON a.opportunity_id = o.id
        WHERE o.machine_version = '2'
          AND (a.next_attempt_at IS NULL OR a.next_attempt_at <= now() OR a.failed_version < o.version)
          AND (a.opportunity_id IS NULL OR a.synced_version < o.version OR a.last_error IS NOT NULL
               OR a.review_status IN ('Submitted', 'In review', 'Action Required'))
        ORDER BY a.updated_at NULLS FIRST, o.id LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /** Records what was done: the fields given change, the error clears. */
  async saved(
    opportunityId: string,
    fields: {
      aceOpportunityId?: string;
      syncedVersion: number;
      sentHash?: string;
      submittedFor?: Date;
      reviewStatus?: string;
    },
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO ace_syncs (opportunity_id, ace_opportunity_id, synced_version, submitted_for, review_status, sent_hash, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (opportunity_id) DO UPDATE SET
         ace_opportunity_id = COALESCE($2, ace_syncs.ace_opportunity_id), synced_version = $3,
         sent_hash = COALESCE($6, ace_syncs.sent_hash),
         submitted_for = COALESCE($4, ace_syncs.submitted_for), review_status = COALESCE($5, ace_syncs.review_status),
         last_error = NULL, error_at = NULL, attempts = 0, failed_version = NULL, next_attempt_at = NULL, updated_at = now()`,
      [
        opportunityId,
        fields.aceOpportunityId ?? null,
        fields.syncedVersion,
        fields.submittedFor ?? null,
        fields.reviewStatus ?? null,
        fields.sentHash ?? null,
      ],
    );
  }

  async associated(opportunityId: string): Promise<void> {
    await this.db.query(`UPDATE ace_syncs SET associated = true WHERE opportunity_id = $1`, [opportunityId]);
  }

  /** A failed attempt: kept to show on the read, and tried again after `retryInMs`. */
  async failed(
    opportunityId: string,
    version: number,
    error: string,
    retryInMs: (attempts: number) => number,
  ): Promise<void> {
    const row = await this.find(opportunityId);
    const attempts = (row?.attempts ?? 0) + 1;
    await this.db.query(
      `INSERT INTO ace_syncs (opportunity_id, last_error, error_at, attempts, failed_version, next_attempt_at, updated_at)
       VALUES ($1, $2, now(), $3, $5, now() + make_interval(secs => $4 / 1000.0), now())
       ON CONFLICT (opportunity_id) DO UPDATE SET last_error = $2, error_at = now(), attempts = $3, failed_version = $5,
         next_attempt_at = now() + make_interval(secs => $4 / 1000.0), updated_at = now()`,
      [opportunityId, error.slice(0, 1000), attempts, retryInMs(attempts), version],
    );
  }
}
