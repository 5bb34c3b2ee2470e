import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { isAlive } from '@mapflow/persistence/embedded';

export const ROOT = resolve(__dirname, '../..');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A process started as a user starts mapflow, with what it printed so far. */
export interface Started {
  readonly child: ChildProcess;
  /** The process ended and its output was read to the end ('close'). */
  readonly exited: Promise<Exit>;
  /** The process ended ('exit'): its output may still be open in a process it left behind. */
  readonly ended: Promise<Exit>;
  stdout(): string;
  stderr(): string;
}

/** The embedded default on `dataDir`, a free port, quiet logs; DATABASE_URL removed. */
export function appEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, MAPFLOW_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', ...extra };
  delete env.DATABASE_URL;
  return env;
}

/** Spawns `command` in the repository and records its output. */
export function launch(command: string, args: string[], env: NodeJS.ProcessEnv): Started {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<Exit>((done) => child.on('close', (code, signal) => done({ code, signal })));
  const ended = new Promise<Exit>((done) => child.on('exit', (code, signal) => done({ code, signal })));
  return { child, exited, ended, stdout: () => out, stderr: () => err };
}

/** `npm start`'s command (build if stale, then the built API), as the e2e suites run it. */
export function launchApi(env: NodeJS.ProcessEnv): Started {
  return launch(process.execPath, ['scripts/run.js', 'apps/api/src/main'], env);
}

/** Waits for the start line and answers the base URL it names; rejects with the output if the process ends first. */
export async function startLine(app: Started, ms = 90_000): Promise<{ baseUrl: string; line: string }> {
  const deadline = Date.now() + ms;
  let ended = false;
  void app.exited.then(() => (ended = true));
  for (;;) {
    const match = /^mapflow API on (http:\/\/\S+) \(docs:.*$/m.exec(app.stdout());
    if (match?.[1]) return { baseUrl: match[1], line: match[0] };
    if (ended || Date.now() > deadline) {
      throw new Error(`no start line (${ended ? 'exited' : 'timed out'}): ${app.stderr()}${app.stdout()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export { isAlive };

/** `promise`, or `fallback` once `ms` pass. */
export function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((done) => (timer = setTimeout(() => done(fallback), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Waits until `check` holds or `ms` pass; answers whether it held. */
export async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}
