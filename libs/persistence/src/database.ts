import { DataSource } from 'typeorm';
import { createDataSource, pendingMigrations } from './data-source';
import { EmbeddedDatabase, startEmbeddedPostgres } from './embedded';

/** Where the database is: a server named by DATABASE_URL, or the embedded default. */
export interface DatabaseTarget {
  databaseUrl: string | undefined;
  dataDir: string;
}

/** An initialised data source, and the embedded server behind it when there is one. */
export interface OpenDatabase {
  dataSource: DataSource;
  embedded: EmbeddedDatabase | null;
  close(): Promise<void>;
}

/** Thrown when DATABASE_URL's schema is behind the code: start refuses with one clear line. */
export class PendingMigrationsError extends Error {
  constructor(readonly pending: string[]) {
    super(`${pending.length} database migration(s) pending (${pending.join(', ')}): run "npm run db:migrate" first`);
    this.name = 'PendingMigrationsError';
  }
}

/**
 * Opens mapflow's database. Embedded default: start PostgreSQL in `dataDir`
 * and run pending migrations. DATABASE_URL: connect, and refuse while a
 * migration is pending (migrations there run as their own step).
 */
export async function openDatabase(target: DatabaseTarget, onError?: (message: string) => void): Promise<OpenDatabase> {
  const embedded = target.databaseUrl
    ? null
    : await startEmbeddedPostgres({
        dataDir: target.dataDir,
        database: 'mapflow',
        onError,
      });
  const dataSource = createDataSource(
    target.databaseUrl ?? (embedded as EmbeddedDatabase).localUrl ?? (embedded as EmbeddedDatabase).url,
  );
  try {
    await dataSource.initialize();
    if (embedded) {
      await dataSource.runMigrations({ transaction: 'each' });
    } else {
      const pending = await pendingMigrations(dataSource);
      if (pending.length > 0) throw new PendingMigrationsError(pending);
    }
  } catch (error: unknown) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
    embedded,
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
