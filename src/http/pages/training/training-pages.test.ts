import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.js';
import { createIncident, makeOrganisation, makeUser, referenceOf } from '../../../../test/factories.js';
import { Browser, buildTestServer, signIn } from '../../../../test/http.js';
import type { Organisation } from '../../../domain/organisation/organisation.js';
import type { User } from '../../../domain/user/user.js';
import { ROLES, type Role } from '../../../domain/user/roles.js';
import { amsterdamToday } from '../../../time/amsterdam.js';

const READS: Record<Role, boolean> = {
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
const OWN: Record<Role, boolean> = {
  ...READS,
  mayor: true,
  alderman: true,
  council_member: true,
  group_member: true,
  clerk: false,
  municipal_secretary: false,
  security_adviser: false,
};

describe('the dialogue and training pages', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  let clerk: Browser;
  let councillor: User;
  let alderman: User;
  const today = amsterdamToday();
  const heldCount = async () =>
    (await t.admin.query('SELECT count(*)::int AS n FROM training_session WHERE held_at IS NOT NULL')).rows[0].n as number;

  /** A session planned through the pages, inviting every office holder; answers its address. */
  const planned = async (form: Record<string, string | string[]> = {}) => {
    await clerk.get('/training');
    const made = await clerk.post('/training', {
      kind: 'term_start',
      title: 'Veilig werken in de nieuwe raadsperiode',
      plannedOn: today,
      inviteOfficeHolders: 'on',
      ...form,
    });
    expect(made.statusCode, made.body).toBe(303);
    expect(made.headers.location).toMatch(/^\/training\/[0-9a-f-]{36}$/);
    return made.headers.location as string;
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db, 'Gemeente Westerveld');
    clerk = await signIn(app, (await makeUser(t.db, org, ['clerk'], 'Griffier Groen')).email);
    councillor = await makeUser(t.db, org, ['council_member'], 'Raadslid Rood');
    alderman = await makeUser(t.db, org, ['alderman'], 'Wethouder Wit');
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('records a term, plans the start-of-term session for every office holder, and records who came', async () => {
    await clerk.get('/training');
    expect((await clerk.post('/training/terms', { startsOn: '' })).statusCode).toBe(400);
    expect((await clerk.post('/training/terms', { startsOn: '1 november 2026' })).statusCode).toBe(303);
    const register = (await clerk.get('/training')).body;
    expect(register).toContain('Raadsperiode vanaf 1 november 2026');
    expect(register).toContain('Te doen: Bijeenkomst bij de start van de raadsperiode, uiterlijk 1 februari 2027');
    const bad = await clerk.post('/training', { kind: 'term_start', title: '', plannedOn: today });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Vul een titel in.');

    const url = await planned();
    const page = (await clerk.get(url)).body;
    expect(page).toContain('Raadslid Rood: nog niet vastgelegd');
    expect(page).toContain('Wethouder Wit: nog niet vastgelegd');
    expect(page).toContain('De norm van de gemeente');
    const held = await clerk.post(`${url}/attendance`, {
      attendedIds: [councillor.id],
      agreements: 'Iedereen weet waar de alarmknop zit.',
    });
    expect(held.statusCode).toBe(303);
    const after = (await clerk.get(url)).body;
    expect(after).toContain('Raadslid Rood: aanwezig');
    expect(after).toContain('Wethouder Wit: niet aanwezig');
    expect(after).toContain('Iedereen weet waar de alarmknop zit.');
    expect((await clerk.get('/training')).body).not.toContain('Te doen: Bijeenkomst bij de start');

    // The office holders see it on their own page: attended, or missed.
    const own = await signIn(app, councillor.email);
    const mine = (await own.get('/training/mine')).body;
    expect(mine).toContain('Waar u aanwezig was');
    expect(mine).toContain('Veilig werken in de nieuwe raadsperiode');
    const missed = (await (await signIn(app, alderman.email)).get('/training/mine')).body;
    expect(missed.slice(missed.indexOf('Gemist'))).toContain('Veilig werken in de nieuwe raadsperiode');
  });

  it('shows the incidents a casuistry session discusses anonymised', async () => {
    const incidentId = await createIncident(
      t.db,
      { user: councillor, organisation: org },
      {
        occurredAt: '2026-10-14T21:15:00+02:00',
        channel: 'phone',
        level: 'threat',
        behaviours: ['threat_of_violence'],
        description: 'Meneer Pietersen belde en dreigde.',
      },
    );
    const reference = await referenceOf(t.db, org, incidentId);
    const url = await planned({ kind: 'casuistry', title: 'Casuïstiek 2026', inviteOfficeHolders: '' });
    expect((await clerk.post(`${url}/incidents`, { incident: 'M-99999' })).body).toContain(
      'Er is geen melding met dit nummer die u mag zien.',
    );
    expect((await clerk.post(`${url}/incidents`, { incident: reference })).statusCode).toBe(303);
    const page = (await clerk.get(url)).body;
    expect(page).toContain('oktober 2026');
    expect(page).toContain('Bedreiging of intimidatie');
    expect(page).not.toContain('Pietersen');
    expect(page).not.toContain(reference);
  });

  it('shows the register to its readers and the own page to office holders, with their navigation link; for the others they do not exist', async () => {
    const url = await planned({ title: 'Rollen' });
    await clerk.get('/evaluations');
    const evaluation = await clerk.post('/evaluations', { year: '2025' });
    expect(evaluation.statusCode).toBe(303);
    const evaluationUrl = evaluation.headers.location as string;
    const seen = {} as Record<Role, boolean>;
    const own = {} as Record<Role, boolean>;
    for (const role of ROLES) {
      const browser = await signIn(app, (await makeUser(t.db, org, [role])).email);
      const home = (await browser.get('/')).body;
      const pages = [
        await browser.get('/training'),
        await browser.get(url),
        await browser.get('/evaluations'),
        await browser.get(evaluationUrl),
      ];
      seen[role] = pages.every((p) => p.statusCode === 200);
      own[role] = (await browser.get('/training/mine')).statusCode === 200;
      expect((await browser.get('/protocol')).statusCode, role).toBe(200);
      expect(home.includes('href="/training"'), role).toBe(READS[role]);
      expect(home.includes('href="/training/mine"'), role).toBe(OWN[role] && !READS[role]);
      if (!READS[role]) for (const p of pages) expect(p.statusCode, role).toBe(404);
      if (role !== 'clerk' && role !== 'municipal_secretary' && role !== 'security_adviser') {
        const before = await heldCount();
        expect((await browser.post(`${url}/attendance`, { attendedIds: [] })).statusCode, role).toBe(404);
        expect(
          (await browser.post('/protocol', { summary: 'x', body: 'x', changes: 'x', decidedOn: today, decidedBy: 'x' })).statusCode,
          role,
        ).toBe(404);
        expect(await heldCount()).toBe(before);
      }
    }
    expect(seen).toEqual(READS);
    expect(own).toEqual(OWN);
  });

  it('another organisation finds nothing (404), and a signed-out visitor is sent to sign in', async () => {
    const url = await planned({ title: 'Elders niet' });
    const elsewhere = await makeOrganisation(t.db, 'Gemeente Elders');
    const other = await signIn(app, (await makeUser(t.db, elsewhere, ['clerk', 'mayor'])).email);
    expect((await other.get(url)).statusCode).toBe(404);
    expect((await other.get('/training')).body).not.toContain(url);
    const visitor = new Browser(app);
    await visitor.get('/sign-in');
    for (const path of ['/training', url, '/training/mine', '/evaluations', '/protocol']) {
      const response = await visitor.get(path);
      expect(response.statusCode, path).toBe(303);
      expect(response.headers.location).toMatch(/^\/sign-in\?next=/);
    }
  });

  it('keeps the protocol as versions, and the report form teaches the current one', async () => {
    const reporter = await signIn(app, councillor.email);
    expect((await reporter.get('/report')).body).not.toContain('Onze norm (protocol versie');
    await clerk.get('/protocol');
    const added = await clerk.post('/protocol', {
      summary: 'Emotie mag, agressie niet: wie u persoonlijk aanvalt, bedreigt of intimideert, meldt u altijd.',
      body: 'Protocol agressie en geweld.\n\nDe norm en de meldroute.',
      changes: 'Eerste versie in Weerbaar',
      decidedOn: '1 december 2026',
      decidedBy: 'College van B&W',
    });
    expect(added.statusCode, added.body).toBe(303);
    const form = (await reporter.get('/report')).body;
    expect(form).toContain('Onze norm (protocol versie 1): Emotie mag, agressie niet');
    expect(form).toContain('href="/protocol"');
    const protocol = (await reporter.get('/protocol')).body;
    expect(protocol).toContain('Versie 1, besloten op 1 december 2026 door College van B&amp;W');
    expect(protocol).toContain('De norm en de meldroute.');
    // The history is for the register's readers; the reporter reads the version in force only.
    expect(protocol).not.toContain('Eerste versie in Weerbaar');
    expect((await clerk.get('/protocol')).body).toContain('Eerste versie in Weerbaar');
  });

  it('gathers a year in its evaluation and keeps it once adopted', async () => {
    await clerk.get('/evaluations');
    const year = today.slice(0, 4);
    const opened = await clerk.post('/evaluations', { year });
    expect(opened.statusCode).toBe(303);
    const url = opened.headers.location as string;
    expect((await clerk.post('/evaluations', { year })).body).toContain('Voor dit jaar is er al een evaluatie.');
    const page = (await clerk.get(url)).body;
    expect(page).toContain(`Evaluatie van het protocol over ${year}`);
    expect(page).toContain('Meldingen dit jaar');
    expect(page).toContain('Casuïstiek 2026');
    expect((await clerk.post(url, { conclusions: 'Meer meldingen via de telefoon.', decidedChanges: '' })).statusCode).toBe(303);
    expect((await clerk.post(`${url}/adoption`, { decidedBy: '' })).statusCode).toBe(400);
    expect((await clerk.post(`${url}/adoption`, { decidedBy: 'College van B&W' })).statusCode).toBe(303);
    const adopted = (await clerk.get(url)).body;
    expect(adopted).toContain('Vastgesteld door College van B&amp;W');
    expect(adopted).toContain('Meer meldingen via de telefoon.');
    expect(adopted).not.toContain(`action="${url}/adoption"`);
    expect((await clerk.post(url, { conclusions: 'Anders' })).body).toContain('Deze evaluatie is vastgesteld en verandert niet meer.');
  });
});
