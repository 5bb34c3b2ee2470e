import { problemTypeUrl, type ProblemCode } from '@mapflow/client';

/**
 * The problem-type URLs (RFC 9457 `type`) as the suites expect them: built by @mapflow/client,
 * where the API builds them too. The URLs themselves are pinned, written out, in
 * libs/client/test/problem-types.spec.ts, so a URL changing is still caught.
 */
export type ProblemName = ProblemCode;

/** The `type` URL of a problem document, e.g. `problemType('not-found')`. */
export function problemType(name: ProblemName): string {
  return problemTypeUrl(name);
}
