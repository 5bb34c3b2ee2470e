// Lint: typescript-eslint (no `any`), jest rules that keep tests honest, and the
// boundary that keeps the domain pure.
import js from '@eslint/js';
import jest from 'eslint-plugin-jest';
import tseslint from 'typescript-eslint';

/** The libraries under libs/, each imported elsewhere as @mapflow/<name> (tsconfig.json `paths`). */
const LIBRARIES = ['workflow', 'audit', 'persistence', 'client'];

/** No import climbs three folders or more: a library is reached by its alias, a nearby file by a short path. */
const NO_DEEP_CLIMB = {
  group: ['../../../**'],
  message: 'No import climbs three folders: import a library by its alias, @mapflow/<name>.',
};

/** Outside libs/, a library is imported by its alias, never by a relative path. */
const NO_RELATIVE_LIBS = {
  group: ['**/libs', '**/libs/**'],
  message: 'Import a library by its alias, @mapflow/<name> (tsconfig.json `paths`).',
};

/** What a file of the library `name` may not import. */
function libraryBoundary(name) {
  const others = LIBRARIES.filter((other) => other !== name);
  return [
    NO_DEEP_CLIMB,
    {
      group: ['**/apps', '**/apps/**', '@mapflow/api', '@mapflow/api/**', '@mapflow/demo', '@mapflow/demo/**'],
      message: 'A library never imports an app: move what it needs into a library.',
    },
    {
      group: others.flatMap((other) => [`**/${other}/src`, `**/${other}/src/**`, `**/libs/${other}/**`]),
      message: 'Import another library by its alias, @mapflow/<name>.',
    },
    {
      group: [`@mapflow/${name}`, `@mapflow/${name}/**`],
      message: 'Inside a library, import its own files by relative path.',
    },
  ];
}

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', '.data/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-assertions': [
        'error',
        { assertionStyle: 'as', objectLiteralTypeAssertions: 'allow' },
      ],
    },
  },
  {
    // The web app's one script runs in the browser (apps/api/src/web/assets).
    files: ['apps/**/assets/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { document: 'readonly', crypto: 'readonly', HTMLInputElement: 'readonly', Event: 'readonly' },
    },
  },
  {
    files: ['scripts/**/*.js', 'test/**/*.js', '*.config.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        performance: 'readonly',
        AbortSignal: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'libs/**/test/**/*.ts'],
    plugins: { jest },
    languageOptions: { globals: jest.environments.globals.globals },
    rules: {
      'jest/valid-expect': ['error', { alwaysAwait: true }],
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
      'jest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*', 'request.**.expect'] }],
      'jest/no-standalone-expect': 'error',
    },
  },
  {
    // Assertion helpers called from inside tests.
    files: ['test/support/**/*.ts', 'libs/**/test/factories.ts'],
    rules: { 'jest/no-standalone-expect': 'off' },
  },
  {
    // Everything outside the libraries: a library by its alias, and no import climbs three folders.
    files: ['apps/**/*.ts', 'apps/**/*.tsx', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'migrations/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_DEEP_CLIMB, NO_RELATIVE_LIBS] }] },
  },
  ...LIBRARIES.filter((name) => name !== 'workflow').map((name) => ({
    // A library: never an app; another library by its alias; its own files by relative path
    // (libs/workflow, below, adds the rules that keep it pure).
    files: [`libs/${name}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: libraryBoundary(name) }] },
  })),
  {
    // The domain is pure: no framework, no database, no other library, nothing of the app.
    files: ['libs/workflow/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...libraryBoundary('workflow'),
            { group: ['@nestjs/*'], message: 'libs/workflow is pure: no NestJS.' },
            { group: ['typeorm', 'typeorm/*', 'pg'], message: 'libs/workflow is pure: no database.' },
            {
              group: ['class-validator', 'class-transformer'],
              message: 'libs/workflow is pure: validation lives in the API DTOs.',
            },
            {
              group: [
                '**/persistence',
                '**/persistence/**',
                '@mapflow/persistence',
                '@mapflow/persistence/**',
                '@mapflow/migrations',
              ],
              message: 'libs/workflow may not import persistence.',
            },
            {
              group: LIBRARIES.filter((other) => other !== 'workflow').flatMap((other) => [
                `@mapflow/${other}`,
                `@mapflow/${other}/**`,
              ]),
              message: 'libs/workflow is pure: it imports no other library.',
            },
          ],
        },
      ],
    },
  },
);
