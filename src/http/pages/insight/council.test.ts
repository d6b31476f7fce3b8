import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCaller, type ApiCaller } from '../../../../test/api.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.js';
import { createIncident, makeOrganisation, makeUser } from '../../../../test/factories.js';
import { buildTestServer, signIn, type Browser } from '../../../../test/http.js';
import type { Organisation } from '../../../domain/organisation/organisation.js';
import type { User } from '../../../domain/user/user.js';

const SECRET_NAME = 'Geheimnaam Raadslid';
const SECRET_DESCRIPTION = 'Spoor-Zeven-Olifant dreigde bij de markt';
const YEAR = 2026;

/**
 * A known set: in 2026 a council member reports 7 threats and 3 insults online, an alderman 3
 * insults online, an employee 2 blows at the desk (15); in 2025 the council member 9 threats.
 * With threshold 5 the level breakdown of 2026 has one small cell (physical violence, 2), so
 * the next smallest (verbal aggression, 6) is hidden beside it.
 */
describe('the yearly report to the council', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  let adviserApi: ApiCaller;
  let clerkApi: ApiCaller;
  let adviser: User;
  let councillor: User;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db, 'Gemeente Weerbaarheid');
    adviserApi = await makeCaller(app, t.db, org, ['security_adviser']);
    adviser = await makeUser(t.db, org, ['security_adviser']);
    // Access is given as incidents are routed: the clerk is there before they are reported.
    clerkApi = await makeCaller(app, t.db, org, ['clerk']);
    await makeUser(t.db, org, ['mayor']);
    councillor = await makeUser(t.db, org, ['council_member'], SECRET_NAME);
    const alderman = await makeUser(t.db, org, ['alderman']);
    const employee = await makeUser(t.db, org, ['employee']);
    const as = (user: User) => ({ user, organisation: org });
    const at = (year: number, i: number) => `${year}-0${1 + (i % 9)}-1${i % 10}T10:00:00+01:00`;
    for (let i = 0; i < 7; i++)
      await createIncident(t.db, as(councillor), { occurredAt: at(YEAR, i), level: 'threat', description: SECRET_DESCRIPTION });
    for (let i = 0; i < 3; i++)
      await createIncident(t.db, as(councillor), { occurredAt: at(YEAR, i), level: 'verbal_aggression', behaviours: ['insult'] });
    for (let i = 0; i < 3; i++)
      await createIncident(t.db, as(alderman), { occurredAt: at(YEAR, i), level: 'verbal_aggression', behaviours: ['insult'] });
    for (let i = 0; i < 2; i++)
      await createIncident(t.db, as(employee), {
        occurredAt: at(YEAR, i),
        level: 'physical_violence',
        channel: 'face_to_face',
        behaviours: ['hitting'],
      });
    await createIncident(t.db, as(employee), { occurredAt: at(YEAR, 1), draft: true });
    for (let i = 0; i < 9; i++) await createIncident(t.db, as(councillor), { occurredAt: at(YEAR - 1, i) });
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  const report = async (caller: ApiCaller = adviserApi, year = YEAR) => {
    const response = await caller.get(`/api/v1/reports/council/${year}`);
    expect(response.statusCode).toBe(200);
    return response.json();
  };
  const byKey = (breakdown: { data: { key: string; count: number | null }[] }) =>
    Object.fromEntries(breakdown.data.map((r) => [r.key, r.count]));

  it('answers the figures as JSON, each cell a count or suppressed, small ones hidden with a neighbour beside them', async () => {
    const r = await report();
    expect(r.year).toBe(YEAR);
    expect(r.threshold).toBe(5);
    expect(r.incidents.total).toEqual({ current: { count: 15 }, previous: { count: 9 } });
    expect(r.incidents.difference).toBe(6);
    expect(r.incidents.trend).toBe('15 meldingen, 6 meer dan vorig jaar (9).');
    const level = r.incidents.by.level.current;
    expect(level.total).toEqual({ count: 15 });
    expect(level.data).toEqual([
      { key: 'emotional', count: 0 },
      { key: 'verbal_aggression', count: null, suppressed: true },
      { key: 'threat', count: 7 },
      { key: 'physical_violence', count: null, suppressed: true },
    ]);
    expect(byKey(r.incidents.by.level.previous)).toEqual({ emotional: 0, verbal_aggression: 0, threat: 9, physical_violence: 0 });
    // Behaviours overlap (an incident can have several): the small one needs no neighbour hidden.
    expect(r.incidents.by.behaviour.kind).toBe('overlapping');
    expect(byKey(r.incidents.by.behaviour.current)).toMatchObject({ threat_of_violence: 7, insult: 6, hitting: null });
    // Roles only as categories: the mayor, the clerk and the secretary never stand alone.
    expect(Object.keys(byKey(r.incidents.by.role_category.current))).toEqual(['council', 'aldermen', 'board_and_clerk', 'employees']);
    expect(byKey(r.incidents.by.role_category.current)).toEqual({ council: 10, aldermen: null, board_and_clerk: 0, employees: null });
    expect(byKey(r.incidents.by.channel.current)).toMatchObject({ social_media: null, face_to_face: null, email: 0 });
    expect(r.sections.map((s: { section: string }) => s.section)).toEqual(['norm', 'incidents', 'handling', 'prevention', 'lessons']);
    expect(r.sections[0].text).toContain('organisatienorm');
    // Every cell in the whole answer is { count } or { count: null, suppressed: true }, and no shown count is small.
    const cells: unknown[] = [];
    const walk = (value: unknown) => {
      if (value && typeof value === 'object') {
        if ('count' in value) cells.push(value);
        Object.values(value).forEach(walk);
      }
    };
    walk(r);
    for (const cell of cells as { count: number | null; suppressed?: boolean }[]) {
      if (cell.count === null) expect(cell.suppressed).toBe(true);
      else expect(cell.count === 0 || cell.count >= 5).toBe(true);
    }
    const json = JSON.stringify(r);
    expect(json).not.toContain(SECRET_NAME);
    expect(json).not.toContain(SECRET_DESCRIPTION);
  });

  it('counts only what the viewer may see: the clerk, without the employee’s incidents; another organisation, none of these', async () => {
    const r = await report(clerkApi);
    expect(r.incidents.total.current.count).toBeGreaterThanOrEqual(10);
    expect(r.incidents.total.current.count).toBeLessThan(15);
    expect(byKey(r.incidents.by.role_category.current)).toMatchObject({ council: 10, employees: 0 });
    const elsewhere = await makeCaller(app, t.db, await makeOrganisation(t.db, 'Gemeente Elders'), ['security_adviser']);
    const other = await report(elsewhere);
    expect(other.incidents.total.current).toEqual({ count: 0 });
  });

  it('is not there (404) for roles without the report, for a year that is no year or far off; 401 signed out', async () => {
    for (const roles of [['council_member'], ['employee'], ['alderman'], ['admin']] as const) {
      const caller = await makeCaller(app, t.db, org, [...roles]);
      expect((await caller.get(`/api/v1/reports/council/${YEAR}`)).statusCode).toBe(404);
    }
    for (const year of ['20x6', '1999', '3026', '202', '20266'])
      expect((await adviserApi.get(`/api/v1/reports/council/${year}`)).statusCode).toBe(404);
    const signedOut = await app.inject({ method: 'GET', url: `/api/v1/reports/council/${YEAR}` });
    expect(signedOut.statusCode).toBe(401);
    for (const url of [`/insight/council/${YEAR}`, `/insight/council/${YEAR}.pdf`, `/insight/council/${YEAR}.docx`]) {
      const page = await app.inject({ method: 'GET', url });
      expect([303, 401, 404]).toContain(page.statusCode);
      expect(page.headers['content-type'] ?? '').not.toContain('application/pdf');
    }
  });

  describe('as pages and documents', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await signIn(app, adviser.email);
    });

    it('shows the report with its tables, the trend in words and a form per section; saving a text is kept per year', async () => {
      const page = await browser.get(`/insight/council/${YEAR}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('15 meldingen, 6 meer dan vorig jaar (9).');
      expect(page.body).toContain('&lt; 5');
      expect(page.body).toContain('×');
      expect(page.body).toContain(`href="/insight/council/${YEAR}.pdf"`);
      expect(page.body).toContain(`href="/insight/council/${YEAR}.docx"`);
      expect(page.body).toContain('<svg');
      expect(page.body).not.toContain(SECRET_NAME);
      expect(page.body).not.toContain(SECRET_DESCRIPTION);
      expect(page.body.match(/action="\/insight\/council\/2026\/texts\/[a-z]+"/g)).toHaveLength(5);

      const saved = await browser.post(`/insight/council/${YEAR}/texts/lessons`, {
        'body-lessons': 'Het protocol krijgt een vaste contactpersoon voor online bedreiging.',
      });
      expect(saved.statusCode).toBe(303);
      const again = await browser.get(`/insight/council/${YEAR}`);
      expect(again.body).toContain('Het protocol krijgt een vaste contactpersoon voor online bedreiging.');
      const lastYear = await browser.get(`/insight/council/${YEAR - 1}`);
      expect(lastYear.body).not.toContain('vaste contactpersoon');
      const { rows } = await t.admin.query<{ action: string; object_id: string }>(
        "SELECT action, object_id FROM audit_event WHERE action = 'council_report.text'",
      );
      expect(rows).toEqual([{ action: 'council_report.text', object_id: `${YEAR}/lessons` }]);

      // The texts are the organisation's own: another organisation's report of the same year has none of them.
      const elsewhere = await makeCaller(app, t.db, await makeOrganisation(t.db, 'Gemeente Verweg'), ['security_adviser']);
      expect((await report(elsewhere)).sections.find((s: { section: string }) => s.section === 'lessons').text).toBeNull();

      const tooLong = await browser.post(`/insight/council/${YEAR}/texts/norm`, { 'body-norm': 'x'.repeat(20_001) });
      expect(tooLong.statusCode).toBe(400);
      expect(tooLong.body).toContain('href="#field-body-norm"');
    });

    it('the mayor reads the report without forms; a council member does not find it', async () => {
      const mayor = await makeUser(t.db, org, ['mayor']);
      const mayorBrowser = await signIn(app, mayor.email);
      const page = await mayorBrowser.get(`/insight/council/${YEAR}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('/texts/');
      expect((await mayorBrowser.post(`/insight/council/${YEAR}/texts/norm`, { 'body-norm': 'Anders' })).statusCode).toBe(404);
      const councilBrowser = await signIn(app, councillor.email);
      for (const url of [`/insight/council/${YEAR}`, `/insight/council/${YEAR}.pdf`, `/insight/council/${YEAR}.docx`])
        expect((await councilBrowser.get(url)).statusCode).toBe(404);
      expect((await councilBrowser.post(`/insight/council/${YEAR}/texts/norm`, { 'body-norm': 'Anders' })).statusCode).toBe(404);
      expect((await browser.get(`/insight/council/1999`)).statusCode).toBe(404);
      expect((await browser.get(`/insight/council/abcd.pdf`)).statusCode).toBe(404);
    });

    it('downloads a PDF with the figures and the texts, small numbers as "< 5", no names and no descriptions', async () => {
      const pdf = await browser.get(`/insight/council/${YEAR}.pdf`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      const extracted = await extractText(new Uint8Array(pdf.rawPayload), { mergePages: true });
      const text = extracted.text.replace(/\s+/g, ' ');
      expect(text).toContain('Agressie en geweld tegen ambtsdragers en medewerkers in 2026');
      expect(text).toContain('15 meldingen, 6 meer dan vorig jaar (9).');
      expect(text).toContain('< 5');
      expect(text).toContain('Bedreiging of intimidatie');
      expect(text).toContain('organisatienorm');
      expect(text).toContain('vaste contactpersoon');
      expect(text).not.toContain(SECRET_NAME);
      expect(text).not.toContain(SECRET_DESCRIPTION);
    });

    it('downloads a DOCX with the same content, to edit further', async () => {
      const docx = await browser.get(`/insight/council/${YEAR}.docx`);
      expect(docx.statusCode).toBe(200);
      expect(docx.headers['content-type']).toContain('wordprocessingml');
      const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
      const text = xml
        .replace(/<[^>]+>/g, ' ')
        .replace(/&lt;/g, '<')
        .replace(/\s+/g, ' ');
      expect(text).toContain('15 meldingen, 6 meer dan vorig jaar (9).');
      expect(text).toContain('< 5');
      expect(text).toContain('Raadsleden en fractieleden 10 9');
      expect(text).toContain('vaste contactpersoon');
      expect(text).not.toContain(SECRET_NAME);
      expect(text).not.toContain(SECRET_DESCRIPTION);
    });

    it('an administrator sets the threshold (3 to 10) on the settings page, and the report follows it', async () => {
      const admin = await makeUser(t.db, org, ['admin']);
      const adminBrowser = await signIn(app, admin.email);
      const settings = await adminBrowser.get('/settings');
      expect(settings.body).toContain('name="suppressionThreshold"');
      expect(settings.body).toContain('value="5"');
      const refused = await adminBrowser.post('/settings', { suppressionThreshold: '2' });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('Vul een heel getal van 3 tot en met 10 in.');
      expect((await adminBrowser.post('/settings', { suppressionThreshold: '10' })).statusCode).toBe(303);
      const r = await report();
      expect(r.threshold).toBe(10);
      // Last year's 9 is now small: no difference can be given, the total is hidden in every table alike.
      expect(r.incidents.total.previous).toEqual({ count: null, suppressed: true });
      expect(r.incidents.by.level.previous.total).toEqual({ count: null, suppressed: true });
      expect(r.incidents.difference).toBeNull();
      expect(r.incidents.trend).toContain('< 10');
      expect((await adminBrowser.post('/settings', { suppressionThreshold: '5' })).statusCode).toBe(303);
    });
  });
});
