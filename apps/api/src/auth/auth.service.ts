import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OrgKind } from '@mapflow/persistence';
import { AuthRepository } from './auth.repository';
import type { Caller } from './caller';
import { generateApiKey, hashApiKey } from './keys';

/** API keys: who is behind one, minting them for an org's new users. */
@Injectable()
export class AuthService {
  constructor(private readonly auth: AuthRepository) {}

  /** The caller owning the key with this hash, unless it is unknown or revoked. */
  callerOf(keyHash: string): Promise<Caller | null> {
    return this.auth.findCallerByKeyHash(keyHash);
  }

  /** A new user of `orgId` with a new key: the key is answered this once; only its hash is stored. */
  async mintKey(orgId: string, userName: string): Promise<{ key: string; userId: string }> {
    const key = generateApiKey();
    const { userId } = await this.auth.insertUserWithKey(orgId, userName, hashApiKey(key));
    return { key, userId };
  }

  /** A new user of `orgId` holding the key with this hash, in `tx` (the bootstrap ops key). */
  addUserWithKey(tx: EntityManager, orgId: string, userName: string, keyHash: string): Promise<{ userId: string }> {
    return this.auth.insertUserWithKey(orgId, userName, keyHash, tx);
  }

  /** Whether any user of an org of this kind holds a key. */
  hasKeyOfKind(tx: EntityManager, kind: OrgKind): Promise<boolean> {
    return this.auth.hasKeyOfKind(tx, kind);
  }
}
