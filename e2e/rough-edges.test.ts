import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organisation } from '../src/domain/organisation/organisation.js';
import type { User } from '../src/domain/user/user.js';
import { createTestDatabase, type TestDatabase } from '../test/db.js';
import { createIncident, makeOrganisation, makeUser, referenceOf, TEST_PASSWORD } from '../test/factories.js';
import {
  expectAccessible,
  fitsWidth,
  launchChromium,
  location,
  navigating,
  nl,
  pageFor,
  startServer,
  type RunningServer,
  type TestChromium,
} from '../test/browser.js';

/** The phone the issue was tried on. */
const PHONE_390 = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/**
 * Words of the page's headings that the browser split over two lines without a hyphen of
 * its own ("Tweestapsverifi/catie", "Melding M-/00073"): each word's text, measured as the
 * browser laid it out, must sit on one line.
 */
function brokenHeadingWords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const broken: string[] = [];
    for (const heading of document.querySelectorAll('h1, h2, h3')) {
      const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const word of text.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, word.index);
          range.setEnd(node, word.index + word[0].length);
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (lines.size > 1) broken.push(word[0]);
        }
      }
    }
    return broken;
  });
}

/**
 * The rough edges a new user found (issue 10 §3), each as it shows in the browser: headings
 * on a phone, the help page, the incident list, the people pages and tables on a phone.
 * Each test works in an organisation of its own.
 */
