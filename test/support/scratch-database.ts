import { randomBytes } from 'node:crypto';
import { MIGRATIONS } from '@mapflow/migrations';
import { createDatabaseIfMissing, dropDatabase } from '@mapflow/persistence';

/** A database of its own on the run's test server, for a migration test to build old data in. */
export interface ScratchDatabase {
  /** Its connection URL. */
  readonly url: string;
  create(): Promise<void>;
  /** Drops it, closing any session still on it. */
  drop(): Promise<void>;
}

/** A scratch database named `mapflow_<label>_test_<random>` (every test database name holds "test"). */
export function scratchDatabase(label: string): ScratchDatabase {
  const url = process.env.MAPFLOW_TEST_DATABASE_URL ?? '';
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const name = `mapflow_${label}_test_${randomBytes(4).toString('hex')}`;
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    create: () => createDatabaseIfMissing(admin.toString(), name),
    drop: () => dropDatabase(admin.toString(), name),
  };
}

/** The released migrations that run before `migration`: the schema a migration test starts from. */
export function migrationsBefore(migration: (typeof MIGRATIONS)[number]): (typeof MIGRATIONS)[number][] {
  return MIGRATIONS.slice(0, MIGRATIONS.indexOf(migration));
}
