// One jest run, the three test tiers as projects: `pure` (the libraries' specs and
// the apps' unit specs; no database, no global setup), `medium` (services and
// repositories on real PostgreSQL, no HTTP) and `e2e` (the whole app over HTTP).
// medium and e2e share one database, its schema built by the migrations in
// test/setup/global-setup.ts.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

// The @mapflow/* aliases, read from tsconfig.json `paths` (the one list of them).
const moduleNameMapper = pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' });

/** @type {import('ts-jest').TsJestTransformerOptions} */
const tsJest = {
  tsconfig: 'tsconfig.json',
  // The @nestjs/swagger plugin adds DTO properties to /docs-json; under ts-jest it
  // runs as an AST transformer, exactly as in the build.
  astTransformers: {
    before: ['<rootDir>/test/setup/swagger-transformer.js'],
  },
};

/** @type {import('jest').Config} */
module.exports = {
  collectCoverageFrom: ['libs/workflow/src/**/*.ts', '!libs/workflow/src/**/index.ts'],
  // jest-circus reads the timeout from the global config only: set in a project, it was ignored (5 s).
  testTimeout: 60000,
  coverageDirectory: 'coverage',
  coverageReporters: ['text-summary', 'json-summary'],
  coverageThreshold: {
    './libs/workflow/src/': { lines: 95, branches: 95 },
  },
  projects: [
    {
      displayName: 'pure',
      testEnvironment: 'node',
      roots: ['<rootDir>/libs', '<rootDir>/apps'],
      testMatch: ['**/*.spec.ts'],
      transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
      moduleNameMapper,
    },
    {
      displayName: 'medium',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/medium'],
      testMatch: ['**/*.medium-spec.ts'],
      transform: { '^.+\\.tsx?$': ['ts-jest', tsJest] },
      moduleNameMapper,
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      transform: { '^.+\\.tsx?$': ['ts-jest', tsJest] },
      moduleNameMapper,
      // Runs only when an e2e test runs: starts embedded PostgreSQL (or creates a
      // fresh database on DATABASE_URL) and builds the schema with the migrations.
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
  ],
};
