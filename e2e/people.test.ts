import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organisation } from '../src/domain/organisation/organisation.js';
import { ROLES } from '../src/domain/user/roles.js';
import type { User } from '../src/domain/user/user.js';
import { createTestDatabase, type TestDatabase } from '../test/db.js';
import { makeNewcomer, makeOrganisation, makeUser, TEST_PASSWORD } from '../test/factories.js';
import {
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
 * An administrator manages the people of the organisation, and a new person takes over the
 * account with the temporary password. Each test has its own page, and the person it manages
 * of its own (added through the domain when adding is not what the test is about).
 */
describe('people and settings', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let chromium: TestChromium;
  let base: string;
  let org: Organisation;
  let admin: User;

  const TEMPORARY = /[a-z2-9]{4}(?:-[a-z2-9]{4}){3}/;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(database.db);
    base = server.baseUrl;
    org = await makeOrganisation(database.db, 'Gemeente Voorbeeld');
    admin = await makeUser(database.db, org, ['admin'], 'Anne de Vries');
    chromium = await launchChromium();
  });

  afterAll(async () => {
    await chromium?.close();
    await server?.close();
    await database?.close();
  });

  /** This test's own page, signed in as the administrator (or as someone else). */
  const adminPage = (who: User = admin) => pageFor(chromium, base, who);
  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
  const nav = (page: Page) => page.getByRole('navigation', { name: nl('layout.nav') });
  const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });
  const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
  const checkedRoles = (page: Page) =>
    page
      .getByRole('group', { name: nl('field.roles') })
      .getByRole('checkbox', { checked: true })
      .evaluateAll((boxes) => boxes.map((box) => (box as HTMLInputElement).value));

  it('lists the people of the organisation in a table', async () => {
    const page = await adminPage();
    await navigating(page, () =>
      nav(page)
        .getByRole('link', { name: nl('nav.people') })
        .click(),
    );
    expect(location(page)).toBe('/people');
    expect(await heading(page)).toBe(nl('people.title'));
    const table = page.getByRole('table');
    expect(await table.getByRole('columnheader').allTextContents()).toEqual([
      nl('field.name'),
      nl('field.email'),
      nl('field.roles'),
      nl('people.status'),
      nl('people.second_factor'),
      nl('people.actions'),
    ]);
    const row = table.getByRole('row', { name: new RegExp(admin.name) });
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      admin.name,
      admin.email,
      nl('role.admin'),
      nl('people.active'),
      nl('account.second_factor_on'),
      nl('people.edit_named', { name: admin.name }),
    ]);
    expect(
      await nav(page)
        .getByRole('link', { name: nl('nav.people') })
        .getAttribute('aria-current'),
    ).toBe('page');
    await expectAccessible(page, 'people list');
  });

  it('adds a person: roles are required, then an invitation is sent', async () => {
    const person = { name: 'Fatima Ouali', email: 'f.ouali@voorbeeld.example' };
    const page = await adminPage();
    await page.goto(`${base}/people`);
    await navigating(page, () => page.getByRole('link', { name: nl('people.add') }).click());
    expect(location(page)).toBe('/people/new');
    expect(await heading(page)).toBe(nl('people.new_title'));
    expect(
      await page
        .getByRole('group', { name: nl('field.roles') })
        .getByRole('checkbox')
        .count(),
    ).toBe(ROLES.length);
    await expectAccessible(page, 'new person');

    // Nothing filled in: every mistake, in the order of the form.
    await navigating(page, () => button(page, nl('people.create')).click());
    const summary = page.getByRole('alert');
    expect(await summary.getByRole('link').allTextContents()).toEqual([
      nl('error.name_required'),
      nl('error.email_required'),
      nl('error.roles_required'),
    ]);
    await expectAccessible(page, 'new person with errors');

    // Name and address, still no role.
    await field(page, nl('field.name')).fill(person.name);
    await field(page, nl('field.email')).fill(person.email);
    await navigating(page, () => button(page, nl('people.create')).click());
    expect(await summary.getByRole('link').allTextContents()).toEqual([nl('error.roles_required')]);
    expect(await field(page, nl('field.name')).inputValue()).toBe(person.name);
    await expectAccessible(page, 'new person without a role');

    // The summary's link leads to the first box of the group; Space ticks what has focus.
    await summary.getByRole('link', { name: nl('error.roles_required') }).focus();
    await page.keyboard.press('Enter');
    expect(await focusedId(page)).toBe('field-roles');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('field-roles-council_member');
    await page.keyboard.press('Space');
    expect(await field(page, nl('role.council_member')).isChecked()).toBe(true);
    await navigating(page, () => button(page, nl('people.create')).click());

    // No password to hand over: the person chooses one through the invitation mail.
    expect(await page.getByRole('status').textContent()).toBe(nl('people.invited', { email: person.email }));
    await expectAccessible(page, 'invitation sent after adding');

    await navigating(page, () =>
      page
        .getByRole('main')
        .getByRole('link', { name: nl('people.title') })
        .click(),
    );
    const row = page.getByRole('row', { name: new RegExp(person.name) });
    expect(await row.getByRole('cell').nth(2).textContent()).toBe(nl('role.council_member'));
    expect(await row.getByRole('cell').nth(4).textContent()).toBe(nl('account.second_factor_off'));
  });

  it('changes the roles of a person', async () => {
    const person = await makeUser(database.db, org, ['council_member'], 'Sanne de Jong');
    const page = await adminPage();
    await page.goto(`${base}/people`);
    await navigating(page, () => page.getByRole('link', { name: nl('people.edit_named', { name: person.name }) }).click());
    expect(await heading(page)).toBe(nl('people.edit_title', { name: person.name }));
    expect(await field(page, nl('field.email')).inputValue()).toBe(person.email);
    expect(await checkedRoles(page)).toEqual(['council_member']);
    await expectAccessible(page, 'edit person');

    await field(page, nl('role.council_member')).uncheck();
    await field(page, nl('role.employee')).check();
    await navigating(page, () => button(page, nl('people.save')).click());
    expect(location(page)).toMatch(/^\/people\/[0-9a-f-]{36}\?notice=people\.saved$/);
    expect(await page.getByRole('status').textContent()).toBe(nl('people.saved'));
    expect(await checkedRoles(page)).toEqual(['employee']);
    await expectAccessible(page, 'edit person after saving');

    // Taking every role away is refused, with the summary pointing at the roles.
    await field(page, nl('role.employee')).uncheck();
    await navigating(page, () => button(page, nl('people.save')).click());
    expect(await page.getByRole('alert').getByRole('link').allTextContents()).toEqual([nl('error.roles_required')]);
    await expectAccessible(page, 'edit person with errors');
  });

  it('deactivates and reactivates a person, and resets the password', async () => {
    // Added by the administrator, not signed in yet: a temporary password.
    const { user: person, temporaryPassword } = await makeNewcomer(database.db, org, ['employee'], 'Pieter Bos');
    const page = await adminPage();
    await page.goto(`${base}/people`);
    await navigating(page, () => page.getByRole('link', { name: nl('people.edit_named', { name: person.name }) }).click());
    // Nobody can deactivate themselves, so only the other person has the button.
    await navigating(page, () => button(page, nl('people.deactivate')).click());
    expect(await page.getByRole('status').textContent()).toBe(nl('people.deactivated', { name: person.name }));
    expect(await page.getByText(`${nl('people.status')}: ${nl('people.inactive')}`).isVisible()).toBe(true);
    expect(await button(page, nl('people.deactivate')).count()).toBe(0);
    await expectAccessible(page, 'deactivated person');

    await navigating(page, () => button(page, nl('people.reactivate')).click());
    expect(await page.getByRole('status').textContent()).toBe(nl('people.reactivated', { name: person.name }));
    expect(await page.getByText(`${nl('people.status')}: ${nl('people.active')}`).isVisible()).toBe(true);
    await expectAccessible(page, 'reactivated person');

    await navigating(page, () => button(page, nl('people.reset_password')).click());
    expect(await heading(page)).toBe(nl('people.reset_password'));
    const shown = await page.getByRole('status').textContent();
    const renewed = TEMPORARY.exec(shown ?? '')?.[0] ?? '';
    expect(renewed).not.toBe('');
    expect(renewed).not.toBe(temporaryPassword);
    await expectAccessible(page, 'temporary password after reset');
    // The renewed password is the one that lets the person in (to choose their own).
    const personsPage = await pageFor(chromium, base);
    await signIn(personsPage, base, person.email, renewed);
    expect(location(personsPage)).toBe('/account/password');

    // The administrator's own page has no button to deactivate.
    await page.goto(`${base}/people/${admin.id}`);
    expect(await button(page, nl('people.deactivate')).count()).toBe(0);
  });

  it('changes the organisation settings', async () => {
    // The settings hold for everyone in the organisation: this administrator changes those of an
    // organisation of their own, so no other test's sign-in changes with them.
    const elsewhere = await makeOrganisation(database.db, 'Gemeente Elders');
    const page = await adminPage(await makeUser(database.db, elsewhere, ['admin'], 'Bram Blom'));
    await navigating(page, () =>
      nav(page)
        .getByRole('link', { name: nl('nav.settings') })
        .click(),
    );
    expect(await heading(page)).toBe(nl('settings.title'));
    const mfa = field(page, nl('settings.mfa_employees'));
    expect(await mfa.isChecked()).toBe(false);
    await expectAccessible(page, 'settings');

    await mfa.check();
    await navigating(page, () => button(page, nl('people.save')).click());
    expect(location(page)).toBe('/settings?notice=settings.saved');
    expect(await page.getByRole('status').textContent()).toBe(nl('settings.saved'));
    expect(await mfa.isChecked()).toBe(true);
    await expectAccessible(page, 'settings after saving');

    // And back off: the setting goes both ways.
    await mfa.uncheck();
    await navigating(page, () => button(page, nl('people.save')).click());
    expect(await mfa.isChecked()).toBe(false);
  });

  it('shows the own account and asks the current password to change it', async () => {
    const page = await adminPage();
    await navigating(page, () =>
      nav(page)
        .getByRole('link', { name: nl('nav.account') })
        .click(),
    );
    expect(await heading(page)).toBe(nl('account.title'));
    expect(await page.getByRole('definition').allTextContents()).toEqual([
      admin.name,
      admin.email,
      nl('role.admin'),
      nl('account.second_factor_on'),
    ]);
    await expectAccessible(page, 'account');

    await navigating(page, () =>
      page
        .getByRole('main')
        .getByRole('link', { name: nl('password.title') })
        .click(),
    );
    expect(await heading(page)).toBe(nl('password.title'));
    await field(page, nl('field.password_current')).fill(TEST_PASSWORD);
    await field(page, nl('field.password_new')).fill('een heel nieuw wachtwoord');
    await field(page, nl('field.password_confirm')).fill('een ander nieuw wachtwoord');
    await navigating(page, () => button(page, nl('password.submit')).click());
    expect(await page.getByRole('alert').getByRole('link').allTextContents()).toEqual([nl('error.password_mismatch')]);
    await expectAccessible(page, 'change password with errors');
  });

  it('lets the new person in with the temporary password and makes them choose their own', async () => {
    // An employee the administrator added (as in the test that adds a person), with the password shown then.
    const { user: person, temporaryPassword } = await makeNewcomer(database.db, org, ['employee'], 'Noor Haddou');
    const page = await pageFor(chromium, base);
    await signIn(page, base, person.email, temporaryPassword);
    expect(location(page)).toBe('/account/password');
    expect(await heading(page)).toBe(nl('password.title'));
    expect(await page.getByText(nl('password.must_change')).isVisible()).toBe(true);
    // No current password asked, and no way around it: no menu.
    expect(await field(page, nl('field.password_current')).count()).toBe(0);
    expect(await nav(page).count()).toBe(0);
    await expectAccessible(page, 'forced password change');

    // Any other page sends the person back here.
    await page.goto(`${base}/people`);
    expect(location(page)).toBe('/account/password');

    const chosen = 'mijn eigen lange wachtwoord';
    await field(page, nl('field.password_new')).fill(chosen);
    await field(page, nl('field.password_confirm')).fill(chosen);
    await navigating(page, () => button(page, nl('password.submit')).click());
    expect(location(page)).toBe('/?notice=password.changed');
    expect(await heading(page)).toBe(nl('home.title'));
    expect(await page.getByRole('status').textContent()).toBe(nl('password.changed'));
    expect(await page.getByText(nl('home.welcome', { name: person.name })).isVisible()).toBe(true);
    expect(await page.getByRole('main').getByRole('listitem').allTextContents()).toEqual([nl('role.employee')]);
    // An employee manages nobody: no people or settings in the menu.
    expect(await nav(page).getByRole('link').allTextContents()).toEqual([
      nl('nav.home'),
      nl('nav.report'),
      nl('nav.incidents'),
      nl('nav.inbox'),
      nl('nav.consult'),
      nl('nav.tasks'),
      nl('nav.help'),
      nl('nav.bans'),
      nl('nav.account'),
    ]);
    await expectAccessible(page, 'home of the new person');

    // The new password works; the temporary one no longer does.
    await signOut(page);
    await signIn(page, base, person.email, temporaryPassword);
    expect(await page.getByRole('alert').textContent()).toBe(nl('error.sign_in_failed'));
    await signIn(page, base, person.email, chosen);
    expect(location(page)).toBe('/');
  });
});
