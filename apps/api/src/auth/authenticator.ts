import type { FastifyRequest } from 'fastify';
import { AppError, ErrorCode } from '../common/errors';
import { AddressLimiter } from '../common/throttle.address';
import type { AuthService } from './auth.service';
import type { Caller } from './caller';
import { CallerCache } from './caller-cache';
import { bearerKey, hashApiKey } from './keys';

/**
 * Resolves the caller of a request from its API key, once per request, and
 * holds requests without a valid key to MAPFLOW_ANON_RATE_LIMIT_PER_MIN per
 * client address: a request counts when it has no key or an unknown one
 * (a valid key never does). A key the cache knows costs no query; a key the
 * database did not know a moment ago costs none either (the negative cache);
 * a key never seen costs one, unless its address is already at the anonymous
 * limit, so a flood of made-up keys cannot turn into a flood of queries. A key
 * that once resolved is looked up whatever its address's count: its owner is
 * not shut out by a flood from the same network.
 */
export class Authenticator {
  private readonly cache: CallerCache;

  constructor(
    private readonly auth: AuthService,
    private readonly limiter: AddressLimiter,
    now: () => number = Date.now,
  ) {
    this.cache = new CallerCache(now);
  }

  /** Counts a request that needs no key (a public route) against its address's anonymous limit. */
  async countAnonymous(request: FastifyRequest): Promise<void> {
    await this.limiter.take(request.ip);
  }

  /** The caller behind the request's key; 401 without a known key, 429 past the anonymous limit. */
  async authenticate(request: FastifyRequest): Promise<Caller> {
    const key = bearerKey(request.headers.authorization);
    if (key === null) {
      await this.limiter.take(request.ip);
      throw new AppError(ErrorCode.Unauthenticated, 'Send your API key as "Authorization: Bearer <key>"', {
        headers: { 'www-authenticate': 'Bearer' },
      });
    }
    const keyHash = hashApiKey(key);
    const cached = this.cache.lookUp(keyHash);
    if (cached.kind === 'caller') return cached.caller;
    if (cached.kind !== 'unknown') {
      // A key never seen costs a query only while its address is within the anonymous limit.
      if (cached.kind === 'miss') this.limiter.check(request.ip);
      const caller = await this.auth.callerOf(keyHash);
      if (caller !== null) {
        this.cache.set(keyHash, caller);
        return caller;
      }
      this.cache.setUnknown(keyHash);
    }
    await this.limiter.take(request.ip);
    throw new AppError(ErrorCode.Unauthenticated, 'The API key is unknown or revoked', {
      headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
    });
  }
}
