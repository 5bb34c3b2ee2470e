/**
 * The problem types of mapflow's API (RFC 9457 `type`): one URL per error code, the code last.
 * The API builds every problem document's `type` here and clients match on the same URLs, so
 * the two cannot drift. Public contract: changing a URL breaks clients.
 */

/** The base of every problem-type URL: the code follows it. */
export const PROBLEM_TYPE_BASE = 'https://mapflow.dev/problems/';

/** Every error mapflow answers with, by code: the last segment of its problem-type URL. */
export const ProblemCode = {
  Validation: 'validation',
  MalformedJson: 'malformed-json',
  MalformedRequest: 'malformed-request',
  HeadersTooLarge: 'headers-too-large',
  RequestTimeout: 'request-timeout',
  Unauthenticated: 'unauthenticated',
  Forbidden: 'forbidden',
  NotFound: 'not-found',
  RouteNotFound: 'route-not-found',
  MethodNotAllowed: 'method-not-allowed',
  StateConflict: 'state-conflict',
  GateNotReady: 'gate-not-ready',
  RuleRefused: 'rule-refused',
  PreconditionRequired: 'precondition-required',
  PreconditionFailed: 'precondition-failed',
  IdempotencyKeyReused: 'idempotency-key-reused',
  IdempotencyInFlight: 'idempotency-in-flight',
  PayloadTooLarge: 'payload-too-large',
  UnsupportedMediaType: 'unsupported-media-type',
  NotAcceptable: 'not-acceptable',
  RateLimited: 'rate-limited',
  DatabaseUnavailable: 'database-unavailable',
  Internal: 'internal',
} as const;

export type ProblemCode = (typeof ProblemCode)[keyof typeof ProblemCode];

/** The `type` URL of a problem, e.g. `problemTypeUrl('gate-not-ready')`. */
export function problemTypeUrl(code: ProblemCode): string {
  return `${PROBLEM_TYPE_BASE}${code}`;
}
