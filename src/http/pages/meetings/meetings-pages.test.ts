import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.js';
import { makeOrganisation, makeUser } from '../../../../test/factories.js';
import { Browser, buildTestServer, signIn } from '../../../../test/http.js';
import type { Organisation } from '../../../domain/organisation/organisation.js';
import { ROLES, type Role } from '../../../domain/user/roles.js';
import { amsterdamToday } from '../../../time/amsterdam.js';
import { formatDay } from '../../displayed.js';

const SEES: Record<Role, boolean> = {
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

describe('the disruption log pages', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  let clerk: Browser;
  const disruptionCount = async () => (await t.admin.query('SELECT count(*)::int AS n FROM disruption_entry')).rows[0].n as number;

  /** A meeting with a disruption, opened through the pages; answers their addresses. */
  const opened = async () => {
    await clerk.get('/meetings');
    const made = await clerk.post('/meetings', { title: 'Raadsvergadering', date: amsterdamToday(), chair: 'Burgemeester Bos' });
    expect(made.statusCode).toBe(303);
    const meetingUrl = made.headers.location as string;
    expect(meetingUrl).toMatch(/^\/meetings\/[0-9a-f-]{36}$/);
    await clerk.get(meetingUrl);
    const started = await clerk.post(`${meetingUrl}/disruptions`, { description: 'Man op de publieke tribune' });
    expect(started.statusCode).toBe(303);
    return { meetingUrl, disruptionUrl: started.headers.location as string };
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db, 'Gemeente Raad');
    clerk = await signIn(app, (await makeUser(t.db, org, ['clerk'], 'Griffier Groen')).email);
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('logs a disruption with one press per step; the third order states the offence, a fourth is called out', async () => {
    const { meetingUrl, disruptionUrl } = await opened();
    expect((await clerk.get(meetingUrl)).body).toContain('Man op de publieke tribune');
    // The day as people read it, also in the title (issue 10 §3), and typed that way it is accepted.
    expect((await clerk.get(meetingUrl)).body).toContain(`Raadsvergadering op ${formatDay(amsterdamToday(), 'nl')}`);
    await clerk.get('/meetings');
    const typed = await clerk.post('/meetings', { title: 'Commissie', date: '15 januari 2027', chair: 'Bos' });
    expect(typed.statusCode).toBe(303);
    expect((await clerk.get(typed.headers.location as string)).body).toContain('Commissie op 15 januari 2027');
    const page = await clerk.get(disruptionUrl);
    expect(page.statusCode).toBe(200);
    for (const kind of ['suspended', 'order_to_leave', 'order_to_leave']) {
      const pressed = await clerk.post(`${disruptionUrl}/events`, { kind });
      expect(pressed.statusCode).toBe(303);
      expect(pressed.headers.location).toBe(disruptionUrl);
    }
    expect((await clerk.get(disruptionUrl)).body).not.toContain('lokaalvredebreuk');
    await clerk.post(`${disruptionUrl}/events`, { kind: 'order_to_leave' });
    const third = (await clerk.get(disruptionUrl)).body;
    expect(third).toContain('Vorderingen: 3');
    expect(third).toContain('lokaalvredebreuk');
    await clerk.post(`${disruptionUrl}/events`, { kind: 'order_to_leave' });
    expect((await clerk.get(disruptionUrl)).body).toContain('dit is een vordering na de derde');
    const bad = await clerk.post(`${disruptionUrl}/events`, { kind: 'applause' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Kies wat er gebeurde.');
  });

  it('withdraws an entry with a reason, and a yes to a police report opens the incident made from the log', async () => {
    const { disruptionUrl } = await opened();
    await clerk.get(disruptionUrl);
    await clerk.post(`${disruptionUrl}/events`, { kind: 'order_to_leave' });
    await clerk.post(`${disruptionUrl}/events`, { kind: 'order_to_leave' });
    const id = disruptionUrl.split('/').pop()!;
    const second = (await t.admin.query('SELECT id FROM disruption_entry WHERE disruption_id = $1 ORDER BY seq DESC LIMIT 1', [id])).rows[0]
      .id as string;
    expect((await clerk.post(`${disruptionUrl}/correction`, { correctsId: second, note: '' })).statusCode).toBe(400);
    expect((await clerk.post(`${disruptionUrl}/correction`, { correctsId: second, note: 'Dubbel gedrukt' })).statusCode).toBe(303);
    const after = (await clerk.get(disruptionUrl)).body;
    expect(after).toContain('Vorderingen: 1');
    expect(after).toContain('Dubbel gedrukt');
    const yes = await clerk.post(`${disruptionUrl}/decision`, { decidedBy: 'Bos, Groen, adviseur', report: 'yes' });
    expect(yes.statusCode).toBe(303);
    expect(yes.headers.location).toMatch(/^\/incidents\/[0-9a-f-]{36}$/);
    const incident = await clerk.get(yes.headers.location as string);
    expect(incident.statusCode).toBe(200);
    expect(incident.body).toContain('Logboek ordeverstoring: Vordering om te vertrekken (vordering 1)');
    const done = (await clerk.get(disruptionUrl)).body;
    expect(done).toContain('Van deze ordeverstoring is een melding gemaakt.');
    expect(done).not.toContain(`action="${disruptionUrl}/events"`);
  });

  it('shows the pages and the navigation link to the four roles only; for the others they do not exist', async () => {
    const { meetingUrl, disruptionUrl } = await opened();
    const seen = {} as Record<Role, boolean>;
    for (const role of ROLES) {
      const browser = await signIn(app, (await makeUser(t.db, org, [role])).email);
      const home = await browser.get('/');
      const pages = [await browser.get('/meetings'), await browser.get(meetingUrl), await browser.get(disruptionUrl)];
      seen[role] = pages.every((p) => p.statusCode === 200);
      expect(home.body.includes('href="/meetings"'), role).toBe(SEES[role]);
      if (!SEES[role]) {
        for (const p of pages) expect(p.statusCode, role).toBe(404);
        const before = await disruptionCount();
        const posted = await browser.post(`${disruptionUrl}/events`, { kind: 'suspended' });
        expect(posted.statusCode, role).toBe(404);
        expect(await disruptionCount()).toBe(before);
      }
    }
    expect(seen).toEqual(SEES);
  });

  it('another organisation finds nothing (404), and a signed-out visitor is sent to sign in', async () => {
    const { meetingUrl, disruptionUrl } = await opened();
    const elsewhere = await makeOrganisation(t.db, 'Gemeente Elders');
    const other = await signIn(app, (await makeUser(t.db, elsewhere, ['clerk', 'mayor'])).email);
    expect((await other.get(meetingUrl)).statusCode).toBe(404);
    expect((await other.get(disruptionUrl)).statusCode).toBe(404);
    expect((await other.get('/meetings')).body).not.toContain(meetingUrl);
    const visitor = new Browser(app);
    await visitor.get('/sign-in');
    for (const url of ['/meetings', meetingUrl, disruptionUrl]) {
      const response = await visitor.get(url);
      expect(response.statusCode, url).toBe(303);
      expect(response.headers.location).toMatch(/^\/sign-in\?next=/);
    }
    expect((await visitor.post(`${disruptionUrl}/events`, { kind: 'suspended' })).statusCode).toBe(303);
  });
});
