import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../src/domain/auth/totp.js';
import type { Organisation } from '../src/domain/organisation/organisation.js';
import type { User } from '../src/domain/user/user.js';
import { createTestDatabase, type TestDatabase } from '../test/db.js';
import { makeOrganisation, makeUser, TEST_PASSWORD } from '../test/factories.js';
import {
  en,
  expectAccessible,
  focusedId,
  launchChromium,
  location,
  navigating,
  nl,
  pageFor,
  signIn,
  signOut,
  startServer,
  type RunningServer,
  type TestChromium,
} from '../test/browser.js';

/**
 * One installation from its very first visit: setup (on an installation of its own, still
 * empty), the administrator's first sign-in with enrolment of the second factor, and the frame
 * every page shares (skip link, language, small screens, the 404 page). Each test has its own
 * page; the ones after setup sign in to an organisation made through the domain.
 */
describe('first visit and the page frame', () => {
  let chromium: TestChromium;

  beforeAll(async () => {
    chromium = await launchChromium();
  });

  afterAll(async () => {
    await chromium?.close();
  });

  /** Whether the element is the one with keyboard focus. */
  const isFocused = (page: Page, label: string) => page.getByLabel(label, { exact: true }).evaluate((el) => el === document.activeElement);

  describe('on a new installation', () => {
    let database: TestDatabase;
    let server: RunningServer;
    let base: string;

    const admin = { name: 'Anne de Vries', email: 'anne@voorbeeld.example', password: 'een lange zin als wachtwoord' };

    beforeAll(async () => {
      database = await createTestDatabase();
      server = await startServer(database.db);
      base = server.baseUrl;
    });

    afterAll(async () => {
      await server?.close();
      await database?.close();
    });

    it('sends the first visitor to setup, explains mistakes, then creates the organisation', async () => {
      const page = await pageFor(chromium, base);
      await page.goto(`${base}/`);
      expect(location(page)).toBe('/setup');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(nl('setup.title'));
      await expectAccessible(page, 'setup');

      // Type as a keyboard user would: into the first field, then Tab from field to field.
      const entries: [string, string][] = [
        [nl('setup.org_name'), 'Gemeente Voorbeeld'],
        [nl('setup.slug'), 'Voor Beeld!'],
        [nl('field.name'), admin.name],
        [nl('field.email'), admin.email],
        [nl('field.password'), 'kort'],
      ];
      await page.getByLabel(entries[0]![0], { exact: true }).click();
      for (const [index, [label, value]] of entries.entries()) {
        if (index > 0) await page.keyboard.press('Tab');
        expect(await isFocused(page, label), `focus on "${label}"`).toBe(true);
        await page.keyboard.type(value);
      }
      await navigating(page, () => page.keyboard.press('Enter'));

      expect(location(page)).toBe('/setup');
      const summary = page.getByRole('alert');
      expect(await summary.getByRole('heading', { name: nl('form.error_summary') }).isVisible()).toBe(true);
      // The summary takes focus (autofocus), so keyboard and screen reader users start at the mistakes.
      await page.waitForFunction(() => document.activeElement?.classList.contains('wb-error-summary'));
      expect(await summary.getByRole('link').allTextContents()).toEqual([nl('error.slug_invalid'), nl('error.password_too_short')]);
      // Each field says what is wrong with it, and keeps what was typed (except the password).
      const slug = page.getByLabel(nl('setup.slug'), { exact: true });
      expect(await slug.getAttribute('aria-invalid')).toBe('true');
      expect(
        await slug.evaluate((el) =>
          (el.getAttribute('aria-describedby') ?? '')
            .split(' ')
            .map((id) => document.getElementById(id)?.textContent)
            .join(' '),
        ),
      ).toContain(nl('error.slug_invalid'));
      expect(await page.getByLabel(nl('setup.org_name'), { exact: true }).inputValue()).toBe('Gemeente Voorbeeld');
      expect(await page.getByLabel(nl('field.password'), { exact: true }).inputValue()).toBe('');
      await expectAccessible(page, 'setup with errors');

      // A link in the summary brings the keyboard to the field.
      await summary.getByRole('link', { name: nl('error.slug_invalid') }).focus();
      await page.keyboard.press('Enter');
      expect(await focusedId(page)).toBe('field-slug');
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('voorbeeld');
      await summary.getByRole('link', { name: nl('error.password_too_short') }).focus();
      await page.keyboard.press('Enter');
      expect(await focusedId(page)).toBe('field-password');
      await page.keyboard.type(admin.password);
      await navigating(page, () => page.getByRole('button', { name: nl('setup.submit') }).click());

      expect(location(page)).toBe('/sign-in?notice=setup.done');
      expect(await page.getByRole('status').textContent()).toBe(nl('setup.done'));
      await expectAccessible(page, 'sign-in after setup');

      // Setup happens once.
      const again = await page.goto(`${base}/setup`);
      expect(again?.status()).toBe(404);

      // The administrator it made can sign in (their first sign-in is the next test's subject).
      await signIn(page, base, admin.email, admin.password);
      expect(location(page)).toBe('/?notice=totp.enrolled');
      expect(await page.getByText(nl('home.welcome', { name: admin.name })).isVisible()).toBe(true);
      expect(await page.getByRole('banner').getByText('Gemeente Voorbeeld').isVisible()).toBe(true);
    });
  });

  describe('once set up', () => {
    let database: TestDatabase;
    let server: RunningServer;
    let base: string;
    let org: Organisation;
    /** An administrator for the tests that need one signed in (enrolled by whichever signs in first). */
    let anne: User;

    beforeAll(async () => {
      database = await createTestDatabase();
      server = await startServer(database.db);
      base = server.baseUrl;
      org = await makeOrganisation(database.db, 'Gemeente Voorbeeld');
      anne = await makeUser(database.db, org, ['admin'], 'Sanne Visser');
    });

    afterAll(async () => {
      await server?.close();
      await database?.close();
    });

    it('signs the administrator in: wrong password, enrolment of the second factor, home, sign-out', async () => {
      // Signing in for the first time: an administrator of their own, not enrolled yet.
      const admin = { ...(await makeUser(database.db, org, ['admin'], 'Anne de Vries')), password: TEST_PASSWORD };
      const page = await pageFor(chromium, base);
      await page.goto(`${base}/`);
      expect(location(page)).toBe('/sign-in?next=%2F');
      await page.getByLabel(nl('field.email'), { exact: true }).fill(admin.email);
      await page.getByLabel(nl('field.password'), { exact: true }).fill('niet het goede wachtwoord');
      await navigating(page, () => page.getByRole('button', { name: nl('signin.submit') }).click());
      expect(await page.getByRole('alert').textContent()).toBe(nl('error.sign_in_failed'));
      await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'alert');
      expect(await page.getByLabel(nl('field.email'), { exact: true }).inputValue()).toBe(admin.email);
      await expectAccessible(page, 'sign-in with wrong password');

      await page.getByLabel(nl('field.password'), { exact: true }).fill(admin.password);
      await navigating(page, () => page.getByRole('button', { name: nl('signin.submit') }).click());
      expect(location(page)).toBe('/sign-in/second-factor');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(nl('totp.enrol_title'));
      const qr = page.getByRole('img', { name: nl('totp.qr_alt') });
      // The QR code is a data: image; the content security policy must let it show.
      expect(await qr.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0)).toBe(true);
      expect(await page.locator('code.wb-secret').textContent()).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
      await expectAccessible(page, 'second factor enrolment');

      // A code of the wrong shape is refused with the error summary.
      await page.getByLabel(nl('field.code'), { exact: true }).fill('12345');
      await navigating(page, () => page.getByRole('button', { name: nl('totp.submit') }).click());
      expect(await page.getByRole('alert').getByRole('link').allTextContents()).toEqual([nl('error.totp_invalid')]);
      await expectAccessible(page, 'second factor enrolment with error');

      // The helper reads the key shown and answers with the current code.
      const secret = await signIn(page, base, admin.email, admin.password);
      expect(secret).toBeDefined();
      expect(location(page)).toBe('/?notice=totp.enrolled');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(nl('home.title'));
      expect(await page.getByRole('status').textContent()).toBe(nl('totp.enrolled'));
      expect(await page.getByText(nl('home.welcome', { name: admin.name })).isVisible()).toBe(true);
      // A new organisation's administrator starts with the getting-started list, then their roles.
      await page.getByRole('heading', { name: nl('worklist.start.title') }).waitFor();
      expect(await page.getByRole('main').getByRole('listitem').allTextContents()).toContain(nl('role.admin'));
      expect(await page.getByRole('banner').getByText('Gemeente Voorbeeld').isVisible()).toBe(true);
      const nav = page.getByRole('navigation', { name: nl('layout.nav') });
      expect(await nav.getByRole('link').allTextContents()).toEqual([
        nl('nav.home'),
        nl('nav.report'),
        nl('nav.incidents'),
        nl('nav.inbox'),
        nl('nav.consult'),
        nl('nav.tasks'),
        nl('nav.help'),
        nl('nav.bans'),
        nl('nav.people'),
        nl('nav.privacy'),
        nl('nav.settings'),
        nl('nav.account'),
      ]);
      expect(await nav.getByRole('link', { name: nl('nav.home') }).getAttribute('aria-current')).toBe('page');
      await expectAccessible(page, 'home');

      await signOut(page);
      expect(location(page)).toBe('/sign-in?notice=signin.signed_out');
      expect(await page.getByRole('status').textContent()).toBe(nl('signin.signed_out'));
      await expectAccessible(page, 'sign-in after sign-out');
      await page.goto(`${base}/`);
      expect(location(page)).toBe('/sign-in?next=%2F');
    });

    it('asks an enrolled person for the code from the app', async () => {
      const page = await pageFor(chromium, base);
      // Enrolled (by this sign-in, if no test did before), and signed out again.
      const secret = await signIn(page, base, anne.email, TEST_PASSWORD);
      await signOut(page);
      await page.goto(`${base}/sign-in`);
      await page.getByLabel(nl('field.email'), { exact: true }).fill(anne.email);
      await page.getByLabel(nl('field.password'), { exact: true }).fill(TEST_PASSWORD);
      await navigating(page, () => page.getByRole('button', { name: nl('signin.submit') }).click());
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(nl('totp.title'));
      expect(await page.getByRole('img').count()).toBe(0);
      await expectAccessible(page, 'second factor');
      // The code of the next 30-second step: the one of this step may have been used by the sign-in above.
      await page.getByLabel(nl('field.code'), { exact: true }).fill(currentTotp(secret!, Date.now() + 30_000));
      await navigating(page, () => page.getByRole('button', { name: nl('totp.submit') }).click());
      expect(location(page)).toBe('/');
    });

    it('offers a skip link as the first Tab stop, which moves focus to the main content', async () => {
      const page = await pageFor(chromium, base, anne);
      for (const path of ['/', '/account']) {
        await page.goto(`${base}${path}`);
        await page.keyboard.press('Tab');
        const skip = page.getByRole('link', { name: nl('layout.skip') });
        expect(await skip.evaluate((el) => el === document.activeElement), `skip link first on ${path}`).toBe(true);
        // Hidden until focused, then visible for sighted keyboard users.
        expect((await skip.boundingBox())?.width ?? 0).toBeGreaterThan(10);
        await page.keyboard.press('Enter');
        expect(await focusedId(page)).toBe('main');
      }

      // On a form the next Tab after skipping lands on the first field.
      await signOut(page);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      expect(await focusedId(page)).toBe('main');
      await page.keyboard.press('Tab');
      expect(await focusedId(page)).toBe('field-email');
    });

    it('switches to English and back', async () => {
      const page = await pageFor(chromium, base, anne);
      await page.goto(`${base}/account`);
      expect(await page.locator('html').getAttribute('lang')).toBe('nl');

      await navigating(page, () => page.getByRole('link', { name: nl('layout.switch_language_label') }).click());
      expect(location(page)).toBe('/account');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(en('account.title'));
      expect(
        await page
          .getByRole('navigation', { name: en('layout.nav') })
          .getByRole('link')
          .allTextContents(),
      ).toEqual([
        en('nav.home'),
        en('nav.report'),
        en('nav.incidents'),
        en('nav.inbox'),
        en('nav.consult'),
        en('nav.tasks'),
        en('nav.help'),
        en('nav.bans'),
        en('nav.people'),
        en('nav.privacy'),
        en('nav.settings'),
        en('nav.account'),
      ]);
      expect(await page.title()).toBe(`${en('account.title')} — Gemeente Voorbeeld`);
      await expectAccessible(page, 'account in English');

      // The link back is itself in Dutch, and marked so.
      const back = page.getByRole('link', { name: en('layout.switch_language_label') });
      expect(await back.getAttribute('lang')).toBe('nl');
      await navigating(page, () => back.click());
      expect(await page.locator('html').getAttribute('lang')).toBe('nl');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(nl('account.title'));
    });

    it('fits a phone-sized screen', async () => {
      const page = await pageFor(chromium, base, anne);
      await page.setViewportSize({ width: 375, height: 667 });
      /** No sideways scrolling (WCAG 1.4.10 reflow). */
      const fitsWidth = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

      await page.goto(`${base}/`);
      expect(await page.getByText(nl('home.welcome', { name: anne.name })).isVisible()).toBe(true);
      expect(await fitsWidth(), 'home fits').toBe(true);
      await expectAccessible(page, 'home on a phone');

      await signOut(page);
      expect(await page.getByLabel(nl('field.email'), { exact: true }).isVisible()).toBe(true);
      expect(await fitsWidth(), 'sign-in fits').toBe(true);
      await expectAccessible(page, 'sign-in on a phone');
    });

    it('answers an unknown address with an accessible 404 page', async () => {
      const page = await pageFor(chromium, base);
      const response = await page.goto(`${base}/no/such/page`);
      expect(response?.status()).toBe(404);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(nl('error.title'));
      expect(await page.getByText(nl('error.not_found')).isVisible()).toBe(true);
      await expectAccessible(page, '404 signed out');

      await signIn(page, base, anne.email, TEST_PASSWORD);
      const signedIn = await page.goto(`${base}/people/not-a-person`);
      expect(signedIn?.status()).toBe(404);
      await expectAccessible(page, '404 signed in');
      await navigating(page, () => page.getByRole('link', { name: nl('error.back_home') }).click());
      expect(location(page)).toBe('/');
    });
  });
});
