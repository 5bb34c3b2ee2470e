import { HerokuCase } from '@mapflow/client';
import { NoticesService } from '../../apps/api/src/events/notices.service';
import { MailServer } from '../support/mail-server';
import { TEST_OPS_KEY, useTestApp } from '../support/test-app';
import { supertestTransport } from '../support/transport';
import { until } from '../support/webhook-receiver';
import { signedInPerson, type WebPerson } from '../support/web';

const DAY_MS = 86_400_000;
const PUBLIC_URL = 'https://mapflow.example';
/** The Heroku case's opportunity. */
const TITLE = 'Heroku to AWS';

/**
 * E-mail when someone must act (design/events-out.md), through a local SMTP
 * server: the customer's people are told when a wave waits for their
 * go / no-go, with a link to the wave's page in the web app; the partner's
 * 14 days before a claim is due; each once; a refused message is tried again.
 */
describe('e-mail (whole app, its worker, a local SMTP server, real PostgreSQL)', () => {
  const mail = new MailServer();
  const env: Record<string, string> = {
    MAPFLOW_WORKER: 'in-process',
    MAPFLOW_NOTIFY_INTERVAL_SECONDS: '1',
    MAPFLOW_PUBLIC_URL: PUBLIC_URL,
    MAPFLOW_MAIL_FROM: 'mapflow <mapflow@mapflow.example>',
  };
  beforeAll(async () => {
    env.MAPFLOW_SMTP_URL = await mail.start();
  });
  const t = useTestApp(env);
  afterAll(async () => {
    await mail.stop();
  });

  const stamp = Date.now();
  const cto = `cto.${stamp}@acme.example`;
  const pm = `pm.${stamp}@partner.example`;
  let heroku: HerokuCase;
  let customer: WebPerson;

  it("tells the customer's people that a wave waits for their decision, once, with a link to the wave's page", async () => {
    heroku = new HerokuCase({
      transport: supertestTransport(t.http),
      opsKey: TEST_OPS_KEY,
      suffix: ` (mail ${stamp})`,
    });
    const asking = heroku.steps.findIndex((s) => s.title.startsWith('Migrate: plan wave w2'));
    for (const [i, step] of heroku.steps.slice(0, asking + 1).entries()) {
      await step.run();
      if (step.title.startsWith('Ops links the partner')) {
        customer = await signedInPerson(t.http, heroku.customer.id, cto);
        await signedInPerson(t.http, heroku.partner.id, pm);
      }
      expect(i).toBeLessThanOrEqual(asking);
    }
    const o = heroku.opportunity;
    const subject = `Go / no-go: wave Wave w2: ${TITLE}`;
    await until(() => mail.to(cto).some((m) => m.subject === subject), 20_000);
    const [wave, ...more] = mail.to(cto).filter((m) => m.subject === subject);
    expect(wave?.from).toBe('mapflow@mapflow.example');
    const link = `${PUBLIC_URL}/app/opportunities/${o.id}/waves/w2`;
    expect(wave?.text).toContain(link);
    expect(wave?.text).toContain(`A decision waits for you on "${TITLE}"`);
    // The link opens the wave's page for the customer's person, with the decision to take.
    const page = await customer.get(new URL(link).pathname);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Wave: Wave w2</h1>');
    expect(page.text).toContain('awaiting decision');
    expect(page.text).toContain('value="DECIDE_WAVE"');
    // Passes go on every second: nothing is sent twice, and the partner's people are not asked.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(more).toEqual([]);
    expect(mail.to(cto).filter((m) => m.subject === subject)).toHaveLength(1);
    expect(mail.to(pm).filter((m) => m.subject.startsWith('Go / no-go'))).toEqual([]);
  }, 120_000);

  it("tells the partner's people 14 days before a claim is due; a message the server refuses is sent on a later pass", async () => {
    const o = heroku.opportunity;
    const notices = t.app.get(NoticesService);
    // The Migrate request runs to 120 days from now, its claims due 30 days after: 140 days on, 10 days remain.
    const later = new Date(Date.now() + 140 * DAY_MS);
    const pass = async (): Promise<void> => {
      await until(async () => (await notices.pass(later)) !== null, 10_000);
    };
    mail.refusing = true;
    await pass();
    const [pending] = (await t.dataSource.query(
      `SELECT status, attempts, last_error AS "lastError", subject FROM mail_notices
        WHERE kind = 'claim_due' AND org_id = $1`,
      [heroku.partner.id],
    )) as { status: string; attempts: number; lastError: string; subject: string }[];
    expect(pending?.status).toBe('pending');
    expect(pending?.attempts).toBeGreaterThanOrEqual(1);
    expect(pending?.lastError).toContain('try again later');
    expect(mail.to(pm)).toEqual([]);
    mail.refusing = false;
    await pass();
    const due = mail.to(pm).filter((m) => m.subject.startsWith('Claim due by'));
    expect(due).toHaveLength(1);
    expect(due[0]?.subject).toBe(pending?.subject);
    expect(due[0]?.subject).toContain(TITLE);
    expect(due[0]?.text).toContain(`${PUBLIC_URL}/app/opportunities/${o.id}`);
    expect(due[0]?.text).toContain('14 days or less');
    // Not the customer's to hear.
    expect(mail.to(cto).filter((m) => m.subject.startsWith('Claim due by'))).toEqual([]);
    await pass();
    expect(mail.to(pm).filter((m) => m.subject.startsWith('Claim due by'))).toHaveLength(1);
  }, 60_000);
});
