import { AppError, ErrorCode, FieldError } from './errors';

/** Deepest nesting of objects and arrays a request body may have; mapflow's deepest DTO needs 4. */
export const MAX_BODY_DEPTH = 32;
/** At most this many field errors are listed; the first ones are enough to fix a request. */
const MAX_LISTED = 20;

/**
 * A NUL, or a UTF-16 surrogate that is not half of a pair (with the `u` flag a
 * pair is one code point, so only a lone half matches). PostgreSQL stores
 * neither: a NUL in text or jsonb, or a lone surrogate in jsonb, is an error
 * (a 500), and a lone surrogate in a text column is stored altered (U+FFFD).
 */
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what this looks for
const UNSTORABLE = /[\u0000\uD800-\uDFFF]/u;

/** Why a string cannot be taken as text, or null. */
export function textFault(text: string): string | null {
  const found = UNSTORABLE.exec(text);
  if (found === null) return null;
  return found[0] === '\u0000'
    ? 'must not contain a NUL character (U+0000)'
    : 'must be well-formed Unicode (it holds a lone UTF-16 surrogate)';
}

interface Node {
  value: unknown;
  depth: number;
  /** The field name or array index under the parent; null for the input itself. */
  key: string | number | null;
  parent: Node | null;
}

/** The dotted path of a node (`applications.0.name`), as the validation pipe names fields. */
function pathOf(node: Node, root: string): string {
  const keys: string[] = [];
  for (let at: Node | null = node; at !== null; at = at.parent) {
    // A hostile field name may be huge: name it by its start.
    if (at.key !== null) keys.push(String(at.key).slice(0, 100));
  }
  return keys.length === 0 ? root : keys.reverse().join('.');
}

/**
 * Every fault of a parsed input (a JSON body, the query, the path
 * parameters) that makes it unusable before any DTO looks at it:
 * - nesting deeper than {@link MAX_BODY_DEPTH}: class-transformer and
 *   class-validator recurse, and a body nested thousands deep overflowed the
 *   stack (a 500). This one fault is reported alone, for `root`;
 * - a number JSON.parse turned into ±Infinity (`1e400`): RFC 8785 cannot
 *   canonicalize it, so the Idempotency-Key fingerprint threw (a 500);
 * - a string or a field name holding a NUL or a lone surrogate ({@link textFault}).
 * Fields are named by their dotted path; `root` names the input itself.
 * Iterative: it must not itself overflow on the input it guards against.
 */
export function inputFaults(input: unknown, root = 'body'): FieldError[] {
  const faults: FieldError[] = [];
  const stack: Node[] = [{ value: input, depth: 1, key: null, parent: null }];
  for (let node = stack.pop(); node !== undefined && faults.length < MAX_LISTED; node = stack.pop()) {
    const { value, depth } = node;
    if (typeof value === 'number' && !Number.isFinite(value)) {
      faults.push({ field: pathOf(node, root), message: 'a number is out of range' });
      continue;
    }
    if (typeof value === 'string') {
      const fault = textFault(value);
      if (fault !== null) faults.push({ field: pathOf(node, root), message: fault });
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_BODY_DEPTH) {
      return [{ field: root, message: `it nests objects or arrays more than ${MAX_BODY_DEPTH} deep` }];
    }
    // Pushed last first, so that faults come out in the order of the input.
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i -= 1) {
        stack.push({ value: value[i] as unknown, depth: depth + 1, key: i, parent: node });
      }
      continue;
    }
    const entries = Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i -= 1) {
      const [key, child] = entries[i] as [string, unknown];
      const entry: Node = { value: child, depth: depth + 1, key, parent: node };
      const keyFault = textFault(key);
      if (keyFault === null) stack.push(entry);
      else faults.push({ field: pathOf(entry, root), message: `the field name ${keyFault}` });
    }
  }
  return faults.slice(0, MAX_LISTED);
}

/**
 * Fastify `preValidation` hook: a body, query string or path parameter with
 * an {@link inputFaults} fault is malformed input, a 400 naming each field
 * (found by test/reliability/hostile). Query and path parameters are named as
 * they are sent (`state`, `id`).
 */
export async function guardBody(request: { body?: unknown; query?: unknown; params?: unknown }): Promise<void> {
  const faults = [
    ...inputFaults(request.params, 'params'),
    ...inputFaults(request.query, 'query'),
    ...inputFaults(request.body, 'body'),
  ];
  if (faults.length === 0) return;
  const detail = faults.map((f) => (f.field === 'body' ? f.message : `${f.field} ${f.message}`)).join('; ');
  throw new AppError(ErrorCode.Validation, `The request is not acceptable: ${detail}`, {
    errors: faults.slice(0, MAX_LISTED),
  });
}
