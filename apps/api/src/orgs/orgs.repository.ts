import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { OrgEntity } from '../../../../libs/persistence/src';
import type { OrgKind, PartnerTierName } from '../../../../libs/persistence/src';

export interface OrgRecord {
  id: string;
  kind: OrgKind;
  name: string;
  tier: PartnerTierName | null;
}

/** Orgs, their users and keys. */
@Injectable()
export class OrgsRepository {
  constructor(private readonly db: DataSource) {}

  async insertOrg(kind: OrgKind, name: string, tier: PartnerTierName | null): Promise<OrgRecord> {
    const id = randomUUID();
    await this.db.getRepository(OrgEntity).insert({ id, kind, name, tier });
    return { id, kind, name, tier };
  }

  async findOrg(id: string): Promise<OrgRecord | null> {
    const row = await this.db.getRepository(OrgEntity).findOneBy({ id });
    return row ? { id: row.id, kind: row.kind, name: row.name, tier: row.tier } : null;
  }

  /** Creates a user of `orgId` and its key (by hash), in one transaction. */
  async insertUserWithKey(orgId: string, userName: string, keyHash: string): Promise<{ userId: string }> {
    const userId = randomUUID();
    await this.db.transaction(async (tx) => {
      await tx.query(`INSERT INTO users (id, org_id, name) VALUES ($1, $2, $3)`, [userId, orgId, userName]);
      await tx.query(`INSERT INTO api_keys (id, user_id, key_hash) VALUES ($1, $2, $3)`, [
        randomUUID(),
        userId,
        keyHash,
      ]);
    });
    return { userId };
  }
}
