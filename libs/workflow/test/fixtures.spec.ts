/**
 * Every persisted snapshot of every released machine version restores and
 * can continue. A released version's fixtures are never edited.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  decide,
  InvalidSnapshotError,
  isEventType,
  MACHINE_VERSION,
  nextGate,
  parsePersisted,
  restore,
  SnapshotVersionError,
  viewOpportunity,
  type OpportunityEvent,
} from '../src';

const root = join(__dirname, '..', 'fixtures');
const versions = readdirSync(root).filter((d) => /^v\d+$/.test(d));

function isEvent(x: unknown): x is OpportunityEvent {
  return typeof x === 'object' && x !== null && 'type' in x && typeof x.type === 'string' && isEventType(x.type);
}

describe('fixtures of released versions', () => {
  it('include the current version', () => {
    expect(versions).toContain(`v${MACHINE_VERSION}`);
  });

  const files = readdirSync(join(root, `v${MACHINE_VERSION}`)).filter((f) => f.endsWith('.json'));
  it('cover every phase', () => {
    expect(files.sort()).toEqual(
      ['assess', 'closed', 'closeout', 'intake', 'migrate', 'mobilize', 'referred', 'withdrawn'].map(
        (n) => `${n}.json`,
      ),
    );
  });

  it.each(files)('%s restores, reads and continues', (file) => {
    const raw: unknown = JSON.parse(readFileSync(join(root, `v${MACHINE_VERSION}`, file), 'utf8'));
    if (typeof raw !== 'object' || raw === null || !('snapshot' in raw) || !('continueWith' in raw))
      throw new Error(`bad fixture ${file}`);
    const persisted = parsePersisted(raw.snapshot);
    const live = restore(persisted);
    expect(live.value).toBe(file.replace('.json', ''));
    expect(viewOpportunity(persisted, persisted.context.lastEventAt).phase).toBe(persisted.value);
    const gate = nextGate(persisted);
    const next = raw.continueWith;
    if (next === null) {
      expect(gate.next).toBeNull();
      expect(live.status).toBe('done');
      return;
    }
    if (!isEvent(next)) throw new Error(`bad continuation in ${file}`);
    const d = decide(persisted, next);
    expect(d.accepted).toBe(true);
    if (d.accepted) expect(d.snapshot.context.seq).toBe(persisted.context.seq + 1);
  });

  it('refuses a snapshot of another version or shape', () => {
    const raw: unknown = JSON.parse(readFileSync(join(root, `v${MACHINE_VERSION}`, 'intake.json'), 'utf8'));
    if (typeof raw !== 'object' || raw === null || !('snapshot' in raw)) throw new Error('bad fixture');
    const snap = parsePersisted(raw.snapshot);
    expect(() => parsePersisted({ ...snap, context: { ...snap.context, machineVersion: '0' } })).toThrow(
      SnapshotVersionError,
    );
    expect(() => parsePersisted({ ...snap, status: 'error' })).toThrow(InvalidSnapshotError);
    expect(() => parsePersisted({ ...snap, value: 'limbo' })).toThrow(InvalidSnapshotError);
    expect(() => parsePersisted({ ...snap, context: { ...snap.context, waves: 'none' } })).toThrow(/context/);
    expect(() => parsePersisted(null)).toThrow(InvalidSnapshotError);
  });
});
