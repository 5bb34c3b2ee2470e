import { OpportunityClient } from '@mapflow/client';
import { acceptInvitationIn, useBrowserSuite } from '../support/browser';
import { linkOrgs, makeOrg } from '../support/test-app';
import { supertestTransport } from '../support/transport';

let n = 0;
const email = (who: string) => `${who}.${process.pid}.${(n += 1)}@example.com`;

/** A customer and its partner, linked, with one opportunity in Assess titled `title` and its TCO model done. */
async function opportunityInAssess(suite: ReturnType<typeof useBrowserSuite>, title: string) {
  const partner = await makeOrg(suite.t.http, 'partner');
  const customer = await makeOrg(suite.t.http, 'customer');
  await linkOrgs(suite.t.http, customer, partner);
  const o = new OpportunityClient(supertestTransport(suite.t.http), partner, customer);
  await o.create(title);
  await o.p({ type: 'UPDATE_PROFILE', profile: HEROKU_LIKE });
  await o.advanceTo('assess');
  await o.checklist(['tco_model']);
  return { partner, customer, o };
}

const HEROKU_LIKE = {
  sourcePlatform: 'heroku',
  region: 'us-east-1',
  customerCountry: 'US',
  servers: 30,
  databases: 2,
  applications: 4,
  currentMonthlySpendCents: 900_000,
  projectedMonthlyAwsSpendCents: 1_100_000,
  migrationServicesCostCents: 12_000_000,
  greenfield: false,
  awsCompetitor: false,
};

/** The web app's security, as a browser meets it. */
describe('web app security in Chromium (whole app, real PostgreSQL)', () => {
  const suite = useBrowserSuite();

  it('renders a title holding <script> as text, and runs no script of it', async () => {
    const { customer } = await opportunityInAssess(suite, '<script>window.pwned = 1</script><b>bold</b>');
    const page = await (await suite.context()).newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => void dialogs.push(d.message()));
    await acceptInvitationIn(page, suite, customer.id, email('xss'));
    await page.goto('/app/inbox');
    // As text twice: the item that waits (its opportunity) and the list of the customer's opportunities.
    expect(await page.getByText('<script>window.pwned = 1</script><b>bold</b>').count()).toBe(2);
    expect(await page.evaluate('typeof window.pwned')).toBe('undefined');
    expect(await page.locator('main b').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('sets the session cookie __Host-, HttpOnly, Secure, SameSite=Lax, and sends a CSP without inline script', async () => {
    const customer = await makeOrg(suite.t.http, 'customer');
    const context = await suite.context();
    const page = await context.newPage();
    await acceptInvitationIn(page, suite, customer.id, email('cookie'));
    const cookies = await context.cookies();
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({
      name: '__Host-mapflow_session',
      path: '/',
      httpOnly: true,
      secure: true,
      sameSite: 'Lax',
    });
    expect(await page.evaluate('document.cookie')).toBe('');
    const answer = await page.goto('/app/inbox');
    const csp = (await answer?.allHeaders())?.['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toContain("'unsafe-inline'; script");
  });

  it('refuses a form posted from another origin, and changes nothing', async () => {
    const { customer, o } = await opportunityInAssess(suite, 'Cross-site target');
    const context = await suite.context();
    const page = await context.newPage();
    await acceptInvitationIn(page, suite, customer.id, email('csrf'));
    await page.goto(`/app/opportunities/${o.id}/business-case`);
    const csrf = await page.locator('input[name=_csrf]').first().inputValue();
    // Another site (served here by the browser's own routing: no network) posts the approval, token and all.
    const action = `${suite.baseUrl}/app/opportunities/${o.id}/business-case`;
    const fields = { _csrf: csrf, version: String(o.version), type: 'APPROVE_BUSINESS_CASE' };
    await context.route('http://evil.example/**', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><title>Win a prize</title><form method="post" action="${action}">${Object.entries(fields)
          .map(([name, value]) => `<input type="hidden" name="${name}" value="${value}">`)
          .join('')}<button>Claim your prize</button></form>`,
      }),
    );
    const evil = await context.newPage();
    await evil.goto('http://evil.example/prize');
    await evil.getByRole('button', { name: 'Claim your prize' }).click();
    await evil.waitForURL((url) => url.pathname.endsWith('/business-case'));
    expect(await evil.title()).toContain('Not allowed');
    expect(await evil.locator('main').innerText()).toContain('This form was sent from another site.');
    const read = await o.transport({ method: 'GET', path: `/v1/opportunities/${o.id}`, key: o.partner.key });
    expect((read.body as { businessCase: { status: string } }).businessCase.status).toBe('pending');
  });

  it("shows another tenant's opportunity page as a 404, and offers a customer no partner form", async () => {
    const { customer, o } = await opportunityInAssess(suite, 'Theirs');
    const other = await makeOrg(suite.t.http, 'customer');
    const page = await (await suite.context()).newPage();
    await acceptInvitationIn(page, suite, other.id, email('other'));
    const answer = await page.goto(`/app/opportunities/${o.id}/business-case`);
    expect(answer?.status()).toBe(404);
    expect(await page.locator('main').innerText()).not.toContain('Theirs');

    const own = await (await suite.context()).newPage();
    await acceptInvitationIn(own, suite, customer.id, email('own'));
    await own.goto(`/app/opportunities/${o.id}/business-case`);
    const types = await Promise.all((await own.locator('input[name=type]').all()).map((input) => input.inputValue()));
    expect(types.sort()).toEqual(['APPROVE_BUSINESS_CASE', 'REJECT_BUSINESS_CASE']);
    const board = await own.goto('/app/board');
    expect(board?.status()).toBe(403);
  });

  it('makes a session unusable after sign-out, even with its cookie put back', async () => {
    const customer = await makeOrg(suite.t.http, 'customer');
    const context = await suite.context();
    const page = await context.newPage();
    await acceptInvitationIn(page, suite, customer.id, email('out'));
    const [cookie] = await context.cookies();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/app/sign-in');
    if (cookie !== undefined) await context.addCookies([cookie]);
    await page.goto('/app/inbox');
    expect(new URL(page.url()).pathname).toBe('/app/sign-in');
  });

  it('makes a session unusable after it expires (12 hours) or idles (2 hours), its cookie still in the browser', async () => {
    const customer = await makeOrg(suite.t.http, 'customer');
    for (const [column, age] of [
      ['expires_at', "now() - interval '1 second'"],
      ['last_seen_at', "now() - interval '2 hours 1 second'"],
    ] as const) {
      const address = email(`lapse-${column}`);
      const context = await suite.context();
      const page = await context.newPage();
      await acceptInvitationIn(page, suite, customer.id, address);
      await page.goto('/app/inbox');
      expect(new URL(page.url()).pathname).toBe('/app/inbox');
      // The clock moves on, as the database sees it.
      await suite.t.dataSource.query(
        `UPDATE sessions SET ${column} = ${age} WHERE user_id = (SELECT id FROM users WHERE email = $1)`,
        [address],
      );
      await page.goto('/app/inbox');
      expect(new URL(page.url()).pathname).toBe('/app/sign-in');
      expect(await context.cookies()).toHaveLength(1);
    }
  });
});
