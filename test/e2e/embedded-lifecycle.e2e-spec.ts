import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { postgresProcessesFor } from '../support/postgres-processes';

const ROOT = resolve(__dirname, '../..');

interface Running {
  child: ChildProcess;
  baseUrl: string;
  exited: Promise<number | null>;
}

/** Starts the app as a user does (`npm start`'s command) on the embedded default in `dataDir`. */
async function startApp(dataDir: string): Promise<Running> {
  const env: NodeJS.ProcessEnv = { ...process.env, MAPFLOW_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['scripts/run.js', 'apps/api/src/main'], { cwd: ROOT, env });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const baseUrl = await new Promise<string>((done, fail) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error(`no start line within 90 s; stderr: ${err}`)), 90_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /mapflow API on (http:\/\/\S+) \(docs: \S+\/docs/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        done(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => fail(new Error(`app exited with ${code} before starting: ${err}`)));
  });
  return { child, baseUrl, exited };
}

function postmasterPid(dataDir: string): number | null {
  const file = join(dataDir, 'pg', 'postmaster.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('embedded default: start, kill -9, restart, Ctrl-C', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mapflow-lifecycle-'));
    await chmod(dataDir, 0o755);
  });
  afterAll(async () => {
    for (const pid of postgresProcessesFor(dataDir)) process.kill(Number(pid), 'SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves /health, recovers from a stale postmaster.pid after kill -9, and leaves no postgres behind on SIGINT', async () => {
    const first = await startApp(dataDir);
    const health = await fetch(`${first.baseUrl}/health`);
    expect(health.status).toBe(200);
    const docs = await fetch(`${first.baseUrl}/docs-json`);
    expect(docs.status).toBe(200);

    first.child.kill('SIGKILL');
    await first.exited;
    const orphan = postmasterPid(dataDir);
    expect(orphan).not.toBeNull(); // the killed run left its lock file (and its server) behind

    const second = await startApp(dataDir);
    expect((await fetch(`${second.baseUrl}/health`)).status).toBe(200);
    expect(alive(orphan as number)).toBe(false); // the orphan was stopped, not left to linger
    const current = postmasterPid(dataDir);
    expect(current).not.toBe(orphan);

    second.child.kill('SIGINT');
    await expect(second.exited).resolves.toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  }, 240_000);
});
