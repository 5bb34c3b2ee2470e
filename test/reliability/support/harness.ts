import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Exit, ROOT } from '../../support/app-process';
import { killPostgresOf } from '../../support/postgres-processes';
import { openTempDir } from '../../support/temp-dir';
import { TEST_OPS_KEY } from '../../support/test-app';
import { runSeed } from './random';
import { isAlive } from '@mapflow/persistence/embedded';

/** The repository root: the API runs from here, as `npm start` runs it. */
export { ROOT };

/** A suite's temp folder `mapflow-rel-<name>-…`, reachable by the embedded server's own user ({@link openTempDir}). */
export function tempDir(name: string): Promise<string> {
  return openTempDir(`rel-${name}`);
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

const TAIL = 16_384;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Builds dist/ when a source is newer than the last build, exactly as
 * `npm start` does (scripts/run.js), by loading a side-effect-free entry.
 * Once per suite.
 */
let built = false;
export function ensureBuilt(): void {
  if (built) return;
  const result = spawnSync(process.execPath, ['scripts/run.js', 'libs/persistence/src/index'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (result.status !== 0) throw new Error(`build failed: ${result.stderr}${result.stdout}`);
  built = true;
}

/**
 * A PostgreSQL owned by the test harness (libs/persistence's embedded server in
 * a temp folder, run by support/postgres-server.js in its own process): the API
 * reaches it through DATABASE_URL, so it outlives the API's death, and the
 * harness can stop it and start it again on the same port.
 */
export class HarnessPostgres {
  private server: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  url = '';
  port = 0;

  constructor(readonly dataDir: string) {}

  async start(): Promise<void> {
    ensureBuilt();
    const args = [join(__dirname, 'postgres-server.js'), this.dataDir];
    if (this.port !== 0) args.push(String(this.port));
    const server = spawn(process.execPath, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    this.server = server;
    this.exited = new Promise((done) => server.on('exit', () => done()));
    let err = '';
    server.stderr?.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString()).slice(-TAIL);
    });
    this.url = await new Promise<string>((done, fail) => {
      let out = '';
      const timer = setTimeout(() => fail(new Error(`PostgreSQL did not start within 60 s: ${err}`)), 60_000);
      server.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n')[0];
        if (out.includes('\n') && line) {
          clearTimeout(timer);
          done((JSON.parse(line) as { url: string }).url);
        }
      });
      void this.exited.then(() => {
        clearTimeout(timer);
        fail(new Error(`PostgreSQL helper exited before it was ready: ${err}`));
      });
    });
    this.port = Number(new URL(this.url).port);
  }

  /** Fast shutdown: PostgreSQL ends every session and stops accepting connections. */
  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.kill('SIGTERM');
    await this.exited;
    this.server = null;
  }

  get running(): boolean {
    return this.server !== null;
  }
}

/** `npm run db:migrate` against `url` (the built CLI), as an operator would before starting the API. */
export function migrate(url: string): void {
  ensureBuilt();
  const result = spawnSync(process.execPath, ['dist/libs/persistence/src/cli/migrate.js'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (result.status !== 0) {
    throw new Error(`db:migrate failed (${String(result.status)}): ${result.stderr}${result.stdout}`);
  }
}

/** A PostgreSQL of the suite's own in `dataDir`, started and migrated (`npm run db:migrate`), as an operator readies one. */
export async function startMigratedPostgres(dataDir: string): Promise<HarnessPostgres> {
  const pg = new HarnessPostgres(dataDir);
  await pg.start();
  try {
    migrate(pg.url);
  } catch (error: unknown) {
    await pg.stop();
    throw error;
  }
  return pg;
}

export interface ApiOptions {
  /** Unset: the embedded default in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /** 0 (default): any free port; the start line names it. */
  port?: number;
  env?: Record<string, string>;
}

export type ApiExit = Exit;

/** A running API process, started as `npm start` starts it. */
export interface ApiProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly baseUrl: string;
  readonly exited: Promise<ApiExit>;
  /** The last few KB of its stdout and stderr, for failure messages. */
  output(): string;
  running(): boolean;
}

/**
 * Starts the built API (what `npm start` runs once dist/ is up to date: the
 * build happens once per suite, so that a restart never waits for a compile)
 * and waits for its one start line. Keys: the bootstrap ops key is TEST_OPS_KEY;
 * the rate limit is lifted, since these suites are their own load.
 */
export async function startApi(options: ApiOptions): Promise<ApiProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(options.port ?? 0),
    HOST: '127.0.0.1',
    MAPFLOW_DATA_DIR: options.dataDir,
    MAPFLOW_BOOTSTRAP_OPS_KEY: TEST_OPS_KEY,
    MAPFLOW_RATE_LIMIT_PER_MIN: '10000000',
    MAPFLOW_ANON_RATE_LIMIT_PER_MIN: '10000000',
    LOG_LEVEL: 'error',
    ...options.env,
  };
  if (options.databaseUrl === undefined) delete env.DATABASE_URL;
  else env.DATABASE_URL = options.databaseUrl;
  ensureBuilt();
  const child = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString()).slice(-TAIL);
  };
  let alive = true;
  const exited = new Promise<ApiExit>((done) =>
    child.on('exit', (code, signal) => {
      alive = false;
      done({ code, signal });
    }),
  );
  const baseUrl = await new Promise<string>((done, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`API: no start line within 120 s: ${tail}`)), 120_000);
    const onOut = (chunk: Buffer): void => {
      out += chunk.toString();
      const match = /mapflow API on (http:\/\/\S+) \(docs:/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        child.stdout?.off('data', onOut);
        done(match[1]);
      }
    };
    child.stdout?.on('data', onOut);
    void exited.then((exit) => {
      clearTimeout(timer);
      fail(new Error(`API exited (${exit.code ?? exit.signal}) before its start line: ${tail}`));
    });
  });
  // Keep draining both pipes: a full pipe would block the API.
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return {
    child,
    pid: child.pid as number,
    baseUrl,
    exited,
    output: () => tail,
    running: () => alive,
  };
}

