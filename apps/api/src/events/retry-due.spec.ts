import { retryDue } from './delivery.service';

describe('retryDue: when a pending delivery may be tried next', () => {
  const last = new Date('2026-12-05T10:00:00.000Z');

  it('is at once before the first attempt', () => {
    expect(retryDue({ attempts: 0, lastAttemptAt: null })).toBe(0);
  });

  it('waits 5 s after one failure, 20 s after two, 80 s after three, at most 4 hours', () => {
    expect([1, 2, 3, 12].map((attempts) => retryDue({ attempts, lastAttemptAt: last }) - last.getTime())).toEqual([
      5_000,
      20_000,
      80_000,
      4 * 3_600_000,
    ]);
  });
});
