import type { DataSource } from 'typeorm';

/**
 * Runs `work` holding the PostgreSQL session advisory lock named `key`, on a
 * connection of its own (the lock ends with it, also when the process is
 * killed); null, without running it, when another session holds the lock.
 */
export async function withSessionLock<T>(db: DataSource, key: string, work: () => Promise<T>): Promise<T | null> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    const rows = (await runner.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS ok`, [key])) as { ok: boolean }[];
    if (rows[0]?.ok !== true) return null;
    try {
      return await work();
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [key]);
    }
  } finally {
    await runner.release();
  }
}
