import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../src/domain/user/user.js';
import { createTestDatabase, type TestDatabase } from '../test/db.js';
import { makeOrganisation, makeUser, TEST_PASSWORD } from '../test/factories.js';
import {
  expectAccessible,
  focusedId,
  launchBrowser,
  location,
  navigating,
  nl,
  signIn,
  signOut,
  startServer,
  type RunningServer,
  type TestBrowser,
} from '../test/browser.js';

/**
 * An administrator manages the people of the organisation, and a new person takes over the
 * account with the temporary password. The tests run in order and build on each other.
 */
describe('people and settings', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: TestBrowser;
  let page: Page;
  let base: string;
  let admin: User;
  let temporaryPassword = '';

  const person = { name: 'Fatima Ouali', email: 'f.ouali@voorbeeld.example' };
  const TEMPORARY = /[a-z2-9]{4}(?:-[a-z2-9]{4}){3}/;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(database.db);
    base = server.baseUrl;
    const org = await makeOrganisation(database.db, 'Gemeente Voorbeeld');
    admin = await makeUser(database.db, org, ['admin'], 'Anne de Vries');
    browser = await launchBrowser();
    page = browser.page;
    await signIn(page, base, admin.email, TEST_PASSWORD);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  const heading = () => page.getByRole('heading', { level: 1 }).textContent();
  const nav = () => page.getByRole('navigation', { name: nl('layout.nav') });
  const field = (label: string) => page.getByLabel(label, { exact: true });
  const button = (name: string) => page.getByRole('button', { name, exact: true });
  const checkedRoles = () =>
    page
      .getByRole('group', { name: nl('field.roles') })
      .getByRole('checkbox', { checked: true })
      .evaluateAll((boxes) => boxes.map((box) => (box as HTMLInputElement).value));

  it('lists the people of the organisation in a table', async () => {
    await navigating(page, () =>
      nav()
        .getByRole('link', { name: nl('nav.people') })
        .click(),
    );
    expect(location(page)).toBe('/people');
    expect(await heading()).toBe(nl('people.title'));
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
      nl('people.edit'),
    ]);
    expect(
      await nav()
        .getByRole('link', { name: nl('nav.people') })
        .getAttribute('aria-current'),
    ).toBe('page');
    await expectAccessible(page, 'people list');
  });

  it('adds a person: roles are required, then a temporary password is shown once', async () => {
    await navigating(page, () => page.getByRole('link', { name: nl('people.add') }).click());
    expect(location(page)).toBe('/people/new');
    expect(await heading()).toBe(nl('people.new_title'));
    expect(
      await page
        .getByRole('group', { name: nl('field.roles') })
        .getByRole('checkbox')
        .count(),
    ).toBe(9);
    await expectAccessible(page, 'new person');

    // Nothing filled in: every mistake, in the order of the form.
    await navigating(page, () => button(nl('people.create')).click());
    const summary = page.getByRole('alert');
    expect(await summary.getByRole('link').allTextContents()).toEqual([
      nl('error.name_required'),
      nl('error.email_required'),
      nl('error.roles_required'),
    ]);
    await expectAccessible(page, 'new person with errors');

    // Name and address, still no role.
    await field(nl('field.name')).fill(person.name);
    await field(nl('field.email')).fill(person.email);
    await navigating(page, () => button(nl('people.create')).click());
    expect(await summary.getByRole('link').allTextContents()).toEqual([nl('error.roles_required')]);
    expect(await field(nl('field.name')).inputValue()).toBe(person.name);
    await expectAccessible(page, 'new person without a role');

    // The summary's link leads to the first box of the group; Space ticks what has focus.
    await summary.getByRole('link', { name: nl('error.roles_required') }).focus();
    await page.keyboard.press('Enter');
    expect(await focusedId(page)).toBe('field-roles');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('field-roles-council_member');
    await page.keyboard.press('Space');
    expect(await field(nl('role.council_member')).isChecked()).toBe(true);
    await navigating(page, () => button(nl('people.create')).click());

    const shown = await page.getByRole('status').textContent();
    expect(shown).toContain(person.name);
    temporaryPassword = TEMPORARY.exec(shown ?? '')?.[0] ?? '';
    expect(temporaryPassword).not.toBe('');
    await expectAccessible(page, 'temporary password after adding');

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
    await page.goto(`${base}/people`);
    await navigating(page, () => page.getByRole('link', { name: nl('people.edit_named', { name: person.name }) }).click());
    expect(await heading()).toBe(nl('people.edit_title', { name: person.name }));
    expect(await field(nl('field.email')).inputValue()).toBe(person.email);
    expect(await checkedRoles()).toEqual(['council_member']);
    await expectAccessible(page, 'edit person');

    await field(nl('role.council_member')).uncheck();
    await field(nl('role.employee')).check();
    await navigating(page, () => button(nl('people.save')).click());
    expect(location(page)).toMatch(/^\/people\/[0-9a-f-]{36}\?notice=people\.saved$/);
    expect(await page.getByRole('status').textContent()).toBe(nl('people.saved'));
    expect(await checkedRoles()).toEqual(['employee']);
    await expectAccessible(page, 'edit person after saving');

    // Taking every role away is refused, with the summary pointing at the roles.
    await field(nl('role.employee')).uncheck();
    await navigating(page, () => button(nl('people.save')).click());
    expect(await page.getByRole('alert').getByRole('link').allTextContents()).toEqual([nl('error.roles_required')]);
    await expectAccessible(page, 'edit person with errors');
  });

  it('deactivates and reactivates a person, and resets the password', async () => {
    await page.goto(`${base}/people`);
    await navigating(page, () => page.getByRole('link', { name: nl('people.edit_named', { name: person.name }) }).click());
    // Nobody can deactivate themselves, so only the other person has the button.
    await navigating(page, () => button(nl('people.deactivate')).click());
    expect(await page.getByRole('status').textContent()).toBe(nl('people.deactivated', { name: person.name }));
    expect(await page.getByText(`${nl('people.status')}: ${nl('people.inactive')}`).isVisible()).toBe(true);
    expect(await button(nl('people.deactivate')).count()).toBe(0);
    await expectAccessible(page, 'deactivated person');

    await navigating(page, () => button(nl('people.reactivate')).click());
    expect(await page.getByRole('status').textContent()).toBe(nl('people.reactivated', { name: person.name }));
    expect(await page.getByText(`${nl('people.status')}: ${nl('people.active')}`).isVisible()).toBe(true);
    await expectAccessible(page, 'reactivated person');

    await navigating(page, () => button(nl('people.reset_password')).click());
    expect(await heading()).toBe(nl('people.reset_password'));
    const shown = await page.getByRole('status').textContent();
    const renewed = TEMPORARY.exec(shown ?? '')?.[0] ?? '';
    expect(renewed).not.toBe('');
    expect(renewed).not.toBe(temporaryPassword);
    temporaryPassword = renewed;
    await expectAccessible(page, 'temporary password after reset');

    // The administrator's own page has no button to deactivate.
    await page.goto(`${base}/people/${admin.id}`);
    expect(await button(nl('people.deactivate')).count()).toBe(0);
  });

  it('changes the organisation settings', async () => {
    await navigating(page, () =>
      nav()
        .getByRole('link', { name: nl('nav.settings') })
        .click(),
    );
    expect(await heading()).toBe(nl('settings.title'));
    const mfa = field(nl('settings.mfa_employees'));
    expect(await mfa.isChecked()).toBe(false);
    await expectAccessible(page, 'settings');

    await mfa.check();
    await navigating(page, () => button(nl('people.save')).click());
    expect(location(page)).toBe('/settings?notice=settings.saved');
    expect(await page.getByRole('status').textContent()).toBe(nl('settings.saved'));
    expect(await mfa.isChecked()).toBe(true);
    await expectAccessible(page, 'settings after saving');

    // Back off, so the new employee can sign in with a password alone.
    await mfa.uncheck();
    await navigating(page, () => button(nl('people.save')).click());
    expect(await mfa.isChecked()).toBe(false);
  });

  it('shows the own account and asks the current password to change it', async () => {
    await navigating(page, () =>
      nav()
        .getByRole('link', { name: nl('nav.account') })
        .click(),
    );
    expect(await heading()).toBe(nl('account.title'));
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
    expect(await heading()).toBe(nl('password.title'));
    await field(nl('field.password_current')).fill(TEST_PASSWORD);
    await field(nl('field.password_new')).fill('een heel nieuw wachtwoord');
    await field(nl('field.password_confirm')).fill('een ander nieuw wachtwoord');
    await navigating(page, () => button(nl('password.submit')).click());
    expect(await page.getByRole('alert').getByRole('link').allTextContents()).toEqual([nl('error.password_mismatch')]);
    await expectAccessible(page, 'change password with errors');
  });

  it('lets the new person in with the temporary password and makes them choose their own', async () => {
    await signOut(page);
    await signIn(page, base, person.email, temporaryPassword);
    expect(location(page)).toBe('/account/password');
    expect(await heading()).toBe(nl('password.title'));
    expect(await page.getByText(nl('password.must_change')).isVisible()).toBe(true);
    // No current password asked, and no way around it: no menu.
    expect(await field(nl('field.password_current')).count()).toBe(0);
    expect(await nav().count()).toBe(0);
    await expectAccessible(page, 'forced password change');

    // Any other page sends the person back here.
    await page.goto(`${base}/people`);
    expect(location(page)).toBe('/account/password');

    const chosen = 'mijn eigen lange wachtwoord';
    await field(nl('field.password_new')).fill(chosen);
    await field(nl('field.password_confirm')).fill(chosen);
    await navigating(page, () => button(nl('password.submit')).click());
    expect(location(page)).toBe('/?notice=password.changed');
    expect(await heading()).toBe(nl('home.title'));
    expect(await page.getByRole('status').textContent()).toBe(nl('password.changed'));
    expect(await page.getByText(nl('home.welcome', { name: person.name })).isVisible()).toBe(true);
    expect(await page.getByRole('main').getByRole('listitem').allTextContents()).toEqual([nl('role.employee')]);
    // An employee manages nobody: no people or settings in the menu.
    expect(await nav().getByRole('link').allTextContents()).toEqual([
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
