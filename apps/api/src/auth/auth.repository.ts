import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { OrgKind, PartnerTierName } from '@mapflow/persistence';
import type { Caller } from './caller';

interface CallerRow {
  user_id: string;
  org_id: string;
  kind: OrgKind;
  tier: PartnerTierName | null;
}

/** Users, their API keys, and the callers behind them. */
@Injectable()
export class AuthRepository {
  constructor(private readonly db: DataSource) {}

  /** The caller owning the key with this hash, unless it is unknown or revoked (the Authenticator caches it). */
  async findCallerByKeyHash(keyHash: string): Promise<Caller | null> {
    const rows = await this.db.query<CallerRow[]>(
      `SELECT u.id AS user_id, o.id AS org_id, o.kind, o.tier
         FROM api_keys k JOIN users u ON u.id = k.user_id JOIN orgs o ON o.id = u.org_id
        WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
      [keyHash],
    );
    const row = rows[0];
    return row
      ? {
          userId: row.user_id,
          orgId: row.org_id,
          role: row.kind,
          tier: row.tier,
        }
      : null;
  }

  /** Creates a user of `orgId` and its key (by hash), in `tx`, or in a transaction of their own. */
  async insertUserWithKey(
    orgId: string,
    userName: string,
    keyHash: string,
    tx?: EntityManager,
  ): Promise<{ userId: string; keyId: string }> {
    if (tx === undefined) return this.db.transaction((own) => this.insertUserWithKey(orgId, userName, keyHash, own));
    const userId = randomUUID();
    const keyId = randomUUID();
    await tx.query(`INSERT INTO users (id, org_id, name) VALUES ($1, $2, $3)`, [userId, orgId, userName]);
    await tx.query(`INSERT INTO api_keys (id, user_id, key_hash) VALUES ($1, $2, $3)`, [keyId, userId, keyHash]);
    return { userId, keyId };
  }

  /** Revokes a key; false when there is no such key. Revoking a revoked key keeps its first revocation time. */
  async revokeKey(id: string): Promise<boolean> {
    const rows = await this.db.query<{ n: number }[]>(
      `WITH revoked AS (UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING 1)
       SELECT count(*)::int AS n FROM revoked`,
      [id],
    );
    return (rows[0]?.n ?? 0) > 0;
  }

  /** Whether a user of an org of this kind holds a key, revoked or not. */
  async hasKeyOfKind(tx: EntityManager, kind: OrgKind): Promise<boolean> {
    const rows = await tx.query<unknown[]>(
      `SELECT 1 FROM api_keys k JOIN users u ON u.id = k.user_id JOIN orgs o ON o.id = u.org_id
        WHERE o.kind = $1 LIMIT 1`,
      [kind],
    );
    return rows.length > 0;
  }
}
