import { AppError, ErrorCode } from '../common/errors';

/** What the API says of a cursor it did not return. */
export const CURSOR_RULE = 'cursor must be a nextCursor returned by this API';

/** base64url without padding, as {@link encodeCursor} writes it. */
const BASE64URL = /^[A-Za-z0-9_-]{1,200}$/;
/** An instant exactly as `Date.prototype.toISOString` writes it (years 0000-9999). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** A UUID as PostgreSQL prints it. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Instants a cursor may hold: PostgreSQL rejects year 0000, and no row is older than the epoch. */
const EARLIEST = '1970-01-01T00:00:00.000Z';

/** An opaque list cursor: the (created_at, id) of the last item of a page. */
export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(`${createdAt}|${id}`, 'utf8').toString('base64url');
}

/**
 * The (created_at, id) a cursor holds, or null when it is not one
 * {@link encodeCursor} could have written: canonical base64url of
 * `<ISO instant>|<uuid>`, the instant a real one (no February 30, no hour 24)
 * from 1970 on. Strict, because PostgreSQL rejects much of what `Date.parse`
 * accepts (`2024-01-01 (x)`, `+275760-09-13`, year 0): that was a 500.
 */
export function parseCursor(cursor: string): { createdAt: string; id: string } | null {
  if (!BASE64URL.test(cursor)) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (Buffer.from(text, 'utf8').toString('base64url') !== cursor) return null;
  const parts = text.split('|');
  if (parts.length !== 2) return null;
  const [createdAt = '', id = ''] = parts;
  if (!ISO_INSTANT.test(createdAt) || !UUID.test(id) || createdAt < EARLIEST) return null;
  const ms = Date.parse(createdAt);
  if (Number.isNaN(ms) || new Date(ms).toISOString() !== createdAt) return null;
  return { createdAt, id };
}

/** {@link parseCursor}, or a 400 naming `cursor`. */
export function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const parsed = parseCursor(cursor);
  if (parsed === null) {
    throw new AppError(ErrorCode.Validation, 'cursor is not one this API returned', {
      errors: [{ field: 'cursor', message: CURSOR_RULE }],
    });
  }
  return parsed;
}
