import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '@mapflow/migrations';
import { ENTITIES } from './entities';

/** Connection pool size per API process; PostgreSQL's own limit is the ceiling across replicas. */
const POOL_SIZE = 20;

/**
 * The one description of mapflow's database for the app, the tests and the CLI
 * scripts. The schema comes only from the migrations: `synchronize` stays off.
 */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    applicationName: 'mapflow',
    extra: {
      max: POOL_SIZE,
      connectionTimeoutMillis: 5_000,
      // Commands rely on READ COMMITTED (a conditional UPDATE that lost the race matches no row). Set per
      // session, whatever the server's default, so a transaction opens in one round trip instead of two.
      options: '-c default_transaction_isolation=read\\ committed',
    },
  };
}

export function createDataSource(url: string): DataSource {
  return new DataSource(dataSourceOptions(url));
}

/** Names of migrations that have not run yet on the database behind `dataSource`. */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  const exists = await dataSource.query<{ present: boolean }[]>(`SELECT to_regclass($1) IS NOT NULL AS present`, [
    table,
  ]);
  const done = new Set<string>();
  if (exists[0]?.present) {
    const rows = await dataSource.query<{ name: string }[]>(`SELECT name FROM "${table}"`);
    rows.forEach((row) => done.add(row.name));
  }
  return dataSource.migrations.map((m) => m.name ?? m.constructor.name).filter((name) => !done.has(name));
}
