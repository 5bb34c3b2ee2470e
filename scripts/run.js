#!/usr/bin/env node
// Runs a built entry point (e.g. `node scripts/run.js apps/api/src/main`),
// building first only when dist/ is missing or older than a source file, so a
// second `npm start` does not compile.
'use strict';
const { existsSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');
const { build, withBuildLock, STAMP } = require('./build');

const root = path.resolve(__dirname, '..');
const SOURCES = ['apps', 'libs', 'migrations', 'scripts', 'bench'];
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name) || full.includes(`${path.sep}assets${path.sep}`))
        newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  SOURCES.forEach((dir) => walk(path.join(root, dir)));
  for (const file of CONFIGS) {
    const full = path.join(root, file);
    if (existsSync(full)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

const entry = process.argv[2];
if (!entry) {
  process.stderr.write('usage: node scripts/run.js <entry without .ts>\n');
  process.exit(2);
}
const stale = () => !existsSync(STAMP) || statSync(STAMP).mtimeMs < newestSource();
if (stale()) {
  // One build at a time; whoever waited finds it done.
  const built = withBuildLock(() => {
    if (!stale()) return true;
    const started = Date.now();
    process.stderr.write('mapflow: building (sources changed since the last build)...\n');
    if (!build()) return false;
    process.stderr.write(`mapflow: built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return true;
  });
  if (!built) process.exit(1);
}
process.argv.splice(1, 2, path.join(root, 'dist', entry));
require(path.join(root, 'dist', `${entry}.js`));
