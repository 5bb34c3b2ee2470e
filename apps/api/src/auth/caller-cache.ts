import type { Caller } from './caller';

/** How long a resolved key is trusted without asking the database again. */
export const CALLER_CACHE_MS = 10_000;
/** Keys remembered at most; the oldest is dropped first. */
const CAPACITY = 10_000;

/**
 * Known keys (by hash) and their callers, for {@link CALLER_CACHE_MS}: saves
 * the database a round trip on nearly every request. Only keys that resolved
 * are kept, so unknown keys cannot fill it. A key revoked in the database
 * stops working within that time on every replica.
 */
export class CallerCache {
  private readonly entries = new Map<string, { caller: Caller; until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  get(keyHash: string): Caller | null {
    const hit = this.entries.get(keyHash);
    if (!hit) return null;
    if (hit.until <= this.now()) {
      this.entries.delete(keyHash);
      return null;
    }
    return hit.caller;
  }

  set(keyHash: string, caller: Caller): void {
    this.entries.delete(keyHash);
    if (this.entries.size >= CAPACITY) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(keyHash, { caller, until: this.now() + CALLER_CACHE_MS });
  }
}
