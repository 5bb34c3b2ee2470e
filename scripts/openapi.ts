/**
 * Writes the OpenAPI document exactly as `GET /docs-json` serves it: the app
 * is built by `createApp`, as `npm start` and the e2e suites build it, on an
 * embedded PostgreSQL in a temp folder (removed afterwards, with its
 * cluster), and the document is read by an in-process request; nothing
 * listens on a port. `npm run openapi:lint` lints the file with Redocly's
 * recommended rules.
 *
 *   node scripts/run.js scripts/openapi             writes dist/openapi.json
 *   node scripts/run.js scripts/openapi OUT.json    writes OUT.json instead
 *
 * Paths are relative to the working directory (the repository root under npm).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createApp } from '../apps/api/src/app.factory';
import { loadConfig } from '../apps/api/src/config/config';
import { openDatabase } from '@mapflow/persistence';
import { runMain } from './run-main';

async function main(): Promise<number> {
  const out = resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'dist/openapi.json');
  const dataDir = mkdtempSync(join(tmpdir(), 'mapflow-openapi-'));
  try {
    // Only what the document needs: the embedded default in a throw-away folder, whatever the environment says.
    const config = loadConfig({ MAPFLOW_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const database = await openDatabase({ databaseUrl: undefined, dataDir }, (message) =>
      process.stderr.write(`postgres: ${message}`),
    );
    try {
      const app = await createApp(config, database.dataSource);
      try {
        const res = await app.inject({ method: 'GET', url: '/docs-json' });
        if (res.statusCode !== 200) throw new Error(`GET /docs-json answered ${res.statusCode}`);
        mkdirSync(dirname(out), { recursive: true });
        writeFileSync(out, `${JSON.stringify(JSON.parse(res.body), null, 2)}\n`);
        process.stdout.write(`openapi: wrote ${out} (${res.body.length} bytes)\n`);
      } finally {
        await app.close();
      }
    } finally {
      await database.close();
      // As root, the cluster may live in a folder of its own under /var/lib/mapflow, made for this data folder only.
      const clusterDir = database.embedded?.clusterDir;
      if (clusterDir !== undefined && clusterDir !== join(dataDir, 'pg')) {
        rmSync(dirname(clusterDir), { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return 0;
}

runMain('openapi', main);
