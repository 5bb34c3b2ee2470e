import { isIPv6 } from 'node:net';
import { AppError, ErrorCode } from './errors';
import { WindowThrottlerStorage } from './throttle.storage';

const MINUTE_MS = 60_000;
const NAME = 'anonymous';

/**
 * The client a rate limit counts: an IPv4 address, or the /64 network of an
 * IPv6 one (one subscriber's network: an address of its own costs a client
 * nothing there). IPv4-mapped IPv6 addresses count as their IPv4 address.
 */
export function clientOf(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped?.[1] !== undefined) return mapped[1];
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.split('%')[0]?.split('::') ?? [];
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * Requests a minute per client address for those that carry no API key or
 * an unknown one (MAPFLOW_ANON_RATE_LIMIT_PER_MIN). Counted in O(1) per
 * request by {@link WindowThrottlerStorage}, whose idle addresses are swept.
 */
export class AddressLimiter {
  private readonly storage: WindowThrottlerStorage;
  private readonly refusals = new Map<number, AppError>();

  constructor(
    readonly perMinute: number,
    now: () => number = Date.now,
  ) {
    this.storage = new WindowThrottlerStorage(now);
  }

  /** Counts one request from `address`; past the limit, refuses it (429 with Retry-After) without counting it. */
  async take(address: string): Promise<void> {
    const record = await this.storage.increment(clientOf(address), MINUTE_MS, this.perMinute, 0, NAME);
    if (record.isBlocked) throw this.refusal(record.timeToBlockExpire);
  }

  /** Refuses a request from `address` (429 with Retry-After) when it is at the limit now; counts nothing. */
  check(address: string): void {
    const seconds = this.storage.blockedFor(clientOf(address), MINUTE_MS, this.perMinute, NAME);
    if (seconds > 0) throw this.refusal(seconds);
  }

  /** The 429 that says to wait `seconds`; made once per value: a flood is refused at the least cost. */
  private refusal(seconds: number): AppError {
    let refusal = this.refusals.get(seconds);
    if (refusal === undefined) {
      refusal = new AppError(
        ErrorCode.RateLimited,
        `More than ${this.perMinute} requests a minute from this address carry no valid API key; retry in ${seconds} s`,
        { headers: { 'retry-after': String(seconds) } },
      );
      this.refusals.set(seconds, refusal);
    }
    return refusal;
  }
}
