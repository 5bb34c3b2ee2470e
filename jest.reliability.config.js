// The reliability suites (test/reliability, *.rel-spec.ts): real API processes, a
// PostgreSQL owned by each suite, kill -9, database restarts, hostile input.
// Not part of `npm test`; each suite runs on its own (see test/reliability/README.md):
//   npx jest -c jest.reliability.config.js test/reliability/crash --json --outputFile=reports/crash.json
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

/** @type {import('jest').Config} */
module.exports = {
  displayName: 'reliability',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/reliability'],
  testMatch: ['**/*.rel-spec.ts'],
  // The suites drive built API processes; the test code itself is only transpiled
  // (npm run typecheck covers its types), which keeps a cold start short on 2 cores.
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/test/reliability/tsconfig.json' }] },
  // The @mapflow/* aliases, read from tsconfig.json `paths`.
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  // One suite at a time: each owns a PostgreSQL and API processes, and measures time.
  maxWorkers: 1,
  testTimeout: 180000,
};
