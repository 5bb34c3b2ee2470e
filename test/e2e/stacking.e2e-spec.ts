import { herokuProfile, OpportunityDriver } from '../support/opportunity-driver';
import { makeOrg, startTestApp, TestApp } from '../support/test-app';

describe('stacking across the opportunities of one customer (whole app, real PostgreSQL)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses Activate on a workload another opportunity funds through MAP, and keeps the facts in the audit log', async () => {
    const customer = await makeOrg(t.http, 'customer');
    const first = await new OpportunityDriver(t.http, await makeOrg(t.http, 'partner'), customer).create(
      'Billing migration',
      herokuProfile(),
    );
    await first.p({ type: 'ADVANCE' });
    await first.file('assess_partner_funding', 1_000_000, ['billing']);

    const second = await new OpportunityDriver(t.http, await makeOrg(t.http, 'partner'), customer).create(
      'New build',
      herokuProfile(),
    );
    await second.p({ type: 'ADVANCE' });
    const refused = await second.refused(second.partner, {
      type: 'RECORD_ACTIVATE_WORKLOAD',
      workload: 'billing',
      amountCents: 500_000,
    });
    expect(refused).toMatchObject({ type: 'https://mapflow.dev/problems/rule-refused', state: 'assess' });
    expect(second.version).toBe(2);

    // A distinct workload stacks; the audit entry records what the service told the machine.
    await second.p({ type: 'RECORD_ACTIVATE_WORKLOAD', workload: 'genai-assistant', amountCents: 500_000 });
    const entry = await t.dataSource.query<{ entry: { event: { customerFundedWorkloads: unknown } } }[]>(
      'SELECT entry FROM audit_entries WHERE opportunity_id = $1 AND seq = $2',
      [second.id, second.version],
    );
    expect(entry[0]?.entry.event.customerFundedWorkloads).toEqual({ map: ['billing'], activate: [] });
  });
});
