import type { DataSource } from 'typeorm';

/** A table locked against writes by a transaction of the test's own, until {@link HeldTable.release}. */
export interface HeldTable {
  /** Waits until a statement matching `pattern` (ILIKE) waits for this lock. */
  waiter(pattern: string): Promise<void>;
  release(): Promise<void>;
}

/**
 * Locks `table` IN EXCLUSIVE MODE (reads go on, every write waits), or in
 * ACCESS EXCLUSIVE MODE (reads wait too), so a request that needs it stays in
 * flight for as long as the test needs: "a request that runs for minutes",
 * without waiting minutes.
 */
export async function holdTable(
  dataSource: DataSource,
  table: string,
  mode: 'EXCLUSIVE' | 'ACCESS EXCLUSIVE' = 'EXCLUSIVE',
): Promise<HeldTable> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  await runner.query(`LOCK TABLE ${table} IN ${mode} MODE`);
  let released = false;
  return {
    async waiter(pattern: string): Promise<void> {
      for (let i = 0; i < 200; i += 1) {
        const rows = await dataSource.query<unknown[]>(
          `SELECT 1 FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE $1`,
          [pattern],
        );
        if (rows.length > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`no statement like ${pattern} waits for ${table}`);
    },
    async release(): Promise<void> {
      if (released) return;
      released = true;
      await runner.commitTransaction();
      await runner.release();
    },
  };
}
