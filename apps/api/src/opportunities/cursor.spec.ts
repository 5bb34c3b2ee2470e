import { decodeCursor, encodeCursor, parseCursor } from './cursor';

const ID = '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

describe('list cursors', () => {
  it('decode what encodeCursor wrote', () => {
    const at = '2026-11-26T10:31:04.546Z';
    expect(parseCursor(encodeCursor(at, ID))).toEqual({ createdAt: at, id: ID });
  });

  it.each([
    `2024-01-01 (x)|${ID}`,
    `1|${ID}`,
    `2024-02-30T00:00:00.000Z|${ID}`,
    `2024-01-01T24:00:00.000Z|${ID}`,
    `0000-01-01T00:00:00.000Z|${ID}`,
    `1969-12-31T23:59:59.999Z|${ID}`,
    `+275760-09-13T00:00:00.000Z|${ID}`,
    `2024-01-01T00:00:00Z|${ID}`,
    `2024-01-01T00:00:00.000Z|${ID.toUpperCase()}`,
    `2024-01-01T00:00:00.000Z|${ID}|x`,
    `2024-01-01T00:00:00.000Z`,
  ])('refuse %s', (text) => {
    expect(parseCursor(b64(text))).toBeNull();
    expect(() => decodeCursor(b64(text))).toThrow('cursor is not one this API returned');
  });

  it('refuse what is not canonical base64url', () => {
    const good = encodeCursor('2026-11-26T10:31:04.546Z', ID);
    expect(parseCursor(`${good}=`)).toBeNull();
    expect(parseCursor(`${good.slice(0, -1)}${good.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    expect(parseCursor('')).toBeNull();
    expect(parseCursor('a'.repeat(201))).toBeNull();
  });
});
