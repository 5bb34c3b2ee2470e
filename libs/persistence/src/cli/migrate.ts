import 'reflect-metadata';
import { resolve } from 'node:path';
import { createDataSource } from '../data-source';
import { startEmbeddedPostgres } from '../embedded';

/**
 * `npm run db:migrate`: runs pending migrations on DATABASE_URL, or on the
 * embedded default in MAPFLOW_DATA_DIR. `-- --revert` undoes the last one.
 */
async function main(): Promise<void> {
  const revert = process.argv.includes('--revert');
  const embedded = process.env.DATABASE_URL
    ? null
    : await startEmbeddedPostgres({ dataDir: resolve(process.env.MAPFLOW_DATA_DIR ?? '.data'), database: 'mapflow' });
  const dataSource = createDataSource(process.env.DATABASE_URL ?? (embedded?.url as string));
  try {
    await dataSource.initialize();
    if (revert) {
      await dataSource.undoLastMigration({ transaction: 'each' });
      process.stdout.write('db:migrate: reverted the last migration\n');
    } else {
      const ran = await dataSource.runMigrations({ transaction: 'each' });
      process.stdout.write(
        ran.length === 0 ? 'db:migrate: up to date\n' : `db:migrate: ran ${ran.map((m) => m.name).join(', ')}\n`,
      );
    }
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`db:migrate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
