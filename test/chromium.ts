import { AxeBuilder } from '@axe-core/playwright';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';

/**
 * Debian's Chromium and axe, without the server: for the component tests, which render
 * components alone, and re-exported by test/browser.ts for the end-to-end tests.
 */

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
