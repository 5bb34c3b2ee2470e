import { readFileSync } from 'node:fs';
import { link, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * One data folder, one running mapflow. The lock is the file `mapflow.lock`
 * in the data folder, holding the pid of the process that runs the embedded
 * PostgreSQL on it, that process's start time (so a pid reused after a reboot
 * is not taken for it) and, once it listens, its HTTP address. It dies with its
 * holder: a lock whose process is gone (kill -9) is stale, and the next start
 * takes it over, then stops the orphaned PostgreSQL.
 */
export const LOCK_FILE = 'mapflow.lock';

/** Who holds a data folder. */
export interface LockHolder {
  readonly pid: number;
  /** Field 22 of /proc/<pid>/stat (clock ticks since boot); null where there is no /proc. */
  readonly startTime: string | null;
  /** Where it serves HTTP (`http://127.0.0.1:3000`), null until it listens, or when it serves none. */
  readonly address: string | null;
}

/** Refusal of a second start on a data folder: names the first one's pid and port. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `${dataDir} is in use by another mapflow (${describeHolder(holder)}): ` +
        `stop that one first (Ctrl-C in its terminal, or kill ${holder.pid}), or set MAPFLOW_DATA_DIR to another folder`,
    );
    this.name = 'DataDirInUseError';
  }
}

/** `pid 1234, port 3000 (http://127.0.0.1:3000)`, or `pid 1234, no HTTP port yet`. */
export function describeHolder(holder: LockHolder): string {
  if (holder.address === null) return `pid ${holder.pid}, no HTTP port yet`;
  let port = '';
  try {
    port = new URL(holder.address).port;
  } catch {
    // an address that is not a URL is shown as it is
  }
  return `pid ${holder.pid}, ${port ? `port ${port}, ` : ''}${holder.address}`;
}

function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3; starttime is field 22.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // it exists, owned by someone else
  }
}

/** Whether the holder's process still runs (the same process: not another that got its pid). */
export function holderAlive(holder: LockHolder): boolean {
  if (!exists(holder.pid)) return false;
  if (holder.startTime === null) return true;
  const now = processStartTime(holder.pid);
  return now === null || now === holder.startTime;
}

function parse(text: string): LockHolder | null {
  try {
    const value = JSON.parse(text) as Partial<Record<keyof LockHolder, unknown>>;
    if (typeof value.pid !== 'number' || !Number.isInteger(value.pid) || value.pid <= 0) return null;
    return {
      pid: value.pid,
      startTime: typeof value.startTime === 'string' ? value.startTime : null,
      address: typeof value.address === 'string' ? value.address : null,
    };
  } catch {
    return null;
  }
}

/** The live holder of `dataDir`, or null when it is free (no lock, or a stale one). */
export function dataDirHolder(dataDir: string): LockHolder | null {
  let text: string;
  try {
    text = readFileSync(join(dataDir, LOCK_FILE), 'utf8');
  } catch {
    return null;
  }
  const holder = parse(text);
  return holder && holderAlive(holder) ? holder : null;
}

/** A data folder this process holds. */
export interface DataDirLock {
  /** Records the HTTP address this process serves, for a second start's refusal. */
  announce(address: string): Promise<void>;
  /** Gives the folder back (only while this process still holds it); safe to call twice. */
  release(): Promise<void>;
}

/** Writes `holder` to a private temp file beside the lock: it appears in place whole, never half-written. */
async function staged(file: string, holder: LockHolder): Promise<string> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(holder)}\n`, { mode: 0o600 });
  return temp;
}

/**
 * Takes `dataDir` for this process, or throws DataDirInUseError naming the
 * live holder. The lock appears by `link` (atomic, and fails when one exists),
 * so two starts never both take it; a stale one is removed only while it still
 * holds what was read as stale.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const file = join(dataDir, LOCK_FILE);
  const mine: LockHolder = { pid: process.pid, startTime: processStartTime(process.pid), address: null };
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const temp = await staged(file, mine);
    try {
      await link(temp, file);
      return held(file, mine);
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await unlink(temp).catch(() => undefined);
    }
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text === null) continue; // released meanwhile
    const holder = parse(text);
    if (holder && holderAlive(holder)) throw new DataDirInUseError(dataDir, holder);
    const again = await readFile(file, 'utf8').catch(() => null);
    if (again === text) await rm(file, { force: true });
  }
  throw new Error(`could not take ${file}: other starts keep taking it`);
}

function held(file: string, mine: LockHolder): DataDirLock {
  let current = mine;
  let released = false;
  const stillMine = (): boolean => {
    try {
      return parse(readFileSync(file, 'utf8'))?.pid === process.pid;
    } catch {
      return false;
    }
  };
  return {
    announce: async (address) => {
      if (released || !stillMine()) return;
      current = { ...current, address };
      await rename(await staged(file, current), file);
    },
    release: async () => {
      if (released) return;
      released = true;
      if (stillMine()) await rm(file, { force: true });
    },
  };
}
