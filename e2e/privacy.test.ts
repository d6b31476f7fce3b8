import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../src/domain/user/user.js';
import { makeCaller } from '../test/api.js';
import { createTestDatabase, type TestDatabase } from '../test/db.js';
import { makeOrganisation, makeUser } from '../test/factories.js';
import {
  expectAccessibleWithUniqueIds,
  launchChromium,
  navigating,
  nl,
  pageFor,
  startServer,
  type RunningServer,
  type TestChromium,
} from '../test/browser.js';

/** The privacy pages (issue 11 §3) in Chromium with axe: the audit viewer, the access review and the register. */
describe('the privacy pages in a browser', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let chromium: TestChromium;
  let admin: User;
  let officer: User;
  let perpetratorId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(database.db);
    const org = await makeOrganisation(database.db, 'Gemeente Inzage');
    admin = await makeUser(database.db, org, ['admin'], 'Beheerder Bakker');
    await makeUser(database.db, org, ['admin'], 'Beheerder Twee');
    officer = await makeUser(database.db, org, ['privacy_officer'], 'Functionaris Fenna');
    const adviser = await makeCaller(server.app, database.db, org, ['security_adviser'], 'Adviseur Aydin');
    perpetratorId = (await adviser.post('/api/v1/perpetrators', { kind: 'person', name: 'Karel Dader', aliases: [] })).json().id;
    await adviser.get(`/api/v1/perpetrators/${perpetratorId}`);
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
    await database?.close();
  });

  it('the privacy officer finds who read a perpetrator through the search form, on pages that pass axe', async () => {
    const page = await pageFor(chromium, server.baseUrl, officer);
    await page.goto(`${server.baseUrl}/`);
    await navigating(page, () =>
      page
        .getByRole('navigation', { name: nl('layout.nav') })
        .getByRole('link', { name: nl('nav.privacy') })
        .click(),
    );
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(nl('privacy.title'));
    await expectAccessibleWithUniqueIds(page, 'privacy overview');

    await navigating(page, () => page.getByRole('link', { name: nl('privacy.audit.title') }).click());
    const form = page.getByRole('search', { name: nl('privacy.audit.search') });
    await form.getByLabel(nl('privacy.audit.object'), { exact: true }).fill(perpetratorId);
    await form.getByLabel(nl('privacy.audit.action')).selectOption('perpetrator.read');
    await navigating(page, () => form.getByRole('button', { name: nl('privacy.audit.submit') }).click());
    const table = page.getByRole('table', { name: nl('privacy.audit.results') });
    expect(await table.getByRole('rowheader').allTextContents()).toEqual(['Adviseur Aydin', 'Adviseur Aydin']);
    expect(await page.content()).not.toContain('Karel Dader');
    await expectAccessibleWithUniqueIds(page, 'audit viewer with results');

    // A name typed as the object is refused with a message, not searched (it would land on the trail).
    await form.getByLabel(nl('privacy.audit.object'), { exact: true }).fill('Karel Dader');
    await navigating(page, () => form.getByRole('button', { name: nl('privacy.audit.submit') }).click());
    expect(await page.getByRole('link', { name: nl('privacy.error.object') }).count()).toBe(1);
    await expectAccessibleWithUniqueIds(page, 'audit viewer with a filter that does not fit');

    await page.goto(`${server.baseUrl}/privacy/register`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(nl('privacy.register.title'));
    await expectAccessibleWithUniqueIds(page, 'register of processing');
  });

  it('the administrator starts the access review and confirms a line with its button, on pages that pass axe', async () => {
    const page = await pageFor(chromium, server.baseUrl, admin);
    await page.goto(`${server.baseUrl}/access-reviews`);
    await expectAccessibleWithUniqueIds(page, 'access reviews, none yet');
    await navigating(page, () => page.getByRole('button', { name: nl('privacy.review.start') }).click());
    expect(page.url()).toMatch(/\/access-reviews\/[0-9a-f-]{36}$/);
    await expectAccessibleWithUniqueIds(page, 'access review with lines to decide');
    const confirm = page.getByRole('button', { name: 'Bevestig Veiligheidsadviseur van Adviseur Aydin' });
    await navigating(page, () => confirm.click());
    expect(await confirm.count()).toBe(0);
    const roles = page.getByRole('table', { name: nl('privacy.review.roles_of', { name: 'Adviseur Aydin' }) });
    expect(await roles.getByRole('cell', { name: nl('privacy.review.decision.confirmed') }).count()).toBe(1);
    await expectAccessibleWithUniqueIds(page, 'access review after a decision');
  });
});
