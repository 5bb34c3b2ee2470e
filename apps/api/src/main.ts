import 'reflect-metadata';
import { openDatabase, PendingMigrationsError } from '../../../libs/persistence/src';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/config';
import { listen } from './listen';

/** Prints one line and exits: start-up problems are for a person to read. */
function fail(message: string): never {
  process.stderr.write(`mapflow: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error: unknown) {
    if (error instanceof ConfigError) fail(`configuration error: ${error.message}`);
    throw error;
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }, (message) =>
    process.stderr.write(`postgres: ${message}`),
  ).catch((error: unknown) => {
    if (error instanceof PendingMigrationsError) fail(error.message);
    fail(`cannot open the database: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  });
  const app = await createApp(config, database.dataSource);

  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) process.exit(1); // a second Ctrl-C forces the exit
    closing = true;
    process.stderr.write(`mapflow: ${signal} received, draining requests and stopping\n`);
    void (async () => {
      await app.close(); // stops accepting, lets in-flight requests finish
      await database.close(); // then the pool, then the embedded server
      process.exit(0);
    })();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  const base = await listen(app, config);
  const where = database.embedded ? `embedded PostgreSQL in ${config.dataDir}` : 'DATABASE_URL';
  process.stdout.write(`mapflow API on ${base} (docs: ${base}/docs, database: ${where})\n`);
}

void main().catch((error: unknown) =>
  fail(error instanceof Error ? (error.message.split('\n')[0] ?? 'start failed') : String(error)),
);
