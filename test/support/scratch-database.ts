import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '@mapflow/migrations';
import { createDatabaseIfMissing, dataSourceOptions, dropDatabase } from '@mapflow/persistence';

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

/** A scratch database to run a migration on old data in, from {@link useMigrationScratch}. */
export interface MigrationScratch {
  /**
   * Builds the schema the migration starts from (the released migrations
   * before it), lets `seed` write data as the API wrote it then, and disconnects.
   */
  seedBefore(seed: (old: DataSource) => Promise<void>): Promise<void>;
  /**
   * Connects with every released migration registered, or those up to and including `last`
   * (none run by this call); disconnected in afterAll.
   */
  connect(last?: (typeof MIGRATIONS)[number]): Promise<DataSource>;
}

/**
 * A scratch database ({@link scratchDatabase}) for a test of `migration`:
 * created in a beforeAll and, in an afterAll, disconnected and dropped; both
 * registered here, in the describe block that calls it.
 */
export function useMigrationScratch(label: string, migration: (typeof MIGRATIONS)[number]): MigrationScratch {
  const scratch = scratchDatabase(label);
  const connections: DataSource[] = [];
  beforeAll(() => scratch.create());
  afterAll(async () => {
    for (const db of connections) if (db.isInitialized) await db.destroy();
    await scratch.drop();
  });
  return {
    async seedBefore(seed) {
      const old = new DataSource({ ...dataSourceOptions(scratch.url), migrations: migrationsBefore(migration) });
      await old.initialize();
      try {
        await old.runMigrations({ transaction: 'each' });
        await seed(old);
      } finally {
        await old.destroy();
      }
    },
    async connect(last) {
      const through = last === undefined ? MIGRATIONS : MIGRATIONS.slice(0, MIGRATIONS.indexOf(last) + 1);
      const db = new DataSource({ ...dataSourceOptions(scratch.url), migrations: through });
      connections.push(db);
      await db.initialize();
      return db;
    },
  };
}
