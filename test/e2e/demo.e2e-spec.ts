import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launch } from '../support/app-process';
import { postgresProcessesFor } from '../support/postgres-processes';
import { useTempDir } from '../support/temp-dir';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm run demo`'s command (build if stale, then the built demo) on `dataDir`. */
async function runDemo(dataDir: string): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, MAPFLOW_DEMO_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  delete env.LOG_LEVEL;
  const demo = launch(process.execPath, ['scripts/run.js', 'apps/demo/src/main'], env);
  const { code } = await demo.exited;
  return { code, stdout: demo.stdout(), stderr: demo.stderr() };
}

describe('npm run demo: the Heroku Series-B case on version 2, on the pure engine, then over real HTTP on its own embedded PostgreSQL', () => {
  const data = useTempDir('demo');

  it('plays the case to closed, prints the timeline, exits 0 and leaves no PostgreSQL behind', async () => {
    const dataDir = data.path;
    const run = await runDemo(dataDir);
    if (run.code !== 0) throw new Error(`demo exited ${run.code}\n${run.stderr}\n${run.stdout.slice(-3000)}`);
    const out = run.stdout;

    // Part 1: machine version 2 on the pure engine, every step in order (apps/demo/src/heroku-v2.spec.ts checks it line by line).
    expect(out).toContain('Part 1: machine version 2 (policy 2027.1)');
    const v2Steps = [...out.matchAll(/^\[v2 (\d+)\/(\d+)\] /gm)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(v2Steps.length).toBeGreaterThan(40);
    expect(v2Steps.map(([i]) => i)).toEqual(Array.from({ length: v2Steps.length }, (_, i) => i + 1));
    expect(out).toMatch(/^ +MAP Migrate Project - Acme SaaS +FR-\d{4}-\d{6} +PO-\d+ +completed$/m);
    // Credits per quarter: 20% x $9,000 tagged = $1,800 estimated and issued; 20% x $1,500 untagged = $300 lost.
    expect(out).toMatch(/^ +2027-Q2 +\$9,000\.00 +\$1,500\.00 +\$1,800\.00 +\$1,800\.00 +\$300\.00$/m);
    expect(out).toMatch(/^ +w2 +postgres +replatform +map-migrated=migMPE0012345, applied /m);
    expect(out).not.toMatch(/map-migrated=(comm|mig_ec2_)/);
    expect(out).toContain(
      '- COMMITTED_SPEND_NOT_REALIZED: Committed spend not realized (at stake: $31,470.00 (3147000 c))',
    );
    expect(out).toContain('Part 2: the same case over the real HTTP API');

    // A progress line per step, to the last one.
    const steps = [...out.matchAll(/^\[(\d+)\/(\d+)\] /gm)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(steps.length).toBeGreaterThan(30);
    expect(steps.map(([i]) => i)).toEqual(Array.from({ length: steps.length }, (_, i) => i + 1));
    expect(steps.every(([, n]) => n === steps.length)).toBe(true);

    // Orgs, refused gates with what is missing, then open; the customer's decisions; money in dollars and cents.
    expect(out).toMatch(/org "Cumulus Cloud Partners" \(partner, premier\)/);
    expect(out).toMatch(/409 The gate is not ready: ADVANCE refused in intake, missing 1:\n\s+- profile_complete: /);
    expect(out).toMatch(/ADVANCE refused in mobilize, missing 4:\n\s+- landing_zone: /);
    expect(out).toContain('GATE OPEN: closeout -> closed');
    expect(out).toContain('CUSTOMER DECISION: business case approved');
    expect(out).toContain('CUSTOMER DECISION: wave w2: no_go ("DMS CDC not rehearsed")');
    expect(out).toContain('wave w2 re-planned (revision 2)');
    const part2 = out.slice(out.indexOf('Part 2: the same case over the real HTTP API'));
    expect(part2).toContain('opened: phase intake, machine version 2, policy 2027.1');
    expect(part2).toMatch(
      /requested \$20,000\.00 \(2000000 c\), envelope \$19,800\.00 \(1980000 c\); over by \$200\.00/,
    );
    expect(part2).toMatch(
      /PAID on \d{4}-\d\d-\d\d: claim migrate-1, \$19,800\.00 \(1980000 c\), invoice INV-migrate-1/,
    );
    expect(part2).toContain('CUT_OVER_WAVE refused in mobilize: Record the MAP tags of wave pilot as applied');
    expect(part2).toContain('Closed over HTTP on machine version 2');
    // The story's tagged spend in today's quarter: 20% x $38,700 = $7,740 estimated and issued; 20% x $2,100 lost.
    expect(part2).toMatch(/^ +\d{4}-Q[1-4] +\$38,700\.00 +\$2,100\.00 +\$7,740\.00 +\$7,740\.00 +\$420\.00$/m);
    expect(part2).toContain('- COMMITTED_SPEND_NOT_REALIZED: Committed spend not realized');
    // $12,000 + $26,400 + $19,800 (the Migrate request cut to its envelope).
    expect(part2).toContain('AWS paid the partner $58,200.00 (5820000 c) in three cash tranches');

    // The audit: the chain verifies, a checkpoint is signed and verified.
    expect(out).toMatch(/audit verify: valid: true, \d+ entries, head [0-9a-f]{64}/);
    expect(out).toContain('checkpoint verified: valid: true');

    // Where to look next.
    expect(out).toContain('http://localhost:3000/docs');
    expect(out).toMatch(
      /curl -s http:\/\/localhost:3000\/v1\/opportunities\/[0-9a-f-]{36}\/diagram -H 'authorization: Bearer \S+'/,
    );
    // A sign-in link to the web app for a person of each role.
    for (const role of ['customer', 'partner', 'ops']) {
      expect(out).toMatch(new RegExp(`  ${role} +http://localhost:3000/app/invitations/[A-Za-z0-9_-]{43}\\n`));
    }
    expect(out).toContain('the API and its PostgreSQL are stopped');

    expect(postgresProcessesFor(dataDir)).toEqual([]);
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    expect(existsSync(join(dataDir, 'demo.pid'))).toBe(false);
  }, 180_000);

  it('refuses, with one clear line and exit 1, a data folder another demo is using', async () => {
    const dataDir = data.path;
    await writeFile(join(dataDir, 'demo.pid'), `${process.pid}\n`); // a live process holds it
    try {
      const run = await runDemo(dataDir);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`another demo (pid ${process.pid}) is running on ${dataDir}`);
      expect(postgresProcessesFor(dataDir)).toEqual([]);
    } finally {
      await rm(join(dataDir, 'demo.pid'), { force: true });
    }
  }, 180_000);
});
