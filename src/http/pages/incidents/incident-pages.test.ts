import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.js';
import { makeOrganisation, makeUser } from '../../../../test/factories.js';
import { Browser, buildTestServer, signIn } from '../../../../test/http.js';
import type { Organisation } from '../../../domain/organisation/organisation.js';
import type { User } from '../../../domain/user/user.js';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

/** The report form's four required answers. */
const minimal = {
  level: 'threat',
  occurredDate: '2026-11-20',
  occurredTime: '14:30',
  channel: 'social_media',
  description: 'Dreigend bericht via Instagram.',
};

describe('incident pages', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  let councillor: User;
  let clerk: User;
  let alderman: User;
  let admin: User;
  let asCouncillor: Browser;
  let asClerk: Browser;
  let asAlderman: Browser;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db);
    councillor = await makeUser(t.db, org, ['council_member'], 'Raadslid Rood');
    clerk = await makeUser(t.db, org, ['clerk'], 'Griffier Groen');
    alderman = await makeUser(t.db, org, ['alderman'], 'Wethouder Wit');
    admin = await makeUser(t.db, org, ['admin'], 'Beheerder Blauw');
    await makeUser(t.db, org, ['security_adviser'], 'Adviseur Anna');
    asCouncillor = await signIn(app, councillor.email);
    asClerk = await signIn(app, clerk.email);
    asAlderman = await signIn(app, alderman.email);
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  const incidentCount = async () => (await t.admin.query('SELECT count(*)::int AS n FROM incident')).rows[0].n as number;
  /** The council member's report with the four answers, as the form test sends it: each test has one of its own. */
  const reported = async () => {
    await asCouncillor.get('/report');
    const sent = await asCouncillor.post('/report', minimal);
    return /\/incidents\/([0-9a-f-]{36})/.exec(sent.headers.location as string)![1]!;
  };

  it('a signed-out visitor is sent to sign-in from every incident page', async () => {
    const visitor = new Browser(app);
    for (const url of [
      '/report',
      '/incidents',
      '/incidents/00000000-0000-4000-8000-000000000000',
      '/inbox',
      '/consult',
      '/consult/new',
      '/settings/routing',
    ]) {
      const response = await visitor.get(url);
      expect(response.statusCode, url).toBe(303);
      expect(response.headers.location, url).toMatch(/^\/sign-in\?next=/);
    }
  });

  it('the report form teaches the norm and needs only four answers', async () => {
    const form = await asCouncillor.get('/report');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Altijd melden');
    expect(form.body).toContain('href="/consult/new"');
    // A council member reports for nobody else: no "on behalf of" choice.
    expect(form.body).not.toContain('name="onBehalfOf"');
    const incidentsBefore = await incidentCount();
    const empty = await asCouncillor.post('/report', { occurredDate: '', occurredTime: '' });
    expect(empty.statusCode).toBe(400);
    for (const text of [
      'Kies wat voor gedrag het was',
      'Kies hoe het gebeurde',
      'Beschrijf wat er gebeurde',
      'Vul een geldige datum en tijd in',
    ])
      expect(empty.body).toContain(text);
    expect(empty.body).toContain('href="#field-level"');
    // Nothing was stored.
    expect(await incidentCount()).toBe(incidentsBefore);

    const sent = await asCouncillor.post('/report', minimal);
    expect(sent.statusCode).toBe(303);
    const incidentId = /\/incidents\/([0-9a-f-]{36})/.exec(sent.headers.location as string)![1]!;
    const page = await asCouncillor.get(sent.headers.location as string);
    expect(page.body).toContain('Uw melding is ontvangen');
    expect(page.body).toContain('Dreigend bericht via Instagram.');
    const { rows } = await t.admin.query('SELECT occurred_at, status FROM incident WHERE id = $1', [incidentId]);
    expect(rows[0]).toEqual({ occurred_at: new Date('2026-11-20T13:30:00Z'), status: 'reported' });
  });

  it('everything optional arrives too: perpetrator, online data, injury, period', async () => {
    const sent = await asCouncillor.post('/report', {
      ...minimal,
      level: 'threat',
      behaviours: ['stalking', 'intimidation'],
      untilDate: '2026-11-22',
      place: 'Markt',
      targets: ['self', 'family'],
      perpetratorKind: 'collective',
      perpetratorName: 'Actiegroep Y',
      onlinePlatform: 'Instagram',
      onlineAccount: '@y',
      onlineUrls: 'https://instagram.com/p/1\nhttps://instagram.com/p/2',
      onlineNormStated: 'on',
      injuryMental: 'on',
    });
    expect(sent.statusCode).toBe(303);
    const id = /\/incidents\/([0-9a-f-]{36})/.exec(sent.headers.location as string)![1]!;
    const { rows } = await t.admin.query(
      'SELECT behaviours, targets, perpetrator_kind, online_platform, online_norm_stated, injury_mental, occurred_until FROM incident WHERE id = $1',
      [id],
    );
    expect(rows[0]).toMatchObject({
      behaviours: ['stalking', 'intimidation'],
      targets: ['self', 'family'],
      perpetrator_kind: 'collective',
      online_platform: 'Instagram',
      online_norm_stated: true,
      injury_mental: true,
    });
    const urls = await t.admin.query('SELECT url FROM online_message WHERE incident_id = $1 ORDER BY url', [id]);
    expect(urls.rows.map((r) => r.url)).toEqual(['https://instagram.com/p/1', 'https://instagram.com/p/2']);
    const bad = await asCouncillor.post('/report', { ...minimal, onlinePlatform: 'X', onlineUrls: 'geen-link' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Vul een volledige link in');
    expect(bad.body).toContain('href="#field-onlineUrls"');
    expect(bad.body).toContain('geen-link');
  });

  it('the clerk is informed and handles the case; the alderman and another organisation get 404', async () => {
    const incidentId = await reported();
    const inbox = await asClerk.get('/inbox');
    expect(inbox.body).toContain(`/incidents/${incidentId}`);
    expect((await asClerk.get('/incidents')).body).toContain(`/incidents/${incidentId}`);
    const detail = await asClerk.get(`/incidents/${incidentId}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.body).toContain('In behandeling nemen');

    expect((await asAlderman.get(`/incidents/${incidentId}`)).statusCode).toBe(404);
    expect((await asAlderman.get('/incidents')).body).not.toContain(incidentId);
    const other = await makeOrganisation(t.db, 'Gemeente Elders');
    const stranger = await makeUser(t.db, other, ['clerk', 'security_adviser', 'mayor']);
    const asStranger = await signIn(app, stranger.email);
    expect((await asStranger.get(`/incidents/${incidentId}`)).statusCode).toBe(404);
    expect((await asStranger.post(`/incidents/${incidentId}/status`, { transition: 'start' })).statusCode).toBe(404);

    // The reporter may not handle their own case.
    expect((await asCouncillor.get(`/incidents/${incidentId}`)).body).not.toContain('In behandeling nemen');
    expect((await asCouncillor.post(`/incidents/${incidentId}/status`, { transition: 'start' })).statusCode).toBe(404);

    expect((await asClerk.post(`/incidents/${incidentId}/status`, { transition: 'start' })).headers.location).toBe(
      `/incidents/${incidentId}?notice=incident.status_changed`,
    );
    const noReason = await asClerk.post(`/incidents/${incidentId}/status`, { transition: 'close', reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Geef een reden');
    await asClerk.post(`/incidents/${incidentId}/status`, { transition: 'close', reason: 'Waarschuwing gegeven' });
    const closed = await asClerk.get(`/incidents/${incidentId}`);
    expect(closed.body).toContain('Afgesloten');
    expect(closed.body).toContain('Waarschuwing gegeven');
    expect(closed.body).toContain('Heropenen');
  });

  it('online messages and evidence are added from the incident page', async () => {
    const incidentId = await reported();
    const message = await asCouncillor.post(`/incidents/${incidentId}/online-messages`, {
      sentDate: '2026-11-21',
      sentTime: '08:00',
      account: '@x',
      url: 'https://instagram.com/p/9',
      content: 'Nog een',
    });
    expect(message.statusCode).toBe(303);
    expect((await asClerk.get(`/incidents/${incidentId}`)).body).toContain('https://instagram.com/p/9');
    const empty = await asCouncillor.post(`/incidents/${incidentId}/online-messages`, { sentDate: '2026-11-21', sentTime: '08:00' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Vul een link of de tekst van het bericht in');

    const boundary = '----wb';
    const multipartWith = (csrf: string | undefined) =>
      Buffer.concat([
        Buffer.from(csrf === undefined ? '' : `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`),
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="scherm.png"\r\nContent-Type: image/png\r\n\r\n`,
        ),
        PNG,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
    const page = await asCouncillor.get(`/incidents/${incidentId}`);
    // The form token travels in the body, never in the address (proxy logs, history, Referer).
    const action = /action="([^"]*\/evidence)"/.exec(page.body)![1]!;
    expect(action).toBe(`/incidents/${incidentId}/evidence`);
    expect(page.body).not.toContain('evidence?_csrf=');
    const multipart = { 'content-type': `multipart/form-data; boundary=${boundary}` };
    const upload = await asCouncillor.inject({
      method: 'POST',
      url: action,
      payload: multipartWith(asCouncillor.csrf),
      headers: multipart,
    });
    expect(upload.statusCode).toBe(303);
    const after = await asClerk.get(`/incidents/${incidentId}`);
    expect(after.body).toContain('scherm.png');
    expect(after.body).toMatch(/[0-9a-f]{64}/);
    const forged = await asCouncillor.inject({ method: 'POST', url: action, payload: multipartWith('vals'), headers: multipart });
    expect(forged.statusCode).toBe(403);
    // A token in the address no longer counts.
    const inUrl = await asCouncillor.inject({
      method: 'POST',
      url: `${action}?_csrf=${encodeURIComponent(asCouncillor.csrf)}`,
      payload: multipartWith(undefined),
      headers: multipart,
    });
    expect(inUrl.statusCode).toBe(403);
    expect(forged.statusCode).toBe(403);
  });

  it('a clerk reports on behalf of a council member, who is told', async () => {
    const form = await asClerk.get('/report');
    expect(form.body).toContain('name="onBehalfOf"');
    expect(form.body).toContain('Raadslid Rood');
    const sent = await asClerk.post('/report', { ...minimal, onBehalfOf: councillor.id, channel: 'meeting' });
    expect(sent.statusCode).toBe(303);
    const inbox = await asCouncillor.get('/inbox');
    expect(inbox.body).toContain('Er is een melding voor u gedaan');
  });

  it('a draft waits for its reporter', async () => {
    const saved = await asCouncillor.post('/report', { ...minimal, draft: '1' });
    const id = /\/incidents\/([0-9a-f-]{36})/.exec(saved.headers.location as string)![1]!;
    expect((await asCouncillor.get(saved.headers.location as string)).body).toContain('Uw concept is bewaard');
    expect((await asClerk.get(`/incidents/${id}`)).statusCode).toBe(404);
    await asCouncillor.get(`/incidents/${id}`);
    expect((await asCouncillor.post(`/incidents/${id}/status`, { transition: 'submit' })).statusCode).toBe(303);
    expect((await asClerk.get(`/incidents/${id}`)).statusCode).toBe(200);
  });

  it('lists filter, and bad filter values get a message instead of an error page', async () => {
    expect((await asClerk.get('/incidents?channel=meeting')).body).toContain('Tijdens een vergadering');
    const bad = await asClerk.get('/incidents?from=morgen');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Vul een geldige datum in');
    const mine = await asCouncillor.get('/incidents?mine=on');
    expect(mine.body).toContain('Mijn meldingen');
  });

  it('the consult path runs through the pages', async () => {
    await asCouncillor.get('/consult/new');
    const asked = await asCouncillor.post('/consult/new', { question: 'Is "zakkenvuller" op Facebook over de grens?', ask: 'clerk' });
    expect(asked.statusCode).toBe(303);
    const path = (asked.headers.location as string).split('?')[0]!;
    expect((await asAlderman.get(path)).statusCode).toBe(404);
    await asClerk.get(path);
    expect((await asClerk.post(path, { body: 'Dat is een belediging; meld het.' })).statusCode).toBe(303);
    const view = await asCouncillor.get(path);
    expect(view.body).toContain('Dat is een belediging; meld het.');
    const reportLink = /href="(\/report\?consultation=[^"]+)"/.exec(view.body)![1]!;
    const form = await asCouncillor.get(reportLink);
    expect(form.body).toContain('Deze melding komt voort uit uw adviesvraag');
    const consultationId = reportLink.split('=')[1]!;
    const sent = await asCouncillor.post('/report', { ...minimal, level: 'verbal_aggression', consultation: consultationId });
    expect(sent.statusCode).toBe(303);
    expect((await asCouncillor.get(path)).body).toContain('Van deze vraag is een melding gemaakt');
  });

  it('only administrators edit the routing', async () => {
    expect((await asClerk.get('/settings/routing')).statusCode).toBe(404);
    expect((await asClerk.post('/settings/routing', { always: 'clerk' })).statusCode).toBe(404);
    // The routing holds for the whole organisation: it is changed in one of its own, so the other
    // tests' reports keep their chain (the employee's manager among it).
    const org = await makeOrganisation(t.db, 'Gemeente Omleiding');
    const asAdmin = await signIn(app, (await makeUser(t.db, org, ['admin'], 'Beheerder Bruin')).email);
    const page = await asAdmin.get('/settings/routing');
    expect(page.statusCode).toBe(200);
    const saved = await asAdmin.post('/settings/routing', {
      position_council_member: '1',
      inform_council_member: ['clerk'],
      position_employee: '2',
      manager_employee: 'on',
      always: ['security_adviser'],
    });
    expect(saved.headers.location).toBe('/settings/routing?notice=routing.saved');
    const { rows } = await t.admin.query(
      'SELECT affected_role, inform_roles, inform_manager FROM routing_rule WHERE organisation_id = $1 ORDER BY position',
      [org.id],
    );
    expect(rows).toEqual([
      { affected_role: 'council_member', inform_roles: ['clerk'], inform_manager: false },
      { affected_role: 'employee', inform_roles: [], inform_manager: true },
    ]);
    // The preview says who a report would reach now, by name and role (issue 10 §4).
    await makeUser(t.db, org, ['clerk'], 'Griffier Geel');
    await makeUser(t.db, org, ['security_adviser'], 'Adviseur Abel');
    const preview = (await asAdmin.get('/settings/routing')).body;
    expect(preview).toMatch(
      /Een melding over een raadslid<\/dt>\s*<dd[^>]*>Griffier Geel \(Griffier\); altijd: Adviseur Abel \(Veiligheidsadviseur\)/,
    );
    expect(preview).toMatch(/Een melding over een medewerker<\/dt>\s*<dd[^>]*>de eigen leidinggevende; altijd: Adviseur Abel/);
    // No two rules show the same number: the two rules are 1 and 2, the roles without one follow.
    const positions = [...preview.matchAll(/name="position_[a-z_]+" value="(\d+)"/g)].map((m) => m[1]);
    expect(positions).toHaveLength(10);
    expect(new Set(positions).size).toBe(positions.length);
  });

  it('an administrator sets a manager, who then receives the employee’s reports', async () => {
    const employee = await makeUser(t.db, org, ['employee'], 'Medewerker Mees');
    const manager = await makeUser(t.db, org, ['employee'], 'Teamleider Tom');
    const asAdmin = await signIn(app, admin.email);
    await asAdmin.get(`/people/${employee.id}`);
    const saved = await asAdmin.post(`/people/${employee.id}`, {
      name: employee.name,
      email: employee.email,
      roles: 'employee',
      managerId: manager.id,
    });
    expect(saved.statusCode).toBe(303);
    const asEmployee = await signIn(app, employee.email);
    await asEmployee.get('/report');
    const sent = await asEmployee.post('/report', { ...minimal, channel: 'face_to_face' });
    const id = /\/incidents\/([0-9a-f-]{36})/.exec(sent.headers.location as string)![1]!;
    const asManager = await signIn(app, manager.email);
    expect((await asManager.get(`/incidents/${id}`)).statusCode).toBe(200);
  });
});
