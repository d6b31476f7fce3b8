import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organisation } from '../src/domain/organisation/organisation.js';
import type { User } from '../src/domain/user/user.js';
import { amsterdamToday } from '../src/time/amsterdam.js';
import { createTestDatabase, type TestDatabase } from '../test/db.js';
import { createIncident, makeOrganisation, makeUser, referenceOf } from '../test/factories.js';
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

/** Issue 13 §4–5 in the browser: the clerk plans and records the sessions, an office holder sees theirs; axe on every page. */
describe('dialogue, training and the yearly evaluation in the browser', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let chromium: TestChromium;
  let org: Organisation;
  let clerk: User;
  let councillor: User;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(database.db);
    org = await makeOrganisation(database.db, 'Gemeente Voorbeeld');
    clerk = await makeUser(database.db, org, ['clerk'], 'Griffier Groen');
    councillor = await makeUser(database.db, org, ['council_member'], 'Raadslid Rood');
    await makeUser(database.db, org, ['mayor'], 'Burgemeester Bos');
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
    await database?.close();
  });

  const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });
  const press = (page: Page, name: string) => navigating(page, () => page.getByRole('button', { name, exact: true }).click());

  it('plans and records the start-of-term and casuistry sessions, keeps the protocol and evaluates the year', async () => {
    const page = await pageFor(chromium, server.baseUrl, clerk);
    await navigating(page, () => page.getByRole('link', { name: nl('nav.training'), exact: true }).click());
    expect(location(page)).toBe('/training');
    await expectAccessibleWithUniqueIds(page, 'training register, empty');

    await field(page, nl('training.field.starts_on')).fill('2026-11-01');
    await press(page, nl('training.record_term'));
    expect(await page.getByText(/Te doen: Bijeenkomst bij de start van de raadsperiode/).count()).toBe(1);

    await page.getByLabel(nl('training.kind.term_start')).check();
    await field(page, nl('training.field.title')).fill('Veilig werken in de nieuwe raadsperiode');
    await field(page, nl('training.field.planned_on')).fill(amsterdamToday());
    await page.getByLabel(nl('training.field.invite_office_holders')).check();
    await press(page, nl('training.plan'));
    expect(location(page)).toMatch(/^\/training\/[0-9a-f-]{36}$/);
    const sessionUrl = location(page);
    await expectAccessibleWithUniqueIds(page, 'start-of-term session, planned');

    await page
      .getByRole('group', { name: nl('training.field.attended') })
      .getByLabel('Raadslid Rood')
      .check();
    await field(page, nl('training.field.agreements')).fill('Iedereen weet waar de alarmknop zit.');
    await press(page, nl('training.save_held'));
    expect(location(page)).toBe(sessionUrl);
    expect(await page.getByText('Raadslid Rood: aanwezig').count()).toBe(1);
    await expectAccessibleWithUniqueIds(page, 'start-of-term session, held');

    // A casuistry session discussing an incident, shown anonymised.
    const incidentId = await createIncident(
      database.db,
      { user: councillor, organisation: org },
      { description: 'Meneer Pietersen dreigde.' },
    );
    await navigating(page, () => page.goto(`${server.baseUrl}/training`));
    await page.getByLabel(nl('training.kind.casuistry')).check();
    await field(page, nl('training.field.title')).fill('Casuïstiek');
    await field(page, nl('training.field.planned_on')).fill(amsterdamToday());
    await press(page, nl('training.plan'));
    await field(page, nl('training.field.incident')).fill(await referenceOf(database.db, org, incidentId));
    await press(page, nl('training.add'));
    expect(await page.getByRole('table').getByText(nl('level.threat')).count()).toBe(1);
    expect(await page.getByText(/Pietersen/).count()).toBe(0);
    await expectAccessibleWithUniqueIds(page, 'casuistry session with an anonymised incident');

    await navigating(page, () => page.goto(`${server.baseUrl}/protocol`));
    await expectAccessibleWithUniqueIds(page, 'protocol, none yet');
    await field(page, nl('protocol.field.summary')).fill('Emotie mag, agressie niet.');
    await field(page, nl('protocol.field.body')).fill('Protocol agressie en geweld.\n\nDe norm en de meldroute.');
    await field(page, nl('protocol.field.changes')).fill('Eerste versie');
    await field(page, nl('protocol.field.decided_on')).fill(amsterdamToday());
    await field(page, nl('protocol.field.decided_by')).fill('College van B&W');
    await press(page, nl('protocol.add'));
    expect(await page.getByText(/^Versie 1, besloten op/).count()).toBe(1);
    await expectAccessibleWithUniqueIds(page, 'protocol with its first version');

    await navigating(page, () => page.goto(`${server.baseUrl}/evaluations`));
    await expectAccessibleWithUniqueIds(page, 'evaluations');
    await field(page, nl('evaluation.field.year')).fill(amsterdamToday().slice(0, 4));
    await press(page, nl('evaluation.open'));
    expect(location(page)).toMatch(/^\/evaluations\/[0-9a-f-]{36}$/);
    // The year's casuistry session is gathered in it (the start-of-term session is counted, not quoted).
    expect(await page.getByRole('link', { name: /^Casuïstiek \(/ }).count()).toBe(1);
    await expectAccessibleWithUniqueIds(page, 'evaluation of the year');
    await field(page, nl('evaluation.field.decided_by')).fill('College van B&W');
    await press(page, nl('evaluation.adopt'));
    await expectAccessibleWithUniqueIds(page, 'evaluation adopted');

    // The office holder: their own sessions, and the report form that teaches the protocol.
    const own = await pageFor(chromium, server.baseUrl, councillor, PHONE);
    await navigating(own, () => own.getByRole('link', { name: nl('nav.training_mine'), exact: true }).click());
    expect(await own.getByRole('heading', { level: 1 }).textContent()).toBe(nl('training.mine.title'));
    expect(await own.getByText(/Veilig werken in de nieuwe raadsperiode/).count()).toBe(1);
    await expectAccessibleWithUniqueIds(own, 'my sessions');
    expect(await fitsWidth(own), 'my sessions fit a phone').toBe(true);
    await navigating(own, () => own.goto(`${server.baseUrl}/report`));
    expect(await own.getByText(/Onze norm \(protocol versie 1\): Emotie mag, agressie niet\./).count()).toBe(1);
    await navigating(own, () => own.getByRole('link', { name: nl('protocol.report_form_link') }).click());
    expect(location(own)).toBe('/protocol');
    await expectAccessibleWithUniqueIds(own, 'protocol for an office holder');
  });
});
