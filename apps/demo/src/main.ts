/**
 * `npm run demo`: the Heroku Series-B case of the brief, end to end, in two
 * parts.
 *
 * Part 1 plays it on machine version 2 (policy 2027.1), funding as AWS runs
 * it, on the pure engine (ENGINE_V2) with the story's own calendar, January
 * 2027 to January 2028 (heroku-v2.ts): a server's clock could not play a year
 * of quarters in seconds. It prints the timeline, the fund requests by AWS's
 * names, partner cash per tranche, the customer's MAP credits per quarter,
 * the MAP tags of every wave and the findings.
 *
 * Part 2 plays the case over the real HTTP API, on machine version 2 too (the
 * version the API creates), on today's date: it starts mapflow as `npm start`
 * does (embedded PostgreSQL, migrations, the same app) in its own data
 * folder on a free port, has ops create the orgs and keys, drives the
 * opportunity from intake to closed while printing a timeline, shows the
 * findings, verifies the audit chain and a signed checkpoint, then stops
 * everything. Exits 0 on success, 1 with the step and the unexpected answer
 * otherwise.
 *
 * Its data folder is `.data/demo` (`MAPFLOW_DEMO_DATA_DIR` to change it),
 * kept so that `MAPFLOW_DATA_DIR=.data/demo npm start` serves what it made;
 * it never touches `npm start`'s own `.data`, and ignores `DATABASE_URL`
 * (a demo writes orgs and keys: not into a database someone configured).
 */
import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { asVersion2, call, fetchTransport, HerokuCase } from '@mapflow/client';
import { openDatabase, type OpenDatabase } from '@mapflow/persistence';
import { createApp } from '../../api/src/app.factory';
import { loadConfig } from '../../api/src/config/config';
import { listen } from '../../api/src/listen';
import { onStopSignals } from '../../api/src/signals';
import { claimDataDir } from './data-dir';
import { printHerokuV2 } from './heroku-v2';
import { linesFor, money } from './timeline';
import { cashTable, creditsTable, fundRequestsTable, tagsTable } from './timeline-v2';

/** The demo database's bootstrap ops key: a local demo, and the key must still work on the next run. */
const DEMO_OPS_KEY = 'demo_ops_bootstrap_key_0123456789';

const out = (line = ''): void => void process.stdout.write(`${line}\n`);
const seconds = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const firstLine = (error: unknown): string =>
  error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error);

