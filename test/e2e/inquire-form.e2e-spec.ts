import request from 'supertest';
import { useTestApp } from '../support/test-app';

const stamp = Date.now();
let n = 0;
/** A client address of its own for each test (the app believes X-Forwarded-For from loopback here). */
const address = (): string => `198.51.100.${(stamp % 200) + (n += 1)}`;

/** The form as a person fills it in: the Heroku case's inquiry, dollars and all. */
const filled = (over: Record<string, string> = {}): Record<string, string> => ({
  companyName: `Form Co ${stamp} ${n}`,
  contactEmail: `cto.${stamp}.${n}@form.example`,
  customerCountry: 'us',
  sourcePlatform: 'heroku',
  region: 'us-east-1',
  servers: '30',
  databases: '2',
  applications: '6',
  currentMonthlySpend: '9,000',
  projectedMonthlyAwsSpend: '',
  notes: '',
  website: '',
  ...over,
});

/**
 * The public inquiry form `/inquire` (design/routing.md): no sign-in; bad
 * input gets the form again with messages and stores nothing; a flood from
 * one address is held to the limit; the honeypot stores nothing.
 */
describe('the public inquiry form (whole app, real PostgreSQL)', () => {
  const t = useTestApp({ MAPFLOW_TRUST_PROXY: 'loopback', MAPFLOW_INQUIRY_FORM_PER_HOUR: '3' });
  const stored = async (company: string): Promise<{ source: string; state: string; current: number }[]> =>
    t.dataSource.query(
      `SELECT source, state, current_monthly_spend_cents::float8 AS current FROM inquiries WHERE company_name = $1`,
      [company],
    );
  const post = (from: string, form: Record<string, string>) =>
    request(t.http).post('/inquire').set('x-forwarded-for', from).type('form').send(form);

  it('shows the form to anyone, and thanks a person saying what happens next and when', async () => {
    const page = await request(t.http).get('/inquire');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Tell us about your migration</h1>');
    const form = filled();
    const res = await post(address(), form);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1>Thank you</h1>');
    expect(res.text).toContain('Within 24 hours one of them');
    expect(res.text).toContain(form.contactEmail);
    expect(res.text).toContain('stands in as the estimate');
    expect(await stored(form.companyName as string)).toEqual([{ source: 'form', state: 'triaged', current: 900_000 }]);
  });

  it('gives bad input the form again with its messages and what was typed, escaped, and stores nothing', async () => {
    const from = address();
    for (const [over, message] of [
      [{ contactEmail: 'not an address' }, 'contactEmail must be an e-mail address'],
      [{ servers: 'thirty' }, 'servers'],
      [{ currentMonthlySpend: '9000.50' }, 'currentMonthlySpendCents must be a whole number of cents'],
      [{ region: 'Mars' }, 'region must be an AWS region such as us-east-1'],
      [{ sourcePlatform: 'mainframe' }, 'sourcePlatform must be one of'],
    ] as const) {
      const form = filled({ ...over, companyName: `"><script>alert(1)</script> ${stamp}` });
      const res = await post(from, form);
      expect([Object.keys(over)[0], res.status]).toEqual([Object.keys(over)[0], 400]);
      expect(res.text).toContain('role="alert"');
      expect(res.text).toContain(message);
      // Shown again in its field, the quote escaped: it cannot leave the attribute.
      expect(res.text).toMatch(/value="(&#34;|&quot;)><script>alert\(1\)<\/script> \d+"/);
      expect(res.text).not.toContain('"><script>alert(1)</script>');
      expect(await stored(form.companyName as string)).toEqual([]);
      // Each refused post counts toward the limit too (3 here): forget them, so the next one is checked.
      await t.dataSource.query(`DELETE FROM inquiry_form_posts WHERE address = $1`, [from]);
    }
  });

  it('holds a flood from one address to the limit, stores nothing past it, and lets another address through', async () => {
    const from = address();
    const statuses: number[] = [];
    const companies: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const form = filled({ companyName: `Flood ${stamp} ${i}` });
      companies.push(form.companyName as string);
      statuses.push((await post(from, form)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    const kept = await Promise.all(companies.map(async (c) => (await stored(c)).length));
    expect(kept).toEqual([1, 1, 1, 0, 0, 0]);
    const refused = await post(from, filled({ companyName: `Flood ${stamp} late` }));
    expect(refused.text).toContain('Too many inquiries were sent from your address');
    expect((await post(address(), filled({ companyName: `Other ${stamp}` }))).status).toBe(200);
  });

  it('thanks a bot that fills the honeypot like a person, and stores nothing', async () => {
    const form = filled({ companyName: `Bot ${stamp}`, website: 'https://spam.example' });
    const res = await post(address(), form);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1>Thank you</h1>');
    expect(await stored(`Bot ${stamp}`)).toEqual([]);
  });
});
