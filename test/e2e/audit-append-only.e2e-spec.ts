import { herokuProfile, newOpportunity, OpportunityDriver } from '../support/opportunity-driver';
import { useTestApp } from '../support/test-app';

describe('audit_entries is append-only in the database (triggers)', () => {
  const t = useTestApp();
  let o: OpportunityDriver;

  beforeAll(async () => {
    o = await newOpportunity(t.http, 'Append-only', herokuProfile());
    await o.p({ type: 'ADVANCE' });
  });

  const count = async (): Promise<number> =>
    (
      await t.dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM audit_entries WHERE opportunity_id = $1',
        [o.id],
      )
    )[0]?.n ?? -1;

  it('refuses UPDATE of an entry', async () => {
    await expect(
      t.dataSource.query(`UPDATE audit_entries SET entry = '{}'::jsonb WHERE opportunity_id = $1 AND seq = 1`, [o.id]),
    ).rejects.toThrow(/append-only: UPDATE is refused/);
    const rows = await t.dataSource.query<{ entry: { event: { type: string } } }[]>(
      'SELECT entry FROM audit_entries WHERE opportunity_id = $1 AND seq = 1',
      [o.id],
    );
    expect(rows[0]?.entry.event.type).toBe('CREATE_OPPORTUNITY');
  });

  it('refuses DELETE of an entry', async () => {
    await expect(
      t.dataSource.query('DELETE FROM audit_entries WHERE opportunity_id = $1 AND seq = 2', [o.id]),
    ).rejects.toThrow(/append-only: DELETE is refused/);
    expect(await count()).toBe(2);
  });

  it('refuses TRUNCATE of the table', async () => {
    await expect(t.dataSource.query('TRUNCATE audit_entries CASCADE')).rejects.toThrow(
      /append-only: TRUNCATE is refused/,
    );
    expect(await count()).toBe(2);
  });
});
