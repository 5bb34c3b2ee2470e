import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The cluster folder of a data folder: `<dataDir>/pg`, or where its
 * `pg-location` pointer says (as root, when the `postgres` user cannot reach
 * the data folder, the cluster lives under /var/lib/mapflow).
 */
export function clusterDirOf(dataDir: string): string {
  try {
    const pointer = readFileSync(join(dataDir, 'pg-location'), 'utf8').split('\n')[0]?.trim();
    if (pointer) return pointer;
  } catch {
    // no pointer: the cluster is in the data folder
  }
  return join(dataDir, 'pg');
}

/** The pids of PostgreSQL processes running on the cluster of `dataDir` (none when all stopped). */
export function postgresProcessesFor(dataDir: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', clusterDirOf(dataDir)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

/** The PID in the postmaster.pid of `dataDir`'s cluster, or null when there is none (the server is stopped). */
export function postmasterPid(dataDir: string): number | null {
  const file = join(clusterDirOf(dataDir), 'postmaster.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : null;
}

/** Last-resort cleanup: SIGKILL whatever still runs on the cluster of `dataDir` (nothing when all stopped). */
export function killPostgresOf(dataDir: string): void {
  for (const pid of postgresProcessesFor(dataDir)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
