import {
  Inject,
  Injectable,
  Logger as NestLogger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { Logger, run, type Runner } from 'graphile-worker';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { endPool } from '../common/end-pool';
import { APP_CONFIG, AppConfig } from '../config/config';
import { DeliveryService } from './delivery.service';
import { PeriodicJobs } from './periodic-jobs';

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/**
 * The graphile-worker runner of this process (design/events-out.md): started
 * with the app unless MAPFLOW_WORKER is `off`, stopped with it (jobs running
 * finish first). Several processes may run one against the same database:
 * graphile-worker hands each job to one of them.
 */
@Injectable()
export class WorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private runner: Runner | null = null;
  private pool: Pool | null = null;
  private readonly log = new NestLogger('Worker');

  constructor(
    private readonly deliveries: DeliveryService,
    private readonly periodic: PeriodicJobs,
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.worker === 'off') return;
    await this.start();
  }

  /** Starts the runner (the worker process calls it whatever MAPFLOW_WORKER says). */
  async start(): Promise<void> {
    const options = this.db.options;
    if (options.type !== 'postgres' || options.url === undefined)
      throw new Error('the worker needs a PostgreSQL data source given by URL');
    await this.deliveries.recover();
    // The runner's own pool, ended after it (a pool left open dies with an unhandled error when the
    // database stops); a lost connection is the pool's to replace, not a crash.
    const pool = new Pool({ connectionString: options.url, max: this.config.workerConcurrency + 2 });
    const lost = (error: Error): void => this.log.warn(`job queue connection lost: ${error.message}`);
    pool.on('error', lost);
    pool.on('connect', (client) => client.on('error', lost));
    this.pool = pool;
    this.runner = await run({
      pgPool: pool,
      concurrency: this.config.workerConcurrency,
      noHandleSignals: true,
      pollInterval: 1_000,
      logger: new Logger(() => (level, message) => {
        if (level === 'error') this.log.error(message);
        else if (level === 'warning') this.log.warn(message);
      }),
      taskList: {
        dispatch: async (payload) => {
          const { opportunityId } = (payload ?? {}) as { opportunityId?: unknown };
          if (isText(opportunityId)) await this.deliveries.dispatch(opportunityId);
        },
        ...Object.fromEntries(
          this.periodic.entries().map(([name, job]) => [
            name,
            async () => {
              try {
                await job.run();
              } finally {
                await this.schedule(name, job.everyMs);
              }
            },
          ]),
        ),
        deliver: async (payload) => {
          const { subscriptionId, opportunityId } = (payload ?? {}) as {
            subscriptionId?: unknown;
            opportunityId?: unknown;
          };
          if (isText(subscriptionId) && isText(opportunityId))
            await this.deliveries.deliver(subscriptionId, opportunityId);
        },
      },
    });
    // At start each periodic job runs now: a run left scheduled by a process with a longer interval is moved up.
    for (const [name] of this.periodic.entries()) await this.schedule(name, 0, 'replace');
  }

  /**
   * A periodic job's next run, `inMs` from now: a stored job (it survives restarts), one for every
   * worker (its key), kept where it is when one is already waiting (`preserve_run_at`), or moved (`replace`).
   */
  private async schedule(
    name: string,
    inMs: number,
    mode: 'preserve_run_at' | 'replace' = 'preserve_run_at',
  ): Promise<void> {
    await this.db.query(
      `SELECT graphile_worker.add_job($1, '{}'::json, run_at := now() + make_interval(secs => $2 / 1000.0),
                job_key := $1, job_key_mode := $3, max_attempts := 1)`,
      [name, inMs, mode],
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner?.stop();
    this.runner = null;
    if (this.pool) await endPool(this.pool);
    this.pool = null;
  }
}
