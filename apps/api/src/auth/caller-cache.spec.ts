import type { Caller } from './caller';
import { CALLER_CACHE_MS, CallerCache } from './caller-cache';

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
});
