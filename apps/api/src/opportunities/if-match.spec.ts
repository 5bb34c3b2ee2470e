import { AppError, ErrorCode } from '../common/errors';
import { assertIfMatch, etagOf, ifMatchHolds, ifMatchMayHoldFrom, parseIfMatch } from './if-match';

/** The error `fn` throws, or null. */
const thrown = (fn: () => unknown): AppError | null => {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
};

describe('If-Match (RFC 9110 section 13.1.1)', () => {
  it('is required: absent or blank is 428', () => {
    for (const header of [undefined, '', '  \t']) {
      expect(thrown(() => parseIfMatch(header))?.code).toBe(ErrorCode.PreconditionRequired);
    }
  });

  it.each([
    ['"5"', true],
    ['*', true],
    [' * ', true],
    ['"4", "5"', true],
    ['"4","5"', true],
    [', "5" ,,', true],
    ['W/"5", "5"', true],
    ['"a,b", "5"', true],
    ['W/"5"', false],
    ['W/"4", W/"5"', false],
    ['"05"', false],
    ['5', false],
    ['"5', false],
    ['"4" "5"', false],
    ['*, "5"', false],
    ['w/"5"', false],
    ['"5"x', false],
  ])('%s matches version 5: %s', (header, holds) => {
    const condition = parseIfMatch(header);
    expect(ifMatchHolds(condition, 5)).toBe(holds);
    expect(thrown(() => assertIfMatch(condition, 5))?.code).toBe(holds ? undefined : ErrorCode.PreconditionFailed);
  });

  it('says why a condition fails', () => {
    const why = (header: string): string => thrown(() => assertIfMatch(parseIfMatch(header), 5))?.detail ?? '';
    expect(why('W/"5"')).toContain('strongly');
    expect(why('5')).toContain('not * or a list of entity tags');
    expect(why('"4"')).toContain(`does not match the opportunity's ETag ${etagOf(5)}`);
    expect(why(`"${'9'.repeat(500)}"`).length).toBeLessThan(400);
  });

  it('parses a long header in linear time', () => {
    const started = performance.now();
    for (const header of [
      `"2"${' '.repeat(16_000)}x`,
      `${' ,'.repeat(8_000)}x`,
      `"1"${' '.repeat(16_000)}"`,
      `${', \t'.repeat(5_000)}W/`,
    ]) {
      expect(ifMatchHolds(parseIfMatch(header), 1)).toBe(false);
    }
    expect(performance.now() - started).toBeLessThan(500);
  });

  it.each([
    ['"5"', 5, true],
    ['"6"', 5, true],
    ['"4"', 5, false],
    ['"3", "4"', 5, false],
    ['"3", "7"', 5, true],
    ['*', 9, true],
    ['W/"9"', 5, false],
    ['"abc"', 5, false],
    ['not a tag', 5, false],
  ])('If-Match %s may still hold at version %d or later: %s (stale for good otherwise)', (header, version, may) => {
    const condition = parseIfMatch(header);
    expect(ifMatchMayHoldFrom(condition, version)).toBe(may);
    // Whatever may not hold from a version holds at none after it.
    if (!may) for (let v = version; v < version + 5; v += 1) expect(ifMatchHolds(condition, v)).toBe(false);
  });
});
