import { createHash } from 'node:crypto';
import { HerokuCase, type OpportunityClient } from '@mapflow/client';
import { acceptInvitationIn, useBrowserSuite } from '../support/browser';
import { TEST_OPS_KEY } from '../support/test-app';
import { supertestTransport } from '../support/transport';

/** Reads the opportunity again as the partner, so the API client's If-Match follows what the browser did. */
async function reread(o: OpportunityClient): Promise<void> {
  const answer = await o.transport({ method: 'GET', path: `/v1/opportunities/${o.id}`, key: o.partner.key });
  o.version = Number(String(answer.headers.etag).replace(/"/g, ''));
  o.last = answer.body as typeof o.last;
}

/**
 * The partner's journey, in Chromium, through Mobilize of the Heroku case:
 * ADVANCE refused with every missing item in words; the Mobilize checklist
 * completed on the page, each document hashed in the browser (only its
 * SHA-256 and URI are sent); the rest of the case over the API; then ADVANCE
 * to Migrate from the page.
 */
describe('a partner drives an opportunity from its page (Chromium, whole app, real PostgreSQL)', () => {
  const suite = useBrowserSuite();

  it('sees the refused ADVANCE in words, completes the items with evidence hashed in the browser, and advances', async () => {
    const heroku = new HerokuCase({
      transport: supertestTransport(suite.t.http),
      opsKey: TEST_OPS_KEY,
      suffix: ' (partner)',
    });
    const page = await (await suite.context()).newPage();
    const opportunityPage = async () => {
      await page.goto('/app/board');
      await page.getByRole('link', { name: 'Heroku to AWS' }).click();
    };
    const hashes: Record<string, string> = {};
    for (const step of heroku.steps) {
      if (step.title.startsWith('Mobilize: ADVANCE before the landing zone')) {
        await acceptInvitationIn(page, suite, heroku.partner.id, `lead.${Date.now()}@cumulus.example`);
        expect(new URL(page.url()).pathname).toBe('/app/board');
        await opportunityPage();
        await page.getByRole('button', { name: 'Advance to migrate' }).click();
        await page.waitForLoadState('load');
        const refusal = await page.locator('[role=alert]').innerText();
        for (const item of heroku.opportunity.last.checklist.filter((c) => c.phase === 'mobilize')) {
          expect(refusal).toContain(item.description);
        }
        expect(heroku.opportunity.last.phase).toBe('mobilize');
        continue;
      }
      if (step.title.startsWith('Mobilize: landing zone')) {
        for (const item of heroku.opportunity.last.checklist.filter((c) => c.phase === 'mobilize')) {
          await opportunityPage();
          const document = Buffer.from(`${item.key}: the signed deliverable\n`);
          hashes[item.key] = createHash('sha256').update(document).digest('hex');
          await page.getByLabel('Item').selectOption(item.key);
          await page
            .getByLabel('Evidence document (hashed here, in your browser; it is not uploaded)')
            .setInputFiles({ name: `${item.key}.pdf`, mimeType: 'application/pdf', buffer: document });
          // The page's script fills the SHA-256 field from the chosen file, in the browser.
          await page.waitForFunction(`document.getElementById('evidence-sha256').value === '${hashes[item.key]}'`);
          await page.getByLabel('Where the document is kept (URI)').fill(`s3://cumulus-map/mobilize/${item.key}.pdf`);
          await page.getByRole('button', { name: 'Complete the item' }).click();
          await page.waitForLoadState('load');
          expect(await page.locator('[role=alert]').count()).toBe(0);
        }
        await reread(heroku.opportunity);
        continue;
      }
      if (step.title === 'Mobilize -> Migrate') {
        await opportunityPage();
        await page.getByRole('button', { name: 'Advance to migrate' }).click();
        await page.waitForLoadState('load');
        expect(await page.locator('[role=alert]').count()).toBe(0);
        await reread(heroku.opportunity);
        break;
      }
      await step.run();
    }
    expect(heroku.opportunity.last.phase).toBe('migrate');
    const evidence = heroku.opportunity.last.checklist.filter((c) => c.phase === 'mobilize').map((c) => c.evidence);
    expect(evidence).toEqual(
      Object.entries(hashes).map(([key, sha256]) => ({ uri: `s3://cumulus-map/mobilize/${key}.pdf`, sha256 })),
    );
  }, 120_000);
});
