import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/db.js';
import { createIncident, makeOrganisation, makeUser } from '../test/factories.js';
import { launchChromium, navigating, nl, pageFor, startServer, type RunningServer, type TestChromium } from '../test/browser.js';

/** An incident on paper (issue 10 §4): its content, without the menu, the search, forms and buttons. */
describe('printing an incident', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let chromium: TestChromium;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(database.db);
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
    await database?.close();
  });

  it('prints the facts and the timeline, and hides navigation, search, forms and buttons', async () => {
    const org = await makeOrganisation(database.db, 'Gemeente Papier');
    const councillor = await makeUser(database.db, org, ['council_member'], 'Raadslid Rood');
    const adviser = await makeUser(database.db, org, ['security_adviser'], 'Adviseur Anna');
    const id = await createIncident(database.db, { user: councillor, organisation: org }, { description: 'Uitgescholden bij de balie.' });
    const page = await pageFor(chromium, server.baseUrl, adviser);
    await navigating(page, () => page.goto(`${server.baseUrl}/incidents/${id}`));
    const nav = page.getByRole('navigation', { name: nl('layout.nav') });
    expect(await nav.isVisible()).toBe(true);
    expect(await page.locator('main form').first().isVisible()).toBe(true);
    await page.emulateMedia({ media: 'print' });
    expect(await nav.isVisible()).toBe(false);
    expect(await page.getByRole('search').isVisible()).toBe(false);
    for (const form of await page.locator('main form').all()) expect(await form.isVisible()).toBe(false);
    expect(await page.getByRole('link', { name: nl('summary.link') }).isVisible()).toBe(false);
    expect(await page.getByText('Uitgescholden bij de balie.').isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: nl('incident.timeline') }).isVisible()).toBe(true);
  });
});
