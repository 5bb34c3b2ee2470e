import { Client } from 'pg';
import { parentPort, workerData } from 'node:worker_threads';
import type { Rows } from './chain-pages';
import { runVerifyJob, VerifyJob, VerifyOutcome } from './verify-jobs';

/** What the runner sends: a job, or the word to stop. */
export type WorkerRequest = { id: number; job: VerifyJob } | { close: true };
/** What this worker answers: the outcome, or the error (its message and code: a database outage stays a 503). */
export type WorkerReply =
  { id: number; outcome: VerifyOutcome } | { id: number; error: { message: string; code?: string } };

/**
 * A verify worker thread (verify-runner.ts starts it, from the built app):
 * one job at a time, each in a REPEATABLE READ, read-only transaction on a
 * connection of its own, opened on first use and again after it was lost.
 */
const url = (workerData as { url: string }).url;
let client: Client | null = null;

async function connection(): Promise<Client> {
  if (client !== null) return client;
  const fresh = new Client({ connectionString: url, application_name: 'mapflow verify', keepAlive: true });
  const lost = (): void => {
    if (client === fresh) client = null;
  };
  fresh.on('error', lost);
  fresh.on('end', lost);
  await fresh.connect();
  client = fresh;
  return fresh;
}

async function run(job: VerifyJob): Promise<VerifyOutcome> {
  const db = await connection();
  const rows: Rows = { query: async <T>(sql: string, params?: unknown[]) => (await db.query(sql, params)).rows as T[] };
  await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const outcome = await runVerifyJob(rows, job);
    await db.query('COMMIT');
    return outcome;
  } catch (error: unknown) {
    await db.query('ROLLBACK').catch(() => {
      client = null;
      void db.end().catch(() => undefined);
    });
    throw error;
  }
}

parentPort?.on('message', (request: WorkerRequest) => {
  if ('close' in request) {
    void (client?.end() ?? Promise.resolve()).finally(() => parentPort?.close());
    return;
  }
  void run(request.job).then(
    (outcome) => parentPort?.postMessage({ id: request.id, outcome } satisfies WorkerReply),
    (error: unknown) => {
      const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
      parentPort?.postMessage({
        id: request.id,
        error: {
          message: error instanceof Error ? error.message : String(error),
          ...(typeof code === 'string' ? { code } : {}),
        },
      } satisfies WorkerReply);
    },
  );
});
