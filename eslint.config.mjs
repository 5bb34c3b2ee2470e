// Lint: typescript-eslint (no `any`), jest rules that keep tests honest, and the
// boundary that keeps the domain pure.
import js from '@eslint/js';
import jest from 'eslint-plugin-jest';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', '.data/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
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
    // The domain is pure: no framework, no database, nothing of the app.
    files: ['libs/workflow/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*'], message: 'libs/workflow is pure: no NestJS.' },
            { group: ['typeorm', 'typeorm/*', 'pg'], message: 'libs/workflow is pure: no database.' },
            {
              group: ['class-validator', 'class-transformer'],
              message: 'libs/workflow is pure: validation lives in the API DTOs.',
            },
            {
              group: ['**/apps/**', '**/libs/persistence/**'],
              message: 'libs/workflow may not import the app or persistence.',
            },
          ],
        },
      ],
    },
  },
);
