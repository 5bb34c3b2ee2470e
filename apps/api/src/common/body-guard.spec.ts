import { AppError } from './errors';
import { guardBody, inputFaults, MAX_BODY_DEPTH, textFault } from './body-guard';

describe('input guard', () => {
  it('finds NUL and lone surrogates, but not surrogate pairs', () => {
    expect(textFault('plain, é, 😀')).toBeNull();
    expect(textFault('a\u0000b')).toContain('NUL');
    for (const lone of ['\uD800', 'x\uDFFF', '\uDE00\uD83D', '😀'.slice(0, 1)]) {
      expect(textFault(lone)).toContain('lone UTF-16 surrogate');
    }
  });

  it('names each bad string and field name by its dotted path, in order', () => {
    const body = {
      title: 'ok',
      profile: { sourcePlatform: 'x\u0000' },
      workloads: ['a', '\uD800'],
      ['na\u0000me']: 1,
      n: Number.POSITIVE_INFINITY,
    };
    expect(inputFaults(body)).toEqual([
      { field: 'na\u0000me', message: 'the field name must not contain a NUL character (U+0000)' },
      { field: 'profile.sourcePlatform', message: 'must not contain a NUL character (U+0000)' },
      { field: 'workloads.1', message: 'must be well-formed Unicode (it holds a lone UTF-16 surrogate)' },
      { field: 'n', message: 'a number is out of range' },
    ]);
    expect(inputFaults('\u0000', 'query')).toEqual([{ field: 'query', message: expect.stringContaining('NUL') }]);
    expect(inputFaults({ title: 'ok', list: [1, 'two', { three: null }] })).toEqual([]);
  });

  it('reports a body nested too deep alone, and lists at most 20 faults', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < MAX_BODY_DEPTH + 5; i += 1) deep = [deep];
    expect(inputFaults(deep)).toEqual([{ field: 'body', message: `it nests objects or arrays more than 32 deep` }]);
    expect(inputFaults(Array.from({ length: 50 }, () => '\u0000'))).toHaveLength(20);
  });

  it('checks path parameters, the query and the body of a request', async () => {
    await expect(
      guardBody({ params: { id: 'x' }, query: { state: 'migrate' }, body: { a: 'b' } }),
    ).resolves.toBeUndefined();
    const refused = guardBody({ params: { id: 'a\u0000' }, query: { state: ['x', '\uDC00'] }, body: undefined });
    await expect(refused).rejects.toBeInstanceOf(AppError);
    await expect(refused).rejects.toMatchObject({
      extras: { errors: [{ field: 'id' }, { field: 'state.1' }] },
    });
  });
});
