/**
 * The wait before attempt `n + 1` after `n` failed ones: 5 s, 20 s, 80 s, ... at most `capMs`. One schedule for
 * every retry mapflow makes on its own (webhook deliveries, the ACE sync).
 */
export function backoffMs(failed: number, capMs: number): number {
  return Math.min(5_000 * 4 ** Math.max(0, failed - 1), capMs);
}
