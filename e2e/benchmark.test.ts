import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/db.js';
import { makeOrganisation, makeUser, TEST_PASSWORD } from '../test/factories.js';
import {
  expectAccessible,
  launchBrowser,
  navigating,
  nl,
  signIn,
  signOut,
  startServer,
  type RunningServer,
  type TestBrowser,
} from '../test/browser.js';
import { insertIncidents, insertPeople } from '../src/bench/dataset.js';
import { runBenchmarkRefresh } from '../src/jobs/benchmark-refresh.js';
import type { User } from '../src/domain/user/user.js';

/** The administrator opts in through the settings page; the adviser reads the benchmark beside a group of five. Both pages pass axe. */
describe('the benchmark in the browser', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: TestBrowser;
  let page: Page;
  let admin: User;
  let adviser: User;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(database.db);
    const org = await makeOrganisation(database.db, 'Gemeente Voorbeeld');
    admin = await makeUser(database.db, org, ['admin'], 'Anne de Vries');
    adviser = await makeUser(database.db, org, ['security_adviser'], 'Sam Veilig');
    const year = new Date().getUTCFullYear();
    for (let i = 1; i <= 5; i++) {
      const o = await makeOrganisation(database.db, `Gemeente Deelnemer ${i}`);
      const reporters = await insertPeople(database.owner, {
        organisationId: o.id,
        count: 2,
        role: 'council_member',
        prefix: `e2e-${o.slug}`,
      });
      await insertIncidents(database.owner, {
        organisationId: o.id,
        count: 8 * i,
        reporterIds: reporters.map((r) => r.id),
        now: new Date(`${year}-06-30T12:00:00Z`),
        days: 60,
        seed: i,
      });
      await database.admin.query(
        `INSERT INTO benchmark_profile (organisation_id, participating, kind, size_class, office_holders, employees)
         VALUES ($1, true, 'municipality', '20k_50k', 25, 300)`,
        [o.id],
      );
    }
    browser = await launchBrowser();
    page = browser.page;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  it('the administrator opts in; the adviser sees the group figures; both pages pass axe', async () => {
    const base = server.baseUrl;
    await signIn(page, base, admin.email, TEST_PASSWORD);
    await page.goto(`${base}/settings/benchmark`);
    await expectAccessible(page, 'benchmark settings');
    await page.getByLabel(nl('benchmark.participating'), { exact: true }).check();
    await page.getByLabel(nl('benchmark.kind.municipality'), { exact: true }).check();
    await page.getByLabel(nl('benchmark.size.20k_50k'), { exact: true }).check();
    await page.getByLabel(nl('benchmark.office_holders'), { exact: true }).fill('31');
    await page.getByLabel(nl('benchmark.employees'), { exact: true }).fill('420');
    await navigating(page, () => page.getByRole('button', { name: nl('benchmark.save') }).click());
    expect(await page.getByText(nl('settings.saved')).isVisible()).toBe(true);
    await signOut(page);

    await runBenchmarkRefresh(database.db, new Date());
    await signIn(page, base, adviser.email, TEST_PASSWORD);
    await page.goto(`${base}/insight/benchmark`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(nl('benchmark.title'));
    expect(await page.getByRole('columnheader', { name: nl('benchmark.group', { count: '5' }) }).isVisible()).toBe(true);
    await expectAccessible(page, 'benchmark page');
  });
});
