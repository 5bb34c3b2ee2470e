import type { Page } from 'playwright-core';
import { type EventBody, HerokuCase, type OpportunityClient } from '@mapflow/client';
import { acceptInvitationIn, signInIn, useBrowserSuite } from '../support/browser';
import { TEST_OPS_KEY } from '../support/test-app';
import { supertestTransport } from '../support/transport';

/** Dollars as the pages write them: $1,234 or $1,234.50. */
const usd = (cents: number): string =>
  `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: cents % 100 === 0 ? 0 : 2, maximumFractionDigits: 2 })}`;

/** The customer's events the web app has forms for. */
const DECISIONS = new Set(['APPROVE_BUSINESS_CASE', 'DECIDE_WAVE', 'SIGN_OFF_CLAIM']);

/**
 * The customer's journey, in Chromium: the whole Heroku case runs over the
 * API as its partner, and every decision of its customer (the business case,
 * each wave's go / no-go, each claim's sign-off) is taken in the web app by
 * a person who accepted an invitation and signed in, as they would: from the
 * inbox, on the page each item links to.
 */
describe('a customer decides in the web app (Chromium, whole app, real PostgreSQL)', () => {
  const suite = useBrowserSuite();

  /** Does in the browser what `event` asks of the customer, from the inbox. */
  async function decide(page: Page, event: EventBody): Promise<string[]> {
    await page.goto('/app/inbox');
    const seen: string[] = [];
    if (event.type === 'APPROVE_BUSINESS_CASE') {
      await page.getByRole('link', { name: 'Approve the business case' }).click();
      seen.push(await page.locator('main').innerText());
      await page.getByRole('button', { name: 'Approve the business case' }).click();
    } else if (event.type === 'DECIDE_WAVE') {
      await page.getByRole('link', { name: `Go / no-go: wave Wave ${String(event.waveId)}` }).click();
      seen.push(await page.locator('main').innerText());
      if (event.decision === 'go') {
        await page.getByRole('button', { name: 'Go', exact: true }).click();
      } else {
        await page.getByLabel('Why not').fill(String(event.reason));
        await page.getByRole('button', { name: 'No-go' }).click();
      }
    } else if (event.type === 'SIGN_OFF_CLAIM') {
      await page.getByRole('link', { name: `Sign off claim ${String(event.claimId)}` }).click();
      seen.push(await page.locator('main').innerText());
      await page.getByRole('button', { name: 'Sign off this claim' }).click();
    } else {
      throw new Error(`the customer's page has no form for ${event.type}`);
    }
    await page.waitForLoadState('load');
    // Accepted: the form's page again, without a refusal.
    expect(await page.locator('[role=alert]').count()).toBe(0);
    return seen;
  }

  it('accepts an invitation, signs in, approves the business case, declines a wave, approves it re-planned, signs off claims', async () => {
    const heroku = new HerokuCase({
      transport: supertestTransport(suite.t.http),
      opsKey: TEST_OPS_KEY,
      suffix: ' (browser)',
    });
    const context = await suite.context();
    const page = await context.newPage();
    const decisions: string[] = [];
    const shown: string[] = [];
    for (const step of heroku.steps) {
      await step.run();
      if (step.title.startsWith('Ops links the partner')) {
        await acceptInvitationIn(page, suite, heroku.customer.id, `cto.${Date.now()}@acme.example`);
        expect(new URL(page.url()).pathname).toBe('/app/inbox');
        // Signs out, then in again with the password just set.
        const email = await page.locator('.who').innerText();
        expect(email).toContain('(customer)');
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.waitForURL('**/app/sign-in');
        const address =
          (
            await suite.t.dataSource.query<{ email: string }[]>(
              `SELECT email FROM users WHERE org_id = $1 AND email IS NOT NULL`,
              [heroku.customer.id],
            )
          )[0]?.email ?? '';
        await signInIn(page, address);
        expect(new URL(page.url()).pathname).toBe('/app/inbox');
      }
      if (step.title.startsWith('Intake: the partner opens')) {
        const client: OpportunityClient = heroku.opportunity;
        // Every customer decision of the case is taken in the browser; the client then reads the result as the
        // partner. What the customer records that is no decision (credits AWS issued) still goes over the API.
        const overApi = client.c.bind(client);
        client.c = async (event: EventBody) => {
          if (!DECISIONS.has(event.type)) return overApi(event);
          shown.push(...(await decide(page, event)));
          decisions.push(`${event.type}${'decision' in event ? ` ${String(event.decision)}` : ''}`);
          const answer = await client.transport({
            method: 'GET',
            path: `/v1/opportunities/${client.id}`,
            key: heroku.partner.key,
          });
          client.version = Number(String(answer.headers.etag).replace(/"/g, ''));
          client.last = answer.body as typeof client.last;
          return client.last;
        };
      }
    }
    expect(decisions).toEqual([
      'APPROVE_BUSINESS_CASE',
      'SIGN_OFF_CLAIM',
      'DECIDE_WAVE go',
      'SIGN_OFF_CLAIM',
      'DECIDE_WAVE go',
      'DECIDE_WAVE no_go',
      'DECIDE_WAVE go',
      'DECIDE_WAVE go',
      'SIGN_OFF_CLAIM',
    ]);
    expect(heroku.opportunity.last.phase).toBe('closed');
    // What the customer read before deciding: the TCO and the attested record's hash; the declined wave's reason.
    const [businessCase] = shown;
    expect(businessCase).toContain('Spend today, a month');
    expect(businessCase).toMatch(/Audit entry hash\s+[0-9a-f]{64}/);
    expect(shown.find((s) => s.includes('Wave: Wave w2') && s.includes('Earlier decision'))).toContain(
      'DMS CDC not rehearsed',
    );
    expect(shown.find((s) => s.startsWith('Claim assess-1'))).toMatch(/[0-9a-f]{64}/);
    // Nothing waits on the customer now.
    await page.goto('/app/inbox');
    expect(await page.getByText('Nothing waits for your decision.').isVisible()).toBe(true);
    // The MAP credits ledger, as the API reads it: each quarter's estimate, issued and lost to missing tags.
    await page.getByRole('link', { name: 'MAP credits' }).click();
    const credits = heroku.opportunity.v2.credits;
    expect(credits.quarters.length).toBeGreaterThan(0);
    expect(credits.issuedCents).toBeGreaterThan(0);
    const facts = await page.locator('dl.facts').innerText();
    expect(facts).toContain(usd(credits.estimateCents));
    expect(facts).toContain(usd(credits.issuedCents));
    expect(facts).toContain(usd(credits.lostToUntaggedCents));
    for (const q of credits.quarters) {
      const row = await page.locator('tr', { hasText: q.quarter }).innerText();
      expect(row.split('\t').map((c) => c.trim())).toEqual([
        q.quarter,
        usd(q.countedTaggedSpendCents),
        usd(q.countedUntaggedSpendCents),
        usd(q.estimateCents),
        usd(q.issuedCents),
        usd(q.lostToUntaggedCents),
        q.dueDate,
      ]);
    }
  }, 120_000);
});
