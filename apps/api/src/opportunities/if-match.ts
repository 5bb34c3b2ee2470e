import { AppError, ErrorCode } from '../common/errors';

/** The ETag of an opportunity at `version`: a strong entity tag, `"<version>"`. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** An `If-Match` condition, parsed by RFC 9110 section 13.1.1. */
export interface IfMatch {
  /** The header as sent. */
  header: string;
  /** `*`: matches the current representation, whatever its version. */
  any: boolean;
  /** The strong entity tags of the list, quotes included (weak ones never match: strong comparison). */
  strong: string[];
  /** The list held weak entity tags. */
  weak: boolean;
  /** The header is neither `*` nor a list of entity tags: it matches nothing. */
  malformed: boolean;
}

/** `entity-tag = [ W/ ] DQUOTE *etagc DQUOTE`, etagc = %x21 / %x23-7E / obs-text; read where `lastIndex` says. */
const ENTITY_TAG = /(?:W\/)?"[\x21\x23-\x7E\x80-\xFF]*"/y;

/**
 * The entity tags of `#entity-tag` (RFC 9110 section 5.6.1: comma-separated, empty elements
 * and optional whitespace allowed), or null when the header is not such a list. A scan, not
 * one regular expression: a list pattern backtracks exponentially on runs of `, ` (a header
 * of 16 KiB would hold the event loop).
 */
function entityTags(header: string): string[] | null {
  const tags: string[] = [];
  let i = 0;
  const skipWhitespace = (): void => {
    while (header[i] === ' ' || header[i] === '\t') i += 1;
  };
  skipWhitespace();
  for (;;) {
    if (i < header.length && header[i] !== ',') {
      ENTITY_TAG.lastIndex = i;
      const tag = ENTITY_TAG.exec(header);
      if (tag === null) return null;
      tags.push(tag[0]);
      i = ENTITY_TAG.lastIndex;
      skipWhitespace();
    }
    if (i >= header.length) return tags;
    if (header[i] !== ',') return null;
    i += 1;
    skipWhitespace();
  }
}

/**
 * Reads `If-Match`: `*`, or a list of entity tags. Every event requires it,
 * so a missing or blank header is 428. A malformed one is kept, and matches
 * nothing (412 once the opportunity is found), as does a list of weak tags.
 */
export function parseIfMatch(header: string | undefined): IfMatch {
  if (header === undefined || header.trim() === '') {
    throw new AppError(
      ErrorCode.PreconditionRequired,
      'Send If-Match with the ETag of your last read of the opportunity',
    );
  }
  if (header.trim() === '*') return { header, any: true, strong: [], weak: false, malformed: false };
  const tags = entityTags(header);
  if (tags === null) return { header, any: false, strong: [], weak: false, malformed: true };
  return {
    header,
    any: false,
    strong: tags.filter((tag) => !tag.startsWith('W/')),
    weak: tags.some((tag) => tag.startsWith('W/')),
    malformed: false,
  };
}

/** True when the condition holds for the opportunity at `version` (strong comparison). */
export function ifMatchHolds(condition: IfMatch, version: number): boolean {
  return condition.any || condition.strong.includes(etagOf(version));
}

/**
 * Whether the condition could hold for the opportunity at `version` or any later one: versions only grow, so
 * when it cannot, the request is stale for good, whatever was committed since.
 */
export function ifMatchMayHoldFrom(condition: IfMatch, version: number): boolean {
  return (
    condition.any ||
    condition.strong.some((tag) => {
      const named = Number(tag.slice(1, -1));
      return Number.isInteger(named) && named >= version;
    })
  );
}

/** Throws 412 unless the condition holds for the opportunity at `version`, saying why. */
export function assertIfMatch(condition: IfMatch, version: number): void {
  if (ifMatchHolds(condition, version)) return;
  const sent = condition.header.length > 200 ? `${condition.header.slice(0, 200)}...` : condition.header;
  let why: string;
  if (condition.malformed) {
    why = `If-Match ${sent} is not * or a list of entity tags (RFC 9110): send the ETag of your last read, e.g. ${etagOf(version)}`;
  } else if (condition.weak && condition.strong.length === 0) {
    why = `If-Match ${sent} holds only weak entity tags, and If-Match compares strongly (RFC 9110 section 13.1.1): send the ETag as read`;
  } else {
    why = `If-Match ${sent} does not match the opportunity's ETag ${etagOf(version)}: read it again`;
  }
  throw new AppError(ErrorCode.PreconditionFailed, why);
}
