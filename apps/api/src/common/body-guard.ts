import { AppError, ErrorCode } from './errors';

/** Deepest nesting of objects and arrays a request body may have; mapflow's deepest DTO needs 4. */
export const MAX_BODY_DEPTH = 32;

/**
 * What makes a parsed JSON body unusable before any DTO looks at it, or null:
 * - nesting deeper than {@link MAX_BODY_DEPTH}: class-transformer and
 *   class-validator recurse, and a body nested thousands deep overflowed the
 *   stack (a 500);
 * - a number JSON.parse turned into ±Infinity (`1e400`): RFC 8785 cannot
 *   canonicalize it, so the Idempotency-Key fingerprint threw (a 500).
 * Iterative: it must not itself overflow on the input it guards against.
 */
export function bodyFault(body: unknown): string | null {
  const stack: { value: unknown; depth: number }[] = [{ value: body, depth: 1 }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value, depth } = next;
    if (typeof value === 'number' && !Number.isFinite(value)) return 'a number is out of range';
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_BODY_DEPTH) return `it nests objects or arrays more than ${MAX_BODY_DEPTH} deep`;
    const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
    for (const child of children) stack.push({ value: child, depth: depth + 1 });
  }
  return null;
}

/** Fastify `preValidation` hook: a body with a {@link bodyFault} is malformed input, a 400 (found by test/reliability/hostile). */
export async function guardBody(request: { body?: unknown }): Promise<void> {
  const fault = bodyFault(request.body);
  if (fault !== null) {
    throw new AppError(ErrorCode.Validation, `The body is not acceptable JSON: ${fault}`, {
      errors: [{ field: 'body', message: fault }],
    });
  }
}
