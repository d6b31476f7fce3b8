import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/db.js';
import { createIncident, makeOrganisation, makeUser, TEST_PASSWORD } from '../test/factories.js';
import {
  expectAccessible,
  fitsWidth,
  launchChromium,
  navigating,
  nl,
  PHONE,
  signIn,
  startServer,
  type RunningServer,
  type TestChromium,
} from '../test/browser.js';
import type { User } from '../src/domain/user/user.js';

/** A security adviser opens Inzicht, reads the year at a glance, and follows a row to its incidents. */
describe('Inzicht in Chromium', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let chromium: TestChromium;
  let adviser: User;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(database.db);
    const org = await makeOrganisation(database.db, 'Gemeente Voorbeeld');
    adviser = await makeUser(database.db, org, ['security_adviser'], 'Sanne Veilig');
    const councillor = await makeUser(database.db, org, ['council_member']);
    const as = { user: councillor, organisation: org };
    await createIncident(database.db, as, { occurredAt: '2026-02-10T20:00:00+01:00', level: 'threat' });
    await createIncident(database.db, as, {
      occurredAt: '2026-06-10T20:00:00+02:00',
      level: 'verbal_aggression',
      behaviours: ['insult'],
      channel: 'email',
    });
    await createIncident(database.db, as, { occurredAt: '2025-06-10T20:00:00+02:00', level: 'threat' });
    chromium = await launchChromium();
  });

  afterAll(async () => {
    await chromium?.close();
    await server?.close();
    await database?.close();
  });

  it('shows the figures on a phone without sideways scrolling, passes axe, and leads from a row to its incidents', async () => {
    const page = await chromium.newPage(PHONE);
    await signIn(page, server.baseUrl, adviser.email, TEST_PASSWORD);
    await navigating(page, () => page.getByRole('link', { name: nl('nav.insight'), exact: true }).click());
    await page.getByLabel(nl('insight.from'), { exact: true }).fill('2026-01-01');
    await page.getByLabel(nl('insight.to'), { exact: true }).fill('2026-12-31');
    await navigating(page, () => page.getByRole('button', { name: nl('incidents.apply') }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(nl('insight.title'));
    expect(await page.getByText('2 meldingen, 1 meer dan in dezelfde periode vorig jaar.').isVisible()).toBe(true);
    expect(await page.locator('svg.wb-chart__svg').count()).toBe(8);
    expect(await fitsWidth(page)).toBe(true);
    await expectAccessible(page, '/insight');
    const levels = page.getByRole('table', { name: nl('insight.by_level') });
    await navigating(page, () => levels.getByRole('link', { name: nl('level.verbal_aggression') }).click());
    expect(new URL(page.url()).searchParams.get('level')).toBe('verbal_aggression');
    expect(await page.locator('a[href^="/incidents/"]').count()).toBe(1);
    await page.context().close();
  });
});
