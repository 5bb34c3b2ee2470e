import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dataDirHolder, describeHolder } from '@mapflow/persistence';

function alive(pid: number | null): boolean {
  if (pid === null) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // it exists, owned by someone else
  }
}

function pidIn(file: string): number | null {
  if (!existsSync(file)) return null;
  const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/**
 * Takes the demo's data folder for this process, refusing one in use: by
 * another demo, or by a mapflow started on it (`MAPFLOW_DATA_DIR=.data/demo
 * npm start`), whose lock the embedded start would refuse anyway; this says
 * it with the demo's own setting. A PostgreSQL left by a demo that was
 * killed is an orphan: the start stops it. Answers the function that gives
 * the folder back.
 */
export async function claimDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lock = join(dataDir, 'demo.pid');
  const demo = pidIn(lock);
  if (demo !== process.pid && alive(demo)) {
    throw new Error(`another demo (pid ${demo}) is running on ${dataDir}: wait for it, or set MAPFLOW_DEMO_DATA_DIR`);
  }
  const holder = dataDirHolder(dataDir);
  if (holder) {
    throw new Error(
      `${dataDir} is in use by a running mapflow (${describeHolder(holder)}): ` +
        'stop it first (Ctrl-C), or set MAPFLOW_DEMO_DATA_DIR to another folder',
    );
  }
  await mkdir(dataDir, { recursive: true });
  await writeFile(lock, `${process.pid}\n`, { mode: 0o600 });
  return () => rm(lock, { force: true });
}
