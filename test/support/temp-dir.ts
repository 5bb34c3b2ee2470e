import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killPostgresOf } from './postgres-processes';

/**
 * A temp folder `mapflow-<prefix>-…` of mode 0755, so that the embedded
 * server's own user (`postgres` when run as root) can reach a cluster in it.
 */
export async function openTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `mapflow-${prefix}-`));
  await chmod(dir, 0o755);
  return dir;
}

/** Kills whatever PostgreSQL is left on the data folder `dataDir`, then removes `folder` (by default `dataDir`). */
export async function discardDataDir(dataDir: string, folder: string = dataDir): Promise<void> {
  killPostgresOf(dataDir);
  await rm(folder, { recursive: true, force: true });
}

/** A suite's temp folder; `path` may be read once the beforeAll of {@link useTempDir} has run. */
export interface SuiteDir {
  readonly path: string;
}

/**
 * A suite's temp folder ({@link openTempDir}): made in a beforeAll and, in an
 * afterAll, removed with whatever PostgreSQL a test left running on it as a
 * data folder; both registered here, in the describe block that calls it.
 */
export function useTempDir(prefix: string): SuiteDir {
  let dir: string | undefined;
  beforeAll(async () => {
    dir = await openTempDir(prefix);
  });
  afterAll(async () => {
    if (dir !== undefined) await discardDataDir(dir);
  });
  return {
    get path() {
      if (dir === undefined) throw new Error('the temp folder is made in beforeAll: read it in a test or a later hook');
      return dir;
    },
  };
}
