import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DataSource } from 'typeorm';
import { AppError, ErrorCode } from '../common/errors';
import { runVerifyJob, VerifyJob, VerifyOutcome } from './verify-jobs';
import type { WorkerReply, WorkerRequest } from './verify.worker';

/** What a caller turned away is told to wait before retrying (seconds). */
export const VERIFY_RETRY_AFTER_SECONDS = 5;

/**
 * A verify worker's heap: a verification holds two pages of a chain (or a
 * batch of a checkpoint's heads) and the live snapshot, so a small young
 * generation keeps its garbage, and the process's memory, small; the old
 * generation's bound stops a runaway job instead of the API.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 32, maxOldGenerationSizeMb: 128 };

/** Runs the jobs of one verification, in the slot it holds. */
export type RunJob = (job: VerifyJob) => Promise<VerifyOutcome>;

/** The built worker next to this file; null when running from TypeScript sources (ts-jest). */
function workerFile(): string | null {
  return __filename.endsWith('.js') ? join(__dirname, 'verify.worker.js') : null;
}

/** One worker thread and the job it runs. */
class VerifyWorker {
  private readonly worker: Worker;
  private pending: { id: number; resolve: (outcome: VerifyOutcome) => void; reject: (error: Error) => void } | null =
    null;
  private nextId = 0;
  dead = false;

  constructor(file: string, url: string) {
    this.worker = new Worker(file, { workerData: { url }, resourceLimits: WORKER_LIMITS });
    this.worker.on('message', (reply: WorkerReply) => {
      const pending = this.pending;
      if (pending === null || pending.id !== reply.id) return;
      this.pending = null;
      if ('outcome' in reply) pending.resolve(reply.outcome);
      else pending.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
    });
    const fail = (error: Error): void => {
      this.dead = true;
      this.pending?.reject(error);
      this.pending = null;
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the verify worker stopped (exit code ${code})`)));
    // An idle worker never keeps a stopping process alive.
    this.worker.unref();
  }

  run(job: VerifyJob): Promise<VerifyOutcome> {
    const id = (this.nextId += 1);
    return new Promise<VerifyOutcome>((resolve, reject) => {
      this.pending = { id, resolve, reject };
      this.worker.ref();
      this.worker.postMessage({ id, job } satisfies WorkerRequest);
    }).finally(() => this.worker.unref());
  }

  async close(): Promise<void> {
    if (this.dead) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.ref();
    this.worker.postMessage({ close: true } satisfies WorkerRequest);
    await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 2_000).unref())]);
    if (!this.dead) await this.worker.terminate();
  }
}

/**
 * Audit verifications, at most `size` at once in this process
 * (MAPFLOW_AUDIT_VERIFY_CONCURRENCY); the excess is told to retry (429 with
 * Retry-After) rather than queued. Each runs in a worker thread of its own,
 * with a bounded heap and its own database connection, so a chain of any
 * length neither holds the event loop nor grows the process by more than a
 * worker's heap. From TypeScript sources (the e2e suites), the same jobs run
 * on this thread, in slices that leave the event loop to other requests.
 */
export class VerifyRunner {
  private running = 0;
  private readonly idle: VerifyWorker[] = [];
  private readonly file = workerFile();

  constructor(
    private readonly db: DataSource,
    private readonly url: string,
    readonly size: number,
  ) {}

  /** Runs `work` in a slot of its own, or refuses with 429 when every slot is taken. */
  async withSlot<T>(work: (run: RunJob) => Promise<T>): Promise<T> {
    if (this.running >= this.size) {
      throw new AppError(
        ErrorCode.RateLimited,
        `${this.size === 1 ? 'An audit verification is' : `${this.size} audit verifications are`} already running; retry in ${VERIFY_RETRY_AFTER_SECONDS} s`,
        { headers: { 'retry-after': String(VERIFY_RETRY_AFTER_SECONDS) } },
      );
    }
    this.running += 1;
    const worker = this.file === null ? null : (this.idle.pop() ?? new VerifyWorker(this.file, this.url));
    try {
      return await work((job) => (worker === null ? this.onThisThread(job) : worker.run(job)));
    } finally {
      this.running -= 1;
      if (worker !== null && !worker.dead) this.idle.push(worker);
    }
  }

  /** Stops the idle workers (and their connections). */
  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((worker) => worker.close()));
  }

  private onThisThread(job: VerifyJob): Promise<VerifyOutcome> {
    return this.db.transaction('REPEATABLE READ', async (tx) => {
      await tx.query('SET TRANSACTION READ ONLY');
      return runVerifyJob(tx, job);
    });
  }
}
