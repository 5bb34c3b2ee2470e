import { HerokuCase } from '@mapflow/client';
import { acceptInvitationIn, useBrowserSuite } from '../support/browser';
import { TEST_OPS_KEY } from '../support/test-app';
import { supertestTransport } from '../support/transport';

/**
 * A stale view, in Chromium: the customer opens the pilot wave's decision;
 * meanwhile the partner re-plans the wave; the customer's go is refused, the
 * page says what changed and shows the wave as it is now, and nothing was
 * recorded. Once the partner asks again, the customer's go is taken.
 */
describe('a wave decision on a page that went stale (Chromium, whole app, real PostgreSQL)', () => {
  const suite = useBrowserSuite();

  it("refuses the customer's go with the change shown, then takes it on the current page", async () => {
    const heroku = new HerokuCase({
      transport: supertestTransport(suite.t.http),
      opsKey: TEST_OPS_KEY,
      suffix: ' (stale)',
    });
    for (const step of heroku.steps) {
      await step.run();
      if (step.title.startsWith('Mobilize: plan the pilot')) break;
    }
    const o = heroku.opportunity;
    await o.requestDecision('pilot');
    const page = await (await suite.context()).newPage();
    await acceptInvitationIn(page, suite, heroku.customer.id, `cto.${Date.now()}@acme.example`);
    await page.getByRole('link', { name: 'Go / no-go: wave Wave pilot' }).click();
    expect(await page.locator('main').innerText()).toContain('revision 1');

    // Meanwhile, the partner re-plans the wave with another rollback plan.
    const pilot = o.v2.waves.find((w) => w.waveId === 'pilot');
    await o.p({
      type: 'PLAN_WAVE',
      waveId: 'pilot',
      kind: 'pilot',
      name: 'Wave pilot',
      applications: pilot?.applications ?? [],
      rollbackPlan: 'Restore the Heroku release v41',
    });
    const versionAfterReplan = o.version;

    await page.getByRole('button', { name: 'Go', exact: true }).click();
    await page.waitForLoadState('load');
    const refused = await page.locator('main').innerText();
    expect(refused).toContain('This changed while you were looking at it.');
    expect(refused).toContain('the partner recorded "plan wave" (wave pilot)');
    expect(refused).toContain('Restore the Heroku release v41');
    expect(refused).toContain('This wave does not wait for your decision now.');
    const read = await o.transport({ method: 'GET', path: `/v1/opportunities/${o.id}`, key: o.partner.key });
    expect(read.headers.etag).toBe(`"${versionAfterReplan}"`);

    // The partner asks again; the customer decides on the page as it is now.
    await o.requestDecision('pilot');
    await page.goto(new URL(page.url()).pathname);
    expect(await page.locator('main').innerText()).toContain('revision 2');
    await page.getByRole('button', { name: 'Go', exact: true }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('[role=alert]').count()).toBe(0);
    const after = await o.transport({ method: 'GET', path: `/v1/opportunities/${o.id}`, key: o.partner.key });
    const wave = (after.body as { waves: { waveId: string; status: string }[] }).waves.find(
      (w) => w.waveId === 'pilot',
    );
    expect(wave?.status).toBe('go');
  }, 120_000);
});
