import * as OTPAuth from 'otpauth';
import { percentile, round } from './stats';

/** A web app page's server time over a run, as a person's browser would ask for it (one at a time). */
export interface PageFigures {
  page: string;
  role: string;
  requests: number;
  p50: number;
  p95: number;
  max: number;
  /** The first request, before any warm-up (a report computed from nothing, say). */
  first: number;
}

/** What the bench measures, for one signed-in person. */
export interface PageTarget {
  page: string;
  role: string;
  path: string;
  cookie: string;
}

const PASSWORD = 'bench password, long enough';

function cookieOf(res: Response): string {
  const set = res.headers.getSetCookie().find((c) => c.startsWith('__Host-mapflow_session='));
  if (set === undefined) throw new Error(`no session cookie (${res.status})`);
  return set.split(';', 1)[0] ?? '';
}

/** Posts a form as the browser would: from this origin, urlencoded, not following the redirect. */
function postForm(base: string, path: string, form: Record<string, string>, cookie?: string): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      origin: base,
      'sec-fetch-site': 'same-origin',
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams(form).toString(),
  });
}

/**
 * A person of `orgId` signed in to the web app: invited by ops over the API,
 * the invitation accepted with a password, and for ops the TOTP second factor
 * enrolled. Answers the session cookie.
 */
export async function signedInPerson(base: string, opsKey: string, orgId: string, email: string): Promise<string> {
  const invited = await fetch(`${base}/v1/orgs/${orgId}/invitations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${opsKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  if (invited.status !== 201) throw new Error(`invitation: ${invited.status} ${await invited.text()}`);
  const link = new URL(((await invited.json()) as { link: string }).link).pathname;
  const accepted = await postForm(base, link, { name: email.split('@')[0] ?? 'bench', password: PASSWORD });
  if (accepted.status !== 303) throw new Error(`accepting the invitation: ${accepted.status}`);
  const cookie = cookieOf(accepted);
  if (accepted.headers.get('location') !== '/app/totp/enrol') return cookie;
  const enrol = await (await fetch(`${base}/app/totp/enrol`, { headers: { cookie } })).text();
  const secret = /id="totp-secret"[^>]*>([A-Z2-7]+)</.exec(enrol)?.[1];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(enrol)?.[1];
  if (secret === undefined || csrf === undefined) throw new Error('the TOTP enrolment page has no secret or form');
  const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate();
  const enrolled = await postForm(base, '/app/totp/enrol', { code, _csrf: csrf }, cookie);
  if (enrolled.status !== 303) throw new Error(`TOTP enrolment: ${enrolled.status}`);
  return cookie;
}

/**
 * Each page asked `requests` times, one request at a time (after a few to
 * warm it up), each answer checked to be the page (200, HTML). The time is
 * the whole request over loopback: the server's time and a little more.
 */
export async function pageTimes(base: string, targets: PageTarget[], requests: number): Promise<PageFigures[]> {
  const figures: PageFigures[] = [];
  for (const target of targets) {
    const times: number[] = [];
    let first = 0;
    for (let i = 0; i < requests + 3; i += 1) {
      const start = performance.now();
      const res = await fetch(`${base}${target.path}`, { headers: { cookie: target.cookie }, redirect: 'manual' });
      const body = await res.text();
      const ms = performance.now() - start;
      if (res.status !== 200 || !body.includes('</html>'))
        throw new Error(`${target.page} (${target.path}): ${res.status} ${body.slice(0, 200)}`);
      if (i === 0) first = ms;
      if (i >= 3) times.push(ms);
    }
    figures.push({
      page: target.page,
      role: target.role,
      requests,
      p50: round(percentile(times, 50), 1),
      p95: round(percentile(times, 95), 1),
      max: round(Math.max(...times), 1),
      first: round(first, 1),
    });
  }
  return figures;
}
