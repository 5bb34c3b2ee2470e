import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The pids of PostgreSQL processes running on the cluster in `<dataDir>/pg` (none when all stopped). */
export function postgresProcessesFor(dataDir: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', join(dataDir, 'pg')], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}
