import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataSource, createDatabaseIfMissing, startEmbeddedPostgres } from '../../libs/persistence/src';
import { setTestDatabase } from './test-database';

/**
 * Gives the e2e suites a real, empty PostgreSQL database whose schema is built
 * by running the migrations:
 * - no DATABASE_URL: an embedded PostgreSQL in a temp folder;
 * - DATABASE_URL: a fresh database on that server, named after it plus a random
 *   suffix. Its name must contain "test", and so does every name created here.
 */
export default async function globalSetup(): Promise<void> {
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
    await chmod(dir, 0o755);
    const embedded = await startEmbeddedPostgres({ dataDir: dir, database: 'mapflow_test' });
    url = embedded.url;
    setTestDatabase({ url, adminUrl: embedded.adminUrl, name: 'mapflow_test', embedded, dir });
  }
  const dataSource = createDataSource(url);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
  process.env.MAPFLOW_TEST_DATABASE_URL = url;
}
