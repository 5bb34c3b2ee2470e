import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataSource } from '../data-source';
import { createDatabaseIfMissing, dropDatabase, startEmbeddedPostgres } from '../embedded';

/**
 * `npm run db:check`: on a scratch database, runs every migration up, compares
 * the schema with the entities (TypeORM's own schema diff must be empty), runs
 * every migration down, then up again. Fails when entities and migrations
 * disagree or a `down` is broken.
 */
async function main(): Promise<void> {
  let cleanup: () => Promise<void>;
  let url: string;
  if (process.env.DATABASE_URL) {
    const target = new URL(process.env.DATABASE_URL);
    const admin = new URL(target);
    admin.pathname = '/postgres';
    const name = `mapflow_check_test_${randomBytes(4).toString('hex')}`;
    await createDatabaseIfMissing(admin.toString(), name);
    target.pathname = `/${name}`;
    url = target.toString();
    cleanup = () => dropDatabase(admin.toString(), name);
  } else {
    const dir = await mkdtemp(join(tmpdir(), 'mapflow-check-'));
    await chmod(dir, 0o755);
    const embedded = await startEmbeddedPostgres({ dataDir: dir, database: 'mapflow_check_test' });
    url = embedded.url;
    cleanup = async () => {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  const dataSource = createDataSource(url);
  try {
    await dataSource.initialize();
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    const diff = await dataSource.driver.createSchemaBuilder().log();
    if (diff.upQueries.length > 0) {
      process.stderr.write('db:check: the entities and the migrations disagree; the schema would need:\n');
      diff.upQueries.forEach((q) => process.stderr.write(`  ${q.query};\n`));
      process.exitCode = 1;
      return;
    }
    for (let i = 0; i < ran.length; i += 1) await dataSource.undoLastMigration({ transaction: 'each' });
    const left = await dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations'`,
    );
    if (Number(left[0]?.n) !== 0) {
      process.stderr.write(`db:check: after every down, ${left[0]?.n} table(s) remain\n`);
      process.exitCode = 1;
      return;
    }
    await dataSource.runMigrations({ transaction: 'each' });
    process.stdout.write(
      `db:check: ${ran.length} migration(s) ran up, down and up again; the entities match the schema\n`,
    );
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await cleanup();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`db:check: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
