import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.js';
import { actAs, createIncident, makeOrganisation, makeUser } from '../../../../test/factories.js';
import { Browser, buildTestServer, signIn } from '../../../../test/http.js';
import type { Organisation } from '../../../domain/organisation/organisation.js';
import { createPerpetrator } from '../../../domain/perpetrator/manage-perpetrator.js';
import { newPerpetratorSchema } from '../../../domain/perpetrator/perpetrator.schema.js';
import type { User } from '../../../domain/user/user.js';
import { ROLES, type Role } from '../../../domain/user/roles.js';

const SEES: Record<Role, boolean> = {
  mayor: false,
  alderman: false,
  council_member: false,
  group_member: false,
  clerk: false,
  municipal_secretary: false,
  security_adviser: true,
  employee: false,
  admin: false,
  privacy_officer: true,
};
const VICTIM_WORDS = 'Hij wachtte mij op bij de fietsenstalling';

describe('the requests pages', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  let adviserUser: User;
  let adviser: Browser;
  let officer: Browser;
  const requestCount = async () => (await t.admin.query('SELECT count(*)::int AS n FROM data_request')).rows[0].n as number;

  /** A perpetrator linked to a reported incident, and an access request about it recorded through the page. */
  const perpetratorRequest = async () => {
    const victim = await makeUser(t.db, org, ['employee'], 'Getroffene Groen');
    const incidentId = await createIncident(t.db, { user: victim, organisation: org }, { description: VICTIM_WORDS });
    const p = await actAs(t.db, { user: adviserUser, organisation: org }, (tx, me) =>
      createPerpetrator(tx, me, newPerpetratorSchema.parse({ kind: 'person', name: 'Piet Verzoeker', incidentId })),
    );
    await adviser.get('/requests');
    const made = await adviser.post('/requests', { kind: 'access', subjectPerpetratorId: p, receivedOn: '1 december 2026' });
    expect(made.statusCode, made.body).toBe(303);
    const url = made.headers.location as string;
    expect(url).toMatch(/^\/requests\/[0-9a-f-]{36}$/);
    return url;
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db, 'Gemeente Verzoek');
    adviserUser = await makeUser(t.db, org, ['security_adviser'], 'Adviseur Aalbers');
    adviser = await signIn(app, adviserUser.email);
    officer = await signIn(app, (await makeUser(t.db, org, ['privacy_officer'], 'Functionaris Fens')).email);
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('records a request, compiles the export, and the privacy officer reviews and releases it without its content', async () => {
    const url = await perpetratorRequest();
    const page = (await adviser.get(url)).body;
    expect(page).toContain('Piet Verzoeker');
    expect(page).toContain('1 december 2026');
    expect(page).toContain('1 januari 2027');
    expect((await adviser.post(`${url}/compile`, {})).statusCode).toBe(303);
    const compiled = (await adviser.get(url)).body;
    expect(compiled).toContain('Concept, samengesteld door Adviseur Aalbers');
    expect(compiled).toContain(`href="/api/v1${url}/export.pdf"`);
    expect(compiled).not.toContain('action="' + url + '/release"');

    const review = await officer.get(url);
    expect(review.statusCode).toBe(200);
    expect(review.body).toContain('De tekst van de meldingen');
    expect(review.body).toContain('art. 15 lid 4 AVG');
    expect(review.body).not.toContain(VICTIM_WORDS);
    expect(review.body).not.toContain('export.json');
    expect(review.body).toContain(`action="${url}/release"`);
    const released = await officer.post(`${url}/release`, { note: 'Gecontroleerd' });
    expect(released.statusCode).toBe(303);
    const done = (await officer.get(url)).body;
    expect(done).toContain('Vrijgegeven door Functionaris Fens');
    expect(done).toContain('Toegewezen door Functionaris Fens');
    expect(done).not.toContain(`action="${url}/release"`);
  });

  it('its deadline is on the task list of the recorder, linked to the request; the page reads in English too', async () => {
    const url = await perpetratorRequest();
    const tasks = (await adviser.get('/tasks')).body;
    expect(tasks).toContain(`href="${url}"`);
    expect(tasks).toContain('Verzoek van een betrokkene beantwoorden');
    const reader = await signIn(app, (await makeUser(t.db, org, ['privacy_officer'])).email);
    await reader.get(`/lang/en?back=${url}`);
    const english = await reader.get(url);
    expect(english.statusCode).toBe(200);
    expect(english.body).toContain('Access: Piet Verzoeker');
    expect(english.body).toContain('Answer by');
    expect(english.body).toContain('1 December 2026');
  });

  it('a refusal needs a reason; the form comes back with the message', async () => {
    const url = await perpetratorRequest();
    await officer.get(url);
    const bad = await officer.post(`${url}/decision`, { decision: 'refused', reason: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Vul de reden van het besluit in.');
    const ok = await officer.post(`${url}/decision`, { decision: 'refused', reason: 'Kennelijk ongegrond (art. 12 lid 5 AVG)' });
    expect(ok.statusCode).toBe(303);
    expect((await officer.get(url)).body).toContain('Kennelijk ongegrond');
  });

  it('shows the pages and the navigation link to the adviser and the privacy officer only; for the others they do not exist', async () => {
    const url = await perpetratorRequest();
    const seen = {} as Record<Role, boolean>;
    for (const role of ROLES) {
      const browser = await signIn(app, (await makeUser(t.db, org, [role])).email);
      const home = await browser.get('/');
      const pages = [await browser.get('/requests'), await browser.get(url)];
      seen[role] = pages.every((p) => p.statusCode === 200);
      expect(home.body.includes('href="/requests"'), role).toBe(SEES[role]);
      if (!SEES[role]) {
        for (const p of pages) expect(p.statusCode, role).toBe(404);
        const before = await requestCount();
        const posted = await browser.post('/requests', { kind: 'access', subjectUserId: adviserUser.id, receivedOn: '2026-12-01' });
        expect(posted.statusCode, role).toBe(404);
        expect((await browser.post(`${url}/decision`, { decision: 'refused', reason: 'x' })).statusCode, role).toBe(404);
        expect(await requestCount()).toBe(before);
      }
    }
    expect(seen).toEqual(SEES);
  });

  it('another organisation finds nothing (404), and a signed-out visitor is sent to sign in', async () => {
    const url = await perpetratorRequest();
    const elsewhere = await makeOrganisation(t.db, 'Gemeente Elders');
    const other = await signIn(app, (await makeUser(t.db, elsewhere, ['security_adviser', 'privacy_officer'])).email);
    expect((await other.get(url)).statusCode).toBe(404);
    expect((await other.get('/requests')).body).not.toContain(url);
    expect((await other.post(`${url}/compile`, {})).statusCode).toBe(404);
    const visitor = new Browser(app);
    await visitor.get('/sign-in');
    for (const path of ['/requests', url]) {
      const response = await visitor.get(path);
      expect(response.statusCode, path).toBe(303);
      expect(response.headers.location).toMatch(/^\/sign-in\?next=/);
    }
  });
});