/** `kill -9`, and waits until the process is gone. */
export async function killHard(api: ApiProcess): Promise<ApiExit> {
  if (api.running()) api.child.kill('SIGKILL');
  return api.exited;
}

export { isAlive };

/** The clusters a suite may run under its folder: its own PostgreSQL (`db`) and the embedded default's (`embedded`). */
const SUITE_CLUSTERS = ['db', 'embedded'];

/**
 * A suite's afterAll: kill its APIs hard, stop its PostgreSQL, kill whatever
 * is left of the clusters in `<dir>/db` and `<dir>/embedded`, and remove the folder.
 */
export async function tearDownSuite(dir: string, apis: ApiProcess[] = [], pg?: HarnessPostgres): Promise<void> {
  for (const api of apis) if (api.running()) await killHard(api);
  await pg?.stop();
  for (const cluster of SUITE_CLUSTERS) killPostgresOf(join(dir, cluster));
  await rm(dir, { recursive: true, force: true });
}

/** Reads a fixture field set by a beforeAll: it throws when read before that hook has run. */
function made<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is made in beforeAll: read it in a test or a later hook`);
  return value;
}

/** A suite's seed and temp folder, from {@link useSuiteDir}. */
export interface SuiteDir {
  readonly seed: number;
  readonly dir: string;
}

/**
 * A suite's seed ({@link runSeed}) and temp folder ({@link tempDir}): a
 * beforeAll makes the folder and prints the seed; an afterAll
 * ({@link tearDownSuite}) removes it with whatever PostgreSQL is left on it.
 * Both are registered here, in the describe block that calls it.
 */
export function useSuiteDir(name: string): SuiteDir {
  const seed = runSeed();
  let dir: string | undefined;
  beforeAll(async () => {
    dir = await tempDir(name);
    process.stdout.write(`${name}: seed ${seed} (RELIABILITY_SEED to replay)\n`);
  });
  afterAll(async () => {
    if (dir !== undefined) await tearDownSuite(dir);
  }, 60_000);
  return {
    seed,
    get dir() {
      return made(dir, 'the suite folder');
    },
  };
}

/** A suite's folder, its own PostgreSQL and one API on it, from {@link useApiOnUrl}. */
export interface ApiOnUrl {
  readonly dir: string;
  /** Migrated, its cluster in `<dir>/db`. */
  readonly pg: HarnessPostgres;
  /** On DATABASE_URL, its data folder `<dir>/api`. */
  readonly api: ApiProcess;
}

/**
 * A suite's temp folder ({@link tempDir}), a PostgreSQL of its own
 * (migrated, as an operator would) and one API on it with `env`: started in a
 * beforeAll, torn down ({@link tearDownSuite}) in an afterAll, both registered
 * here, in the describe block that calls it.
 */
export function useApiOnUrl(name: string, env: Record<string, string> = {}): ApiOnUrl {
  let dir: string | undefined;
  let pg: HarnessPostgres | undefined;
  let api: ApiProcess | undefined;
  beforeAll(async () => {
    dir = await tempDir(name);
    pg = await startMigratedPostgres(join(dir, 'db'));
    api = await startApi({ databaseUrl: pg.url, dataDir: join(dir, 'api'), env });
  }, 120_000);
  afterAll(async () => {
    if (dir !== undefined) await tearDownSuite(dir, api ? [api] : [], pg);
  }, 60_000);
  return {
    get dir() {
      return made(dir, 'the suite folder');
    },
    get pg() {
      return made(pg, 'the PostgreSQL');
    },
    get api() {
      return made(api, 'the API');
    },
  };
}

/**
 * The URL of the database `mapflow` of an embedded default app running in
 * `dataDir`: the generated password is in `pg-password`, the port in line 4 of
 * postmaster.pid.
 */
export function embeddedUrl(dataDir: string): string {
  const password = readFileSync(join(dataDir, 'pg-password'), 'utf8').trim();
  const port = readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8')
    .split('\n')[3]
    ?.trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/mapflow`;
}
