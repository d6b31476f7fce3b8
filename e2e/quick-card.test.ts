import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeQuickCardLines } from '../src/domain/quick-card/quick-card.js';
import type { Organisation } from '../src/domain/organisation/organisation.js';
import type { User } from '../src/domain/user/user.js';
import { createTestDatabase, type TestDatabase } from '../test/db.js';
import { actAs, makeOrganisation, makeUser } from '../test/factories.js';
import {
  expectAccessible,
  fitsWidth,
  launchChromium,
  location,
  navigating,
  nl,
  pageFor,
  PHONE,
  startServer,
  type TestChromium,
} from '../test/browser.js';

/**
 * The quick card on a phone (issue 13 §1): one tap from every page, the organisation's own
 * lines, and still there without a connection once visited — the card and its stylesheet
 * only, nothing else served from the phone's cache.
 */
describe('the quick card in the browser', () => {
  let database: TestDatabase;
  let chromium: TestChromium;
  let org: Organisation;
  let employee: User;

  beforeAll(async () => {
    database = await createTestDatabase();
    chromium = await launchChromium();
    org = await makeOrganisation(database.db, 'Gemeente Zakkaart');
    const admin = await makeUser(database.db, org, ['admin']);
    employee = await makeUser(database.db, org, ['employee'], 'Medewerker Balie');
    await actAs(database.db, { user: admin, organisation: org }, (tx, me) =>
      changeQuickCardLines(tx, me, { organisationId: org.id, userId: admin.id, originIp: null }, [
        'Alarmknop: onder de balie, links',
        'Beveiliging: 020-765 43 21',
      ]),
    );
  });

  afterAll(async () => {
    await chromium?.close();
    await database?.close();
  });

  it('is one tap from every page and from the report form, and passes axe on a phone', async () => {
    const server = await startServer(database.db);
    const base = server.baseUrl;
    try {
      const page = await pageFor(chromium, base, employee, PHONE);
      await page.goto(`${base}/incidents`);
      await navigating(page, () => page.getByRole('link', { name: nl('quickcard.link'), exact: true }).click());
      expect(location(page)).toBe(`/quick-card?org=${org.slug}`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(nl('quickcard.title'));
      expect(await page.getByText('Alarmknop: onder de balie, links').isVisible()).toBe(true);
      expect(await page.getByRole('link', { name: '020-765 43 21' }).getAttribute('href')).toBe('tel:0207654321');
      expect(await page.getByRole('link', { name: nl('quickcard.call_button') }).getAttribute('href')).toBe('tel:112');
      expect(await fitsWidth(page)).toBe(true);
      await expectAccessible(page, 'quick card');

      await page.goto(`${base}/report`);
      expect(await page.getByRole('link', { name: nl('quickcard.report_banner') }).getAttribute('href')).toBe('tel:112');
      await navigating(page, () =>
        page
          .locator('#main')
          .getByRole('link', { name: nl('quickcard.report_banner_card'), exact: true })
          .click(),
      );
      expect(location(page)).toBe(`/quick-card?org=${org.slug}`);
    } finally {
      await server.close();
    }
  });

  it('works offline once visited, and keeps nothing but the card and its stylesheet', async () => {
    const server = await startServer(database.db);
    const base = server.baseUrl;
    let closed = false;
    try {
      // Not signed in: a phone that opened the link it was given.
      const page = await pageFor(chromium, base, undefined, PHONE);
      const context = page.context();
      await page.goto(`${base}/quick-card?org=${org.slug}`);
      // The worker is active and has kept this card: the page says so.
      await page.locator('#quick-card-offline').waitFor({ state: 'visible' });
      expect(await page.locator('#quick-card-offline').textContent()).toBe(nl('quickcard.offline_ready'));
      const worker = await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration('/quick-card');
        return { scope: registration?.scope, state: registration?.active?.state };
      });
      expect(worker).toEqual({ scope: `${base}/quick-card`, state: 'activated' });
      const kept = await page.evaluate(async () => {
        const urls: string[] = [];
        for (const name of await caches.keys()) {
          const cache = await caches.open(name);
          for (const request of await cache.keys()) urls.push(new URL(request.url).pathname + new URL(request.url).search);
        }
        return urls.sort();
      });
      const sheet = await page.evaluate(() => new URL((document.querySelector('link[rel=stylesheet]') as HTMLLinkElement).href).pathname);
      expect(sheet).toMatch(/^\/assets\/weerbaar\.[0-9a-f]+\.css$/);
      expect(kept).toEqual([sheet, '/quick-card', `/quick-card?org=${org.slug}`].sort());

      await context.setOffline(true);
      const again = await page.reload();
      expect(again?.fromServiceWorker()).toBe(true);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(nl('quickcard.title'));
      expect(await page.getByText('Beveiliging: 020-765 43 21').isVisible()).toBe(true);
      // The stylesheet came from the cache too: the call button has its colour.
      const colour = await page
        .getByRole('link', { name: nl('quickcard.call_button') })
        .evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(colour).toBe('rgb(164, 0, 31)');

      // With the server itself gone, the card still opens; what the worker does not keep fails.
      await server.close();
      closed = true;
      const gone = await page.reload();
      expect(gone?.fromServiceWorker()).toBe(true);
      expect(await page.getByText('Alarmknop: onder de balie, links').isVisible()).toBe(true);
      // A request from the card for anything else goes past the worker (not the browser's own cache).
      expect(
        await page.evaluate(() =>
          fetch('/help', { cache: 'no-store' }).then(
            () => 'served',
            () => 'failed',
          ),
        ),
      ).toBe('failed');

      // Any other page is not served from the cache: offline, it does not load.
      for (const path of ['/sign-in', '/'])
        await expect(page.goto(`${base}${path}`), path).rejects.toThrow(/ERR_INTERNET_DISCONNECTED|ERR_FAILED|ERR_CONNECTION_REFUSED/);
    } finally {
      if (!closed) await server.close();
    }
  });
});
