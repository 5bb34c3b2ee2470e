import type { AddressInfo } from 'node:net';
import * as OTPAuth from 'otpauth';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { invite, TEST_PASSWORD } from './web';
import { type SuiteApp, useTestApp } from './test-app';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it when missing). */
export const CHROMIUM = process.env.MAPFLOW_CHROMIUM ?? '/usr/bin/chromium';

/** A suite's app listening on loopback, reached as `http://localhost:<port>` (a secure context: `__Host-` cookies work). */
export interface BrowserSuite {
  readonly t: SuiteApp;
  readonly baseUrl: string;
  readonly browser: Browser;
  /** A fresh browser profile (its own cookies), closed after the suite. */
  context(options?: { width?: number }): Promise<BrowserContext>;
}

/**
 * The whole app on the test database, listening, and one headless Chromium
 * for the suite (launched as the machine allows: no sandbox as root, no
 * background networking on a closed network).
 */
export function useBrowserSuite(): BrowserSuite {
  let baseUrl = '';
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  // The browser goes first: jest runs afterAll hooks in the order they are declared, and the app's
  // close waits for every open connection, which an open Chromium keeps alive (up to a minute).
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
  });
  const t = useTestApp();
  beforeAll(async () => {
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://localhost:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--no-first-run'],
    });
  });
  return {
    t,
    get baseUrl() {
      return baseUrl;
    },
    get browser(): Browser {
      if (browser === undefined) throw new Error('the browser starts in beforeAll');
      return browser;
    },
    async context(options = {}) {
      if (browser === undefined) throw new Error('the browser starts in beforeAll');
      const context = await browser.newContext({
        baseURL: baseUrl,
        viewport: { width: options.width ?? 1280, height: 900 },
      });
      contexts.push(context);
      return context;
    },
  };
}

/** Ops invites `email` to `orgId`; the person opens the link in `page`, sets a password and lands signed in. */
export async function acceptInvitationIn(page: Page, suite: BrowserSuite, orgId: string, email: string): Promise<void> {
  const link = await invite(suite.t.http, orgId, email);
  await page.goto(link);
  await page.getByLabel('Your name').fill(email.split('@')[0] ?? 'person');
  await page.getByLabel('Password (12 characters or more)').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/app/invitations/'));
}

/** Signs in on the sign-in form. */
export async function signInIn(page: Page, email: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto('/app/sign-in');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/app/sign-in');
}

/** An ops person at their first sign-in: enrols TOTP from the page's secret, gives a code and lands on the claims queue. */
export async function enrolTotpIn(page: Page): Promise<void> {
  const secret = await page.locator('#totp-secret').innerText();
  await page
    .getByLabel('Six-digit code')
    .fill(new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate());
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL('**/app/claims');
}
