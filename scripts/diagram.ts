/**
 * Writes the lifecycle diagram for the README, generated from the machine
 * definition and rendered by the same Graphviz (WebAssembly) as
 * `GET /v1/opportunities/{id}/diagram`: the whole machine, with the path of
 * the Heroku case of the brief (intake to closed) highlighted.
 *
 *   node scripts/run.js scripts/diagram             writes docs/lifecycle.svg
 *   node scripts/run.js scripts/diagram --check     exits 1 when docs/lifecycle.svg is stale
 *   node scripts/run.js scripts/diagram OUT.svg     writes OUT.svg instead
 *
 * Paths are relative to the working directory (the repository root under npm).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { renderSvg } from '../apps/api/src/opportunities/svg-renderer';
import { opportunityGraph, toDot } from '@mapflow/workflow';
import { runMain } from './run-main';

const HEROKU_PATH = ['intake', 'assess', 'mobilize', 'migrate', 'closeout', 'closed'];

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const out = resolve(args.find((a) => !a.startsWith('--')) ?? 'docs/lifecycle.svg');
  const svg = await renderSvg(toDot(opportunityGraph(), { current: 'closed', path: HEROKU_PATH }));
  if (check) {
    const same = existsSync(out) && readFileSync(out, 'utf8') === svg;
    process.stdout.write(same ? `diagram: ${out} is up to date\n` : `diagram: ${out} is stale: run npm run diagram\n`);
    return same ? 0 : 1;
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, svg);
  process.stdout.write(`diagram: wrote ${out} (${svg.length} bytes)\n`);
  return 0;
}

runMain('diagram', main);
