import type { Pool } from 'pg';

/**
 * Ends `pool` and waits until every connection it held is closed on both sides
 * (at most `ms`). `pool.end()` alone resolves once the pool has asked its
 * clients to end, before their server processes have gone: a PostgreSQL
 * stopped right after (the embedded one, when mapflow stops) would then end
 * those sessions itself and every client would report a lost connection.
 * pg-pool emits `remove` when a client's socket has closed.
 */
export async function endPool(pool: Pool, ms = 5_000): Promise<void> {
  let open = pool.totalCount;
  let timer: NodeJS.Timeout | undefined;
  const closed = new Promise<void>((done) => {
    if (open === 0) return done();
    pool.on('remove', () => {
      open -= 1;
      if (open <= 0) done();
    });
    timer = setTimeout(done, ms);
  });
  try {
    await pool.end();
    await closed;
  } finally {
    clearTimeout(timer);
  }
}
