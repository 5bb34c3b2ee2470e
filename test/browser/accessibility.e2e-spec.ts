import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { HerokuCase } from '@mapflow/client';
import { acceptInvitationIn, enrolTotpIn, useBrowserSuite } from '../support/browser';
import { TEST_OPS_KEY } from '../support/test-app';
import { supertestTransport } from '../support/transport';
import { invite } from '../support/web';

const WIDTHS = [1280, 375] as const;
/** Where `npm run screenshots` wants the pages' pictures; unset in the test run. */
const SHOTS = process.env.MAPFLOW_SCREENSHOTS_DIR;

/** axe-core's serious and critical violations of the page as it is now, each as "rule: target". */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

/**
 * Every page of the web app, at 1280 px and at 375 px wide, checked by
 * axe-core in Chromium: no serious or critical violation. The pages are
 * those of the Heroku case with its pilot wave waiting for the customer.
 * `npm run screenshots` runs this suite to picture every page in docs/.
 */
describe('accessibility of every page (axe-core in Chromium)', () => {
  const suite = useBrowserSuite();

  it('has no serious or critical axe violation on every page, at 1280 and 375 px', async () => {
    const heroku = new HerokuCase({
      transport: supertestTransport(suite.t.http),
      opsKey: TEST_OPS_KEY,
      suffix: ' (a11y)',
    });
    for (const step of heroku.steps) {
      if (step.title.startsWith('Mobilize: the customer says go')) break;
      await step.run();
    }
    const o = heroku.opportunity;
    await o.requestDecision('pilot');
    const stamp = Date.now();
    // An inquiry offered to the case's partner, for the routing pages (Canada: no other suite's partner competes).
    const opsCall = (method: 'POST' | 'PUT', path: string, body?: object) =>
      o.transport({ method, path, key: TEST_OPS_KEY, ...(body === undefined ? {} : { body }) });
    await opsCall('PUT', `/v1/orgs/${heroku.partner.id}/partner-profile`, {
      platforms: ['heroku'],
      regions: ['ca-central-1'],
      countries: ['CA'],
      migrationCompetency: true,
      capacity: 50,
      takingWork: true,
    });
    const inquiry = await opsCall('POST', '/v1/inquiries', {
      companyName: `Maple Data ${stamp}`,
      contactEmail: `it.${stamp}@maple.example`,
      customerCountry: 'CA',
      sourcePlatform: 'heroku',
      region: 'ca-central-1',
      servers: 12,
      databases: 1,
      applications: 3,
      currentMonthlySpendCents: 400_000,
      greenfield: false,
    });
    const inquiryId = (inquiry.body as { id: string }).id;
    await opsCall('POST', `/v1/inquiries/${inquiryId}/offers`, { partnerOrgId: heroku.partner.id });
    const found: Record<string, string[]> = {};
    for (const width of WIDTHS) {
      const check = async (page: Page, name: string) => {
        found[`${name} @${width}`] = await seriousViolations(page);
        // `npm run screenshots` sets this: each page, as checked, into docs/screenshots.
        if (SHOTS !== undefined) {
          await page.screenshot({ path: join(SHOTS, `${name.replace(/ /g, '-')}-${width}.png`), fullPage: true });
        }
      };
      const signedOut = await (await suite.context({ width })).newPage();
      await signedOut.goto('/app/sign-in');
      await check(signedOut, 'sign-in');
      await signedOut.goto(await invite(suite.t.http, heroku.customer.id, `a11y.${width}.${stamp}@acme.example`));
      await check(signedOut, 'invitation');
      await signedOut.goto('/inquire');
      await check(signedOut, 'inquiry form');

      const customer = await (await suite.context({ width })).newPage();
      await acceptInvitationIn(customer, suite, heroku.customer.id, `cto.${width}.${stamp}@acme.example`);
      await check(customer, 'inbox');
      for (const [name, path] of [
        ['business case', `/app/opportunities/${o.id}/business-case`],
        ['wave decision', `/app/opportunities/${o.id}/waves/pilot`],
        ['claim sign-off', `/app/opportunities/${o.id}/claims/assess_partner_funding/assess-1`],
        ['credits', `/app/opportunities/${o.id}/credits`],
        ['error page', `/app/opportunities/00000000-0000-4000-8000-000000000000/business-case`],
      ] as const) {
        await customer.goto(path);
        await check(customer, name);
      }

      const partner = await (await suite.context({ width })).newPage();
      await acceptInvitationIn(partner, suite, heroku.partner.id, `lead.${width}.${stamp}@cumulus.example`);
      await check(partner, 'board');
      await partner.goto(`/app/opportunities/${o.id}`);
      await check(partner, 'opportunity');
      await partner.goto('/app/offers');
      await check(partner, 'offers');

      const ops = await (await suite.context({ width })).newPage();
      const me = await o.transport({ method: 'GET', path: '/v1/me', key: TEST_OPS_KEY });
      await acceptInvitationIn(
        ops,
        suite,
        (me.body as { org: { id: string } }).org.id,
        `ops.${width}.${stamp}@route.example`,
      );
      await check(ops, 'TOTP enrolment');
      await enrolTotpIn(ops);
      await check(ops, 'claims queue');
      for (const [name, path] of [
        ['reports', '/app/reports'],
        ['audit', '/app/audit'],
        ['audit chain', `/app/audit/${o.id}`],
        ['orgs', '/app/orgs'],
        ['org', `/app/orgs/${heroku.customer.id}`],
        ['inquiries', '/app/inquiries'],
        ['inquiry', `/app/inquiries/${inquiryId}`],
      ] as const) {
        await ops.goto(path);
        await check(ops, name);
      }
      await ops.goto(`/app/audit/${o.id}`);
      await ops.getByRole('button', { name: 'Verify the chain' }).click();
      await ops.getByRole('status').waitFor();
      await check(ops, 'audit verdict');
    }
    expect(Object.keys(found)).toHaveLength(WIDTHS.length * 22);
    expect(Object.entries(found).filter(([, v]) => v.length > 0)).toEqual([]);
  }, 180_000);
});
