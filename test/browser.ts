import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import type { Db } from '../src/db/database.js';
import { currentTotp } from '../src/domain/auth/totp.js';
import { translator } from '../src/http/i18n/index.js';
import { buildTestServer } from './http.js';

/** Dutch texts, the default language: tests find labels and buttons by what people read. */
export const nl = translator('nl');
export const en = translator('en');

/** The WCAG 2.1 AA rules; Dutch government sites must meet them (DESIGN.md). */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Debian's Chromium in a fresh profile (never `npx playwright install`), with one open page. */
export async function launchBrowser(): Promise<TestBrowser> {
  const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      await fs.rm(profile, { recursive: true, force: true });
    },
  };
}

export interface TestChromium {
  browser: Browser;
  /**
   * A page in a context of its own: a separate person with their own cookies, in Dutch and
   * Amsterdam time unless the options say otherwise (e.g. a phone's viewport and touch).
   */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  close(): Promise<void>;
}

/** Phone-sized screen (an iPhone SE's), touch, and the viewport meta tag honoured. */
export const PHONE: BrowserContextOptions = { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true };

/** One Debian Chromium for a whole test file, with a context per person who takes part. */
export async function launchChromium(): Promise<TestChromium> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  return {
    browser,
    async newPage(options = {}) {
      const context = await browser.newContext({ locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', ...options });
      return context.newPage();
    },
    close: () => browser.close(),
  };
}

/**
 * No sideways scrolling at the current width (WCAG 1.4.10 reflow). Measured against the layout
 * viewport: on a phone (isMobile) window.innerWidth grows with content that is too wide.
 */
export function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
}

export interface RunningServer {
  app: FastifyInstance;
  baseUrl: string;
  close(): Promise<void>;
}

/** The real server (as the other tests build it) on a free local port. */
export async function startServer(db: Db): Promise<RunningServer> {
  const app = await buildTestServer(db);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, baseUrl: address, close: () => app.close() };
}

/**
 * Runs axe (WCAG 2.1 A and AA) on the page as it is now and fails with a readable list:
 * rule, impact, what it means, and the elements it found.
 */
export async function expectAccessible(page: Page, what = page.url()): Promise<void> {
  // Legacy mode runs axe in the page itself instead of finishing in an extra blank page:
  // twice as fast, and our pages have no frames for the newer mode to reach into.
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).setLegacyMode(true).analyze();
  const report = results.violations.map((v) => {
    const nodes = v.nodes.map((n) => `    - ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`);
    return `  ${v.id} (${v.impact ?? 'unknown'}): ${v.help}\n${nodes.join('\n')}`;
  });
  if (report.length > 0) throw new Error(`axe found ${report.length} WCAG violation(s) on ${what}:\n${report.join('\n')}`);
}

/**
 * axe with no violations, and every id on the page its own: several forms share one page,
 * and a repeated id would tie a label or an error link to the wrong field.
 */
export async function expectAccessibleWithUniqueIds(page: Page, what: string): Promise<void> {
  await expectAccessible(page, what);
  const repeated = await page.evaluate(() => {
    const ids = [...document.querySelectorAll('[id]')].map((el) => el.id);
    return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  });
  if (repeated.length > 0) throw new Error(`repeated ids on ${what}: ${repeated.join(', ')}`);
}

/** Opens a collapsed part of the page (<details>) by its summary; returns the details element. */
export async function openDetails(scope: Locator, summary: string): Promise<Locator> {
  const details = scope.locator('details', { has: scope.page().locator('summary', { hasText: summary }) });
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  return details;
}

/**
 * Does something that loads a new page (a link, a form submit with click or Enter) and waits
 * until that page has loaded; playwright-core has no auto-waiting assertions to lean on.
 */
export async function navigating(page: Page, action: () => Promise<unknown>): Promise<void> {
  await Promise.all([page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() }), action()]);
  await page.waitForLoadState('load');
}

/** The path and query of the page now shown. */
export function location(page: Page): string {
  const url = new URL(page.url());
  return url.pathname + url.search;
}

/** The focused element's id, or its tag name when it has none. */
export function focusedId(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el ? el.id || el.tagName.toLowerCase() : '';
  });
}

/** The base32 secret from the enrolment page's manual key, spaces removed. */
export async function readEnrolmentSecret(page: Page): Promise<string> {
  const shown = await page.locator('code.utrecht-code.wb-secret').textContent();
  const secret = shown?.replace(/\s/g, '') ?? '';
  if (!/^[A-Z2-7]+=*$/.test(secret)) throw new Error(`no TOTP secret on ${page.url()}: ${shown}`);
  return secret;
}

export interface SignInOptions {
  /** The person's TOTP secret, if already enrolled. */
  secret?: string;
}

/**
 * Signs in through the pages as a person would: e-mail, password, and the second factor
 * (enrolling it from the key shown on the page when needed). Returns the TOTP secret, if any.
 */
export async function signIn(page: Page, baseUrl: string, email: string, password: string, options: SignInOptions = {}): Promise<string | undefined> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel(nl('field.email'), { exact: true }).fill(email);
  await page.getByLabel(nl('field.password'), { exact: true }).fill(password);
  await navigating(page, () => page.getByRole('button', { name: nl('signin.submit') }).click());
  if (!new URL(page.url()).pathname.startsWith('/sign-in/second-factor')) return options.secret;
  const enrolling = await page.getByRole('heading', { level: 1, name: nl('totp.enrol_title') }).isVisible();
  const secret = enrolling ? await readEnrolmentSecret(page) : options.secret;
  if (!secret) throw new Error(`${email} has a second factor but the test has no secret`);
  await page.getByLabel(nl('field.code'), { exact: true }).fill(currentTotp(secret));
  await navigating(page, () => page.getByRole('button', { name: nl('totp.submit') }).click());
  return secret;
}

/** Signs out with the header button; lands on the sign-in page. */
export async function signOut(page: Page): Promise<void> {
  await navigating(page, () => page.getByRole('button', { name: nl('layout.sign_out') }).click());
}
