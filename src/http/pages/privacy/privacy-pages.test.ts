import type { FastifyInstance } from 'fastify';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCaller, type ApiCaller } from '../../../../test/api.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.js';
import { makeOrganisation, makeUser } from '../../../../test/factories.js';
import { buildTestServer, signIn, type Browser } from '../../../../test/http.js';
import type { Organisation } from '../../../domain/organisation/organisation.js';
import { ROLES, type Role } from '../../../domain/user/roles.js';
import { translator } from '../../i18n/index.js';
import { amsterdamToday } from '../../../time/amsterdam.js';
import { formatDay } from '../../displayed.js';

const SEES: Record<Role, boolean> = {
  mayor: false,
  alderman: false,
  council_member: false,
  group_member: false,
  clerk: false,
  municipal_secretary: false,
  security_adviser: false,
  employee: false,
  admin: true,
  privacy_officer: true,
};
const nl = translator('nl');
const PAGES = [
  '/privacy',
  '/audit',
  '/audit/export.csv',
  '/audit/export.json',
  '/access-reviews',
  '/privacy/register',
  '/privacy/register.pdf',
];
const RETENTION = {
  incidentYears: '7',
  aftercareNoteMonths: '9',
  perpetratorMonths: '3',
  banYears: '2',
  sessionWeeks: '4',
  notificationWeeks: '13',
};

