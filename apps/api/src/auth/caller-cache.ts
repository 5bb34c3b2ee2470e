import type { Caller } from './caller';

/** How long a resolved key is trusted without asking the database again. */
export const CALLER_CACHE_MS = 10_000;
/** How long a key the database does not know is answered 401 without asking it again. */
export const UNKNOWN_KEY_CACHE_MS = 10_000;
/** How long a key that once resolved may still be looked up when its address is over the anonymous limit. */
export const KNOWN_KEY_MEMORY_MS = 24 * 3_600_000;
/** Keys remembered at most, in each list; the oldest is dropped first. */
const CAPACITY = 10_000;

/** What the cache says about a key hash. */
export type CachedKey =
  | { kind: 'caller'; caller: Caller }
  /** The database did not know it a moment ago. */
  | { kind: 'unknown' }
  /** It resolved before (its caller is stale now): worth a lookup whatever the address's limit. */
  | { kind: 'was-known' }
  | { kind: 'miss' };

/** A map of at most {@link CAPACITY} entries that drops the one set longest ago. */
class Bounded<V> {
  readonly entries = new Map<string, V>();

  set(key: string, value: V): void {
    this.entries.delete(key);
    if (this.entries.size >= CAPACITY) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, value);
  }
}

/**
 * API keys by hash, and what the database said about them:
 * - a key that resolved, with its caller, for {@link CALLER_CACHE_MS}: saves
 *   the database a round trip on nearly every request. A key revoked in the
 *   database stops working within that time on every replica. Once stale, it
 *   is still remembered as once known (up to {@link KNOWN_KEY_MEMORY_MS}), so
 *   its owner is looked up again even from an address over the anonymous limit;
 * - a key the database does not know, for {@link UNKNOWN_KEY_CACHE_MS}: a
 *   flood of the same unknown keys costs one query per key and window.
 * Both lists are bounded ({@link CAPACITY} each), so unknown keys cannot grow memory.
 */
export class CallerCache {
  private readonly known = new Bounded<{ caller: Caller; until: number; rememberedUntil: number }>();
  private readonly unknown = new Bounded<number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The fresh caller of a key, or null. */
  get(keyHash: string): Caller | null {
    const entry = this.lookUp(keyHash);
    return entry.kind === 'caller' ? entry.caller : null;
  }

  lookUp(keyHash: string): CachedKey {
    const now = this.now();
    const hit = this.known.entries.get(keyHash);
    if (hit !== undefined) {
      if (hit.until > now) return { kind: 'caller', caller: hit.caller };
      if (hit.rememberedUntil > now) return { kind: 'was-known' };
      this.known.entries.delete(keyHash);
    }
    const unknownUntil = this.unknown.entries.get(keyHash);
    if (unknownUntil !== undefined) {
      if (unknownUntil > now) return { kind: 'unknown' };
      this.unknown.entries.delete(keyHash);
    }
    return { kind: 'miss' };
  }

  set(keyHash: string, caller: Caller): void {
    const now = this.now();
    this.unknown.entries.delete(keyHash);
    this.known.set(keyHash, { caller, until: now + CALLER_CACHE_MS, rememberedUntil: now + KNOWN_KEY_MEMORY_MS });
  }

  /** Remembers that the database does not know this key (and forgets any caller it had). */
  setUnknown(keyHash: string): void {
    this.known.entries.delete(keyHash);
    this.unknown.set(keyHash, this.now() + UNKNOWN_KEY_CACHE_MS);
  }
}
