// First: the @mapflow/* aliases for what follows (see aliases.ts).
import './aliases';
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataSource, createDatabaseIfMissing, startEmbeddedPostgres } from '@mapflow/persistence';
import globalTeardown from './global-teardown';
import { currentTestDatabase, setTestDatabase } from './test-database';

const firstLine = (error: unknown): string =>
  error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error);

/** An error jest prints as its message alone: a start-up problem is one line for a person, not a stack trace. */
function oneLine(message: string): Error {
  const error = new Error(`mapflow tests: ${message}`);
  error.stack = error.message;
  return error;
}

/**
 * Gives the e2e and medium suites a real, empty PostgreSQL database whose schema is built
 * by running the migrations:
 * - no DATABASE_URL: an embedded PostgreSQL in a temp folder;
 * - DATABASE_URL: a fresh database on that server, named after it plus a random
 *   suffix. Its name must contain "test", and so does every name created here.
 */
export default async function globalSetup(): Promise<void> {
  // The e2e and medium projects share this setup: when both run, the second finds the database made.
  if (currentTestDatabase()) return;
  await setUp().catch(async (error: unknown) => {
    await globalTeardown().catch(() => undefined); // stops what was started
    throw oneLine(firstLine(error));
  });
}

async function setUp(): Promise<void> {
  const external = process.env.DATABASE_URL;
  let url: string;
  if (external) {
    const target = new URL(external);
    const base = decodeURIComponent(target.pathname.replace(/^\//, '')) || 'postgres';
    if (!base.includes('test')) {
      throw new Error(
        `refusing DATABASE_URL database "${base}": tests only run on a database whose name contains "test"`,
      );
    }
    const name = `${base}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    const admin = new URL(target);
    admin.pathname = '/postgres';
    await createDatabaseIfMissing(admin.toString(), name);
    target.pathname = `/${name}`;
    url = target.toString();
    setTestDatabase({ url, adminUrl: admin.toString(), name, embedded: null, dir: null });
  } else {
    const dir = await mkdtemp(join(tmpdir(), 'mapflow-test-'));
    // Open to the `postgres` user (root runs the server as it), so the cluster stays in the temp folder.
    await chmod(dir, 0o755);
    const embedded = await startEmbeddedPostgres({ dataDir: dir, database: 'mapflow_test' }).catch(
      async (error: unknown) => {
        await rm(dir, { recursive: true, force: true });
        throw new Error(`cannot start the embedded PostgreSQL for the tests: ${firstLine(error)}`);
      },
    );
    url = embedded.url;
    setTestDatabase({ url, adminUrl: embedded.adminUrl, name: 'mapflow_test', embedded, dir });
  }
  const dataSource = createDataSource(url);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
  process.env.MAPFLOW_TEST_DATABASE_URL = url;
}
