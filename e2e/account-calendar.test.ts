import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../src/domain/user/user.js';
import { createTestDatabase, type TestDatabase } from '../test/db.js';
import { createIncident, makeOrganisation, makeUser } from '../test/factories.js';
import { expectAccessible, launchChromium, nl, pageFor, startServer, type RunningServer, type TestChromium } from '../test/browser.js';

/** What waits for a person (issue 10 §1), in Chromium with axe: the unread count, the calendar address and search. */
describe('the inbox count and the calendar address', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let chromium: TestChromium;
  let clerk: User;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(database.db);
    const org = await makeOrganisation(database.db, 'Gemeente Agenda');
    clerk = await makeUser(database.db, org, ['clerk']);
    await makeUser(database.db, org, ['security_adviser']);
    const councillor = await makeUser(database.db, org, ['council_member']);
    await createIncident(database.db, { user: councillor, organisation: org });
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
    await database?.close();
  });

  it('the navigation says how many items wait, read aloud as unread; the account page leads to the calendar address', async () => {
    const page = await pageFor(chromium, server.baseUrl, clerk);
    await page.goto(`${server.baseUrl}/`);
    const inbox = page.getByRole('navigation', { name: nl('layout.nav') }).getByRole('link', { name: new RegExp(nl('nav.inbox')) });
    expect((await inbox.textContent())?.replace(/\s+/g, ' ').trim()).toBe(`${nl('nav.inbox')} 1 ${nl('layout.unread')}`);
    await expectAccessible(page, 'start page with an unread count');

    await page.goto(`${server.baseUrl}/account`);
    await page.getByRole('link', { name: nl('calendar.link') }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(nl('calendar.title'));
    await expectAccessible(page, 'calendar page');
    await page.getByRole('button', { name: nl('calendar.create') }).click();
    const address = (await page.locator('code').textContent()) ?? '';
    expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/calendar\/wbcal_[A-Za-z0-9_-]{43}\.ics$/);
    await expectAccessible(page, 'calendar page with the new address');
    const feed = await fetch(address);
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain('BEGIN:VEVENT');
    await page.context().close();
  });

  it('the search box in the header finds the incident, on a page that passes axe', async () => {
    const page = await pageFor(chromium, server.baseUrl, clerk);
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole('search').getByLabel(nl('search.header_label')).fill('woont');
    await page
      .getByRole('search')
      .getByRole('button', { name: nl('search.submit') })
      .click();
    await page.waitForURL(/\/search\?q=woont/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(nl('search.title'));
    expect(await page.getByRole('table').getByRole('link').count()).toBe(1);
    await expectAccessible(page, 'search results');
    await page.context().close();
  });
});
