/**
 * The public problem-type URLs (RFC 9457 `type`), one per error code, pinned on the test
 * side in this one table. They are written out rather than read from apps/api's `ErrorCode`:
 * clients match on these URLs, so a suite reading the app's own constant could not catch one
 * changing.
 */
export const PROBLEM_TYPES = {
  validation: 'https://mapflow.dev/problems/validation',
  'malformed-json': 'https://mapflow.dev/problems/malformed-json',
  'malformed-request': 'https://mapflow.dev/problems/malformed-request',
  'headers-too-large': 'https://mapflow.dev/problems/headers-too-large',
  'request-timeout': 'https://mapflow.dev/problems/request-timeout',
  unauthenticated: 'https://mapflow.dev/problems/unauthenticated',
  forbidden: 'https://mapflow.dev/problems/forbidden',
  'not-found': 'https://mapflow.dev/problems/not-found',
  'route-not-found': 'https://mapflow.dev/problems/route-not-found',
  'method-not-allowed': 'https://mapflow.dev/problems/method-not-allowed',
  'state-conflict': 'https://mapflow.dev/problems/state-conflict',
  'gate-not-ready': 'https://mapflow.dev/problems/gate-not-ready',
  'rule-refused': 'https://mapflow.dev/problems/rule-refused',
  'precondition-required': 'https://mapflow.dev/problems/precondition-required',
  'precondition-failed': 'https://mapflow.dev/problems/precondition-failed',
  'idempotency-key-reused': 'https://mapflow.dev/problems/idempotency-key-reused',
  'idempotency-in-flight': 'https://mapflow.dev/problems/idempotency-in-flight',
  'payload-too-large': 'https://mapflow.dev/problems/payload-too-large',
  'unsupported-media-type': 'https://mapflow.dev/problems/unsupported-media-type',
  'not-acceptable': 'https://mapflow.dev/problems/not-acceptable',
  'rate-limited': 'https://mapflow.dev/problems/rate-limited',
  'database-unavailable': 'https://mapflow.dev/problems/database-unavailable',
  internal: 'https://mapflow.dev/problems/internal',
} as const;

export type ProblemName = keyof typeof PROBLEM_TYPES;

/** The `type` URL of a problem document, e.g. `problemType('not-found')`. */
export function problemType(name: ProblemName): string {
  return PROBLEM_TYPES[name];
}
