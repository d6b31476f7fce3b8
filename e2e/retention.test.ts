import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organisation } from '../src/domain/organisation/organisation.js';
import type { User } from '../src/domain/user/user.js';
import { createTestDatabase, type TestDatabase } from '../test/db.js';
import { createIncident, makeOrganisation, makeUser, referenceOf } from '../test/factories.js';
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

/** "Bewaartermijnen" (issue 11 §1): found from the settings, what the next run would delete, accessible, saved by keyboard labels. */
describe('retention settings in the browser', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let chromium: TestChromium;
  let org: Organisation;
  let admin: User;
  let reference: string;
  let adviser: User;
  let open: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(database.db);
    org = await makeOrganisation(database.db, 'Gemeente Bewaar');
    admin = await makeUser(database.db, org, ['admin'], 'Ali Beheer');
    adviser = await makeUser(database.db, org, ['security_adviser'], 'Sam Adviseur');
    const reporter = await makeUser(database.db, org, ['employee']);
    open = await createIncident(database.db, { user: reporter, organisation: org });
    const old = await createIncident(database.db, { user: reporter, organisation: org }, { occurredAt: '2018-03-10T10:00:00+01:00' });
    await database.admin.query(`UPDATE incident SET status = 'closed', closed_at = '2018-06-01' WHERE id = $1`, [old]);
    reference = await referenceOf(database.db, org, old);
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
    await database?.close();
  });

  it('lists what the next run deletes and saves a period', async () => {
    const page = await pageFor(chromium, server.baseUrl, admin);
    await page.goto(`${server.baseUrl}/settings`);
    await navigating(page, () => page.getByRole('link', { name: nl('retention.title') }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(nl('retention.title'));
    expect(await page.getByRole('table', { name: nl('retention.rule.incident_closed') }).textContent()).toContain(reference);
    await expectAccessible(page, 'retention settings');

    await page.getByLabel(`${nl('retention.period.incidentYears')} (${nl('retention.unit.years')})`, { exact: true }).fill('10');
    await navigating(page, () => page.getByRole('button', { name: nl('retention.save') }).click());
    expect(
      await page.getByLabel(`${nl('retention.period.incidentYears')} (${nl('retention.unit.years')})`, { exact: true }).inputValue(),
    ).toBe('10');
    expect(await page.getByRole('table', { name: nl('retention.rule.incident_closed') }).count()).toBe(0);
    await expectAccessible(page, 'retention settings saved');
  });

  it('holds an incident from its page, with a reason, and lifts the hold', async () => {
    const page = await pageFor(chromium, server.baseUrl, adviser);
    await page.goto(`${server.baseUrl}/incidents/${open}`);
    await navigating(page, () => page.getByRole('link', { name: nl('retention.hold.link') }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(nl('retention.hold.title'));
    await expectAccessible(page, 'no hold');
    await page.getByLabel(nl('retention.hold.reason'), { exact: true }).fill('Civiele procedure loopt');
    await navigating(page, () => page.getByRole('button', { name: nl('retention.hold.place') }).click());
    expect(await page.getByRole('status').first().textContent()).toContain(nl('retention.hold.placed'));
    await expectAccessible(page, 'held by hand');
    await navigating(page, () => page.getByRole('button', { name: nl('retention.hold.lift') }).click());
    expect(await page.getByRole('status').first().textContent()).toContain(nl('retention.hold.lifted'));
  });
});
