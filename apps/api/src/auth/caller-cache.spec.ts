import type { Caller } from './caller';
import { CALLER_CACHE_MS, CallerCache, KNOWN_KEY_MEMORY_MS, UNKNOWN_KEY_CACHE_MS } from './caller-cache';

const caller = (n: number): Caller => ({ userId: `u${n}`, orgId: `o${n}`, role: 'partner', tier: 'premier' });

describe('CallerCache', () => {
  it('remembers a resolved key until it expires, then asks again', () => {
    let now = 1_000;
    const cache = new CallerCache(() => now);
    cache.set('k', caller(1));
    expect(cache.get('k')).toEqual(caller(1));
    now += CALLER_CACHE_MS - 1;
    expect(cache.get('k')).toEqual(caller(1));
    now += 1;
    expect(cache.get('k')).toBeNull();
  });

  it('forgets the oldest key past its capacity', () => {
    const cache = new CallerCache(() => 0);
    for (let i = 0; i <= 10_000; i += 1) cache.set(`k${i}`, caller(i));
    expect(cache.get('k0')).toBeNull();
    expect(cache.get('k1')).toEqual(caller(1));
    expect(cache.get('k10000')).toEqual(caller(10_000));
  });

  it('remembers an unknown key for a while, then asks again', () => {
    let now = 0;
    const cache = new CallerCache(() => now);
    cache.setUnknown('nope');
    expect(cache.lookUp('nope')).toEqual({ kind: 'unknown' });
    now += UNKNOWN_KEY_CACHE_MS;
    expect(cache.lookUp('nope')).toEqual({ kind: 'miss' });
  });

  it('holds at most 10k unknown keys: a flood of made-up keys cannot grow it', () => {
    const cache = new CallerCache(() => 0);
    for (let i = 0; i <= 10_000; i += 1) cache.setUnknown(`x${i}`);
    expect(cache.lookUp('x0')).toEqual({ kind: 'miss' });
    expect(cache.lookUp('x10000')).toEqual({ kind: 'unknown' });
  });

  it('remembers that a stale key once resolved, until it is found unknown or a day has passed', () => {
    let now = 0;
    const cache = new CallerCache(() => now);
    cache.set('k', caller(1));
    cache.set('j', caller(2));
    now += CALLER_CACHE_MS;
    expect(cache.lookUp('k')).toEqual({ kind: 'was-known' });
    cache.setUnknown('k'); // revoked
    expect(cache.lookUp('k')).toEqual({ kind: 'unknown' });
    now = KNOWN_KEY_MEMORY_MS;
    expect(cache.lookUp('j')).toEqual({ kind: 'miss' });
  });
});
