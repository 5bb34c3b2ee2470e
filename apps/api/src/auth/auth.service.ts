import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OrgKind } from '@mapflow/persistence';
import { AppError, ErrorCode } from '../common/errors';
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
  async mintKey(orgId: string, userName: string): Promise<{ key: string; keyId: string; userId: string }> {
    const key = generateApiKey();
    const { userId, keyId } = await this.auth.insertUserWithKey(orgId, userName, hashApiKey(key));
    return { key, keyId, userId };
  }

  /**
   * Revokes a key (404 when there is none). Every replica stops taking it
   * within the caller cache's 10 seconds (CALLER_CACHE_MS).
   */
  async revokeKey(id: string): Promise<void> {
    if (!(await this.auth.revokeKey(id))) throw new AppError(ErrorCode.NotFound, `No API key ${id}`);
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
