import fs from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/db.js';
import { createIncident, makeOrganisation, makeUser, TEST_PASSWORD } from '../test/factories.js';
import {
  expectAccessible,
  launchBrowser,
  location,
  navigating,
  nl,
  signIn,
  startServer,
  type RunningServer,
  type TestBrowser,
} from '../test/browser.js';

/** The security adviser chooses a period on the export page and downloads the anonymised CSV. */
describe('the anonymised export page', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(database.db);
    const org = await makeOrganisation(database.db, 'Gemeente Voorbeeld');
    const adviser = await makeUser(database.db, org, ['security_adviser'], 'Sanne de Adviseur');
    const councillor = await makeUser(database.db, org, ['council_member'], 'Karel Raadslid');
    await createIncident(database.db, { user: councillor, organisation: org }, { occurredAt: '2026-03-10T21:00:00+01:00' });
    browser = await launchBrowser();
    page = browser.page;
    await signIn(page, server.baseUrl, adviser.email, TEST_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  const field = (label: string) => page.getByLabel(label, { exact: true });

  it('explains the export, says what is wrong with a period, and downloads the file', async () => {
    await page.goto(`${server.baseUrl}/insight/export`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(nl('export.title'));
    await expectAccessible(page, 'export page');

    await field(nl('export.from')).fill('2026-12-31');
    await field(nl('export.to')).fill('2026-01-01');
    await navigating(page, () => page.getByRole('button', { name: nl('export.apply') }).click());
    expect(await page.getByRole('alert').getByRole('link').allTextContents()).toEqual([nl('error.period_reversed')]);
    expect(await page.getByRole('link', { name: nl('export.download_csv') }).count()).toBe(0);
    await expectAccessible(page, 'export page with a reversed period');

    await field(nl('export.from')).fill('2026-01-01');
    await field(nl('export.to')).fill('2026-12-31');
    await navigating(page, () => page.getByRole('button', { name: nl('export.apply') }).click());
    expect(location(page)).toBe('/insight/export?from=2026-01-01&to=2026-12-31&level=&channel=&group=');
    expect(await page.getByText(/^Meldingen in de export/).textContent()).toBe(
      nl('export.summary', { from: '1 januari 2026', to: '31 december 2026', count: '1' }),
    );
    await expectAccessible(page, 'export page with a period');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: nl('export.download_csv') }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('meldingen-anoniem-2026-01-01-2026-12-31.csv');
    const text = await fs.readFile(await download.path(), 'utf8');
    const lines = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toMatch(/^Maand;Niveau;Gedrag;/);
    expect(lines[1]).toMatch(/^2026-03;Bedreiging of intimidatie;Bedreiging met geweld;/);
    expect(text).not.toContain('Karel');
  });
});
