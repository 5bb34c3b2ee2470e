import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { KeyLocks } from './key-locks';

/** How long a key is kept (DESIGN.md §5: at least 24 hours). */
export const IDEMPOTENCY_TTL_HOURS = 24;

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

/**
 * Idempotency-Keys, scoped to an org. Each statement commits on its own,
 * outside the command's transaction. While a key's first request runs, its
 * process holds the key's lock ({@link KeyLocks}); a claim whose lock is free
 * belongs to a request that died with its process, and is taken over.
 */
@Injectable()
export class IdempotencyRepository implements OnApplicationShutdown {
  private readonly locks: KeyLocks;

  constructor(private readonly db: DataSource) {
    const options = db.options;
    if (options.type !== 'postgres' || options.url === undefined) {
      throw new Error('Idempotency-Keys need a PostgreSQL data source given by URL');
    }
    this.locks = new KeyLocks(options.url);
  }

  /**
   * Claims `key` for a request with `fingerprint`, or says what the first
   * request with that key decided: replay its answer, refuse a different body,
   * or report that it is still running (its lock is held, however long ago it
   * began). Expired keys, and claims whose request died, are taken over.
   * After `proceed`, {@link complete} or {@link release} must follow.
   */
  async begin(orgId: string, key: string, fingerprint: string): Promise<BeginOutcome> {
    const lock = lockOf(orgId, key);
    if (!(await this.locks.tryHold(lock))) {
      // The first request runs, here or in another process.
      const row = await this.find(orgId, key);
      if (row === undefined) return { kind: 'in-flight' };
      if (row.fingerprint !== fingerprint) return { kind: 'mismatch' };
      return answerOf(row) ?? { kind: 'in-flight' };
    }
    try {
      const outcome = await this.claim(orgId, key, fingerprint);
      if (outcome.kind !== 'proceed') await this.locks.release(lock);
      return outcome;
    } catch (error: unknown) {
      await this.locks.release(lock);
      throw error;
    }
  }

  /** With the key's lock held: claims it unless a finished first request (or another body) has it. */
  private async claim(orgId: string, key: string, fingerprint: string): Promise<BeginOutcome> {
    const claimed = await this.db.query<unknown[]>(
      `INSERT INTO idempotency_keys (org_id, key, fingerprint, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(hours => $4))
       ON CONFLICT (org_id, key) DO UPDATE
          SET fingerprint = EXCLUDED.fingerprint, created_at = now(), expires_at = EXCLUDED.expires_at,
              response_status = NULL, response_body = NULL, response_headers = NULL
        WHERE idempotency_keys.expires_at < now()
           OR (idempotency_keys.response_status IS NULL AND idempotency_keys.fingerprint = EXCLUDED.fingerprint)
       RETURNING 1`,
      [orgId, key, fingerprint, IDEMPOTENCY_TTL_HOURS],
    );
    if (claimed.length > 0) return { kind: 'proceed' };
    const row = await this.find(orgId, key);
    if (!row) return this.claim(orgId, key, fingerprint); // expired and purged in between: claim again
    if (row.fingerprint !== fingerprint) return { kind: 'mismatch' };
    // Unreachable in practice: an unanswered claim with this body was taken over above.
    return answerOf(row) ?? { kind: 'in-flight' };
  }

  private async find(orgId: string, key: string): Promise<KeyRow | undefined> {
    const rows = await this.db.query<KeyRow[]>(
      `SELECT fingerprint, response_status, response_body, response_headers
         FROM idempotency_keys WHERE org_id = $1 AND key = $2`,
      [orgId, key],
    );
    return rows[0];
  }

  /** Records the first answer, to be replayed byte for byte, and frees the key's lock. */
  async complete(
    orgId: string,
    key: string,
    status: number,
    body: string,
    headers: Record<string, string>,
  ): Promise<void> {
    try {
      await this.db.query(
        `UPDATE idempotency_keys SET response_status = $3, response_body = $4, response_headers = $5
          WHERE org_id = $1 AND key = $2`,
        [orgId, key, status, body, JSON.stringify(headers)],
      );
    } finally {
      await this.locks.release(lockOf(orgId, key));
    }
  }

  /** Releases a claim whose answer is not final (5xx, 412, 428, 429), so a retry runs again. */
  async release(orgId: string, key: string): Promise<void> {
    try {
      await this.db.query(`DELETE FROM idempotency_keys WHERE org_id = $1 AND key = $2 AND response_status IS NULL`, [
        orgId,
        key,
      ]);
    } finally {
      await this.locks.release(lockOf(orgId, key));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.locks.close();
  }
}

function lockOf(orgId: string, key: string): string {
  return `${orgId}:${key}`;
}

/** The stored answer of a finished first request, or null while there is none. */
function answerOf(row: KeyRow): BeginOutcome | null {
  if (row.response_status === null || row.response_body === null) return null;
  return { kind: 'replay', status: row.response_status, body: row.response_body, headers: row.response_headers ?? {} };
}
