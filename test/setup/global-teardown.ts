// First: the @mapflow/* aliases for what follows (see aliases.ts).
import './aliases';
import { rm } from 'node:fs/promises';
import { dropDatabase } from '@mapflow/persistence';
import { takeTestDatabase } from './test-database';

/** Drops the run's database on DATABASE_URL, or stops the embedded server and removes its folder. */
export default async function globalTeardown(): Promise<void> {
  const db = takeTestDatabase();
  if (!db) return;
  if (db.embedded) {
    await db.embedded.stop();
    if (db.dir) await rm(db.dir, { recursive: true, force: true });
  } else {
    await dropDatabase(db.adminUrl, db.name);
  }
}
