import { fork } from 'node:child_process';
import { join } from 'node:path';

/** One /health answer as the probe saw it; `ms` is Infinity when none came. */
export interface HealthAnswer {
  ms: number;
  status: number;
}

/** A running probe: `stop()` ends the polling and gives every answer. */
export interface HealthProbe {
  stop(): Promise<HealthAnswer[]>;
}

/**
 * Starts polling `${baseUrl}/health` every `intervalMs` from a process of
 * its own (support/health-poller.js), so the times are a separate client's
 * and not this test runner's own pauses. Resolves once the poller is warm and its first counted ask is due.
 */
export async function startHealthProbe(baseUrl: string, intervalMs: number): Promise<HealthProbe> {
  const child = fork(join(__dirname, 'health-poller.js'), [`${baseUrl}/health`, String(intervalMs)], {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<never>((_, fail) =>
    child.once('exit', (code) => fail(new Error(`the /health probe stopped early (exit code ${code})`))),
  );
  exited.catch(() => undefined);
  const first = (): Promise<unknown> => new Promise((resolve) => child.once('message', resolve));
  await Promise.race([first(), exited]);
  return {
    async stop(): Promise<HealthAnswer[]> {
      const answers = Promise.race([first(), exited]);
      child.send('stop');
      const got = (await answers) as { ms: number | null; status: number }[];
      return got.map((a) => ({ ms: a.ms ?? Number.POSITIVE_INFINITY, status: a.status }));
    },
  };
}
