import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { OpportunityState1764180000000 } from '../../migrations/1764180000000-opportunity-state';
import { useMigrationScratch } from '../support/scratch-database';

/**
 * The migration that drops `opportunities.state` (it repeated `phase`), on
 * rows written before it: a scratch database on the test server is migrated
 * up to just before it, given opportunities as the API wrote them then, and
 * migrated on; then down (the column and its index back, from `phase`) and up.
 */
describe('migrating opportunities to one phase column', () => {
  const scratch = useMigrationScratch('state', OpportunityState1764180000000);
  let db: DataSource;

  const org = { p: randomUUID(), c: randomUUID() };
  const opp = { o1: randomUUID(), o2: randomUUID() };

  const stateColumn = async (): Promise<{ nullable: string } | undefined> =>
    (
      await db.query<{ nullable: string }[]>(
        `SELECT is_nullable AS nullable FROM information_schema.columns
          WHERE table_name = 'opportunities' AND column_name = 'state'`,
      )
    )[0];
  const stateIndex = async (): Promise<string | undefined> =>
    (
      await db.query<{ indexdef: string }[]>(
        `SELECT indexdef FROM pg_indexes WHERE tablename = 'opportunities' AND indexname = 'opportunities_state_idx'`,
      )
    )[0]?.indexdef;
  const rows = (columns: string) =>
    db.query<Record<string, string>[]>(`SELECT id, ${columns} FROM opportunities ORDER BY created_at`);

  it('drops the state column and its index, and down restores both from phase', async () => {
    await scratch.seedBefore(async (old) => {
      await old.query(
        `INSERT INTO orgs (id, kind, name, tier) VALUES ($1, 'partner', 'P', 'premier'), ($2, 'customer', 'C', NULL)`,
        [org.p, org.c],
      );
      for (const [id, phase, at] of [
        [opp.o1, 'intake', '2026-01-01T00:00:00.000Z'],
        [opp.o2, 'assess', '2026-01-02T00:00:00.000Z'],
      ] as const) {
        await old.query(
          `INSERT INTO opportunities (id, title, partner_org_id, customer_org_id, phase, state, version, machine_version,
             snapshot, chain_head, created_at, updated_at, phase_entered_at)
           VALUES ($1, 'old', $2, $3, $4, $4, 1, '1', '{}', $5, $6, $6, $6)`,
          [id, org.p, org.c, phase, 'a'.repeat(64), at],
        );
      }
    });

    // Up to this migration: a later one (undone or run here) is not this suite's subject.
    db = await scratch.connect(OpportunityState1764180000000);
    const ran = await db.runMigrations({ transaction: 'each' });
    expect(ran.map((m) => m.name)).toEqual(['OpportunityState1764180000000']);
    expect(await stateColumn()).toBeUndefined();
    expect(await stateIndex()).toBeUndefined();
    expect(await rows('phase')).toEqual([
      { id: opp.o1, phase: 'intake' },
      { id: opp.o2, phase: 'assess' },
    ]);

    await db.undoLastMigration({ transaction: 'each' });
    expect(await stateColumn()).toEqual({ nullable: 'NO' });
    expect(await stateIndex()).toContain('(state)');
    expect(await rows('phase, state')).toEqual([
      { id: opp.o1, phase: 'intake', state: 'intake' },
      { id: opp.o2, phase: 'assess', state: 'assess' },
    ]);

    await db.runMigrations({ transaction: 'each' });
    expect(await stateColumn()).toBeUndefined();
    expect(await stateIndex()).toBeUndefined();
  });

  it('refuses to drop a state that differs from its phase, and changes nothing', async () => {
    await db.undoLastMigration({ transaction: 'each' });
    await db.query(`UPDATE opportunities SET state = 'migrate' WHERE id = $1`, [opp.o2]);

    await expect(db.runMigrations({ transaction: 'each' })).rejects.toThrow(
      '1 opportunities have a state other than their phase',
    );
    expect(await stateColumn()).toEqual({ nullable: 'NO' });
    expect(await stateIndex()).toContain('(state)');
    expect(await rows('phase, state')).toEqual([
      { id: opp.o1, phase: 'intake', state: 'intake' },
      { id: opp.o2, phase: 'assess', state: 'migrate' },
    ]);
  });
});
