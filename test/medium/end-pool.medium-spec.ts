import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { endPool } from '../../apps/api/src/common/end-pool';

/** Sessions the server still has for `name`: a stop of PostgreSQL now would end them itself. */
async function sessionsOf(observer: Client, name: string): Promise<number> {
  const { rows } = await observer.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1',
    [name],
  );
  return rows[0]?.n ?? -1;
}

/** Opens `n` connections at once and gives them back to the pool, idle. */
async function busy(pool: Pool, n: number): Promise<void> {
  const clients = await Promise.all(Array.from({ length: n }, () => pool.connect()));
  await Promise.all(clients.map((client) => client.query('SELECT 1')));
  clients.forEach((client) => client.release());
}

describe('endPool: the worker pool ends before PostgreSQL stops', () => {
  const url = process.env.MAPFLOW_TEST_DATABASE_URL ?? '';
  // Connected beforehand, so that it asks the moment endPool resolves.
  const observer = new Client({ connectionString: url });

  beforeAll(async () => {
    if (!url)
      throw new Error('MAPFLOW_TEST_DATABASE_URL is not set: run the medium suites through jest (global setup)');
    await observer.connect();
  });
  afterAll(() => observer.end());

  it('resolves only once the server has no session of the pool left', async () => {
    for (let round = 0; round < 5; round += 1) {
      const name = `end-pool-${randomUUID()}`;
      const pool = new Pool({ connectionString: url, application_name: name, max: 6 });
      await busy(pool, 6);
      await expect(sessionsOf(observer, name)).resolves.toBe(6);
      await endPool(pool);
      await expect(sessionsOf(observer, name)).resolves.toBe(0);
    }
  });

  it('resolves at once for a pool that never connected', async () => {
    const pool = new Pool({ connectionString: url });
    const started = Date.now();
    await endPool(pool, 10_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(pool.ended).toBe(true);
  });
});
