import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organisation } from '../src/domain/organisation/organisation.js';
import type { User } from '../src/domain/user/user.js';
import { createTestDatabase, type TestDatabase } from '../test/db.js';
import { makeOrganisation, makeUser } from '../test/factories.js';
import {
  expectAccessible,
  launchChromium,
  navigating,
  nl,
  pageFor,
  startServer,
  type RunningServer,
  type TestChromium,
} from '../test/browser.js';

/** "Mijn API-sleutels" (issue 12 finding 5): found from the account page, by keyboard labels, accessible. */
describe('my API tokens', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let chromium: TestChromium;
  let org: Organisation;
  let person: User;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(database.db);
    org = await makeOrganisation(database.db, 'Gemeente Sleutel');
    person = await makeUser(database.db, org, ['clerk'], 'Kim de Griffier');
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
    await database?.close();
  });

  it('makes a named token shown once, lists it and revokes it', async () => {
    const page = await pageFor(chromium, server.baseUrl, person);
    await page.goto(`${server.baseUrl}/account`);
    await navigating(page, () => page.getByRole('link', { name: nl('tokens.link') }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(nl('tokens.title'));
    await expectAccessible(page, 'no tokens yet');

    await page.getByLabel(nl('tokens.name'), { exact: true }).fill('Koppeling zaaksysteem');
    await page.getByLabel(nl('tokens.days'), { exact: true }).fill('30');
    await navigating(page, () => page.getByRole('button', { name: nl('tokens.create') }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(nl('tokens.created_title'));
    expect(await page.getByRole('status').textContent()).toMatch(/wbt_[A-Za-z0-9_-]{20,}/);
    await expectAccessible(page, 'token shown once');

    await navigating(page, () => page.getByRole('link', { name: nl('tokens.back') }).click());
    const row = page.getByRole('row', { name: /Koppeling zaaksysteem/ });
    expect(await row.getByRole('cell').first().textContent()).toBe(nl('tokens.state.active'));
    await expectAccessible(page, 'one token');
    await navigating(page, () => page.getByRole('button', { name: nl('tokens.revoke', { name: 'Koppeling zaaksysteem' }) }).click());
    expect(await page.getByRole('status').first().textContent()).toContain(nl('tokens.revoked'));
    expect(await row.getByRole('cell').first().textContent()).toBe(nl('tokens.state.revoked'));
  });
});
