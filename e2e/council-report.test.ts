import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../src/domain/user/user.js';
import { createTestDatabase, type TestDatabase } from '../test/db.js';
import { createIncident, makeOrganisation, makeUser, TEST_PASSWORD } from '../test/factories.js';
import {
  expectAccessibleWithUniqueIds,
  fitsWidth,
  launchChromium,
  location,
  navigating,
  nl,
  PHONE,
  signIn,
  startServer,
  type RunningServer,
  type TestChromium,
} from '../test/browser.js';

/**
 * The council report in the browser: the security adviser opens it, finds the tables beside
 * the charts, writes the lessons and sees them kept; axe has nothing to say, on a desk and on a
 * phone, and nothing scrolls sideways.
 */
describe('the yearly report to the council in the browser', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let chromium: TestChromium;
  let adviser: User;
  let desk: Page;
  let secret: string | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(database.db);
    const org = await makeOrganisation(database.db, 'Gemeente Voorbeeld');
    adviser = await makeUser(database.db, org, ['security_adviser'], 'Adviseur Anna');
    const councillor = await makeUser(database.db, org, ['council_member'], 'Raadslid Rood');
    for (let i = 0; i < 6; i++)
      await createIncident(database.db, { user: councillor, organisation: org }, { occurredAt: `2026-0${i + 1}-15T10:00:00+01:00` });
    await createIncident(database.db, { user: councillor, organisation: org }, { level: 'physical_violence', behaviours: ['hitting'] });
    chromium = await launchChromium();
    desk = await chromium.newPage();
    secret = await signIn(desk, server.baseUrl, adviser.email, TEST_PASSWORD);
  });

  afterAll(async () => {
    await chromium?.close();
    await server?.close();
    await database?.close();
  });

  it('shows the report accessibly, and keeps the text the adviser writes for a section', async () => {
    await desk.goto(`${server.baseUrl}/insight/council/2026`);
    expect(await desk.getByRole('heading', { level: 1 }).textContent()).toBe(nl('council.title', { year: '2026' }));
    const levels = desk.getByRole('table', { name: nl('council.table.level') });
    expect(await levels.getByRole('row', { name: new RegExp(`^${nl('level.physical_violence')}`) }).textContent()).toContain('< 5');
    await expectAccessibleWithUniqueIds(desk, 'the council report');

    const lessons = desk.getByRole('region', { name: nl('council.section.lessons') });
    await lessons
      .getByLabel(nl('council.text_label', { section: nl('council.section.lessons') }))
      .fill('Online bedreiging krijgt een vaste aanpak.');
    await navigating(desk, () => lessons.getByRole('button', { name: nl('council.text_save') }).click());
    expect(location(desk)).toBe('/insight/council/2026?notice=council.text_saved');
    expect(await desk.getByRole('status').textContent()).toContain(nl('council.text_saved'));
    expect(await desk.getByRole('region', { name: nl('council.section.lessons') }).textContent()).toContain(
      'Online bedreiging krijgt een vaste aanpak.',
    );

    const phone = await chromium.newPage(PHONE);
    await signIn(phone, server.baseUrl, adviser.email, TEST_PASSWORD, secret ? { secret } : {});
    await phone.goto(`${server.baseUrl}/insight/council/2026`);
    expect(await fitsWidth(phone)).toBe(true);
    await expectAccessibleWithUniqueIds(phone, 'the council report on a phone');
  });
});