describe('rough edges in the browser', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let chromium: TestChromium;
  let base: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(database.db);
    base = server.baseUrl;
    chromium = await launchChromium();
  });

  afterAll(async () => {
    await chromium?.close();
    await server?.close();
    await database?.close();
  });

  /** An organisation of the test's own with a council member and a security adviser. */
  async function organisation(name: string): Promise<{ org: Organisation; councillor: User; adviser: User }> {
    const org = await makeOrganisation(database.db, name);
    const [councillor, adviser] = await Promise.all([
      makeUser(database.db, org, ['council_member'], 'Raadslid Rood'),
      makeUser(database.db, org, ['security_adviser'], 'Adviseur Anna'),
    ]);
    return { org, councillor, adviser };
  }

  it('wraps headings between words on a 390 px phone, never inside one', async () => {
    const { org, councillor, adviser } = await organisation('Gemeente Koppen');
    // The second factor's enrolment page: "Tweestapsverificatie instellen".
    const enrolling = await pageFor(chromium, base, undefined, PHONE_390);
    await enrolling.goto(`${base}/sign-in`);
    await enrolling.getByLabel(nl('field.email'), { exact: true }).fill(adviser.email);
    await enrolling.getByLabel(nl('field.password'), { exact: true }).fill(TEST_PASSWORD);
    await navigating(enrolling, () => enrolling.getByRole('button', { name: nl('signin.submit') }).click());
    expect(await enrolling.getByRole('heading', { level: 1 }).textContent()).toBe(nl('totp.enrol_title'));
    expect(await brokenHeadingWords(enrolling), 'enrolment page').toEqual([]);
    expect(await fitsWidth(enrolling)).toBe(true);

    // The incident, its aftercare and its case: "Melding M-00001" and the like.
    const incidentId = await createIncident(database.db, { user: councillor, organisation: org });
    const reference = await referenceOf(database.db, org, incidentId);
    const phone = await pageFor(chromium, base, councillor, PHONE_390);
    for (const path of [`/incidents/${incidentId}`, `/incidents/${incidentId}/aftercare`, `/incidents/${incidentId}/case`]) {
      await phone.goto(`${base}${path}`);
      expect(await phone.getByRole('heading', { level: 1 }).textContent(), path).toContain(reference);
      expect(await brokenHeadingWords(phone), path).toEqual([]);
      expect(await fitsWidth(phone), path).toBe(true);
    }
    await expectAccessible(phone, 'case page at 390 px');
  });

  it('shows the help page without an instruction meant for the administrator', async () => {
    const { councillor } = await organisation('Gemeente Hulp');
    const page = await pageFor(chromium, base, councillor);
    await page.goto(`${base}/help`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(nl('help.title'));
    expect(await page.getByRole('heading', { name: 'Arbodienst (thuisfront)' }).isVisible()).toBe(true);
    expect(await page.getByRole('main').textContent()).not.toContain('Vul het nummer van uw eigen arbodienst in');
    await expectAccessible(page, 'help page');
  });

  it('says the incident list is empty without blaming filters, and why one sees them once', async () => {
    const { org, councillor, adviser } = await organisation('Gemeente Lijst');
    const page = await pageFor(chromium, base, adviser);
    await page.goto(`${base}/incidents`);
    expect(await page.getByText(nl('incidents.none_yet')).isVisible()).toBe(true);
    expect(await page.getByText(nl('incidents.none')).count()).toBe(0);

    // Two incidents the adviser sees for the one reason of always being informed: said once.
    for (const level of ['threat', 'verbal_aggression'] as const)
      await createIncident(database.db, { user: councillor, organisation: org }, { level });
    await page.goto(`${base}/incidents`);
    const table = page.getByRole('table');
    expect(await table.getByRole('row').count()).toBe(3);
    expect(await table.getByRole('columnheader').allTextContents()).not.toContain(nl('incidents.access'));
    expect(await page.getByText(nl('incidents.access_same', { reason: nl('access.always_inform') })).count()).toBe(1);
    expect(await table.getByText(nl('access.always_inform')).count()).toBe(0);
    await expectAccessible(page, 'incident list with one reason');

    // A filter that matches nothing says so.
    await page.goto(`${base}/incidents?level=physical_violence`);
    expect(await page.getByText(nl('incidents.none')).isVisible()).toBe(true);
  });

  it('stacks the incident list on a 390 px phone, each value under its column name', async () => {
    const { org, councillor, adviser } = await organisation('Gemeente Smal');
    await createIncident(database.db, { user: councillor, organisation: org });
    const phone = await pageFor(chromium, base, adviser, PHONE_390);
    await phone.goto(`${base}/incidents`);
    const cells = phone.getByRole('table').getByRole('cell');
    expect(await cells.first().evaluate((td) => getComputedStyle(td).display)).toBe('block');
    const labels = await cells.evaluateAll((all) => all.map((td) => getComputedStyle(td, '::before').content.replace(/^"|"$/g, '')));
    expect(labels).toEqual([
      nl('incidents.reference'),
      nl('incidents.occurred'),
      nl('incidents.level'),
      nl('incidents.channel'),
      nl('incidents.status'),
    ]);
    expect(await fitsWidth(phone)).toBe(true);
    await expectAccessible(phone, 'incident list at 390 px');
  });

  it('names the person an edit link changes, and chooses the manager when adding a person', async () => {
    const org = await makeOrganisation(database.db, 'Gemeente Mensen');
    const [admin, manager] = await Promise.all([
      makeUser(database.db, org, ['admin'], 'Beheerder Bas'),
      makeUser(database.db, org, ['employee'], 'Leidinggevende Lies'),
    ]);
    const page = await pageFor(chromium, base, admin);
    await page.goto(`${base}/people`);
    const links = await page.getByRole('table').getByRole('link').allTextContents();
    expect(links).toContain(nl('people.edit_named', { name: manager.name }));
    expect(links).not.toContain('Wijzigen');

    await page.goto(`${base}/people/new`);
    await page.getByLabel(nl('field.name'), { exact: true }).fill('Medewerker Mo');
    await page.getByLabel(nl('field.email'), { exact: true }).fill(`mo-${Date.now()}@example.test`);
    await page.getByRole('checkbox', { name: nl('role.employee'), exact: true }).check();
    await page.getByLabel(nl('people.manager'), { exact: true }).selectOption({ label: manager.name });
    await expectAccessible(page, 'new person with a manager');
    await navigating(page, () => page.getByRole('button', { name: nl('people.create') }).click());
    await navigating(page, () => page.getByRole('link', { name: nl('people.edit_named', { name: 'Medewerker Mo' }) }).click());
    expect(location(page)).toMatch(/^\/people\/[0-9a-f-]{36}$/);
    expect(await page.getByLabel(nl('people.manager'), { exact: true }).inputValue()).toBe(manager.id);
  });
});