/** The privacy pages (issue 11 §3): audit viewer, access review and register of processing, for the administrator and the privacy officer. */
describe('the privacy pages', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  let admin: Browser;
  let officer: Browser;
  let adviser: ApiCaller;
  let perpetratorId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db, 'Gemeente Privacy');
    admin = await signIn(app, (await makeUser(t.db, org, ['admin'], 'Beheerder Bakker')).email);
    officer = await signIn(app, (await makeUser(t.db, org, ['privacy_officer'], 'Functionaris Fenna')).email);
    await makeUser(t.db, org, ['admin'], 'Beheerder Twee');
    adviser = await makeCaller(app, t.db, org, ['security_adviser'], 'Adviseur Aydin');
    const made = await adviser.post('/api/v1/perpetrators', { kind: 'person', name: 'Karel Dader', aliases: [] });
    expect(made.statusCode, made.body).toBe(201);
    perpetratorId = made.json().id;
    expect((await adviser.get(`/api/v1/perpetrators/${perpetratorId}`)).statusCode).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('sends a signed-out visitor to sign in', async () => {
    for (const url of PAGES) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(303);
      expect(response.headers.location).toContain('/sign-in');
    }
  });

  it('is there for the administrator and the privacy officer, with a link in the navigation; 404 for every other role', async () => {
    for (const role of ROLES) {
      const browser = await signIn(app, (await makeUser(t.db, org, [role])).email);
      for (const url of PAGES) expect((await browser.get(url)).statusCode, `${role} ${url}`).toBe(SEES[role] ? 200 : 404);
      // A filter that does not fit: the page says why, an export refuses; for others neither exists.
      const bad = await browser.get('/audit?object=Karel&from=gisteren');
      expect(bad.statusCode, role).toBe(SEES[role] ? 200 : 404);
      expect((await browser.get('/audit/export.csv?object=Karel')).statusCode, role).toBe(SEES[role] ? 400 : 404);
      if (SEES[role]) {
        expect(bad.body).toContain(nl('privacy.error.object'));
        expect(bad.body).toContain(nl('privacy.error.day'));
        expect(bad.body).toContain('value="Karel"');
        expect(bad.body).not.toContain(nl('privacy.audit.results'));
      }
      expect((await browser.get('/')).body.includes('href="/privacy"'), role).toBe(SEES[role]);
    }
    const elsewhere = await signIn(app, (await makeUser(t.db, await makeOrganisation(t.db, 'Gemeente Anders'), ['admin'])).email);
    const theirs = await elsewhere.get(`/audit?object=${perpetratorId}`);
    expect(theirs.body).not.toContain('Adviseur Aydin');
  });

  it('shows the privacy officer who read the perpetrator, by name and without the record, and exports it as JSON', async () => {
    const page = await officer.get(`/audit?objectType=perpetrator&object=${perpetratorId}&action=perpetrator.read`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Adviseur Aydin');
    expect(page.body).toContain('perpetrator.read');
    expect(page.body).not.toContain('Karel Dader');
    const json = await officer.get(`/audit/export.json?object=${perpetratorId}&action=perpetrator.read`);
    expect(json.headers['content-type']).toContain('application/json');
    const rows = json.json().data as { actor: { name: string }; action: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.actor.name === 'Adviseur Aydin' && r.action === 'perpetrator.read')).toBe(true);
    expect(json.body).not.toContain('Karel');
  });

  it('lets the administrator start the review and decide lines, not their own; the privacy officer reads it without buttons', async () => {
    const list = await admin.get('/access-reviews');
    expect(list.body).toContain('Start de toegangsreview');
    expect((await officer.get('/access-reviews')).body).not.toContain('Start de toegangsreview');
    expect((await officer.post('/access-reviews', {})).statusCode).toBe(404);

    const started = await admin.post('/access-reviews', {});
    expect(started.statusCode).toBe(303);
    const url = started.headers.location as string;
    expect(url).toMatch(/^\/access-reviews\/[0-9a-f-]{36}$/);
    const page = await admin.get(url);
    // Due a month ahead, written as the pages write a day ("2 januari 2027").
    const due = (await t.admin.query('SELECT due_at FROM access_review')).rows[0].due_at as Date;
    expect(page.body).toContain(`uiterlijk ${formatDay(amsterdamToday(due), 'nl')}`);
    // The review is on the administrators' task list, leading here.
    expect((await admin.get('/tasks')).body).toContain(`href="${url}"`);
    expect(page.body).toContain('Adviseur Aydin');
    expect(page.body).toContain('Geopend in deze periode: veroorzakers: 1.');
    expect(page.body).toContain('Bevestig Veiligheidsadviseur van Adviseur Aydin');

    const lines = [...page.body.matchAll(/action="\/access-reviews\/lines\/([0-9a-f-]{36})"/g)].map((m) => m[1]!);
    const adviserLine = (
      await t.admin.query(`SELECT l.id FROM access_review_line l JOIN app_user u ON u.id = l.user_id WHERE u.name = 'Adviseur Aydin'`)
    ).rows[0].id as string;
    const ownLine = (
      await t.admin.query(`SELECT l.id FROM access_review_line l JOIN app_user u ON u.id = l.user_id WHERE u.name = 'Beheerder Bakker'`)
    ).rows[0].id as string;
    expect(lines).toContain(adviserLine);
    const confirmed = await admin.post(`/access-reviews/lines/${adviserLine}`, { decision: 'confirmed' });
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toBe(url);
    expect((await admin.get(url)).body).not.toContain(`/access-reviews/lines/${adviserLine}"`);

    const own = await admin.post(`/access-reviews/lines/${ownLine}`, { decision: 'confirmed' });
    expect(own.statusCode).toBe(400);
    expect(own.body).toContain('Over uw eigen rollen beslist een andere beheerder.');

    const read = await officer.get(url);
    expect(read.statusCode).toBe(200);
    expect(read.body).toContain('Bevestigd');
    expect(read.body).not.toContain('/access-reviews/lines/');
    expect((await officer.post(`/access-reviews/lines/${ownLine}`, { decision: 'confirmed' })).statusCode).toBe(404);
  });

  it('generates the register from the configuration: the organisation’s own retention periods and routing, as a page and a PDF', async () => {
    await admin.get('/settings/retention');
    expect((await admin.post('/settings/retention', RETENTION)).statusCode).toBe(303);
    const page = await officer.get('/privacy/register');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Register van verwerkingen');
    expect(page.body).toContain('Gemeente Privacy');
    expect(page.body).toMatch(/Functionaris gegevensbescherming: [^<]*Functionaris Fenna/);
    expect(page.body).toContain('7 jaar');
    expect(page.body).toContain('9 maanden');
    expect(page.body).toContain('art. 10 AVG, art. 33 UAVG');
    // The default routing: a council member's incident goes to the clerk and the mayor.
    expect(page.body).toMatch(/Raadslid<\/th>\s*<td[^>]*>Griffier, Burgemeester</);

    const pdf = await officer.get('/privacy/register.pdf');
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await extractText(new Uint8Array(pdf.rawPayload), { mergePages: true })).text.replace(/\s+/g, ' ');
    expect(text).toContain('Register van verwerkingen');
    expect(text).toContain('7 jaar');
    expect(text).toContain('art. 10 AVG');
    expect(text).toContain('Arbeidsinspectie');
    expect((await t.admin.query(`SELECT 1 FROM audit_event WHERE action = 'privacy_register.read'`)).rowCount).toBeGreaterThanOrEqual(2);
  });
});
