import request from 'supertest';
import { exportNdjson } from '../support/ndjson';
import { dateIn, expectStatus, herokuProfile, OpportunityDriver } from '../support/opportunity-driver';
import { makeOrg, TestOrg, useTestApp } from '../support/test-app';
import { problemType } from '../support/problem-types';

/** A FILE_FUND_REQUEST of the Assess tranche naming `workloads`. */
const fileAssess = (workloads: string[]) => ({
  type: 'FILE_FUND_REQUEST',
  tranche: 'assess_partner_funding',
  amountCents: 1_000_000,
  projectStartDate: dateIn(15),
  projectEndDate: dateIn(120),
  workloads,
});
const activate = (workload: string) => ({ type: 'RECORD_ACTIVATE_WORKLOAD', workload, amountCents: 500_000 });

/** The names of the issue that are one workload with `stack-x`: case, surrounding space, a zero-width space. */
const VARIANTS = ['STACK-X', ' stack-x ', 'stack-x\u200b'];

describe('stacking across the opportunities of one customer (whole app, real PostgreSQL)', () => {
  const t = useTestApp();

  /** An opportunity of `partner` for `customer` (ops links them), in Assess when asked. */
  async function opportunity(partner: TestOrg, customer: TestOrg, phase: 'intake' | 'assess' = 'assess') {
    const o = await new OpportunityDriver(t.http, partner, customer).create('Stacking', herokuProfile());
    if (phase === 'assess') await o.p({ type: 'ADVANCE' });
    return o;
  }

  /** The stacking facts of one recorded event, as the audit log holds them. */
  async function factsAt(o: OpportunityDriver, seq: number): Promise<unknown> {
    const rows = await t.dataSource.query<{ entry: { event: { customerFundedWorkloads?: unknown } } }[]>(
      'SELECT entry FROM audit_entries WHERE opportunity_id = $1 AND seq = $2',
      [o.id, seq],
    );
    return rows[0]?.entry.event.customerFundedWorkloads;
  }

  it('refuses Activate on a workload another opportunity funds through MAP, and records no other facts', async () => {
    const customer = await makeOrg(t.http, 'customer');
    const first = await opportunity(await makeOrg(t.http, 'partner'), customer);
    await first.file('assess_partner_funding', 1_000_000, ['billing']);

    const second = await opportunity(await makeOrg(t.http, 'partner'), customer);
    const refused = await second.refused(second.partner, activate('billing'));
    expect(refused).toMatchObject({ type: problemType('rule-refused'), state: 'assess' });
    expect(second.version).toBe(2);

    // A distinct workload stacks; the audit entry records what the service told the machine: none of the
    // customer's other workloads, as none of them is this one.
    await second.p(activate('genai-assistant'));
    expect(await factsAt(second, second.version)).toEqual({ map: [], activate: [] });
  });

  it("shows a partner none of another partner's workloads: not in its events, its reads or its audit log", async () => {
    const customer = await makeOrg(t.http, 'customer');
    const [a, b] = [await makeOrg(t.http, 'partner'), await makeOrg(t.http, 'partner')];
    // Partner B, linked to the same customer, funds workloads through MAP and Activate on two opportunities.
    const b1 = await opportunity(b, customer);
    await b1.file('assess_partner_funding', 1_000_000, ['b-ledger', 'b-payroll', 'shared-crm']);
    await b1.p(activate('b-genai-bot'));
    const b2 = await opportunity(b, customer, 'intake');
    await b2.p(activate('b-vector-search'));
    const secrets = ['b-ledger', 'b-payroll', 'b-genai-bot', 'b-vector-search'];

    // Partner A files and declares its own workloads: accepted, and their events carry no facts of B, as
    // none of their names is funded elsewhere.
    const a1 = await opportunity(a, customer);
    await a1.file('assess_partner_funding', 1_000_000, ['a-portal', 'a-search']);
    expect(await factsAt(a1, a1.version - 3)).toEqual({ map: [], activate: [] }); // three stages follow the filing
    await a1.p(activate('a-assistant'));
    expect(await factsAt(a1, a1.version)).toEqual({ map: [], activate: [] });
    // Then the one name it shares with B: refused, on both paths.
    const a2 = await opportunity(a, customer);
    const refusals = [
      await a1.refused(a, activate('shared-crm')),
      await a2.refused(a, fileAssess(['a-billing', 'shared-crm'])),
    ];
    // The refusals name only what A itself sent.
    for (const problem of refusals) {
      expect(problem.detail).toContain('shared-crm');
      for (const name of secrets) expect(problem.detail).not.toContain(name);
    }
    // Everything A can read of its opportunities: reads, lists, audit log (NDJSON export and JSON pages).
    const seen: string[] = [];
    for (const o of [a1, a2]) {
      const read = await o.read(a);
      expectStatus(read, 200);
      seen.push(JSON.stringify(read.body), await exportNdjson(t.http, o.id, a.key));
      const page = await request(t.http).get(`/v1/opportunities/${o.id}/audit`).set('authorization', `Bearer ${a.key}`);
      expectStatus(page, 200);
      seen.push(JSON.stringify(page.body));
    }
    const list = await request(t.http).get('/v1/opportunities?limit=200').set('authorization', `Bearer ${a.key}`);
    seen.push(JSON.stringify(list.body));
    const text = seen.join('\n').toLowerCase();
    expect(text).toContain('a-portal');
    for (const name of [...secrets, 'shared-crm'])
      expect({ name, seen: text.includes(name) }).toEqual({ name, seen: false });
  });

  it('lets no unlinked partner block a linked one: it cannot open an opportunity for the customer', async () => {
    const customer = await makeOrg(t.http, 'customer');
    const outsider = await makeOrg(t.http, 'partner');
    const res = await request(t.http)
      .post('/v1/opportunities')
      .set('authorization', `Bearer ${outsider.key}`)
      .send({ customerOrgId: customer.id, title: 'Squat the CRM' });
    expectStatus(res, 404);
    const linked = await opportunity(await makeOrg(t.http, 'partner'), customer);
    await linked.file('assess_partner_funding', 1_000_000, ['crm']);
    expect(linked.last.fundRequests[0]?.workloads).toEqual(['crm']);
  });

  it('refuses Activate after MAP on any spelling of one workload, across opportunities and within one', async () => {
    const customer = await makeOrg(t.http, 'customer');
    const map = await opportunity(await makeOrg(t.http, 'partner'), customer);
    await map.file('assess_partner_funding', 1_000_000, ['stack-x']);
    const other = await opportunity(await makeOrg(t.http, 'partner'), customer, 'intake');
    for (const o of [other, map]) {
      const version = o.version;
      for (const name of VARIANTS) {
        const problem = await o.refused(o.partner, activate(name));
        expect(problem).toMatchObject({ type: problemType('rule-refused'), status: 409 });
        expect(problem.detail).toMatch(/stack-x is named by a MAP fund request/);
      }
      expect((await o.view()).version).toBe(version);
    }
    // Another workload still stacks.
    await other.p(activate('stack-y'));
  });

  it('refuses MAP after Activate on any spelling of one workload, across opportunities and within one', async () => {
    const customer = await makeOrg(t.http, 'customer');
    const declared = await opportunity(await makeOrg(t.http, 'partner'), customer);
    await declared.p(activate('stack-x'));
    const other = await opportunity(await makeOrg(t.http, 'partner'), customer);
    for (const o of [other, declared]) {
      const version = o.version;
      for (const name of VARIANTS) {
        const problem = await o.refused(o.partner, fileAssess(['fresh-workload', name]));
        expect(problem).toMatchObject({ type: problemType('rule-refused'), status: 409 });
        expect(problem.detail).toMatch(/stack-x is already funded by Activate/);
      }
      expect((await o.view()).version).toBe(version);
      expect((await o.view()).fundRequests).toEqual([]);
    }
  });

  it('records normalised names, refuses names that are nothing once normalised, and still verifies', async () => {
    const customer = await makeOrg(t.http, 'customer');
    const o = await opportunity(await makeOrg(t.http, 'partner'), customer);
    const before = o.version;
    for (const [body, field] of [
      [fileAssess(['billing', '\u200b \u200d']), 'workloads'],
      [fileAssess(['ß'.repeat(200)]), 'workloads'], // 200 characters, 400 once folded to "ss"
      [activate('\ufeff\u2060'), 'workload'],
    ] as const) {
      const res = await o.post(o.partner, body);
      expectStatus(res, 400);
      expect(res.body.errors).toEqual([{ field, message: expect.any(String) }]);
    }
    expect((await o.view()).version).toBe(before);

    await o.p(fileAssess(['  Data\u00a0\u00a0Lake ', 'DATA LAKE', 'ｂｉｌｌｉｎｇ', 'Stra\u00dfe']));
    await o.p(activate(' GenAI\u200b-Bot '));
    const view = await o.view();
    expect(view.fundRequests[0]?.workloads).toEqual(['data lake', 'billing', 'strasse']);
    expect(view.activateWorkloads.map((w) => w.workload)).toEqual(['genai-bot']);
    const events = await t.dataSource.query<{ event: { workloads?: string[]; workload?: string } }[]>(
      `SELECT entry->'event' AS event FROM audit_entries WHERE opportunity_id = $1 AND seq > $2 ORDER BY seq`,
      [o.id, before],
    );
    expect(events.map((e) => e.event.workloads ?? e.event.workload)).toEqual([
      ['data lake', 'billing', 'strasse'],
      'genai-bot',
    ]);
    const funded = await t.dataSource.query<{ program: string; workload: string }[]>(
      'SELECT program, workload FROM funded_workloads WHERE opportunity_id = $1 ORDER BY program, workload',
      [o.id],
    );
    expect(funded).toEqual([
      { program: 'activate', workload: 'genai-bot' },
      { program: 'map', workload: 'billing' },
      { program: 'map', workload: 'data lake' },
      { program: 'map', workload: 'strasse' },
    ]);
    expect(await o.verifyAudit()).toMatchObject({ valid: true, firstBadSeq: null });
  });
});
