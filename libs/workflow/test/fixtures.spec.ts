/**
 * Every persisted snapshot of every released machine version restores and
 * can continue, on the version it was written by (versions.ts chooses it
 * from the snapshot, as the server does). A released version's fixtures are
 * never edited; each version directory found under fixtures/ is checked.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  decideAny,
  ENGINE_V2,
  eventTypesOf,
  InvalidSnapshotError,
  isVersion2,
  MACHINE_VERSIONS,
  opportunityMachine2,
  parseAnyPersisted,
  parsePersisted,
  restore,
  SnapshotVersionError,
  versionOf,
  viewAny,
  type AnyPersistedOpportunity,
  type VersionedEvent,
} from '../src';

const root = join(__dirname, '..', 'fixtures');
const versions = readdirSync(root)
  .filter((d) => /^v\d+$/.test(d))
  .sort();
const PHASES = ['assess', 'closed', 'closeout', 'intake', 'migrate', 'mobilize', 'referred', 'withdrawn'];

/** The fixture files of a version directory, e.g. `v2`. */
const filesOf = (dir: string): string[] =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.json'))
    .sort();
const cases = versions.flatMap((dir) => filesOf(dir).map((file) => ({ dir, file })));

function readFixture(dir: string, file: string): { machineVersion: unknown; snapshot: unknown; continueWith: unknown } {
  const raw: unknown = JSON.parse(readFileSync(join(root, dir, file), 'utf8'));
  if (
    typeof raw !== 'object' ||
    raw === null ||
    !('machineVersion' in raw) ||
    !('snapshot' in raw) ||
    !('continueWith' in raw)
  )
    throw new Error(`bad fixture ${dir}/${file}`);
  return raw;
}

/** The live machine snapshot of a persisted one, on its version's machine. */
function restoreAny(p: AnyPersistedOpportunity): { value: unknown; status: string } {
  return isVersion2(p) ? opportunityMachine2.resolveState({ value: p.value, context: p.context }) : restore(p);
}

function isEventOf(p: AnyPersistedOpportunity, x: unknown): x is VersionedEvent {
  return (
    typeof x === 'object' &&
    x !== null &&
    'type' in x &&
    typeof x.type === 'string' &&
    eventTypesOf(versionOf(p)).includes(x.type)
  );
}

describe('fixtures of released versions', () => {
  it('exist for every version mapflow runs', () => {
    expect(versions).toEqual(MACHINE_VERSIONS.map((v) => `v${v}`));
  });

  it.each(versions)('%s covers every phase', (dir) => {
    expect(filesOf(dir)).toEqual(PHASES.map((n) => `${n}.json`));
  });

  it.each(cases)('$dir/$file restores on its version, reads and continues', ({ dir, file }) => {
    const raw = readFixture(dir, file);
    const persisted = parseAnyPersisted(raw.snapshot);
    expect(`v${versionOf(persisted)}`).toBe(dir);
    expect(raw.machineVersion).toBe(versionOf(persisted));
    const live = restoreAny(persisted);
    expect(live.value).toBe(file.replace('.json', ''));
    const view = viewAny(persisted, persisted.context.lastEventAt);
    expect(view.phase).toBe(persisted.value);
    const next = raw.continueWith;
    if (next === null) {
      expect(view.gate.next).toBeNull();
      expect(live.status).toBe('done');
      return;
    }
    if (!isEventOf(persisted, next)) throw new Error(`bad continuation in ${dir}/${file}`);
    const d = decideAny(persisted, next);
    if (!d.accepted) throw new Error(`${dir}/${file}: ${next.type} refused: ${d.refusal.detail}`);
    expect(d.snapshot.context.seq).toBe(persisted.context.seq + 1);
    expect(d.snapshot.context.machineVersion).toBe(persisted.context.machineVersion);
  });

  it.each(versions)("%s: a snapshot of another version or shape is refused by the version's parser", (dir) => {
    const snap = parseAnyPersisted(readFixture(dir, 'intake.json').snapshot);
    const parse = (json: unknown) => (isVersion2(snap) ? ENGINE_V2.parsePersisted(json) : parsePersisted(json));
    const other = isVersion2(snap) ? parsePersisted : ENGINE_V2.parsePersisted;
    expect(() => other(snap)).toThrow(SnapshotVersionError);
    expect(() => parse({ ...snap, context: { ...snap.context, machineVersion: '0' } })).toThrow(SnapshotVersionError);
    expect(() => parseAnyPersisted({ ...snap, context: { ...snap.context, machineVersion: '0' } })).toThrow(
      SnapshotVersionError,
    );
    expect(() => parse({ ...snap, status: 'error' })).toThrow(InvalidSnapshotError);
    expect(() => parse({ ...snap, value: 'limbo' })).toThrow(InvalidSnapshotError);
    expect(() => parse({ ...snap, context: { ...snap.context, waves: 'none' } })).toThrow(/context/);
    expect(() => parse(null)).toThrow(InvalidSnapshotError);
  });
});
