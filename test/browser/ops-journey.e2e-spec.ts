import { readFile } from 'node:fs/promises';
import request from 'supertest';
import type { Download, Page } from 'playwright-core';
import { asVersion2, HerokuCase, claimEvidence } from '@mapflow/client';
import { acceptInvitationIn, enrolTotpIn, useBrowserSuite } from '../support/browser';
import { TEST_OPS_KEY } from '../support/test-app';
import { supertestTransport } from '../support/transport';

/** The text of a file the page offers, saved by Chromium when `click` starts the download. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download]: [Download, void] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') };
}

/** The CSV's rows as cells (the report's cells hold no comma, quote or newline). */
const rowsOf = (csv: string): string[][] =>
  csv
    .trim()
    .split('\n')
    .map((line) => line.split(','));

/**
 * The ops auditor's journey in Chromium (design/web.md "Ops"): enrols TOTP
 * at the first sign-in, finds a submitted claim in the queue, verifies the
 * opportunity's audit chain from the page, downloads its NDJSON and a
 * signed checkpoint (then proves the checkpoint with the API), reads the
 * reports and downloads the funding CSV (checked against the API's own
 * read of the opportunity), and administers an org: mints a key, revokes it.
 */
describe('ops journey in the browser', () => {
  const suite = useBrowserSuite();

  it('enrols TOTP, finds the claim, verifies the chain, downloads a checkpoint, the NDJSON and the funding CSV', async () => {
    const transport = supertestTransport(suite.t.http);
    const heroku = new HerokuCase({ transport, opsKey: TEST_OPS_KEY, suffix: ' (ops journey)' });
    for (const step of heroku.steps) {
      if (step.title.startsWith('Mobilize: claim the Mobilize tranche')) break;
      await step.run();
    }
    const o = heroku.opportunity;
    const tranche = 'mobilize_partner_funding';
    await o.p({
      type: 'PREPARE_CLAIM',
      tranche,
      claimId: 'mobilize-1',
      amountCents: 1_000_000,
      evidence: claimEvidence(tranche, 'mobilize-1'),
    });
    await o.c({ type: 'SIGN_OFF_CLAIM', tranche, claimId: 'mobilize-1' });
    const submitted = asVersion2(await o.p({ type: 'SUBMIT_CLAIM', tranche, claimId: 'mobilize-1' }));

    // First sign-in of an ops person: the invitation, then TOTP enrolment.
    const me = await transport({ method: 'GET', path: '/v1/me', key: TEST_OPS_KEY });
    const opsOrgId = (me.body as { org: { id: string } }).org.id;
    const page = await (await suite.context()).newPage();
    await acceptInvitationIn(page, suite, opsOrgId, `auditor.${Date.now()}@route.example`);
    expect(new URL(page.url()).pathname).toBe('/app/totp/enrol');
    await enrolTotpIn(page);

    // The claim in the queue, waiting for AWS; its audit trail from there.
    const row = page.locator('tr', { hasText: 'mobilize-1' });
    await expect(row.innerText()).resolves.toContain(heroku.partner.name);
    await expect(row.innerText()).resolves.toMatch(/AWS/);
    await row.getByRole('link', { name: 'Audit trail' }).click();
    await page.waitForURL(`**/app/audit/${o.id}`);
    await expect(page.locator('tbody tr').count()).resolves.toBe(submitted.version);

    // Verify from the page: every link and hash, and the replay.
    // htmx posts the form and swaps in the verdict alone: the page (and its address) stay.
    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await page.getByRole('status').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/app/audit/${o.id}`);
    const verdict = await page.getByRole('status').innerText();
    expect(verdict).toContain('The chain is intact.');
    expect(verdict).toContain(`${submitted.version} entries`);
    const api = await transport({ method: 'GET', path: `/v1/opportunities/${o.id}/audit/verify`, key: TEST_OPS_KEY });
    expect(verdict).toContain(String((api.body as { headHash: string }).headHash));

    // The whole chain as NDJSON: one link a line, the hashes the page shows.
    const ndjson = await downloaded(page, () =>
      page.getByRole('link', { name: 'Download every entry (NDJSON)' }).click(),
    );
    expect(ndjson.name).toBe(`audit-${o.id}.ndjson`);
    const links = ndjson.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { seq: number; hash: string });
    expect(links.map((l) => l.seq)).toEqual(Array.from({ length: submitted.version }, (_, i) => i + 1));
    await expect(page.locator('tbody tr').last().innerText()).resolves.toContain(
      links[links.length - 1]?.hash ?? 'none',
    );

    // A signed checkpoint, taken and downloaded from the audit page, proves itself to the API.
    await page.getByRole('link', { name: 'Audit', exact: true }).click();
    await page.waitForURL('**/app/audit');
    const checkpoint = await downloaded(page, () =>
      page.getByRole('button', { name: 'Take and download a checkpoint' }).click(),
    );
    expect(checkpoint.name).toMatch(/^mapflow-checkpoint-.*\.json$/);
    const heads = JSON.parse(checkpoint.text) as { heads: { opportunityId: string; seq: number }[] };
    expect(heads.heads).toContainEqual(expect.objectContaining({ opportunityId: o.id, seq: submitted.version }));
    const proven = await request(suite.t.http)
      .post('/v1/audit/checkpoints/verify')
      .set('authorization', `Bearer ${TEST_OPS_KEY}`)
      .send(JSON.parse(checkpoint.text) as object);
    expect(proven.status).toBe(200);
    // The suites share a database, where others tamper with chains of their own on purpose: ours is intact.
    const verdict2 = proven.body as { checkedChains: number; failures: { opportunityId: string | null }[] };
    expect(verdict2.checkedChains).toBeGreaterThanOrEqual(1);
    expect(verdict2.failures.filter((f) => f.opportunityId === o.id || f.opportunityId === null)).toEqual([]);

    // Reports: three charts, and the funding CSV agreeing with the opportunity's own read and findings.
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.waitForURL('**/app/reports');
    await expect(page.locator('svg[role=img]').count()).resolves.toBe(3);
    const csv = await downloaded(page, () =>
      page.getByRole('link', { name: 'Download the funding report (CSV)' }).click(),
    );
    const [head, ...rows] = rowsOf(csv.text);
    expect(head).toEqual([
      'scope',
      'name',
      'opportunities',
      'envelope_usd',
      'requested_usd',
      'approved_usd',
      'paid_usd',
      'left_on_the_table_usd',
    ]);
    const partnerRow = rows.find((r) => r[0] === 'partner' && r[1] === heroku.partner.name);
    const read = asVersion2(await o.view());
    const findings = await o.findings();
    const sum = (pick: (t: (typeof read.funding)[keyof typeof read.funding]) => number): string =>
      (Object.values(read.funding).reduce((s, t) => s + pick(t), 0) / 100).toFixed(2);
    expect(partnerRow).toEqual([
      'partner',
      heroku.partner.name,
      '1',
      sum((t) => t.envelopeCents),
      sum((t) => t.requestedCents),
      sum((t) => t.approvedCents),
      sum((t) => t.paidCents),
      (findings.reduce((s, f) => s + (f.dollarsAtStakeCents ?? 0), 0) / 100).toFixed(2),
    ]);
    expect(Number(partnerRow?.[4])).toBeGreaterThan(0);
  }, 120_000);

  it('administers an org: invites a person, mints an API key shown once, revokes it', async () => {
    const transport = supertestTransport(suite.t.http);
    const me = await transport({ method: 'GET', path: '/v1/me', key: TEST_OPS_KEY });
    const page = await (await suite.context()).newPage();
    await acceptInvitationIn(
      page,
      suite,
      (me.body as { org: { id: string } }).org.id,
      `admin.${Date.now()}@route.example`,
    );
    await enrolTotpIn(page);

    // A new partner org from the form; a bad form first, refused with its reasons and nothing created.
    await page.getByRole('link', { name: 'Orgs' }).click();
    const orgsBefore = await page.locator('tbody tr').count();
    await page.getByLabel('Name').fill('   ');
    await page.getByRole('button', { name: 'Create the org' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toMatch(/name must not be empty/);
    await expect(page.locator('tbody tr').count()).resolves.toBe(orgsBefore);
    await page.getByLabel('Name').fill('Stratus Partners (org admin)');
    await page.getByLabel('Partner tier (partners only)').selectOption('advanced');
    await page.getByRole('button', { name: 'Create the org' }).click();
    await page.waitForURL(/\/app\/orgs\/[0-9a-f-]{36}$/);
    const orgPage = page.url();
    await expect(page.locator('h1').innerText()).resolves.toBe('Stratus Partners (org admin)');

    // An invitation: its link shown once, usable.
    await page.getByLabel('Invite a person (e-mail)').fill('lead@stratus.example');
    await page.getByRole('button', { name: 'Invite' }).click();
    const link = await page.getByRole('status').locator('code').innerText();
    expect(link).toMatch(/\/app\/invitations\/[A-Za-z0-9_-]+$/);
    await expect(page.locator('tr', { hasText: 'lead@stratus.example' }).innerText()).resolves.toMatch(/open until/);
    await expect(
      request(suite.t.http)
        .get(new URL(link).pathname)
        .then((r) => r.status),
    ).resolves.toBe(200);

    // A key for a machine: shown once, it works; revoked, it is refused (within the caller cache's 10 s).
    await page.getByLabel('Mint an API key for a new user (its name)').fill('crm-sync');
    await page.getByRole('button', { name: 'Mint the key' }).click();
    const key = await page.getByRole('status').locator('code').innerText();
    const asKey = () => request(suite.t.http).get('/v1/me').set('authorization', `Bearer ${key}`);
    await expect(asKey().then((r) => r.status)).resolves.toBe(200);
    await page.goto(orgPage);
    await expect(page.getByRole('status').count()).resolves.toBe(0);
    await expect(page.locator('main').innerText()).resolves.not.toContain(key);
    const keyRow = page.locator('tr', { hasText: 'crm-sync' });
    await keyRow.getByRole('button', { name: /^Revoke key / }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('tr', { hasText: 'crm-sync' }).innerText()).resolves.toMatch(/revoked/);
    const deadline = Date.now() + 11_000;
    let status = 200;
    while (status !== 401 && Date.now() < deadline) {
      status = (await asKey()).status;
      if (status !== 401) await new Promise((r) => setTimeout(r, 500));
    }
    expect(status).toBe(401);
  }, 60_000);
});
