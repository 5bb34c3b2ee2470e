import { WindowThrottlerStorage } from './throttle.storage';

describe('WindowThrottlerStorage', () => {
  const TTL = 60_000;

  it('lets `limit` requests through in a window, refuses the next without counting it, and tells when to retry', async () => {
    let now = 0;
    const storage = new WindowThrottlerStorage(() => now);
    for (let i = 1; i <= 3; i += 1) {
      await expect(storage.increment('k', TTL, 3, 0, 'default')).resolves.toMatchObject({
        totalHits: i,
        isBlocked: false,
      });
    }
    now = 15_000;
    await expect(storage.increment('k', TTL, 3, 0, 'default')).resolves.toMatchObject({
      isBlocked: true,
      timeToBlockExpire: 45,
    });
    // Another key has its own count.
    await expect(storage.increment('other', TTL, 3, 0, 'default')).resolves.toMatchObject({ isBlocked: false });
  });

  it('slides: the last window still counts for the part that overlaps the last minute', async () => {
    let now = 0;
    const storage = new WindowThrottlerStorage(() => now);
    for (let i = 0; i < 4; i += 1) await storage.increment('k', TTL, 4, 0, 'default');
    // 30 s into the next window, half of the 4 earlier hits still count: 2 more get through.
    now = 90_000;
    await expect(storage.increment('k', TTL, 4, 0, 'default')).resolves.toMatchObject({ isBlocked: false });
    await expect(storage.increment('k', TTL, 4, 0, 'default')).resolves.toMatchObject({ isBlocked: false });
    await expect(storage.increment('k', TTL, 4, 0, 'default')).resolves.toMatchObject({ isBlocked: true });
    // Two windows later, nothing from before counts.
    now = 200_000;
    await expect(storage.increment('k', TTL, 4, 0, 'default')).resolves.toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
  });

  it('forgets idle keys', async () => {
    let now = 0;
    const storage = new WindowThrottlerStorage(() => now);
    await storage.increment('idle', TTL, 1, 0, 'default');
    now = 3 * TTL;
    for (let i = 0; i < 9_998; i += 1) await storage.increment('busy', TTL, 1e9, 0, 'default');
    expect(storage.size).toBe(2);
    await storage.increment('busy', TTL, 1e9, 0, 'default');
    expect(storage.size).toBe(1);
  });
});
