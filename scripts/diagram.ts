/**
 * Writes the lifecycle diagram for the README, generated from the machine
 * definition and rendered by the same Graphviz (WebAssembly) as
 * `GET /v1/opportunities/{id}/diagram`: the whole machine, with the path of
 * the Heroku case of the brief (intake to closed) highlighted.
 *
 * Version 2, which new opportunities run, is docs/lifecycle.svg; version 1,
 * which its opportunities finish on, is docs/lifecycle-v1.svg.
 *
 *   node scripts/run.js scripts/diagram             writes both
 *   node scripts/run.js scripts/diagram --check     exits 1 when either is stale
 *
 * Paths are relative to the working directory (the repository root under npm).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { renderSvg } from '../apps/api/src/opportunities/svg-renderer';
import { machineGraph, opportunityGraph, opportunityMachine2, toDot, type MachineGraph } from '@mapflow/workflow';
import { runMain } from './run-main';

const HEROKU_PATH = ['intake', 'assess', 'mobilize', 'migrate', 'closeout', 'closed'];

const DIAGRAMS: { file: string; graph: MachineGraph }[] = [
  { file: 'docs/lifecycle.svg', graph: machineGraph(opportunityMachine2) },
  { file: 'docs/lifecycle-v1.svg', graph: opportunityGraph() },
];

async function main(): Promise<number> {
  const check = process.argv.slice(2).includes('--check');
  let stale = 0;
  for (const { file, graph } of DIAGRAMS) {
    const out = resolve(file);
    const svg = await renderSvg(toDot(graph, { current: 'closed', path: HEROKU_PATH }));
    if (check) {
      const same = existsSync(out) && readFileSync(out, 'utf8') === svg;
      process.stdout.write(
        same ? `diagram: ${out} is up to date\n` : `diagram: ${out} is stale: run npm run diagram\n`,
      );
      if (!same) stale += 1;
      continue;
    }
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, svg);
    process.stdout.write(`diagram: wrote ${out} (${svg.length} bytes)\n`);
  }
  return stale === 0 ? 0 : 1;
}

runMain('diagram', main);
