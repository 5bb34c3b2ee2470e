import type { ThrottlerStorage } from '@nestjs/throttler';

interface ThrottlerStorageRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

interface Windows {
  /** Start of the current window (ms). */
  start: number;
  current: number;
  previous: number;
}

/**
 * Rate-limit counters in O(1) per request: a sliding window estimated from
 * two fixed windows (the previous window's count, weighted by how much of it
 * still overlaps the last `ttl`, plus the current one's). The library's
 * in-memory storage keeps one timestamp per hit and filters the whole list on
 * every request, which costs more the higher the limit. A refused request is
 * not counted. Idle keys are swept.
 */
export class WindowThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Windows>();
  private calls = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Keys counted now. */
  get size(): number {
    return this.windows.size;
  }

  increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    name: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = this.now();
    const w = this.windowOf(`${name}:${key}`, now, ttl, true);
    const estimate = this.estimate(w, now, ttl);
    const isBlocked = estimate >= limit;
    if (!isBlocked) w.current += 1;
    const timeToExpire = Math.max(1, Math.ceil((w.start + ttl - now) / 1000));
    this.sweep(now, ttl);
    return Promise.resolve({
      totalHits: estimate + 1,
      timeToExpire,
      isBlocked,
      timeToBlockExpire: isBlocked ? timeToExpire : 0,
    });
  }

  /** Seconds until `key` may be counted again when it is at its limit now, else 0. Counts nothing. */
  blockedFor(key: string, ttl: number, limit: number, name: string): number {
    const now = this.now();
    const w = this.windowOf(`${name}:${key}`, now, ttl, false);
    if (w === undefined || this.estimate(w, now, ttl) < limit) return 0;
    return Math.max(1, Math.ceil((w.start + ttl - now) / 1000));
  }

  /** The windows of `id`, moved on to the one `now` falls in; created when `create`. */
  private windowOf(id: string, now: number, ttl: number, create: true): Windows;
  private windowOf(id: string, now: number, ttl: number, create: false): Windows | undefined;
  private windowOf(id: string, now: number, ttl: number, create: boolean): Windows | undefined {
    let w = this.windows.get(id);
    if (w === undefined) {
      if (!create) return undefined;
      w = { start: now, current: 0, previous: 0 };
      this.windows.set(id, w);
    } else if (now - w.start >= ttl) {
      // One window on: the current count becomes the previous one; two or more: both are stale.
      const steps = Math.floor((now - w.start) / ttl);
      w.previous = steps === 1 ? w.current : 0;
      w.current = 0;
      w.start += steps * ttl;
    }
    return w;
  }

  /** Hits in the last `ttl`: the previous window's, weighted by its overlap, plus the current one's. */
  private estimate(w: Windows, now: number, ttl: number): number {
    const overlap = 1 - (now - w.start) / ttl;
    return Math.floor(w.previous * overlap) + w.current;
  }

  /** Every 10k calls, drops keys idle for two windows. */
  private sweep(now: number, ttl: number): void {
    this.calls += 1;
    if (this.calls % 10_000 !== 0) return;
    for (const [id, w] of this.windows) if (now - w.start >= 2 * ttl) this.windows.delete(id);
  }
}
