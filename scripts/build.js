#!/usr/bin/env node
// Compiles apps/, libs/, migrations/ and scripts/ to dist/ with the TypeScript
// compiler API, running the @nestjs/swagger plugin as a "before" transformer so
// DTO properties reach /docs-json (what `nest build` does, without webpack).
// Incremental: a rebuild compiles only what changed.
'use strict';
const ts = require('typescript');
const { writeFileSync, mkdirSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const STAMP = path.join(root, 'dist', '.build-stamp');

function build() {
  const configPath = path.join(root, 'tsconfig.build.json');
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root);
  const host = ts.createIncrementalCompilerHost(parsed.options);
  const builder = ts.createIncrementalProgram({ rootNames: parsed.fileNames, options: parsed.options, host });
  const swagger = require('@nestjs/swagger/plugin');
  const before = swagger.before({ introspectComments: true, dtoFileNameSuffix: ['.dto.ts'] }, builder.getProgram());
  const emitted = builder.emit(undefined, undefined, undefined, false, { before: [before] });
  const diagnostics = [...ts.getPreEmitDiagnostics(builder.getProgram()), ...emitted.diagnostics];
  if (diagnostics.length > 0) {
    const text = ts.formatDiagnosticsWithColorAndContext(diagnostics, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => root,
      getNewLine: () => '\n',
    });
    process.stderr.write(text);
    return false;
  }
  mkdirSync(path.dirname(STAMP), { recursive: true });
  writeFileSync(STAMP, new Date().toISOString());
  return true;
}

module.exports = { build, STAMP };

if (require.main === module) {
  const started = Date.now();
  if (!build()) process.exit(1);
  process.stdout.write(`build: done in ${Date.now() - started} ms\n`);
}
