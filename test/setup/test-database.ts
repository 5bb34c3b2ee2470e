import type { EmbeddedDatabase } from '@mapflow/persistence';

/** What global setup made, kept for global teardown (both run in jest's parent process). */
export interface TestDatabase {
  url: string;
  adminUrl: string;
  name: string;
  embedded: EmbeddedDatabase | null;
  dir: string | null;
}

const holder: { current: TestDatabase | null } = { current: null };
const KEY = Symbol.for('mapflow.test-database');
type Global = typeof globalThis & { [KEY]?: typeof holder };

export function setTestDatabase(db: TestDatabase): void {
  const g = globalThis as Global;
  g[KEY] = holder;
  holder.current = db;
}

/** What global setup made in this jest process, if it ran already (for another project of the same run). */
export function currentTestDatabase(): TestDatabase | null {
  return (globalThis as Global)[KEY]?.current ?? null;
}

export function takeTestDatabase(): TestDatabase | null {
  const g = globalThis as Global;
  const found = g[KEY]?.current ?? null;
  if (g[KEY]) g[KEY].current = null;
  return found;
}
