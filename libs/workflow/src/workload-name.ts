/**
 * Workload names, as stacking compares them (DESIGN.md section 2): `STACK-X`,
 * ` stack-x ` and `stack-x` with a zero-width space are one workload.
 */

/**
 * Characters that show nothing: format characters (zero-width space and
 * joiners, the byte order mark, bidi marks, soft hyphen), the rest of
 * Unicode's default-ignorable code points (variation selectors, Hangul
 * fillers, ...), and the control characters that are not whitespace.
 */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]|(?!\p{White_Space})\p{Cc}/gu;
const WHITESPACE = /\p{White_Space}+/gu;

/** Dotless i: the one letter whose upper-then-lower round trip leaves its case folding class (it would become i). */
const DOTLESS_I = 'ı';

/**
 * Full Unicode case folding of one code point, from the engine's
 * locale-independent case mappings: lower, upper, lower again takes `ẞ`
 * and `ß` to `ss`, `ς` to `σ`, `ﬀ` to `ff` and a Cherokee lowercase letter
 * to the class of its capital, as CaseFolding.txt (C+F) does.
 */
function foldCodePoint(c: string): string {
  return c === DOTLESS_I ? c : c.toLowerCase().toUpperCase().toLowerCase();
}

/**
 * The form in which a workload name is stored and compared: invisible
 * characters removed, Unicode NFKC, case folded, whitespace trimmed and each
 * run of it collapsed to one space.
 *
 * Pure, total and idempotent (`normalizeWorkloadName(normalizeWorkloadName(x))`
 * is `normalizeWorkloadName(x)`): the service puts normalised names into
 * `FILE_FUND_REQUEST.workloads` and `RECORD_ACTIVATE_WORKLOAD.workload` before
 * the machine sees them, so version 1's byte-for-byte guard compares
 * normalised names, and the recorded event replays as it was decided. A name
 * may normalise to `''` (only invisible characters or whitespace) or grow
 * (NFKC expands some compatibility characters, folding `ß` gives `ss`):
 * the caller checks the result.
 */
export function normalizeWorkloadName(name: string): string {
  // Invisible characters go first: one between a letter and its combining mark would keep NFKC from composing them.
  const visible = name.replace(INVISIBLE, '').normalize('NFKC');
  const folded = Array.from(visible, foldCodePoint).join('').normalize('NFKC');
  // Folding and NFKC can produce a default-ignorable (a Hangul filler); remove again, then whitespace.
  return folded.replace(INVISIBLE, '').replace(WHITESPACE, ' ').trim();
}

/** The names of `names`, normalised, each once, in the order first seen. */
export function normalizeWorkloadNames(names: readonly string[]): string[] {
  return [...new Set(names.map(normalizeWorkloadName))];
}
