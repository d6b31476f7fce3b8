import type { FastifyInstance } from 'fastify';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { onTestFinished } from 'vitest';
import type { Db } from '../src/db/database.js';
import { currentTotp } from '../src/domain/auth/totp.js';
import { translator } from '../src/http/i18n/index.js';
import type { TestChromium } from './chromium.js';
import { TEST_PASSWORD } from './factories.js';
import { buildTestServer, forgetUsedCode } from './http.js';

export {
  expectAccessible,
  expectAccessibleWithUniqueIds,
  fitsWidth,
  launchBrowser,
  launchChromium,
  openDetails,
  PHONE,
  type TestBrowser,
  type TestChromium,
} from './chromium.js';

/** Dutch texts, the default language: tests find labels and buttons by what people read. */
export const nl = translator('nl');
export const en = translator('en');

export interface RunningServer {
  app: FastifyInstance;
  baseUrl: string;
  close(): Promise<void>;
}

// The database behind each running test server, for the sign-in helper (see forgetUsedCode).
const databases = new Map<string, Db>();

/** The real server (as the other tests build it) on a free local port. */
export async function startServer(db: Db): Promise<RunningServer> {
  const app = await buildTestServer(db);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  databases.set(address, db);
  return {
    app,
    baseUrl: address,
    close: () => {
      databases.delete(address);
      return app.close();
    },
  };
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
  /** The person's TOTP secret, if already enrolled (otherwise the one this helper enrolled, if any). */
  secret?: string;
}

// Secrets of people enrolled by signIn, so the same person can sign in again in another test,
// whichever test happens to sign them in first.
const enrolledSecrets = new Map<string, string>();

/**
 * Signs in through the pages as a person would: e-mail, password, and the second factor
 * (enrolling it from the key shown on the page when needed). Returns the TOTP secret, if any.
 */
export async function signIn(
  page: Page,
  baseUrl: string,
  email: string,
  password: string,
  options: SignInOptions = {},
): Promise<string | undefined> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel(nl('field.email'), { exact: true }).fill(email);
  await page.getByLabel(nl('field.password'), { exact: true }).fill(password);
  await navigating(page, () => page.getByRole('button', { name: nl('signin.submit') }).click());
  if (!new URL(page.url()).pathname.startsWith('/sign-in/second-factor')) return options.secret;
  const enrolling = await page.getByRole('heading', { level: 1, name: nl('totp.enrol_title') }).isVisible();
  const secret = enrolling ? await readEnrolmentSecret(page) : (options.secret ?? enrolledSecrets.get(email.toLowerCase()));
  if (!secret) throw new Error(`${email} has a second factor but the test has no secret`);
  enrolledSecrets.set(email.toLowerCase(), secret);
  const db = databases.get(baseUrl);
  if (db) await forgetUsedCode(db, email);
  await page.getByLabel(nl('field.code'), { exact: true }).fill(currentTotp(secret));
  await navigating(page, () => page.getByRole('button', { name: nl('totp.submit') }).click());
  // An enrolment answers with the recovery codes, shown once; from there the person goes on home.
  if (enrolling && (await page.getByRole('heading', { level: 1, name: nl('recovery.title') }).isVisible()))
    await navigating(page, () => page.getByRole('link', { name: nl('recovery.continue') }).click());
  return secret;
}

/** Signs out with the header button; lands on the sign-in page. */
export async function signOut(page: Page): Promise<void> {
  await navigating(page, () => page.getByRole('button', { name: nl('layout.sign_out') }).click());
}

/**
 * A page for the running test alone, in a browser context of its own (cookies, language,
 * viewport), signed in as the person if one is given, and closed when the test finishes: no
 * test starts where another left a page.
 */
export async function pageFor(
  chromium: TestChromium,
  baseUrl: string,
  person?: { email: string },
  options: BrowserContextOptions = {},
): Promise<Page> {
  const page = await chromium.newPage(options);
  onTestFinished(() => page.context().close());
  if (person) await signIn(page, baseUrl, person.email, TEST_PASSWORD);
  return page;
}
