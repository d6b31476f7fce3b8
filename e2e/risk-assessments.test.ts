import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organisation } from '../src/domain/organisation/organisation.js';
import type { User } from '../src/domain/user/user.js';
import { addAmsterdamDays, amsterdamParts } from '../src/time/amsterdam.js';
import { formatDay } from '../src/http/displayed.js';
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

const PHONE_390 = { ...PHONE, viewport: { width: 390, height: 844 } };

describe('risk assessments in the browser', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let chromium: TestChromium;
  let org: Organisation;
  let adviser: User;
  let alderman: User;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(database.db);
    org = await makeOrganisation(database.db, 'Gemeente Voorbeeld');
    adviser = await makeUser(database.db, org, ['security_adviser'], 'Adviseur Anna');
    alderman = await makeUser(database.db, org, ['alderman'], 'Wethouder Wit');
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
    await database?.close();
  });

  const press = (page: Page, name: string) => navigating(page, () => page.getByRole('button', { name, exact: true }).click());
  const checked = async (page: Page, what: string) => {
    await expectAccessibleWithUniqueIds(page, what);
    expect(await fitsWidth(page), `${what} fits a phone`).toBe(true);
  };

  it('runs an information evening from plan to decided precautions on a phone, every page accessible', async () => {
    const phone = await pageFor(chromium, server.baseUrl, adviser, PHONE_390);
    await navigating(phone, () => phone.goto(`${server.baseUrl}/risk-assessments`));
    await checked(phone, 'risk assessments list (empty)');
    await navigating(phone, () => phone.getByRole('link', { name: nl('risk.plan_meeting') }).click());
    await checked(phone, 'plan a meeting');
    await press(phone, nl('risk.plan'));
    // Nothing filled in: the error summary names what is missing.
    expect(await phone.getByText(nl('error.risk_title_required')).count()).toBeGreaterThan(0);
    await checked(phone, 'plan a meeting with errors');

    const day = formatDay(amsterdamParts(addAmsterdamDays(new Date(), 12)).date, 'nl');
    await phone.getByLabel(nl('risk.field.title'), { exact: true }).fill('Informatieavond opvang asielzoekers');
    await phone.getByLabel(nl('risk.field.date'), { exact: true }).fill(day);
    await phone.getByLabel(nl('risk.field.time'), { exact: true }).fill('19:30');
    await phone.getByLabel(nl('risk.field.location'), { exact: true }).fill('Sporthal De Bongerd');
    await press(phone, nl('risk.plan'));
    expect(location(phone)).toMatch(/^\/risk-assessments\/[0-9a-f-]{36}$/);
    expect(await phone.getByText(nl('risk.analysis_due')).count()).toBe(1);
    await checked(phone, 'planned meeting');

    await phone.getByLabel(nl('risk.field.topic'), { exact: true }).fill('De komst van een opvanglocatie');
    await phone.getByLabel(nl('risk.sensitivity.high')).check();
    await phone.getByLabel(nl('risk.field.attendance'), { exact: true }).fill('150');
    await phone.getByLabel(nl('risk.access.public')).check();
    await phone
      .getByRole('group', { name: nl('risk.field.earlier') })
      .getByLabel(nl('risk.yes'))
      .check();
    await phone
      .getByRole('group', { name: nl('risk.field.livestream') })
      .getByLabel(nl('risk.no'))
      .check();
    await phone.getByLabel(nl('risk.field.chair'), { exact: true }).fill('Burgemeester Bos');
    await press(phone, nl('risk.assess'));
    expect(await phone.getByRole('heading', { name: nl('risk.outcome', { level: nl('risk.level.high') }) }).count()).toBe(1);
    await checked(phone, 'assessed meeting');

    await navigating(phone, () =>
      phone.getByRole('link', { name: `${nl('risk.decide')} ${nl('risk.precaution.security_staff')}` }).click(),
    );
    await checked(phone, 'decide a precaution');
    await press(phone, nl('risk.decline'));
    expect(await phone.getByText(nl('error.risk_decline_reason')).count()).toBeGreaterThan(0);
    await checked(phone, 'decide a precaution with an error');
    await phone.getByLabel(nl('risk.field.owner')).selectOption({ label: 'Wethouder Wit' });
    await press(phone, nl('risk.take'));
    expect(location(phone)).toMatch(/^\/risk-assessments\/[0-9a-f-]{36}$/);
    expect(await phone.getByText(nl('risk.owner', { name: 'Wethouder Wit' })).count()).toBe(1);

    // After the evening: the evaluation form.
    const assessment = location(phone).split('/').pop();
    await database.admin.query("UPDATE risk_assessment SET starts_at = now() - interval '2 hours' WHERE id = $1", [assessment]);
    await navigating(phone, () => phone.reload());
    await phone.getByLabel(nl('risk.field.evaluation'), { exact: true }).fill('Onrustig begin, daarna rustig.');
    await press(phone, nl('risk.evaluate'));
    expect(await phone.getByText('Onrustig begin, daarna rustig.').count()).toBeGreaterThan(0);
    await checked(phone, 'evaluated meeting');
    await navigating(phone, () => phone.goto(`${server.baseUrl}/risk-assessments`));
    await checked(phone, 'risk assessments list');
  });

  it("records a risky conversation and shows it on today's page and the host's start page", async () => {
    const phone = await pageFor(chromium, server.baseUrl, adviser, PHONE_390);
    await navigating(phone, () => phone.goto(`${server.baseUrl}/risk-assessments/new-conversation`));
    await checked(phone, 'record a risky conversation');
    const soon = amsterdamParts(new Date(Date.now() + 10 * 60_000));
    await phone.getByLabel(nl('risk.field.subject'), { exact: true }).fill('Gesprek over een afgewezen vergunning');
    await phone.getByLabel(nl('risk.field.date'), { exact: true }).fill(formatDay(soon.date, 'nl'));
    await phone.getByLabel(nl('risk.field.time'), { exact: true }).fill(soon.time);
    await phone.getByLabel(nl('risk.field.room'), { exact: true }).fill('Spreekkamer 2');
    await phone.getByLabel(nl('risk.field.host')).selectOption({ label: 'Wethouder Wit' });
    await phone.getByLabel(nl('risk.precaution.guard_standby')).check();
    await press(phone, nl('risk.mark'));
    expect(location(phone)).toMatch(/^\/risk-assessments\/[0-9a-f-]{36}$/);
    await checked(phone, 'risky conversation');
    await navigating(phone, () => phone.goto(`${server.baseUrl}/risk-assessments/today`));
    await checked(phone, "today's risky conversations");
    if (soon.date === amsterdamParts(new Date()).date) {
      expect(await phone.getByRole('cell', { name: 'Spreekkamer 2' }).count()).toBe(1);
      const host = await pageFor(chromium, server.baseUrl, alderman, PHONE_390);
      await navigating(host, () => host.goto(`${server.baseUrl}/`));
      expect(await host.getByRole('heading', { name: nl('risk.my_today') }).count()).toBe(1);
      await checked(host, 'start page with a risky conversation');
    }
  });
});
