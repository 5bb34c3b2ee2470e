import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { openDatabase } from '@mapflow/persistence';
import { ConfigError, loadConfig } from './config/config';
import { WorkerModule } from './events/worker.module';
import { onStopSignals } from './signals';

/**
 * `npm run worker`: a process that works the job queue (webhook deliveries)
 * and serves nothing, for scale-out beside API processes (which run a worker
 * too unless MAPFLOW_WORKER=off). It needs DATABASE_URL: the embedded
 * default belongs to the one API process that started it.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error: unknown) {
    if (error instanceof ConfigError) {
      process.stderr.write(`mapflow worker: configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  if (config.databaseUrl === undefined) {
    process.stderr.write(
      'mapflow worker: set DATABASE_URL (the embedded database belongs to the API process, which runs its own worker)\n',
    );
    process.exit(1);
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }, () => undefined);
  const app = await NestFactory.createApplicationContext(WorkerModule.register(config, database.dataSource), {
    logger: ['error', 'warn'],
  });
  onStopSignals(
    (signal) => {
      process.stderr.write(`mapflow worker: ${signal} received, finishing running jobs and stopping\n`);
      void app
        .close()
        .then(() => database.close())
        .then(() => process.exit(0));
    },
    () => process.exit(1),
  );
  process.stdout.write('mapflow worker: working the job queue\n');
}

void main().catch((error: unknown) => {
  process.stderr.write(`mapflow worker: start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
