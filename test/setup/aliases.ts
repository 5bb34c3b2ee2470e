import { registerHooks } from 'node:module';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The @mapflow/* aliases (tsconfig.json `paths`) for node's own resolver. jest
 * loads globalSetup and globalTeardown outside its module registry, where
 * `moduleNameMapper` does not apply (jestjs/jest#11644); the test files
 * themselves never go through this. Imported first by global-setup.ts and
 * global-teardown.ts. `paths` holds exact entries only (no `*`).
 */
const ROOT = resolve(__dirname, '../..');
const { compilerOptions } = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as {
  compilerOptions: { paths: Record<string, [string]> };
};
const ALIASES = new Map(Object.entries(compilerOptions.paths).map(([alias, [target]]) => [alias, join(ROOT, target)]));

if (typeof registerHooks !== 'function') {
  throw new Error('the e2e tests need Node 22.15 or later (module.registerHooks); npm and npx run the bundled Node 24');
}
registerHooks({
  resolve: (specifier, context, nextResolve) => nextResolve(ALIASES.get(specifier) ?? specifier, context),
});
