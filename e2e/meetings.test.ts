import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organisation } from '../src/domain/organisation/organisation.js';
import type { User } from '../src/domain/user/user.js';
import { createTestDatabase, type TestDatabase } from '../test/db.js';
import { makeOrganisation, makeUser } from '../test/factories.js';
import {
  expectAccessibleWithUniqueIds,
  fitsWidth,
  launchChromium,
  location,
  navigating,
  nl,
  pageFor,
  PHONE,
  startServer,
  type RunningServer,
  type TestChromium,
} from '../test/browser.js';

/** The phone of issue 13: a clerk logs a disruption during the meeting, a few taps per step. */
const PHONE_390 = { ...PHONE, viewport: { width: 390, height: 844 } };

describe('the council-meeting disruption log in the browser', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let chromium: TestChromium;
  let org: Organisation;
  let clerk: User;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(database.db);
    org = await makeOrganisation(database.db, 'Gemeente Voorbeeld');
    clerk = await makeUser(database.db, org, ['clerk'], 'Griffier Groen');
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
    await database?.close();
  });

  const button = (page: Page, name: string | RegExp) => page.getByRole('button', { name, exact: typeof name === 'string' });
  const press = (page: Page, name: string | RegExp) => navigating(page, () => button(page, name).click());
  const checked = async (page: Page, what: string) => {
    await expectAccessibleWithUniqueIds(page, what);
    expect(await fitsWidth(page), `${what} fits a phone`).toBe(true);
  };

  it('opens a meeting, logs a disruption with one tap per step, and turns it into an incident', async () => {
    const phone = await pageFor(chromium, server.baseUrl, clerk, PHONE_390);
    await navigating(phone, () => phone.goto(`${server.baseUrl}/meetings`));
    expect(await phone.getByRole('heading', { level: 1 }).textContent()).toContain(nl('meetings.title'));
    await checked(phone, 'meetings list');

    await phone.getByLabel(nl('meetings.field.title'), { exact: true }).fill('Raadsvergadering');
    await phone.getByLabel(nl('meetings.field.chair'), { exact: true }).fill('Burgemeester Bos');
    await press(phone, nl('meetings.create'));
    expect(location(phone)).toMatch(/^\/meetings\/[0-9a-f-]{36}$/);
    await checked(phone, 'meeting page');

    await phone.getByLabel(nl('meetings.field.description'), { exact: true }).fill('Man op de publieke tribune, rode jas');
    await press(phone, nl('meetings.start_disruption'));
    expect(location(phone)).toMatch(/^\/disruptions\/[0-9a-f-]{36}$/);
    await checked(phone, 'disruption page');

    await press(phone, nl('meetings.kind.suspended'));
    for (let n = 1; n <= 3; n++) await press(phone, new RegExp(`^${nl('meetings.kind.order_to_leave')} \\(vordering ${n}\\)$`));
    expect(await phone.getByText(nl('meetings.orders', { count: '3' })).count()).toBe(1);
    expect(await phone.getByText(nl('meetings.notice.offence')).count()).toBe(1);
    await checked(phone, 'disruption page after the third order');
    await press(phone, /\(vordering 4\)$/);
    expect(await phone.getByText(nl('meetings.notice.order_after_offence')).count()).toBe(1);
    for (const kind of ['stream_stopped', 'police_called', 'police_arrived', 'left', 'resumed'] as const)
      await press(phone, nl(`meetings.kind.${kind}`));
    const log = await phone.locator('ol.wb-timeline li').allTextContents();
    expect(log).toHaveLength(10);
    expect(log[0]).toContain(nl('meetings.kind.suspended'));
    await checked(phone, 'disruption page with the whole log');

    await press(phone, nl('meetings.make_incident'));
    expect(location(phone)).toMatch(/^\/incidents\/[0-9a-f-]{36}$/);
    expect(await phone.getByText(/Logboek ordeverstoring: Vergadering hervat/).count()).toBe(1);
    await expectAccessibleWithUniqueIds(phone, 'incident made from the log');
  });
});
