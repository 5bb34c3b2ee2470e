#!/usr/bin/env node
// Runs the worked curl session of README.md, as written, against `npm start`
// (embedded default, a temp data folder, port 3000, the README's bootstrap
// ops key), and checks what a reader is told to expect. CI runs it:
//   node scripts/check-readme.js [--json reports/readme-session.json]
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const block = /<!-- readme-session:start -->\s*```sh\n([\s\S]*?)```\s*<!-- readme-session:end -->/.exec(readme);
if (!block) {
  process.stderr.write('README.md has no readme-session block\n');
  process.exit(1);
}
const session = block[1];
const key = /MAPFLOW_BOOTSTRAP_OPS_KEY=(\S+) npm start/.exec(readme)?.[1];
const expectations = [
  ['the refused advance names the missing gate item', /profile_complete/],
  ['the advance to Assess holds', /^assess$/m],
  ['the diagram comes as Mermaid', /^flowchart LR/m],
  ['verify finds the chain valid', /"valid":true,"entries":3/],
  ['the checkpoint verifies', /"checkedChains":1/],
  ['the offline verifier accepts the export and the checkpoint', /"checkpoint":"valid"/],
];

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mapflow-readme-'));
  chmodSync(dataDir, 0o755);
  const server = spawn(process.execPath, ['scripts/run.js', 'apps/api/src/main'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: '',
      PORT: '3000',
      MAPFLOW_DATA_DIR: dataDir,
      MAPFLOW_BOOTSTRAP_OPS_KEY: key,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const results = [];
  try {
    let up = false;
    for (let i = 0; i < 120 && !up && server.exitCode === null; i += 1) {
      up = await fetch('http://localhost:3000/health').then(
        (r) => r.ok,
        () => false,
      );
      if (!up) await new Promise((r) => setTimeout(r, 500));
    }
    if (!up) throw new Error('npm start did not answer on http://localhost:3000/health (is port 3000 taken?)');
    const run = spawnSync('bash', ['-euo', 'pipefail', '-c', session], { cwd: root, encoding: 'utf8' });
    process.stdout.write(run.stdout);
    process.stderr.write(run.stderr);
    results.push({ name: 'every command of the session exits 0', ok: run.status === 0 });
    for (const [name, pattern] of expectations) results.push({ name, ok: pattern.test(run.stdout) });
  } catch (error) {
    results.push({ name: 'the session ran', ok: false, error: String(error) });
  } finally {
    const exited = new Promise((r) => (server.exitCode === null ? server.once('exit', r) : r()));
    server.kill('SIGINT');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
  for (const r of results)
    process.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}${r.error ? `: ${r.error}` : ''}\n`);
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  const json = process.argv.indexOf('--json');
  if (json > 0) {
    writeFileSync(
      process.argv[json + 1],
      JSON.stringify({ numPassedTests: passed, numFailedTests: failed, numRuntimeErrorTestSuites: 0 }),
    );
  }
  process.stdout.write(`README session: ${passed} passed, ${failed} failed\n`);
  process.exit(failed === 0 ? 0 : 1);
}

void main();
