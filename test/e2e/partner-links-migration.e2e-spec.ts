import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { PartnerLinks1764170000000 } from '../../migrations/1764170000000-partner-links';
import { useMigrationScratch } from '../support/scratch-database';

/**
 * The migrations that bring partner-customer links and normalised workload
 * names, on data that predates them: a scratch database on the test server is
 * migrated up to just before them, given orgs, opportunities and funded
 * workloads as the API wrote them then, and migrated on; then down and up.
 */
describe('migrating existing data to partner-customer links and normalised workload names', () => {
  const scratch = useMigrationScratch('links', PartnerLinks1764170000000);
  let db: DataSource;

  const org = { p1: randomUUID(), p2: randomUUID(), c1: randomUUID(), c2: randomUUID(), ops: randomUUID() };
  const opp = { o1: randomUUID(), o2: randomUUID(), o3: randomUUID(), o4: randomUUID() };

  async function seedOldData(q: DataSource): Promise<void> {
    await q.query(
      `INSERT INTO orgs (id, kind, name, tier) VALUES
         ($1, 'partner', 'P1', 'premier'), ($2, 'partner', 'P2', 'select'),
         ($3, 'customer', 'C1', NULL), ($4, 'customer', 'C2', NULL), ($5, 'ops', 'Ops', NULL)`,
      [org.p1, org.p2, org.c1, org.c2, org.ops],
    );
    const opportunity = (id: string, partner: string, customer: string, at: string) =>
      q.query(
        `INSERT INTO opportunities (id, title, partner_org_id, customer_org_id, phase, state, version, machine_version,
           snapshot, chain_head, created_at, updated_at, phase_entered_at)
         VALUES ($1, 'old', $2, $3, 'intake', 'intake', 1, '1', '{}', $4, $5, $5, $5)`,
        [id, partner, customer, 'a'.repeat(64), at],
      );
    // P1 opened two opportunities with C1 (the link dates from the first), P2 one with C1, P1 one with C2.
    await opportunity(opp.o1, org.p1, org.c1, '2026-01-02T00:00:00.000Z');
    await opportunity(opp.o2, org.p1, org.c1, '2026-01-01T00:00:00.000Z');
    await opportunity(opp.o3, org.p2, org.c1, '2026-01-03T00:00:00.000Z');
    await opportunity(opp.o4, org.p1, org.c2, '2026-01-04T00:00:00.000Z');
    await q.query(
      `INSERT INTO funded_workloads (opportunity_id, program, workload, customer_org_id) VALUES
         ($1, 'map', 'STACK-X', $3), ($1, 'map', 'stack-x', $3), ($1, 'map', ' Stack-X ', $3),
         ($2, 'activate', 'Billing' || chr(8203), $3), ($4, 'map', 'plain', $5), ($4, 'map', chr(8203), $5)`,
      [opp.o1, opp.o2, org.c1, opp.o4, org.c2],
    );
  }

  const links = () =>
    db.query<
      { customer_org_id: string; partner_org_id: string; origin: string; created_by_user_id: null; at: string }[]
    >(
      `SELECT customer_org_id, partner_org_id, origin, created_by_user_id, to_json(created_at)#>>'{}' AS at
         FROM partner_customer_links ORDER BY created_at`,
    );

  it('links every partner to the customers it has opportunities with, normalises funded workloads, and goes down and up', async () => {
    await scratch.seedBefore(seedOldData);
    db = await scratch.connect();
    const ran = await db.runMigrations({ transaction: 'each' });
    expect(ran.map((m) => m.name)).toEqual(expect.arrayContaining(['PartnerLinks1764170000000']));

    const expected = [
      {
        customer_org_id: org.c1,
        partner_org_id: org.p1,
        origin: 'backfill',
        created_by_user_id: null,
        at: '2026-01-01T00:00:00+00:00',
      },
      {
        customer_org_id: org.c1,
        partner_org_id: org.p2,
        origin: 'backfill',
        created_by_user_id: null,
        at: '2026-01-03T00:00:00+00:00',
      },
      {
        customer_org_id: org.c2,
        partner_org_id: org.p1,
        origin: 'backfill',
        created_by_user_id: null,
        at: '2026-01-04T00:00:00+00:00',
      },
    ];
    expect(await links()).toEqual(expected);
    type Funded = { opportunity_id: string; program: string; workload: string };
    const key = (f: Funded): string => `${f.opportunity_id} ${f.program} ${f.workload}`;
    const byKey = (x: Funded, y: Funded): number => (key(x) < key(y) ? -1 : 1);
    const funded = await db.query<Funded[]>('SELECT opportunity_id, program, workload FROM funded_workloads');
    expect(funded.sort(byKey)).toEqual(
      [
        { opportunity_id: opp.o1, program: 'map', workload: 'stack-x' },
        { opportunity_id: opp.o2, program: 'activate', workload: 'billing' },
        { opportunity_id: opp.o4, program: 'map', workload: 'plain' },
        // Nothing once normalised: left as it was.
        { opportunity_id: opp.o4, program: 'map', workload: '\u200b' },
      ].sort(byKey),
    );

    // Down removes the table; up again backfills the same links.
    const mine = ran.length;
    for (let i = 0; i < mine; i += 1) await db.undoLastMigration({ transaction: 'each' });
    const gone = await db.query<{ present: boolean }[]>(
      `SELECT to_regclass('partner_customer_links') IS NOT NULL AS present`,
    );
    expect(gone[0]?.present).toBe(false);
    await db.runMigrations({ transaction: 'each' });
    expect(await links()).toEqual(expected);
  });
});
