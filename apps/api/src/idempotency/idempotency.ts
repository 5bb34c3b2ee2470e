import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import canonicalize from 'canonicalize';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { from, Observable, switchMap } from 'rxjs';
import { AppError, ErrorCode, IdempotentReplay } from '../common/errors';
import { IdempotencyRepository } from './idempotency.repository';

/** What a request holds once it has claimed its Idempotency-Key. */
export interface IdempotencyClaim {
  orgId: string;
  key: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotency?: IdempotencyClaim;
  }
}

/** Answers that are not final: they release the key so that a retry runs again. */
const NOT_FINAL = new Set([409, 412, 428, 429]);
/** Headers replayed with the body. */
const REPLAYED_HEADERS = ['content-type', 'etag', 'location'];

/** The key from an `Idempotency-Key` header, quoted or not; null when absent; 400 when malformed. */
export function idempotencyKeyOf(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  const raw = (Array.isArray(header) ? header[0] : header)?.trim() ?? '';
  const key = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new AppError(ErrorCode.Validation, 'Idempotency-Key must be 1 to 255 visible ASCII characters', {
      errors: [{ field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' }],
    });
  }
  return key;
}

/** SHA-256 over the method, the path and the RFC 8785 canonical form of the body. */
export function fingerprintOf(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${url}\n${canonicalize(body ?? null) ?? ''}`)
    .digest('hex');
}

/**
 * `Idempotency-Key` on every POST (IETF draft semantics), looked up right
 * after authentication: the same key and body replay the first status and body
 * byte for byte; a different body is 422; a retry while the first runs is 409.
 * The answer is stored by {@link recordIdempotentAnswer} as Fastify sends it.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly keys: IdempotencyRepository) {}

  /** The Fastify `onSend` hook that stores (or releases) the answer to each request that claimed a key. */
  answerRecorder(): ReturnType<typeof recordIdempotentAnswer> {
    return recordIdempotentAnswer(this.keys);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (request.method !== 'POST' || !request.caller) return next.handle();
    const key = idempotencyKeyOf(request.headers['idempotency-key']);
    if (key === null) return next.handle();
    const orgId = request.caller.orgId;
    const fingerprint = fingerprintOf(request.method, request.url, request.body);
    return from(this.keys.begin(orgId, key, fingerprint)).pipe(
      switchMap((outcome) => {
        switch (outcome.kind) {
          case 'proceed':
            request.idempotency = { orgId, key };
            return next.handle();
          case 'replay':
            throw new IdempotentReplay(outcome.status, outcome.body, outcome.headers);
          case 'mismatch':
            throw new AppError(
              ErrorCode.IdempotencyKeyReused,
              'This Idempotency-Key was first used with a different request body',
            );
          case 'in-flight':
            throw new AppError(
              ErrorCode.IdempotencyInFlight,
              'The first request with this Idempotency-Key is still running; retry shortly',
            );
        }
      }),
    );
  }
}

/**
 * Fastify `onSend` hook: stores the answer to a request that claimed a key,
 * exactly as it is sent, before the client sees it; releases the key instead
 * when the answer is not final (5xx, 409, 412, 428, 429).
 */
export function recordIdempotentAnswer(keys: IdempotencyRepository) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    const claim = request.idempotency;
    if (!claim) return payload;
    request.idempotency = undefined;
    const status = reply.statusCode;
    if (status >= 500 || NOT_FINAL.has(status) || typeof payload !== 'string') {
      await keys.release(claim.orgId, claim.key);
      return payload;
    }
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = reply.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    await keys.complete(claim.orgId, claim.key, status, payload, headers);
    return payload;
  };
}
