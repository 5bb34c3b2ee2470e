import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { OrgKind, PartnerTierName } from '@mapflow/persistence';
import type { Caller } from './caller';

interface CallerRow {
  user_id: string;
  org_id: string;
  kind: OrgKind;
  tier: PartnerTierName | null;
}

/** API keys and the callers behind them. */
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

  /**
   * Makes `keyHash` the first ops key, with its own ops org and user, unless an
   * ops key already exists. Serialised by an advisory lock so two replicas
   * starting together create one. Returns whether it created the key.
   */
  async ensureBootstrapOpsKey(keyHash: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('mapflow:bootstrap-ops-key'))`);
      const existing = await tx.query<unknown[]>(
        `SELECT 1 FROM api_keys k JOIN users u ON u.id = k.user_id JOIN orgs o ON o.id = u.org_id
          WHERE o.kind = 'ops' LIMIT 1`,
      );
      if (existing.length > 0) return false;
      const orgId = randomUUID();
      const userId = randomUUID();
      await tx.query(`INSERT INTO orgs (id, kind, name, tier) VALUES ($1, 'ops', 'mapflow ops', NULL)`, [orgId]);
      await tx.query(`INSERT INTO users (id, org_id, name) VALUES ($1, $2, 'bootstrap')`, [userId, orgId]);
      await tx.query(`INSERT INTO api_keys (id, user_id, key_hash) VALUES ($1, $2, $3)`, [
        randomUUID(),
        userId,
        keyHash,
      ]);
      return true;
    });
  }
}
