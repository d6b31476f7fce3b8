import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeOrganisation, makeUser } from '../../../test/factories.js';
import { Browser, buildTestServer, signIn } from '../../../test/http.js';
import type { Organisation } from '../../domain/organisation/organisation.js';
import { ROLES, type Role } from '../../domain/user/roles.js';
import type { User } from '../../domain/user/user.js';
import { stylesheetHref } from '../stylesheet.js';

const LINES = 'Alarmknoppen: onder elk bureau aan de balie en in spreekkamer 2.14\nBeveiliging: 020-123 45 67';

/**
 * The quick card (issue 13 §1): open to anyone, the organisation's own lines by its slug and
 * nothing else of it; the lines set by the administrator only (everyone else 404).
 */
describe('the quick card "Wat nu te doen"', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  let other: Organisation;
  let admin: User;
  let employee: User;
  let asAdmin: Browser;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db, 'Gemeente Kaart');
    other = await makeOrganisation(t.db, 'Gemeente Anders');
    admin = await makeUser(t.db, org, ['admin'], 'Beheerder Kaart');
    employee = await makeUser(t.db, org, ['employee'], 'Medewerker Met Naam');
    asAdmin = await signIn(app, admin.email);
    await asAdmin.get('/settings/quick-card');
    const saved = await asAdmin.post('/settings/quick-card', { lines: `${LINES}\n\n` });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/settings/quick-card?notice=settings.saved');
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('shows the steps and 112 to a visitor who is not signed in, without any organisation', async () => {
    const page = await new Browser(app).get('/quick-card');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 class="utrecht-heading-1">Wat nu te doen</h1>');
    expect(page.body).toContain('href="tel:112"');
    expect(page.body).toContain('Beëindig het gesprek');
    expect(page.body).toContain('alarmknop');
    expect(page.body).toContain('Blijf kalm en provoceer niet.');
    expect(page.body).not.toContain('Afspraken in uw organisatie');
    // Registered from a file of our own: no inline script (the CSP allows none).
    expect(page.body).toContain('<script src="/assets/quick-card.js" defer></script>');
    expect(page.body).not.toMatch(/<script>|<script [^>]*>[^<]/);
    expect(page.body).toContain('<link rel="manifest" href="/quick-card.webmanifest"/>');
  });

  it("shows an organisation's own lines by its slug, numbers as tel: links, and nothing of another organisation", async () => {
    const page = await new Browser(app).get(`/quick-card?org=${org.slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Afspraken in uw organisatie');
    expect(page.body).toContain('Alarmknoppen: onder elk bureau aan de balie en in spreekkamer 2.14');
    expect(page.body).toContain('<a class="utrecht-link" href="tel:0201234567">020-123 45 67</a>');
    // Nothing else of the organisation: not even its name.
    expect(page.body).not.toContain('Gemeente Kaart');
    expect(page.body).toContain(`href="/quick-card.webmanifest?org=${org.slug}"`);
    // Switching the language keeps the organisation's card (a phone signed out has no other way back).
    const back = encodeURIComponent(`/quick-card?org=${org.slug}`);
    expect(page.body).toContain(`href="/lang/en?back=${back}"`);
    const switched = await new Browser(app).get(`/lang/en?back=${back}`);
    expect(switched.headers.location).toBe(`/quick-card?org=${org.slug}`);

    for (const url of [`/quick-card?org=${other.slug}`, '/quick-card?org=bestaat-niet', '/quick-card?org=%3Cscript%3E']) {
      const shown = await new Browser(app).get(url);
      expect(shown.statusCode, url).toBe(200);
      expect(shown.body, url).not.toContain('Alarmknoppen');
      expect(shown.body, url).not.toContain('Afspraken in uw organisatie');
    }
  });

  it("shows a signed-in person their own organisation's card, with nothing personal on it", async () => {
    const asEmployee = await signIn(app, employee.email);
    const home = await asEmployee.get('/');
    // One tap from every page: the header carries the organisation.
    expect(home.body).toContain(`href="/quick-card?org=${org.slug}"`);
    const card = await asEmployee.get('/quick-card');
    expect(card.statusCode).toBe(200);
    expect(card.body).toContain('Alarmknoppen');
    for (const personal of ['Medewerker Met Naam', 'Gemeente Kaart', '_csrf', 'Afmelden', employee.email])
      expect(card.body, personal).not.toContain(personal);
    // Signed out, the header's link is the plain card.
    expect((await new Browser(app).get('/sign-in')).body).toContain('href="/quick-card"');
  });

  it('serves the worker, its registration and the manifest', async () => {
    const worker = await new Browser(app).get('/quick-card-sw.js');
    expect(worker.statusCode).toBe(200);
    expect(worker.headers['content-type']).toContain('text/javascript');
    expect(worker.body).toContain(`const SHEET = "${stylesheetHref()}"`);
    expect(worker.body).toContain('const CARD = "/quick-card"');
    const register = await new Browser(app).get('/assets/quick-card.js');
    expect(register.body).toContain(`register("/quick-card-sw.js", { scope: "/quick-card" })`);
    const manifest = await new Browser(app).get(`/quick-card.webmanifest?org=${org.slug}`);
    expect(manifest.headers['content-type']).toContain('application/manifest+json');
    expect(manifest.json()).toMatchObject({ scope: '/quick-card', start_url: `/quick-card?org=${org.slug}`, display: 'standalone' });
  });

  it('the report form starts with "Is het nog gaande? Bel 112"', async () => {
    const asEmployee = await signIn(app, employee.email);
    const form = await asEmployee.get('/report');
    expect(form.body).toContain('<a class="utrecht-link wb-quick-link" href="tel:112">Is het nog gaande? Bel 112</a>');
    expect(form.body.indexOf('Is het nog gaande?')).toBeLessThan(form.body.indexOf('action="/report"'));
  });

  it("the settings are the administrator's: signed out to sign-in, every other role and another organisation see their own or 404", async () => {
    const visitor = new Browser(app);
    const out = await visitor.get('/settings/quick-card');
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toMatch(/^\/sign-in/);

    const notAdmin: Role[] = ROLES.filter((r) => r !== 'admin');
    for (const role of notAdmin) {
      const person = await makeUser(t.db, org, [role]);
      const browser = await signIn(app, person.email);
      expect((await browser.get('/settings/quick-card')).statusCode, role).toBe(404);
      await browser.get('/');
      expect((await browser.post('/settings/quick-card', { lines: 'Overgenomen' })).statusCode, role).toBe(404);
    }
    const otherAdmin = await signIn(app, (await makeUser(t.db, other, ['admin'])).email);
    const theirs = await otherAdmin.get('/settings/quick-card');
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).not.toContain('Alarmknoppen');
    expect((await new Browser(app).get(`/quick-card?org=${org.slug}`)).body).not.toContain('Overgenomen');
  });

  it('refuses too many or too long lines with a Dutch message, and audits a change', async () => {
    await asAdmin.get('/settings/quick-card');
    const many = await asAdmin.post('/settings/quick-card', { lines: Array.from({ length: 11 }, (_, i) => `Regel ${i}`).join('\n') });
    expect(many.statusCode).toBe(400);
    expect(many.body).toContain('Er zijn meer dan 10 regels.');
    expect(many.body).toContain('Regel 10');
    const long = await asAdmin.post('/settings/quick-card', { lines: 'x'.repeat(201) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('Een regel is langer dan 200 tekens.');
    expect((await new Browser(app).get(`/quick-card?org=${org.slug}`)).body).toContain('Alarmknoppen');
    const audited = await t.admin.query(
      "SELECT count(*)::int AS n FROM audit_event WHERE action = 'quick_card.settings' AND object_id = $1",
      [org.id],
    );
    expect(audited.rows[0].n).toBe(1);
    const settings = await asAdmin.get('/settings');
    expect(settings.body).toContain('href="/settings/quick-card"');
  });
});