async function main(): Promise<number> {
  const started = Date.now();
  const dataDir = resolve(process.env.MAPFLOW_DEMO_DATA_DIR ?? join('.data', 'demo'));
  const inCwd = relative(process.cwd(), dataDir);
  const shownDir = inCwd.startsWith('..') || isAbsolute(inCwd) ? dataDir : inCwd;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    MAPFLOW_DATA_DIR: dataDir,
    MAPFLOW_BOOTSTRAP_OPS_KEY: DEMO_OPS_KEY,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
  });

  out('mapflow demo: the Heroku Series-B case of the brief');
  out('  A Series-B B2B SaaS spends ~$9K/month on Heroku and commits ~$11K/month on AWS; a premier APN');
  out('  partner runs MAP Assess -> Mobilize -> Migrate & Modernize -> closeout, in a pilot and three waves.');

  const postgresErrors: string[] = [];
  let release: (() => Promise<void>) | null = null;
  let opening: Promise<OpenDatabase> | null = null;
  let database: OpenDatabase | null = null;
  let app: NestFastifyApplication | null = null;
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await app?.close();
      // Interrupted while PostgreSQL starts: wait for it, then stop it.
      await (database ?? (await opening?.catch(() => null)))?.close();
      await release?.();
    })());
  let interrupted = false;
  const interrupt = (signal: NodeJS.Signals): void => {
    interrupted = true;
    process.stderr.write(`demo: ${signal} received, stopping the API and PostgreSQL\n`);
    void stop().finally(() => process.exit(130));
  };
  onStopSignals(interrupt, () => process.exit(130));

  let current = 'start-up';
  try {
    release = await claimDataDir(dataDir);

    out();
    out('Part 1: machine version 2 (policy 2027.1), funding as AWS runs it, on the pure engine (ENGINE_V2)');
    out("  with the story's own calendar, January 2027 to January 2028, without HTTP or a database.");
    out();
    current = 'Part 1 (version 2, on the pure engine)';
    printHerokuV2(out);

    current = 'start-up';
    out();
    out('Part 2: the same case over the real HTTP API on embedded PostgreSQL, on machine version 2 (the version');
    out("  the API creates), on today's date: the story's year in one day, its four quarters of tagged spend in");
    out("  today's quarter; then the audit chain and a signed checkpoint.");
    const dbStarted = Date.now();
    opening = openDatabase({ databaseUrl: undefined, dataDir }, (message) => postgresErrors.push(message));
    database = await opening;
    app = await createApp(config, database.dataSource);
    const baseUrl = await listen(app, config);
    await database.embedded?.announce(baseUrl);
    const cluster = database.embedded?.clusterDir ?? join(dataDir, 'pg'); // elsewhere as root when postgres cannot reach dataDir
    const shownDb = cluster === join(dataDir, 'pg') ? shownDir : `${cluster} (data in ${shownDir})`;
    out(`  database: embedded PostgreSQL in ${shownDb} (ready in ${seconds(dbStarted)}); API on ${baseUrl}`);
    out();

    const heroku = new HerokuCase({
      transport: fetchTransport(baseUrl),
      opsKey: DEMO_OPS_KEY,
      report: (report) => linesFor(report).forEach((line) => out(line)),
    });
    await heroku.run((index, step) => {
      current = `[${index}/${heroku.steps.length}] ${step.title}`;
      out(current);
    });

    const o = heroku.opportunity;
    const view = asVersion2(await o.view());
    const paid = Object.values(view.funding).reduce((sum, f) => sum + f.paidCents, 0);
    out();
    out(
      `Closed over HTTP on machine version ${view.machineVersion}: "${view.title}" went intake -> ${view.phase} ` +
        `in ${view.version} audited events.`,
    );
    out("Fund requests, by the names AWS's template gives them:");
    fundRequestsTable(view).forEach((line) => out(line));
    out('Partner cash by tranche (envelope, requested, pre-approved by AWS, approved on claims, paid):');
    cashTable(view).forEach((line) => out(line));
    out('Customer MAP credits by quarter:');
    creditsTable(view).forEach((line) => out(line));
    out('MAP tags of every wave:');
    tagsTable(view).forEach((line) => out(line));
    out(
      `AWS paid the partner ${money(paid)} in three cash tranches (the Migrate request cut to its envelope) and ` +
        `issued the customer ${money(view.credits.issuedCents)} of MAP credits.`,
    );
    out();
    const diagram = `http://localhost:3000/v1/opportunities/${o.id}/diagram`;
    out(`Explore it: the demo's data stays in ${shownDir}. Serve it with`);
    out(`  MAPFLOW_DATA_DIR=${shownDir} npm start`);
    out('then open http://localhost:3000/docs (Swagger UI; Authorize with a key below) and the diagram:');
    out(`  ${diagram}`);
    out(`  curl -s ${diagram} -H 'authorization: Bearer ${heroku.partner.key}' -o heroku-to-aws.svg`);
    out(`  keys: partner ${heroku.partner.key}`);
    out(`        customer ${heroku.customer.key}`);
    out(`        ops ${heroku.auditor.key}`);
    out('and the web app, signed in as a person of each role: open a link (single use, valid 72 hours), set a');
    out('password of 12 characters or more, and you are in (ops also enrols an authenticator app):');
    for (const [role, org] of [
      ['customer', heroku.customer],
      ['partner', heroku.partner],
      ['ops', heroku.auditor],
    ] as const) {
      const invitation = await call<{ link: string }>(
        fetchTransport(baseUrl),
        {
          method: 'POST',
          path: `/v1/orgs/${org.id}/invitations`,
          key: DEMO_OPS_KEY,
          body: { email: `${role}.${Date.now()}@demo.example` },
        },
        201,
      );
      out(`  ${role.padEnd(8)} http://localhost:3000${new URL(invitation.link).pathname}`);
    }
    out('`npm start` on its own serves the docs at http://localhost:3000/docs and the web app at');
    out('http://localhost:3000/app (your data in .data).');
    await stop();
    out(`Demo done in ${seconds(started)}; the API and its PostgreSQL are stopped.`);
    return 0;
  } catch (error: unknown) {
    if (interrupted) return new Promise<number>(() => undefined); // the signal handler stops and exits
    if (current === 'start-up') process.stderr.write(`demo: cannot start: ${firstLine(error)}\n`);
    else process.stderr.write(`\ndemo FAILED at ${current}:\n  ${firstLine(error)}\n`);
    if (postgresErrors.length > 0) process.stderr.write(`PostgreSQL said:\n${postgresErrors.join('')}\n`);
    await stop().catch((e: unknown) => process.stderr.write(`demo: stopping failed too: ${firstLine(e)}\n`));
    return 1;
  }
}

// Run by scripts/run.js (so `require.main` is run.js): start unconditionally.
void main().then(
  (code) => process.stdout.write('', () => process.exit(code)),
  (error: unknown) => {
    process.stderr.write(`demo FAILED: ${firstLine(error)}\n`);
    process.exit(1);
  },
);
