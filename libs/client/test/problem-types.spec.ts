import { PROBLEM_TYPE_BASE, ProblemCode, problemTypeUrl } from '../src/problem-types';

/**
 * The public problem-type URLs, written out: clients match on them, so each is pinned here rather
 * than read back from the constant that builds them.
 */
const PINNED = [
  'https://mapflow.dev/problems/validation',
  'https://mapflow.dev/problems/malformed-json',
  'https://mapflow.dev/problems/malformed-request',
  'https://mapflow.dev/problems/headers-too-large',
  'https://mapflow.dev/problems/request-timeout',
  'https://mapflow.dev/problems/unauthenticated',
  'https://mapflow.dev/problems/forbidden',
  'https://mapflow.dev/problems/not-found',
  'https://mapflow.dev/problems/route-not-found',
  'https://mapflow.dev/problems/method-not-allowed',
  'https://mapflow.dev/problems/state-conflict',
  'https://mapflow.dev/problems/gate-not-ready',
  'https://mapflow.dev/problems/rule-refused',
  'https://mapflow.dev/problems/precondition-required',
  'https://mapflow.dev/problems/precondition-failed',
  'https://mapflow.dev/problems/idempotency-key-reused',
  'https://mapflow.dev/problems/idempotency-in-flight',
  'https://mapflow.dev/problems/payload-too-large',
  'https://mapflow.dev/problems/unsupported-media-type',
  'https://mapflow.dev/problems/not-acceptable',
  'https://mapflow.dev/problems/rate-limited',
  'https://mapflow.dev/problems/database-unavailable',
  'https://mapflow.dev/problems/internal',
];

describe('problem types (@mapflow/client)', () => {
  it('builds exactly the published URLs, one per code', () => {
    expect(Object.values(ProblemCode).map(problemTypeUrl).sort()).toEqual([...PINNED].sort());
  });

  it('puts the code after the one base URL', () => {
    expect(PROBLEM_TYPE_BASE).toBe('https://mapflow.dev/problems/');
    expect(problemTypeUrl(ProblemCode.GateNotReady)).toBe('https://mapflow.dev/problems/gate-not-ready');
  });
});
