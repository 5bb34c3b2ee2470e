import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Pool } from 'pg';
import { checkChain, replayLinks } from '@mapflow/audit';
import {
  createDatabaseIfMissing,
  createDataSource,
  dropDatabase,
  EmbeddedDatabase,
  insertLongChain,
  startEmbeddedPostgres,
} from '@mapflow/persistence';
import { apiEvents, apiHotRow, apiLists, apiReads } from './api-load';
import { pageTimes, signedInPerson, type PageFigures } from './pages';
import { drained, startReceiver, subscribe, unsubscribe } from './outbox';
import { floorEvents, floorHotRow, floorLists, floorReads, ListFilter, listQuery } from './floor';
import { checkDiskSpace, seedOpportunities, SeedOrgs } from './seed';
import { Figures, round } from './stats';
import { CpuFigures, withCpu } from './cpu';

const ROOT = resolve(__dirname, '../..');

interface Options {
  opportunities: number;
  seconds: number;
  connections: number[];
  chain: number;
  /** Workloads to run (default all): events, outbox, hot, reads, lists, pages, audit. */
  only: string[];
  /** Where to write a V8 CPU profile of the API process, if asked. */
  profileDir: string | null;
}

function parseArgs(argv: string[]): Options {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const whole = (flag: string, fallback: number): number => {
    const raw = value(flag);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a whole number above 0, got "${raw}"`);
    return n;
  };
  return {
    opportunities: whole('--opportunities', 10_000),
    seconds: whole('--seconds', 5),
    connections: (value('--connections') ?? '1,8,32').split(',').map(Number),
    chain: whole('--chain', 100_000),
    only: (value('--only') ?? 'events,outbox,hot,reads,lists,pages,audit').split(','),
    profileDir: value('--profile') ?? null,
  };
}

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** A fresh database: embedded PostgreSQL in a temp folder (the default) or a new database on DATABASE_URL. */
async function openBenchDatabase(dir: string): Promise<{ url: string; close(): Promise<void>; where: string }> {
  const external = process.env.DATABASE_URL;
  if (external) {
    const target = new URL(external);
    const name = `mapflow_bench_${randomBytes(4).toString('hex')}`;
    const admin = new URL(target);
    admin.pathname = '/postgres';
    await createDatabaseIfMissing(admin.toString(), name);
    target.pathname = `/${name}`;
    return {
      url: target.toString(),
      where: `DATABASE_URL (${target.host}, fresh database ${name})`,
      close: () => dropDatabase(admin.toString(), name),
    };
  }
  const embedded: EmbeddedDatabase = await startEmbeddedPostgres({ dataDir: join(dir, 'db'), database: 'mapflow' });
  // As mapflow connects to its embedded server (its Unix socket), the floor too.
  return {
    url: embedded.localUrl ?? embedded.url,
    where: `embedded PostgreSQL (temp folder, ${embedded.localUrl === null ? 'TCP' : 'Unix socket'})`,
    close: () => embedded.stop(),
  };
}

async function startApi(
  url: string,
  dir: string,
  opsKey: string,
  profileDir: string | null,
): Promise<{ base: string; child: ChildProcess }> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profileDir)}`] : [];
  const child = spawn(process.execPath, [...profile, join(ROOT, 'dist/apps/api/src/main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      MAPFLOW_DATA_DIR: join(dir, 'app'),
      MAPFLOW_BOOTSTRAP_OPS_KEY: opsKey,
      MAPFLOW_RATE_LIMIT_PER_MIN: '10000000',
      // The outbox workload's receiver listens on loopback, in this process.
      MAPFLOW_WEBHOOKS_ALLOW_HTTP_LOOPBACK: 'true',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i += 1) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode} at start`);
    const ok = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { base, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the API did not answer /health within 30 s');
}

async function post<T>(base: string, key: string, path: string, body: object): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function makeOrgs(base: string, opsKey: string): Promise<SeedOrgs & { partnerKeys: string[] }> {
  const partners: SeedOrgs['partners'] = [];
  const partnerKeys: string[] = [];
  for (let i = 0; i < 20; i += 1) {
    const org = await post<{ id: string }>(base, opsKey, '/v1/orgs', {
      kind: 'partner',
      name: `Partner ${i}`,
      tier: 'premier',
    });
    const key = await post<{ key: string; userId: string }>(base, opsKey, `/v1/orgs/${org.id}/api-keys`, {
      userName: `bench ${i}`,
    });
    partners.push({ id: org.id, userId: key.userId });
    partnerKeys.push(key.key);
  }
  const customers: SeedOrgs['customers'] = [];
  for (let i = 0; i < 200; i += 1) {
    const name = `Customer ${i}`;
    const org = await post<{ id: string }>(base, opsKey, '/v1/orgs', { kind: 'customer', name });
    customers.push({ id: org.id, name });
  }
  return { partners, customers, partnerKeys };
}

function pgbench(url: string, seconds: number): number | null {
  if (spawnSync('pgbench', ['--version']).status !== 0) return null;
  const init = spawnSync('pgbench', ['-i', '-s', '4', '-q', url], { encoding: 'utf8' });
  if (init.status !== 0) return null;
  const run = spawnSync('pgbench', ['-c', '8', '-j', '2', '-T', String(seconds), url], { encoding: 'utf8' });
  const tps = /tps = ([\d.]+)/.exec(run.stdout ?? '')?.[1];
  return tps ? Number(tps) : null;
}

interface AuditFigures {
  entries: number;
  endpointEntriesPerSecond: number;
  chainCheckEntriesPerSecond: number;
  replayEntriesPerSecond: number;
}

/** (e) A long chain: verified over HTTP, then its chain check and its replay measured on their own. */
async function auditFigures(
  base: string,
  opsKey: string,
  pool: Pool,
  orgs: SeedOrgs,
  chain: number,
): Promise<AuditFigures> {
  const chainId = randomUUID();
  const { links } = await insertLongChain(pool, {
    opportunityId: chainId,
    partnerOrgId: orgs.partners[0]?.id ?? '',
    customerOrgId: orgs.customers[0]?.id ?? '',
    customerName: orgs.customers[0]?.name ?? '',
    userId: orgs.partners[0]?.userId ?? '',
    entries: chain,
  });
  const t = performance.now();
  const res = await fetch(`${base}/v1/opportunities/${chainId}/audit/verify`, {
    headers: { authorization: `Bearer ${opsKey}` },
  });
  const verdict = (await res.json()) as { valid: boolean; entries: number };
  const endpointSeconds = (performance.now() - t) / 1000;
  if (!verdict.valid || verdict.entries !== chain) throw new Error(`verify answered ${JSON.stringify(verdict)}`);
  const best = async (work: () => Promise<unknown> | unknown): Promise<number> => {
    let fastest = Infinity;
    for (let i = 0; i < 3; i += 1) {
      const s = performance.now();
      await work();
      fastest = Math.min(fastest, (performance.now() - s) / 1000);
    }
    return fastest;
  };
  const chainSeconds = await best(() => checkChain(chainId, links));
  const replaySeconds = await best(() => replayLinks(links));
  return {
    entries: chain,
    endpointEntriesPerSecond: round(chain / endpointSeconds, 0),
    chainCheckEntriesPerSecond: round(chain / chainSeconds, 0),
    replayEntriesPerSecond: round(chain / replaySeconds, 0),
  };
}

/** Requests per page in the pages workload. */
const PAGE_REQUESTS = 100;

/**
 * (f) The main pages of each role: a person of the customer, of partner 0
 * (whose opportunity `opportunityId` is) and of ops, each invited and signed
 * in as in the web app, then each page timed.
 */
async function webPages(
  base: string,
  opsKey: string,
  pool: Pool,
  orgs: SeedOrgs,
  partnerOrgId: string,
  opportunityId: string,
): Promise<PageFigures[]> {
  const { rows } = await pool.query<{ customer_org_id: string }>(
    'SELECT customer_org_id FROM opportunities WHERE id = $1',
    [opportunityId],
  );
  const customerOrgId = rows[0]?.customer_org_id ?? '';
  const me = (await (await fetch(`${base}/v1/me`, { headers: { authorization: `Bearer ${opsKey}` } })).json()) as {
    org: { id: string };
  };
  const stamp = randomBytes(3).toString('hex');
  const customer = await signedInPerson(base, opsKey, customerOrgId, `cto.${stamp}@customer.example`);
  const partner = await signedInPerson(base, opsKey, partnerOrgId, `lead.${stamp}@partner.example`);
  const ops = await signedInPerson(base, opsKey, me.org.id, `auditor.${stamp}@ops.example`);
  const o = `/app/opportunities/${opportunityId}`;
  say(`-- web app pages (${orgs.customers.length} customers, ${orgs.partners.length} partners)`);
  return pageTimes(
    base,
    [
      { page: 'inbox', role: 'customer', path: '/app/inbox', cookie: customer },
      { page: 'business case', role: 'customer', path: `${o}/business-case`, cookie: customer },
      { page: 'credits', role: 'customer', path: `${o}/credits`, cookie: customer },
      { page: 'board', role: 'partner', path: '/app/board', cookie: partner },
      { page: 'opportunity', role: 'partner', path: o, cookie: partner },
      { page: 'claims queue', role: 'ops', path: '/app/claims', cookie: ops },
      { page: 'reports', role: 'ops', path: '/app/reports', cookie: ops },
      { page: 'audit chain', role: 'ops', path: `/app/audit/${opportunityId}`, cookie: ops },
      { page: 'orgs', role: 'ops', path: '/app/orgs', cookie: ops },
    ],
    PAGE_REQUESTS,
  );
}

/** Events with the outbox on against the same run without (design/events-out.md; issue: the added cost per event). */
interface OutboxFigures {
  connections: number;
  /** The engine's events with the outbox on, as a share of its rate without. */
  engineOnOff: number;
  floorOnOff: number;
  /** What one event costs more, in ms of one connection's time: connections / rate, on less off. */
  engineAddedMsPerEvent: number;
  floorAddedMsPerEvent: number;
  /** Seconds after a run until every delivery of it was made. */
  engineDrainSeconds: number;
  floorDrainSeconds: number;
}

function outboxFigures(
  c: number,
  off: Row,
  engine: Figures,
  floor: Figures,
  engineDrain: number,
  floorDrain: number,
): OutboxFigures {
  const added = (on: number, without: number): number =>
    on > 0 && without > 0 ? round((c / on - c / without) * 1000, 2) : 0;
  return {
    connections: c,
    engineOnOff: round(engine.throughput / off.engine.throughput, 3),
    floorOnOff: off.floor ? round(floor.throughput / off.floor.throughput, 3) : 0,
    engineAddedMsPerEvent: added(engine.throughput, off.engine.throughput),
    floorAddedMsPerEvent: added(floor.throughput, off.floor?.throughput ?? 0),
    engineDrainSeconds: round(engineDrain, 1),
    floorDrainSeconds: round(floorDrain, 1),
  };
}

interface Row {
  workload: string;
  connections: number;
  engine: Figures;
  floor: Figures | null;
  /** Where the CPU went during each side's run. */
  cpu?: { engine: CpuFigures; floor: CpuFigures };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'mapflow-bench-'));
  // As root, embedded PostgreSQL runs as the postgres user, who must reach its folder.
  chmodSync(dir, 0o755);
  checkDiskSpace(dir, options.opportunities + options.chain / 10);
  const db = await openBenchDatabase(dir);
  let api: ChildProcess | null = null;
  const pool = new Pool({ connectionString: db.url, max: 40 });
  // Idle clients hear the server stop at the end; that is not a failure of the run.
  pool.on('error', () => undefined);
  try {
    say(
      `mapflow bench: ${options.opportunities} opportunities, ${options.seconds} s a run, connections ${options.connections.join('/')}`,
    );
    say(`database: ${db.where}`);
    const ds = createDataSource(db.url);
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    await ds.destroy();
    const opsKey = `bench_ops_${randomBytes(16).toString('hex')}`;
    const started = await startApi(db.url, dir, opsKey, options.profileDir);
    api = started.child;
    const base = started.base;
    const orgs = await makeOrgs(base, opsKey);
    const t = performance.now();
    const client = await pool.connect();
    const ids = await seedOpportunities(client, orgs, options.opportunities).finally(() => client.release());
    const seedSeconds = (performance.now() - t) / 1000;
    say(`seeded ${ids.length} opportunities with COPY in ${seedSeconds.toFixed(1)} s`);

    // Partner 0's opportunities: half for the engine's events, half for the floor's, one hot row each.
    const mine = ids.filter((_, i) => i % orgs.partners.length === 0);
    const half = Math.floor(mine.length / 2);
    const apiIds = mine.slice(1, half);
    const floorIds = mine.slice(half + 1);
    const [apiHot, floorHot] = [mine[0] as string, mine[half] as string];
    const partnerKey = orgs.partnerKeys[0] as string;
    const pid = api.pid ?? 0;
    const filters: ListFilter[] = [
      {},
      { phase: 'intake' },
      { partnerOrgId: orgs.partners[3]?.id },
      { customerOrgId: orgs.customers[7]?.id },
      { phase: 'intake', overdue: 'false' },
    ];
    const rows: Row[] = [];
    const receiver = await startReceiver();
    const outbox: OutboxFigures[] = [];
    for (const c of options.connections) {
      const run = (key: string) => ({ url: base, key, connections: c, seconds: options.seconds, pid });
      say(`-- ${c} connection(s)`);
      const workloads: { flag: string; name: string; engine(): Promise<Figures>; floor(): Promise<Figures> }[] = [
        {
          flag: 'events',
          name: 'events',
          engine: () => apiEvents(run(partnerKey), apiIds),
          floor: () => floorEvents(pool, floorIds, c, options.seconds),
        },
        {
          flag: 'hot',
          name: 'hot row',
          engine: () => apiHotRow(run(partnerKey), apiHot),
          floor: () => floorHotRow(pool, floorHot, c, options.seconds),
        },
        {
          flag: 'reads',
          name: 'reads',
          engine: () => apiReads(run(opsKey), ids),
          floor: () => floorReads(pool, ids, c, options.seconds),
        },
        {
          flag: 'lists',
          name: `lists @${options.opportunities}`,
          engine: () => apiLists(run(opsKey), filters.map(listQuery)),
          floor: () => floorLists(pool, filters, c, options.seconds),
        },
      ];
      for (const w of workloads.filter((w) => options.only.includes(w.flag))) {
        const engine = await withCpu(pid, () => w.engine());
        const floor = await withCpu(pid, () => w.floor());
        rows.push({
          workload: w.name,
          connections: c,
          engine: engine.result,
          floor: floor.result,
          cpu: { engine: engine.cpu, floor: floor.cpu },
        });
        if (w.flag === 'events' && options.only.includes('outbox')) {
          // (b') the same events with the outbox on: partner 0 subscribed to every event at a receiver on
          // loopback, so each commit (the engine's and the floor's: one statement) enqueues its dispatch
          // job, and the API's worker delivers them; each run drained before the next is timed.
          const sub = await subscribe(base, partnerKey, receiver.url);
          const engine = await apiEvents(run(partnerKey), apiIds);
          const engineDrain = await drained(pool, sub);
          const floor = await floorEvents(pool, floorIds, c, options.seconds);
          const floorDrain = await drained(pool, sub);
          await unsubscribe(base, partnerKey, sub);
          rows.push({ workload: 'events+outbox', connections: c, engine, floor });
          const off = rows[rows.length - 2] as Row;
          outbox.push(outboxFigures(c, off, engine, floor, engineDrain, floorDrain));
        }
      }
    }
    await receiver.close();

    // (f) the web app's main pages, as each role's person asks for them, at this many opportunities.
    const pages = options.only.includes('pages')
      ? await webPages(base, opsKey, pool, orgs, orgs.partners[0]?.id ?? '', mine[1] ?? '')
      : null;

    // (e) audit verify of a long chain: over HTTP, and the chain check and the replay on their own.
    const audit = options.only.includes('audit') ? await auditFigures(base, opsKey, pool, orgs, options.chain) : null;

    say('-- pgbench TPC-B (8 clients), when installed');
    const pgbenchTps = pgbench(db.url, options.seconds);

    const ratio = (r: Row | undefined): number | null =>
      r?.floor && r.floor.throughput > 0 ? round(r.engine.throughput / r.floor.throughput, 3) : null;
    say('');
    say('workload          conns  engine/s   p50 ms  p99 ms  RSS MiB |  floor/s  p50 ms  p99 ms | engine/floor');
    for (const r of rows) {
      say(
        [
          r.workload.padEnd(17),
          String(r.connections).padStart(5),
          r.engine.throughput.toFixed(0).padStart(9),
          r.engine.p50.toFixed(1).padStart(8),
          r.engine.p99.toFixed(1).padStart(7),
          (r.engine.peakRssMiB ?? 0).toFixed(0).padStart(8),
          ' |',
          (r.floor?.throughput ?? 0).toFixed(0).padStart(8),
          (r.floor?.p50 ?? 0).toFixed(1).padStart(7),
          (r.floor?.p99 ?? 0).toFixed(1).padStart(7),
          ' |',
          String(ratio(r) ?? '-').padStart(12),
        ].join(' '),
      );
    }
    say('');
    say('CPU seconds per second of a run (cores busy), engine run | floor run:');
    say('workload          conns    API  bench  postgres  machine |  bench  postgres  machine');
    for (const r of rows.filter((x) => x.cpu)) {
      const per = (cpu: CpuFigures, s: number): string => (s / Math.max(cpu.wallSeconds, 0.001)).toFixed(2);
      const e = r.cpu?.engine as CpuFigures;
      const f = r.cpu?.floor as CpuFigures;
      say(
        [
          r.workload.padEnd(17),
          String(r.connections).padStart(5),
          per(e, e.apiSeconds).padStart(6),
          per(e, e.benchSeconds).padStart(6),
          per(e, e.postgresSeconds).padStart(9),
          per(e, e.machineSeconds).padStart(8),
          ' |',
          per(f, f.benchSeconds).padStart(6),
          per(f, f.postgresSeconds).padStart(9),
          per(f, f.machineSeconds).padStart(8),
        ].join(' '),
      );
    }
    say('');
    if (audit)
      say(
        `audit, ${audit.entries} entries: endpoint ${audit.endpointEntriesPerSecond}/s (fetch, chain, replay); chain check ${audit.chainCheckEntriesPerSecond}/s; replay ${audit.replayEntriesPerSecond}/s`,
      );
    if (pages) {
      say(`web app pages at ${options.opportunities} opportunities, ${PAGE_REQUESTS} requests each, one at a time:`);
      say('page                      role       p50 ms  p95 ms  max ms  first ms');
      for (const p of pages)
        say(
          [
            p.page.padEnd(25),
            p.role.padEnd(9),
            p.p50.toFixed(1).padStart(7),
            p.p95.toFixed(1).padStart(7),
            p.max.toFixed(1).padStart(7),
            p.first.toFixed(1).padStart(9),
          ].join(' '),
        );
    }
    if (outbox.length > 0) {
      say("outbox on (a subscriber to every event): the added cost per event, in ms of a connection's time");
      for (const o of outbox)
        say(
          `  ${String(o.connections).padStart(2)} conns: engine +${o.engineAddedMsPerEvent} ms (${o.engineOnOff} of its rate without), floor +${o.floorAddedMsPerEvent} ms (${o.floorOnOff}); delivered within ${o.engineDrainSeconds} s of the engine's run, ${o.floorDrainSeconds} s of the floor's`,
        );
    }
    say(`pgbench TPC-B, 8 clients: ${pgbenchTps === null ? 'not installed' : `${pgbenchTps.toFixed(0)} tps`}`);
    const at = (w: string, c: number): Row | undefined =>
      rows.find((r) => r.workload.startsWith(w) && r.connections === c);
    const top = Math.max(...options.connections);
    const goals = {
      eventsRatioAtTop: ratio(at('events', top)),
      eventsP99AtTop: round(at('events', top)?.engine.p99 ?? 0),
      eventsWithOutboxRatioAtTop: ratio(at('events+outbox', top)),
      readsRatioAtTop: ratio(at('reads', top)),
      listP99AtTop: round(at('lists', top)?.engine.p99 ?? 0),
      chainCheckEntriesPerSecond: audit?.chainCheckEntriesPerSecond ?? null,
      pagesP95Worst: pages === null ? null : Math.max(...pages.map((p) => p.p95)),
    };
    say(
      `goals at ${top} connections: events ${goals.eventsRatioAtTop} of floor (goal >= 0.50, p99 ${goals.eventsP99AtTop} ms; with the outbox on ${goals.eventsWithOutboxRatioAtTop}), reads ${goals.readsRatioAtTop} (goal >= 0.30), list p99 ${goals.listP99AtTop} ms (goal <= 50), slowest page p95 ${goals.pagesP95Worst} ms (goal <= 50), chain check ${goals.chainCheckEntriesPerSecond}/s (goal >= 200000)`,
    );
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
    const file = join(ROOT, 'bench/results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(
      file,
      `${JSON.stringify(
        {
          at: new Date().toISOString(),
          machine: {
            cores: cpus().length,
            cpu: cpus()[0]?.model ?? 'unknown',
            memoryGiB: round(totalmem() / 2 ** 30, 1),
            node: process.version,
          },
          database: db.where,
          options,
          seedSeconds: round(seedSeconds, 1),
          rows: rows.map((r) => ({ ...r, ratio: ratio(r) })),
          audit,
          outbox,
          pages,
          pgbenchTps,
          goals,
        },
        null,
        2,
      )}\n`,
    );
    say(`results: ${file}`);
  } finally {
    if (api && api.exitCode === null) {
      const exited = new Promise((r) => api?.once('exit', r));
      api.kill('SIGTERM');
      await exited;
    }
    await pool.end();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
