import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Exit, ROOT } from '../../support/app-process';
import { postgresProcessesFor } from '../../support/postgres-processes';
import { TEST_OPS_KEY } from '../../support/test-app';
import { isAlive } from '@mapflow/persistence/embedded';

/** The repository root: the API runs from here, as `npm start` runs it. */
export { ROOT };

/** A temp folder that the embedded server's own user (`postgres` when run as root) can reach. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `mapflow-rel-${prefix}-`));
  await chmod(dir, 0o755);
  return dir;
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
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

/** Last-resort cleanup in afterAll: SIGKILL whatever is left of a cluster this suite started. */
export function killPostgresOf(dataDir: string): void {
  for (const pid of postgresProcessesFor(dataDir)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * A suite's afterAll: kill its API hard, stop its PostgreSQL, kill whatever
 * is left of the cluster in `<dir>/db`, and remove the folder.
 */
export async function tearDownSuite(dir: string, api?: ApiProcess, pg?: HarnessPostgres): Promise<void> {
  if (api?.running()) await killHard(api);
  await pg?.stop();
  killPostgresOf(join(dir, 'db'));
  await removeDir(dir);
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
