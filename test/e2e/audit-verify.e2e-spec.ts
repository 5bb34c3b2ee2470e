import request from 'supertest';
import { expectStatus, herokuProfile, OpportunityDriver } from '../support/opportunity-driver';
import { makeOrg, startTestApp, TEST_OPS_KEY, TestApp, TestOrg } from '../support/test-app';

/**
 * Tamper cases, done as a superuser who disables the append-only triggers:
 * verify must say the chain is invalid and name the first bad seq.
 */
describe('audit verify and export (whole app, real PostgreSQL)', () => {
  let t: TestApp;
  let partner: TestOrg;
  let customer: TestOrg;

  beforeAll(async () => {
    t = await startTestApp();
    partner = await makeOrg(t.http, 'partner');
    customer = await makeOrg(t.http, 'customer');
  });
  afterAll(async () => {
    await t.close();
  });

  /** An opportunity with 6 entries: creation (with its profile), advance, four profile updates. */
  async function opportunity(): Promise<OpportunityDriver> {
    const o = await new OpportunityDriver(t.http, partner, customer).create('Audited', herokuProfile());
    await o.p({ type: 'ADVANCE' });
    for (const servers of [31, 32, 33]) await o.p({ type: 'UPDATE_PROFILE', profile: { servers } });
    await o.p({ type: 'UPDATE_PROFILE', profile: { databases: 3 } });
    return o;
  }

  async function verify(o: OpportunityDriver) {
    const res = await request(t.http)
      .get(`/v1/opportunities/${o.id}/audit/verify`)
      .set('authorization', `Bearer ${TEST_OPS_KEY}`);
    expectStatus(res, 200);
    return res.body as {
      valid: boolean;
      entries: number;
      headHash: string;
      firstBadSeq: number | null;
      reason: string;
    };
  }

  /** Runs `sql` with the append-only triggers disabled, as a superuser would. */
  async function asSuperuser(sql: string, params: unknown[]): Promise<void> {
    await t.dataSource.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_entries DISABLE TRIGGER USER');
      await tx.query(sql, params);
      await tx.query('ALTER TABLE audit_entries ENABLE TRIGGER USER');
    });
  }

  it('finds an untouched chain valid, replay included', async () => {
    const o = await opportunity();
    const verdict = await verify(o);
    expect(verdict).toEqual({
      valid: true,
      entries: 6,
      headHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      firstBadSeq: null,
      reason: null,
    });
    const customerView = await request(t.http)
      .get(`/v1/opportunities/${o.id}/audit/verify`)
      .set('authorization', `Bearer ${customer.key}`);
    expect(customerView.body.valid).toBe(true);
  });

  it('names the entry whose payload changed by one byte', async () => {
    const o = await opportunity();
    await asSuperuser(
      `UPDATE audit_entries SET entry = jsonb_set(entry, '{event,profile,servers}', '34') WHERE opportunity_id = $1 AND seq = 4`,
      [o.id],
    );
    expect(await verify(o)).toMatchObject({ valid: false, firstBadSeq: 4, reason: expect.stringContaining('altered') });
  });

  it('names the first of two reordered entries', async () => {
    const o = await opportunity();
    await asSuperuser(
      `UPDATE audit_entries SET seq = -4 WHERE opportunity_id = $1 AND seq = 4;
       UPDATE audit_entries SET seq = 4 WHERE opportunity_id = $1 AND seq = 5;
       UPDATE audit_entries SET seq = 5 WHERE opportunity_id = $1 AND seq = -4`.replace(/\$1/g, `'${o.id}'`),
      [],
    );
    expect(await verify(o)).toMatchObject({ valid: false, firstBadSeq: 4 });
  });

  it('names a deleted last entry, and a deleted middle one', async () => {
    const last = await opportunity();
    await asSuperuser('DELETE FROM audit_entries WHERE opportunity_id = $1 AND seq = 6', [last.id]);
    expect(await verify(last)).toMatchObject({
      valid: false,
      entries: 5,
      firstBadSeq: 6,
      reason: expect.stringContaining('missing'),
    });
    const middle = await opportunity();
    await asSuperuser('DELETE FROM audit_entries WHERE opportunity_id = $1 AND seq = 3', [middle.id]);
    expect(await verify(middle)).toMatchObject({ valid: false, firstBadSeq: 3 });
  });

  it('catches a snapshot edited without an audit entry, by replay', async () => {
    const o = await opportunity();
    await t.dataSource.query(
      `UPDATE opportunities SET snapshot = jsonb_set(snapshot, '{context,profile,servers}', '999') WHERE id = $1`,
      [o.id],
    );
    expect(await verify(o)).toMatchObject({ valid: false, reason: expect.stringContaining('replay') });
  });

  it('exports JSON pages and NDJSON that agree, to visible callers only', async () => {
    const o = await opportunity();
    const page1 = await request(t.http)
      .get(`/v1/opportunities/${o.id}/audit?limit=4`)
      .set('authorization', `Bearer ${partner.key}`);
    expectStatus(page1, 200);
    const page2 = await request(t.http)
      .get(`/v1/opportunities/${o.id}/audit?limit=4&afterSeq=${page1.body.nextAfterSeq}`)
      .set('authorization', `Bearer ${partner.key}`);
    expect(page2.body.nextAfterSeq).toBeNull();
    const json = [...page1.body.items, ...page2.body.items];
    expect(json.map((l: { seq: number }) => l.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    const ndjson = await request(t.http)
      .get(`/v1/opportunities/${o.id}/audit`)
      .set('authorization', `Bearer ${TEST_OPS_KEY}`)
      .set('accept', 'application/x-ndjson')
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => done(null, text));
      });
    expectStatus(ndjson, 200);
    expect(ndjson.headers['content-type']).toMatch(/application\/x-ndjson/);
    const lines = String(ndjson.body)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual(json);
    const stranger = await makeOrg(t.http, 'partner');
    const hidden = await request(t.http)
      .get(`/v1/opportunities/${o.id}/audit`)
      .set('authorization', `Bearer ${stranger.key}`);
    expectStatus(hidden, 404);
  });
});
