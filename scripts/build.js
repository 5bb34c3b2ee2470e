#!/usr/bin/env node
// Compiles apps/, libs/, migrations/ and scripts/ to dist/ with the TypeScript
// compiler API, running the @nestjs/swagger plugin as a "before" transformer so
// DTO properties reach /docs-json (what `nest build` does, without webpack), and
// typescript-transform-paths, which rewrites the @mapflow/* aliases (tsconfig.json
// `paths`) to relative paths in the emitted JS, so dist/ runs under plain node.
// Incremental: a rebuild compiles only what changed.
'use strict';
const ts = require('typescript');
const { cpSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const STAMP = path.join(root, 'dist', '.build-stamp');
const LOCK = path.join(root, 'dist', '.build-lock');
/** Files the build copies as they are (not TypeScript). */
const WEB_ASSETS = 'apps/api/src/web/assets';

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * Runs `fn` while holding dist/.build-lock, so that two processes (a test
 * suite and `npm start`, say) never compile into dist/ at once: concurrent
 * incremental builds can leave .tsbuildinfo claiming an output the other
 * build overwrote. A lock whose process is gone is taken over.
 */
function withBuildLock(fn, timeoutMs = 300_000) {
  mkdirSync(path.dirname(LOCK), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    let holder = 0;
    try {
      holder = Number.parseInt(readFileSync(LOCK, 'utf8'), 10);
    } catch {
      continue; // released meanwhile
    }
    if (!(holder > 0) || !alive(holder)) {
      rmSync(LOCK, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`another build (pid ${holder}) holds ${LOCK}`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
  }
  try {
    return fn();
  } finally {
    rmSync(LOCK, { force: true });
  }
}

function build() {
  // The stamp carries the time the sources were read, not the end of the build:
  // a source saved while a build runs makes the next run build again.
  const startedAt = new Date();
  const configPath = path.join(root, 'tsconfig.build.json');
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root);
  const host = ts.createIncrementalCompilerHost(parsed.options);
  const builder = ts.createIncrementalProgram({ rootNames: parsed.fileNames, options: parsed.options, host });
  const program = builder.getProgram();
  const swagger = require('@nestjs/swagger/plugin');
  const before = swagger.before({ introspectComments: true, dtoFileNameSuffix: ['.dto.ts'] }, program);
  const aliases = require('typescript-transform-paths').default(program);
  const emitted = builder.emit(undefined, undefined, undefined, false, { before: [before, aliases] });
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
  if (diagnostics.length > 0) {
    const text = ts.formatDiagnosticsWithColorAndContext(diagnostics, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => root,
      getNewLine: () => '\n',
    });
    process.stderr.write(text);
    return false;
  }
  // The web app's stylesheet and script are served from beside the compiled pages.
  cpSync(path.join(root, WEB_ASSETS), path.join(root, 'dist', WEB_ASSETS), { recursive: true });
  mkdirSync(path.dirname(STAMP), { recursive: true });
  writeFileSync(STAMP, startedAt.toISOString());
  utimesSync(STAMP, startedAt, startedAt);
  return true;
}

module.exports = { build, withBuildLock, STAMP };

if (require.main === module) {
  const started = Date.now();
  if (!withBuildLock(build)) process.exit(1);
  process.stdout.write(`build: done in ${Date.now() - started} ms\n`);
}
