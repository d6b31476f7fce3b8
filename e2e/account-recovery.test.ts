import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../src/domain/auth/totp.js';
import type { Organisation } from '../src/domain/organisation/organisation.js';
import { createTestDatabase, type TestDatabase } from '../test/db.js';
import { makeOrganisation, makeUser } from '../test/factories.js';
import {
  expectAccessible,
  launchChromium,
  location,
  navigating,
  nl,
  pageFor,
  signIn,
  startServer,
  type RunningServer,
  type TestChromium,
} from '../test/browser.js';

const NEW_PASSWORD = 'paarse olifant danst op het dak';

/** Issue 12 §3 in Chromium: a forgotten password and an invitation, followed as a person would. */
describe('account recovery in the browser', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let chromium: TestChromium;
  let org: Organisation;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(database.db);
    org = await makeOrganisation(database.db, 'Gemeente Herstel');
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
    await database?.close();
  });

  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
  const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });
  const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

  /** The link of the newest mail to an address, as the mail worker would send it. */
  async function mailedLink(email: string): Promise<string> {
    const { rows } = await database.admin.query<{ body: string }>(
      'SELECT body FROM outbox_mail WHERE to_address = $1 ORDER BY created_at DESC LIMIT 1',
      [email],
    );
    const path = /\{\{baseUrl\}\}(\/account\/set-password\/wbr_[A-Za-z0-9_-]{43})/.exec(rows[0]?.body ?? '')?.[1];
    if (!path) throw new Error(`no link mailed to ${email}`);
    return `${server.baseUrl}${path}`;
  }

  async function choosePassword(page: Page) {
    await field(page, nl('field.password_new')).fill(NEW_PASSWORD);
    await field(page, nl('field.password_confirm')).fill(NEW_PASSWORD);
    await navigating(page, () => button(page, nl('password.submit')).click());
  }

  it('a forgotten password: the link by e-mail, a new password, and signing in with it', async () => {
    const person = await makeUser(database.db, org, ['employee'], 'Vera Vergeet');
    const page = await pageFor(chromium, server.baseUrl);
    await page.goto(`${server.baseUrl}/sign-in`);
    await navigating(page, () => page.getByRole('link', { name: nl('forgot.link') }).click());
    expect(location(page)).toBe('/sign-in/forgot');
    expect(await heading(page)).toBe(nl('forgot.title'));
    await expectAccessible(page, 'forgotten password');

    // Nothing filled in: the message leads to the field.
    await navigating(page, () => button(page, nl('forgot.submit')).click());
    expect(await page.getByRole('alert').getByRole('link').allTextContents()).toEqual([nl('error.email_required')]);
    await expectAccessible(page, 'forgotten password without an address');

    await field(page, nl('field.email')).fill(person.email);
    await navigating(page, () => button(page, nl('forgot.submit')).click());
    expect(await page.getByRole('status').textContent()).toBe(nl('forgot.sent'));
    await expectAccessible(page, 'reset link sent');

    await page.goto(await mailedLink(person.email));
    expect(await heading(page)).toBe(nl('setpw.reset_title'));
    await expectAccessible(page, 'choose a new password');
    // A guessable password is refused with a message at the field.
    await field(page, nl('field.password_new')).fill('aaaaaaaaaaaa');
    await field(page, nl('field.password_confirm')).fill('aaaaaaaaaaaa');
    await navigating(page, () => button(page, nl('password.submit')).click());
    expect(await page.getByRole('alert').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'new password refused');

    await choosePassword(page);
    expect(location(page)).toBe('/sign-in?notice=setpw.done');
    expect(await page.getByRole('status').textContent()).toBe(nl('setpw.done'));
    await signIn(page, server.baseUrl, person.email, NEW_PASSWORD);
    expect(location(page)).toBe('/');
  });

  it('an invitation: the administrator adds a person, who chooses a password, enrols on the phone and keeps recovery codes', async () => {
    const admin = await makeUser(database.db, org, ['admin'], 'Bea Beheer');
    const adminPage = await pageFor(chromium, server.baseUrl, admin);
    await adminPage.goto(`${server.baseUrl}/people/new`);
    const invited = { name: 'Gijs Griffier', email: 'g.griffier@herstel.example' };
    await field(adminPage, nl('field.name')).fill(invited.name);
    await field(adminPage, nl('field.email')).fill(invited.email);
    await field(adminPage, nl('role.clerk')).check();
    await navigating(adminPage, () => button(adminPage, nl('people.create')).click());
    expect(await adminPage.getByRole('status').textContent()).toBe(nl('people.invited', { email: invited.email }));
    await expectAccessible(adminPage, 'invitation sent');

    const page = await pageFor(chromium, server.baseUrl);
    await page.goto(await mailedLink(invited.email));
    expect(await heading(page)).toBe(nl('setpw.invitation_title'));
    await expectAccessible(page, 'invitation: choose a password');
    await choosePassword(page);
    expect(location(page)).toBe('/sign-in?notice=setpw.done');

    // A clerk handles cases: the first sign-in enrols the second factor.
    await field(page, nl('field.email')).fill(invited.email);
    await field(page, nl('field.password')).fill(NEW_PASSWORD);
    await navigating(page, () => page.getByRole('button', { name: nl('signin.submit') }).click());
    expect(await heading(page)).toBe(nl('totp.enrol_title'));
    // On the phone itself the QR code cannot be scanned: the link carries the same secret.
    const href = await page.getByRole('link', { name: nl('enrol.phone_link') }).getAttribute('href');
    expect(href).toMatch(/^otpauth:\/\/totp\//);
    const key = (await page.locator('.wb-secret').textContent()) ?? '';
    expect(key).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    expect(new URL(href!).searchParams.get('secret')).toBe(key.replace(/\s/g, ''));
    await expectAccessible(page, 'enrolment with the phone link');

    await field(page, nl('field.code')).fill(currentTotp(key.replace(/\s/g, '')));
    await navigating(page, () => page.getByRole('button', { name: nl('totp.submit') }).click());
    expect(await heading(page)).toBe(nl('recovery.title'));
    expect(await page.getByRole('main').getByRole('listitem').count()).toBe(10);
    await expectAccessible(page, 'recovery codes shown once');
    await navigating(page, () => page.getByRole('link', { name: nl('recovery.continue') }).click());
    expect(location(page)).toBe('/?notice=totp.enrolled');

    // "Mijn sessies" from the account page: this session, where and since when.
    await page.goto(`${server.baseUrl}/account`);
    await navigating(page, () => page.getByRole('link', { name: nl('sessions.link') }).click());
    expect(await heading(page)).toBe(nl('sessions.title'));
    expect(await page.getByRole('row', { name: new RegExp(nl('sessions.this_one')) }).count()).toBe(1);
    await expectAccessible(page, 'my sessions');
  });
});
