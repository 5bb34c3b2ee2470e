import request from 'supertest';
import { herokuProfile, OpportunityDriver } from '../support/opportunity-driver';
import { makeOrg, TEST_OPS_KEY, useTestApp } from '../support/test-app';
import { createOrgWithKey } from '@mapflow/client';
import { supertestTransport } from '../support/transport';
import { signedInOps, signedInPerson, type WebPerson } from '../support/web';

/**
 * The ops pages over HTTP, as a browser without JavaScript meets them: who
 * may open them, bad input answered with the form again and nothing changed,
 * downloads with their names and types.
 */
describe('the ops pages (web app, real PostgreSQL)', () => {
  const t = useTestApp();
  let ops: WebPerson;

  beforeAll(async () => {
    ops = await signedInOps(t.http, `ops.${Date.now()}@ops.example`);
  });

  it('keeps every ops page from customers and partners (403), and from the signed-out (303 to sign in)', async () => {
    const o = await new OpportunityDriver(
      t.http,
      await makeOrg(t.http, 'partner'),
      await makeOrg(t.http, 'customer'),
    ).create('Kept from others', herokuProfile());
    const customer = await signedInPerson(t.http, o.customer.id, `cto.${Date.now()}@acme.example`);
    const partner = await signedInPerson(t.http, o.partner.id, `lead.${Date.now()}@cumulus.example`);
    for (const path of [
      '/app/reports',
      '/app/reports/funding.csv',
      '/app/audit',
      `/app/audit/${o.id}`,
      `/app/audit/${o.id}/chain.ndjson`,
      '/app/orgs',
      `/app/orgs/${o.partner.id}`,
    ]) {
      for (const person of [customer, partner]) expect([path, (await person.get(path)).status]).toEqual([path, 403]);
      const signedOut = await request(t.http).get(path).redirects(0);
      expect([path, signedOut.status, signedOut.headers.location]).toEqual([path, 303, '/app/sign-in']);
    }
  });

  it('verifies a chain without JavaScript (the whole page back), and streams the chain as NDJSON', async () => {
    const o = await new OpportunityDriver(
      t.http,
      await makeOrg(t.http, 'partner'),
      await makeOrg(t.http, 'customer'),
    ).create('Audited in the page', herokuProfile());
    await o.p({ type: 'ADVANCE' });
    const verified = await ops.post(`/app/audit/${o.id}/verify`, {}, `/app/audit/${o.id}`);
    expect(verified.status).toBe(200);
    expect(verified.text).toContain('The chain is intact.');
    expect(verified.text).toContain('2 entries');
    const ndjson = await ops.get(`/app/audit/${o.id}/chain.ndjson`);
    expect(ndjson.status).toBe(200);
    expect(ndjson.headers['content-type']).toContain('application/x-ndjson');
    expect(ndjson.headers['content-disposition']).toBe(`attachment; filename="audit-${o.id}.ndjson"`);
    expect(ndjson.text.trim().split('\n')).toHaveLength(2);
    // An opportunity that does not exist: the error page, 404.
    expect((await ops.get('/app/audit/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('answers an id that is not one with the form again (400), and a UUID by opening its chain', async () => {
    const bad = await ops.get('/app/audit?opportunity=%22%3E%3Cscript%3E');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('An opportunity id is a UUID');
    // What was typed comes back in the field, unable to leave its attribute.
    expect(bad.text).toContain('value="&#34;><script>"');
    expect(bad.text).not.toContain('"><script>');
    const good = await ops.get('/app/audit?opportunity=00000000-0000-4000-8000-000000000000');
    expect([good.status, good.headers.location]).toEqual([303, '/app/audit/00000000-0000-4000-8000-000000000000']);
  });

  it('refuses a bad org, invitation or key form with its reasons and creates nothing', async () => {
    const count = async (): Promise<number> =>
      Number(((await t.dataSource.query(`SELECT count(*) AS n FROM orgs`)) as { n: string }[])[0]?.n);
    const before = await count();
    for (const form of [
      { name: '  ', kind: 'partner', tier: 'premier' },
      { name: 'No tier', kind: 'partner', tier: '' },
      { name: 'Customer with a tier', kind: 'customer', tier: 'premier' },
      { name: 'Bad kind', kind: 'vendor', tier: '' },
    ]) {
      const res = await ops.post('/app/orgs', form, '/app/orgs');
      expect([form.name, res.status]).toEqual([form.name, 400]);
      expect(res.text).toContain('role="alert"');
    }
    expect(await count()).toBe(before);

    const customer = await makeOrg(t.http, 'customer');
    const page = `/app/orgs/${customer.id}`;
    const invitations = async (): Promise<number> =>
      Number(
        (
          (await t.dataSource.query(`SELECT count(*) AS n FROM invitations WHERE org_id = $1`, [customer.id])) as {
            n: string;
          }[]
        )[0]?.n,
      );
    const badInvite = await ops.post(`${page}/invitations`, { email: 'not an address' }, page);
    expect(badInvite.status).toBe(400);
    expect(badInvite.text).toContain('email must be an e-mail address');
    expect(await invitations()).toBe(0);
    const badKey = await ops.post(`${page}/api-keys`, { userName: ' ' }, page);
    expect(badKey.status).toBe(400);
    const badLink = await ops.post(`${page}/links`, { partnerOrgId: customer.id }, page);
    expect(badLink.status).toBe(400);
    expect(badLink.text).toContain('only a partner org is linked');
    const unknownKey = await ops.post(`${page}/api-keys/00000000-0000-4000-8000-000000000000/revoke`, {}, page);
    expect(unknownKey.status).toBe(404);
  });

  it('downloads the funding and pipeline reports as CSV, a cell that would start a formula quoted as text', async () => {
    const partner = await createOrgWithKey(
      supertestTransport(t.http),
      TEST_OPS_KEY,
      { kind: 'partner', name: '=HYPERLINK("http://evil.example")', tier: 'premier' },
      'formula',
    );
    await new OpportunityDriver(t.http, partner, await makeOrg(t.http, 'customer')).create('In the report');
    const funding = await ops.get('/app/reports/funding.csv');
    expect(funding.status).toBe(200);
    expect(funding.headers['content-type']).toContain('text/csv');
    expect(funding.headers['content-disposition']).toMatch(
      /^attachment; filename="mapflow-funding-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(funding.text.split('\n')[0]).toBe(
      'scope,name,opportunities,envelope_usd,requested_usd,approved_usd,paid_usd,left_on_the_table_usd',
    );
    // The name comes back as text, behind a quote a spreadsheet does not evaluate.
    expect(funding.text).toMatch(/^partner,"'=HYPERLINK\(""http:\/\/evil\.example""\)",1,/m);
    expect(funding.text).not.toMatch(/^partner,=/m);
    const pipeline = await ops.get('/app/reports/pipeline.csv');
    expect(pipeline.text).toMatch(/^intake,[1-9]\d*$/m);
  });
});
