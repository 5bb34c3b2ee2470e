/**
 * Integer-cent arithmetic and calendar helpers. No clock: every time is an
 * argument. Multiplication runs in BigInt so that a large base never loses a
 * cent to float precision, and always floors.
 */

/** True for a non-negative safe integer: the only shape money may take. */
export function isCents(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/**
 * `amountCents * bps / denominator`, floored to the cent.
 * Contract: for non-negative safe integers, the result r satisfies
 * r * denominator <= amountCents * bps < (r + 1) * denominator, so it never over-claims.
 */
export function applyBps(amountCents: number, bps: number, denominator: number): number {
  return Number((BigInt(amountCents) * BigInt(bps)) / BigInt(denominator));
}

/** `amountCents * factor` for a non-negative integer factor, in BigInt, capped at MAX_SAFE_INTEGER. */
export function multiplyCents(amountCents: number, factor: number): number {
  const product = BigInt(amountCents) * BigInt(factor);
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  return Number(product > max ? max : product);
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
/** Milliseconds in a (UTC) day. */
export const DAY_MS = 86_400_000;

/** True for a real calendar date `YYYY-MM-DD`. */
export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string' || !DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** True for an ISO 8601 timestamp with a date and a time (what the server puts in `at`). */
export function isIsoTimestamp(s: unknown): s is string {
  return typeof s === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s));
}

/** Milliseconds since the epoch of an ISO timestamp or date. */
export function toMs(iso: string): number {
  return Date.parse(iso.length === 10 ? `${iso}T00:00:00.000Z` : iso);
}

/** The calendar date `days` after a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  return new Date(toMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The ISO instant `days` after an ISO instant. */
export function addDaysIso(iso: string, days: number): string {
  return new Date(toMs(iso) + days * DAY_MS).toISOString();
}

/** Whole days elapsed from `from` to `to` (floored, never negative). */
export function daysBetween(from: string, to: string): number {
  return Math.max(0, Math.floor((toMs(to) - toMs(from)) / DAY_MS));
}

/** The calendar date (UTC) of an ISO instant. */
export function dateOf(iso: string): string {
  return new Date(toMs(iso)).toISOString().slice(0, 10);
}

/** True when `s` is a non-empty string once trimmed. */
export function isText(s: unknown): s is string {
  return typeof s === 'string' && s.trim().length > 0;
}
