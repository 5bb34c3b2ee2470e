import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** How long a key is kept (DESIGN.md §5: at least 24 hours). */
export const IDEMPOTENCY_TTL_HOURS = 24;
/** An in-flight claim older than this is taken to belong to a process that died. */
export const IDEMPOTENCY_ABANDONED_SECONDS = 60;

export type BeginOutcome =
  | { kind: 'proceed' }
  | { kind: 'replay'; status: number; body: string; headers: Record<string, string> }
  | { kind: 'mismatch' }
  | { kind: 'in-flight' };

interface KeyRow {
  fingerprint: string;
  response_status: number | null;
  response_body: string | null;
  response_headers: Record<string, string> | null;
}

/** Idempotency-Keys, scoped to an org. Each statement commits on its own, outside the command's transaction. */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Claims `key` for a request with `fingerprint`, or says what the first
   * request with that key decided: replay its answer, refuse a different body,
   * or report that it is still running. Expired keys and abandoned claims are
   * taken over.
   */
  async begin(orgId: string, key: string, fingerprint: string): Promise<BeginOutcome> {
    const claimed = await this.db.query<unknown[]>(
      `INSERT INTO idempotency_keys (org_id, key, fingerprint, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(hours => $4))
       ON CONFLICT (org_id, key) DO UPDATE
          SET fingerprint = EXCLUDED.fingerprint, created_at = now(), expires_at = EXCLUDED.expires_at,
              response_status = NULL, response_body = NULL, response_headers = NULL
        WHERE idempotency_keys.expires_at < now()
           OR (idempotency_keys.response_status IS NULL
               AND idempotency_keys.fingerprint = EXCLUDED.fingerprint
               AND idempotency_keys.created_at < now() - make_interval(secs => $5))
       RETURNING 1`,
      [orgId, key, fingerprint, IDEMPOTENCY_TTL_HOURS, IDEMPOTENCY_ABANDONED_SECONDS],
    );
    if (claimed.length > 0) return { kind: 'proceed' };
    const rows = await this.db.query<KeyRow[]>(
      `SELECT fingerprint, response_status, response_body, response_headers
         FROM idempotency_keys WHERE org_id = $1 AND key = $2`,
      [orgId, key],
    );
    const row = rows[0];
    if (!row) return this.begin(orgId, key, fingerprint); // expired and purged in between: claim again
    if (row.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (row.response_status === null || row.response_body === null) return { kind: 'in-flight' };
    return {
      kind: 'replay',
      status: row.response_status,
      body: row.response_body,
      headers: row.response_headers ?? {},
    };
  }

  /** Records the first answer, to be replayed byte for byte. */
  async complete(
    orgId: string,
    key: string,
    status: number,
    body: string,
    headers: Record<string, string>,
  ): Promise<void> {
    await this.db.query(
      `UPDATE idempotency_keys SET response_status = $3, response_body = $4, response_headers = $5
        WHERE org_id = $1 AND key = $2`,
      [orgId, key, status, body, JSON.stringify(headers)],
    );
  }

  /** Releases a claim whose answer is not final (5xx, 412, 428, 429), so a retry runs again. */
  async release(orgId: string, key: string): Promise<void> {
    await this.db.query(`DELETE FROM idempotency_keys WHERE org_id = $1 AND key = $2 AND response_status IS NULL`, [
      orgId,
      key,
    ]);
  }
}
