import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { appEnv, isAlive, launchApi, startLine, Started } from '../support/app-process';
import { postgresProcessesFor, postmasterPid } from '../support/postgres-processes';
import { useTempDir } from '../support/temp-dir';

/** Starts the app as a user does (`npm start`'s command) on the embedded default in `dataDir`. */
async function startApp(dataDir: string): Promise<Started & { baseUrl: string }> {
  const app = launchApi(appEnv(dataDir));
  const { baseUrl } = await startLine(app);
  return { ...app, baseUrl };
}

describe('embedded default: start, kill -9, restart, Ctrl-C', () => {
  const data = useTempDir('lifecycle');

  it('serves /health, recovers from a stale postmaster.pid after kill -9, and leaves no postgres behind on SIGINT', async () => {
    const dataDir = data.path;
    const first = await startApp(dataDir);
    const health = await fetch(`${first.baseUrl}/health`);
    expect(health.status).toBe(200);
    const docs = await fetch(`${first.baseUrl}/docs-json`);
    expect(docs.status).toBe(200);

    first.child.kill('SIGKILL');
    await first.ended;
    const orphan = postmasterPid(dataDir);
    expect(orphan).not.toBeNull(); // the killed run left its lock file (and its server) behind

    const second = await startApp(dataDir);
    expect((await fetch(`${second.baseUrl}/health`)).status).toBe(200);
    expect(isAlive(orphan as number)).toBe(false); // the orphan was stopped, not left to linger
    const current = postmasterPid(dataDir);
    expect(current).not.toBe(orphan);

    second.child.kill('SIGINT');
    await expect(second.ended).resolves.toEqual({ code: 0, signal: null });
    expect(postgresProcessesFor(dataDir)).toEqual([]);
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  }, 240_000);
});
