/**
 * Workload names compare after normalisation (DESIGN.md section 2): the
 * examples of the issue by hand, each step of the normalisation, then
 * properties (idempotent; agrees with the regular-expression engine's own
 * Unicode case folding, an implementation independent of ours).
 */
import fc from 'fast-check';
import { normalizeWorkloadName, normalizeWorkloadNames } from '../src';

/** Every code point of the first two planes, where every cased letter lives, surrogates left out. */
function* codePoints(): Generator<string> {
  for (let cp = 0; cp <= 0x1ffff; cp += 1) if (cp < 0xd800 || cp > 0xdfff) yield String.fromCodePoint(cp);
}

const hex = (c: string): string => (c.codePointAt(0) ?? 0).toString(16);

describe('normalizeWorkloadName', () => {
  it('makes the names of the issue one workload: case, surrounding space, a zero-width space', () => {
    for (const name of ['stack-x', 'STACK-X', ' stack-x ', 'stack-x\u200b', '\u200bStack-X\u200d', 'stack-x\ufeff']) {
      expect(normalizeWorkloadName(name)).toBe('stack-x');
    }
  });

  it('applies NFKC: full-width and compatibility forms are their plain letters', () => {
    expect(normalizeWorkloadName('ＳＴＡＣＫ－Ｘ')).toBe('stack-x');
    expect(normalizeWorkloadName('ﬁnance')).toBe('finance');
    expect(normalizeWorkloadName('billing\u2075')).toBe('billing5');
    // Composed and decomposed accents are one name.
    expect(normalizeWorkloadName('cafe\u0301')).toBe(normalizeWorkloadName('café'));
  });

  it('case folds fully, beyond lower-casing', () => {
    expect(normalizeWorkloadName('Straße')).toBe('strasse');
    expect(normalizeWorkloadName('STRASSE')).toBe('strasse');
    expect(normalizeWorkloadName('ẞ')).toBe('ss');
    expect(normalizeWorkloadName('ΟΔΟΣ')).toBe(normalizeWorkloadName('οδος'));
    expect(normalizeWorkloadName('ᏣᎳᎩ')).toBe(normalizeWorkloadName('ꮳꮃꭹ'));
    // Dotless i has no case folding: it stays apart from i, as CaseFolding.txt keeps it.
    expect(normalizeWorkloadName('ı')).toBe('ı');
    expect(normalizeWorkloadName('I')).toBe('i');
  });

  it('trims whitespace and collapses each run of it, of any kind, to one space', () => {
    expect(normalizeWorkloadName('  data\t\n  lake\u00a0\u3000zone  ')).toBe('data lake zone');
    expect(normalizeWorkloadName('data \u200b lake')).toBe('data lake');
  });

  it('removes invisible characters: format characters, default ignorables and controls', () => {
    const invisible = [
      '\u200b',
      '\u200c',
      '\u200d',
      '\u2060',
      '\ufeff',
      '\u00ad',
      '\u202e',
      '\ufe0f',
      '\u3164',
      '\u0007',
    ];
    for (const c of invisible)
      expect({ c: hex(c), name: normalizeWorkloadName(`bi${c}lling`) }).toEqual({ c: hex(c), name: 'billing' });
    // An invisible character between a letter and its accent does not keep them apart.
    expect(normalizeWorkloadName('e\u200b\u0301')).toBe('é');
  });

  it('may give an empty name (only invisible characters or whitespace), which the caller refuses', () => {
    expect(normalizeWorkloadName('\u200b \u200b')).toBe('');
    expect(normalizeWorkloadName('')).toBe('');
  });

  it('normalises a list once per name, in the order first seen', () => {
    expect(normalizeWorkloadNames(['B', 'a', ' b ', 'A\u200b', 'c'])).toEqual(['b', 'a', 'c']);
    expect(normalizeWorkloadNames([])).toEqual([]);
  });

  it('is idempotent on every code point and on any string', () => {
    const unstable: string[] = [];
    for (const c of codePoints()) {
      const once = normalizeWorkloadName(c);
      if (normalizeWorkloadName(once) !== once) unstable.push(`U+${hex(c)}`);
    }
    expect(unstable).toEqual([]);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const once = normalizeWorkloadName(s);
        expect(normalizeWorkloadName(once)).toBe(once);
      }),
      { numRuns: 2_000 },
    );
  });

  it('puts together whatever the regex engine folds together, case-insensitively, and only letters of one class', () => {
    const apart: string[] = [];
    const merged: string[] = [];
    for (const c of codePoints()) {
      if (c.normalize('NFKC') !== c) continue;
      const folded = normalizeWorkloadName(c);
      const sameClass = (other: string): boolean => new RegExp(`^\\u{${hex(c)}}$`, 'iu').test(other);
      // Its simple case partners (what /x/iu matches among its upper and lower forms) normalise alike.
      for (const partner of [c.toUpperCase(), c.toLowerCase()]) {
        if (
          [...partner].length === 1 &&
          partner !== c &&
          sameClass(partner) &&
          normalizeWorkloadName(partner) !== folded
        ) {
          apart.push(`U+${hex(c)} U+${hex(partner)}`);
        }
      }
      // A letter that folds to one code point stays in its own case class.
      if ([...folded].length === 1 && folded !== c && /\p{L}/u.test(c) && !sameClass(folded)) {
        merged.push(`U+${hex(c)} -> U+${hex(folded)}`);
      }
    }
    expect(apart).toEqual([]);
    expect(merged).toEqual([]);
  });
});
