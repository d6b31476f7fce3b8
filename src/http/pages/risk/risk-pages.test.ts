import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.js';
import { makeOrganisation, makeUser } from '../../../../test/factories.js';
import { Browser, buildTestServer, signIn } from '../../../../test/http.js';
import type { Organisation } from '../../../domain/organisation/organisation.js';
import { ROLES, type Role } from '../../../domain/user/roles.js';
import { addAmsterdamDays, amsterdamParts } from '../../../time/amsterdam.js';

const RUNS: Record<Role, boolean> = {
  mayor: true,
  alderman: false,
  council_member: false,
  group_member: false,
  clerk: true,
  municipal_secretary: true,
  security_adviser: true,
  employee: false,
  admin: false,
  privacy_officer: false,
};
/** The front desk sees today's risky conversations, not the assessments. */
const ON_DUTY: Record<Role, boolean> = { ...RUNS, employee: true, admin: true };

const inDays = (days: number) => amsterdamParts(addAmsterdamDays(new Date(), days));

describe('the risk assessment pages', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  let adviser: Browser;
  let alderman: { id: string; email: string };

  /** An information evening planned through the pages, in ten days; answers its address. */
  const planned = async () => {
    await adviser.get('/risk-assessments/new-meeting');
    const { date } = inDays(10);
    const made = await adviser.post('/risk-assessments/meetings', {
      title: 'Informatieavond opvang asielzoekers',
      date,
      time: '19:30',
      location: 'Sporthal De Bongerd',
      chair: 'Burgemeester Bos',
    });
    expect(made.statusCode, made.body).toBe(303);
    const url = made.headers.location as string;
    expect(url).toMatch(/^\/risk-assessments\/[0-9a-f-]{36}$/);
    return url;
  };
  const assessed = async () => {
    const url = await planned();
    await adviser.get(url);
    const answered = await adviser.post(`${url}/questionnaire`, {
      topic: 'De komst van een opvanglocatie',
      sensitivity: 'high',
      expectedAttendance: '150',
      access: 'public',
      earlierIncidents: 'yes',
      livestream: 'no',
      location: 'Sporthal De Bongerd',
      chair: 'Burgemeester Bos',
    });
    expect(answered.statusCode, answered.body).toBe(303);
    return url;
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db, 'Gemeente Risico');
    adviser = await signIn(app, (await makeUser(t.db, org, ['security_adviser'], 'Adviseur Anna')).email);
    alderman = await makeUser(t.db, org, ['alderman'], 'Wethouder Wit');
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('plans an information evening, answers the questionnaire and shows the level with why and what to decide', async () => {
    const url = await planned();
    const before = (await adviser.get(url)).body;
    expect(before).toContain('De risicoanalyse is nog niet gedaan.');
    const bad = await adviser.post(`${url}/questionnaire`, { topic: '', expectedAttendance: 'veel' });
    expect(bad.statusCode).toBe(400);
    for (const message of [
      'Vul het onderwerp in.',
      'Kies hoe gevoelig het onderwerp ligt.',
      'Vul het verwachte aantal bezoekers in als een getal, bijvoorbeeld 80.',
      'Kies of de bijeenkomst openbaar is.',
    ])
      expect(bad.body).toContain(message);
    await assessedAt(url);
    const page = (await adviser.get(url)).body;
    expect(page).toContain('Risico: Hoog');
    expect(page).toContain('Het onderwerp ligt zeer gevoelig (3 punten)');
    expect(page).toContain('Beveiliging aanwezig (aanbevolen)');
    expect(page).not.toContain('De risicoanalyse is nog niet gedaan.');
  });

  async function assessedAt(url: string) {
    const answered = await adviser.post(`${url}/questionnaire`, {
      topic: 'De komst van een opvanglocatie',
      sensitivity: 'high',
      expectedAttendance: '150',
      access: 'public',
      earlierIncidents: 'yes',
      livestream: 'no',
      location: 'Sporthal De Bongerd',
      chair: 'Burgemeester Bos',
    });
    expect(answered.statusCode, answered.body).toBe(303);
  }

  it('decides a precaution on its own page: taken with who arranges it, declined only with a reason', async () => {
    const url = await assessed();
    const id = url.split('/').pop()!;
    const { rows } = await t.admin.query("SELECT id FROM risk_precaution WHERE assessment_id = $1 AND kind = 'security_staff'", [id]);
    const precautionUrl = `/risk-precautions/${rows[0].id}`;
    const page = await adviser.get(precautionUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Beveiliging aanwezig');
    const declined = await adviser.post(`${precautionUrl}/decision`, { decision: 'declined', ownerId: alderman.id, note: '' });
    expect(declined.statusCode).toBe(400);
    expect(declined.body).toContain('Schrijf waarom u de maatregel niet neemt.');
    const taken = await adviser.post(`${precautionUrl}/decision`, { decision: 'taken', ownerId: alderman.id, note: 'Bureau gebeld' });
    expect(taken.statusCode).toBe(303);
    expect(taken.headers.location).toBe(`${url}#risk-precautions`);
    await adviser.get(url);
    expect((await adviser.post(`${precautionUrl}/done`, {})).statusCode).toBe(303);
    const after = (await adviser.get(url)).body;
    expect(after).toContain('Regelt: Wethouder Wit');
    expect(after).toContain('Geregeld op');
  });

  it('marks a risky conversation; the alderman who holds it and the front desk see it today on their start page, without its subject', async () => {
    await adviser.get('/risk-assessments/new-conversation');
    const soon = amsterdamParts(new Date(Date.now() + 5 * 60_000));
    const empty = await adviser.post('/risk-assessments/conversations', {
      title: 'Gesprek',
      date: soon.date,
      time: soon.time,
      hostId: alderman.id,
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Kies ten minste één maatregel.');
    const made = await adviser.post('/risk-assessments/conversations', {
      title: 'Gesprek over een afgewezen vergunning',
      date: soon.date,
      time: soon.time,
      location: 'Spreekkamer 2',
      hostId: alderman.id,
      precautions: ['guard_standby', 'secured_room'],
    });
    expect(made.statusCode, made.body).toBe(303);
    if (soon.date !== amsterdamParts(new Date()).date) return; // five minutes before midnight: the conversation is tomorrow
    const host = await signIn(app, alderman.email);
    const home = (await host.get('/')).body;
    expect(home).toContain('Uw risicovolle gesprekken vandaag');
    expect(home).toContain('Spreekkamer 2');
    expect(home).toContain('Beveiliger stand-by, Beveiligde spreekkamer met alarmknop');
    expect(home).not.toContain('vergunning');
    const desk = await signIn(app, (await makeUser(t.db, org, ['employee'], 'Baliemedewerker Bram')).email);
    const today = (await desk.get('/risk-assessments/today')).body;
    expect(today).toContain('Wethouder Wit');
    expect(today).not.toContain('vergunning');
    expect((await desk.get('/')).body).toContain('Spreekkamer 2');
  });

  it('shows the pages and the navigation link by role; for everyone else they do not exist (404)', async () => {
    const url = await assessed();
    const id = url.split('/').pop()!;
    const { rows } = await t.admin.query('SELECT id FROM risk_precaution WHERE assessment_id = $1 LIMIT 1', [id]);
    const precautionUrl = `/risk-precautions/${rows[0].id}`;
    const pages = ['/risk-assessments', '/risk-assessments/new-meeting', '/risk-assessments/new-conversation', url, precautionUrl];
    for (const role of ROLES) {
      const browser = await signIn(app, (await makeUser(t.db, org, [role])).email);
      const home = (await browser.get('/')).body;
      expect(home.includes('href="/risk-assessments"'), role).toBe(RUNS[role]);
      // The people on duty see today's conversations on their start page; the menu stays short.
      expect(home.includes('href="/risk-assessments/today"'), role).toBe(false);
      expect((await browser.get('/risk-assessments/today')).statusCode, role).toBe(ON_DUTY[role] ? 200 : 404);
      for (const page of pages) expect((await browser.get(page)).statusCode, `${role} ${page}`).toBe(RUNS[role] ? 200 : 404);
      if (!RUNS[role]) {
        expect((await browser.post(`${url}/evaluation`, { evaluation: 'x' })).statusCode, role).toBe(404);
        expect((await browser.post(`${precautionUrl}/decision`, { decision: 'declined', note: 'x' })).statusCode, role).toBe(404);
      }
    }
    const { rows: still } = await t.admin.query('SELECT decision FROM risk_precaution WHERE id = $1', [rows[0].id]);
    expect(still[0].decision).toBe('pending');
  });

  it('another organisation finds nothing (404), and a signed-out visitor is sent to sign in', async () => {
    const url = await assessed();
    const other = await signIn(
      app,
      (await makeUser(t.db, await makeOrganisation(t.db, 'Gemeente Elders'), ['security_adviser', 'clerk'])).email,
    );
    expect((await other.get(url)).statusCode).toBe(404);
    expect((await other.get('/risk-assessments')).body).not.toContain(url);
    expect((await other.post(`${url}/questionnaire`, { topic: 'x' })).statusCode).toBe(404);
    const visitor = new Browser(app);
    await visitor.get('/sign-in');
    for (const page of ['/risk-assessments', '/risk-assessments/today', url]) {
      const response = await visitor.get(page);
      expect(response.statusCode, page).toBe(303);
      expect(response.headers.location).toMatch(/^\/sign-in\?next=/);
    }
  });
});
