import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { join } from 'node:path';
import {
  DataDirInUseError,
  EmbeddedStartError,
  openDatabase,
  type OpenDatabase,
  PendingMigrationsError,
} from '@mapflow/persistence';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/config';
import { listen, ListenError } from './listen';
import { onStopSignals } from './signals';

/** Prints one line and exits: start-up problems are for a person to read. */
function fail(message: string): never {
  process.stderr.write(`mapflow: ${message}\n`);
  process.exit(1);
}

const firstLine = (error: unknown): string =>
  error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error);

/** A start-up failure as the one line to print: what went wrong, and what to do. */
function startFailure(error: unknown): string {
  if (error instanceof PendingMigrationsError || error instanceof DataDirInUseError) return error.message;
  if (error instanceof ListenError) return error.message;
  if (error instanceof EmbeddedStartError) return `cannot start the embedded PostgreSQL: ${firstLine(error)}`;
  return `start failed: ${firstLine(error)}`;
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error: unknown) {
    if (error instanceof ConfigError) fail(`configuration error: ${error.message}`);
    throw error;
  }

  // Whatever this start has opened, stopped in order: HTTP first (in-flight
  // requests finish), then the pool, then the embedded server. The signal
  // handlers are in place from the first moment, so SIGINT or SIGTERM during
  // the start stops what was started too.
  let opening: Promise<OpenDatabase> | null = null;
  let app: NestFastifyApplication | null = null;
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await app?.close();
      await (await opening?.catch(() => null))?.close();
    })());

  onStopSignals(
    (signal) => {
      process.stderr.write(`mapflow: ${signal} received, draining requests and stopping\n`);
      void stop().then(
        () => process.exit(0),
        (error: unknown) => fail(`stopping failed: ${firstLine(error)}`),
      );
    },
    () => process.exit(1), // a second Ctrl-C forces the exit
  );

  let base: string;
  let database: OpenDatabase;
  try {
    opening = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }, (message) =>
      process.stderr.write(`postgres: ${message}`),
    );
    database = await opening;
    app = await createApp(config, database.dataSource);
    base = await listen(app, config);
    await database.embedded?.announce(base);
  } catch (error: unknown) {
    if (stopping) return; // a signal came during the start: its handler stops and exits
    await stop().catch(() => undefined);
    fail(startFailure(error));
  }
  if (stopping) return;
  const embedded = database.embedded;
  // As root with the data folder out of the postgres user's reach, the cluster lives elsewhere: say where.
  const where = !embedded
    ? 'DATABASE_URL'
    : embedded.clusterDir === join(config.dataDir, 'pg')
      ? `embedded PostgreSQL in ${config.dataDir}`
      : `embedded PostgreSQL in ${embedded.clusterDir}, data in ${config.dataDir}`;
  process.stdout.write(`mapflow API on ${base} (docs: ${base}/docs, database: ${where}, Node.js ${process.version})\n`);
}

void main().catch((error: unknown) => fail(startFailure(error)));
