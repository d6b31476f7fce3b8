import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerWithToken, makeCaller, type ApiCaller } from '../../../../test/api.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.js';
import { createIncident, makeOrganisation, makeUser } from '../../../../test/factories.js';
import { buildTestServer, signIn, type Browser } from '../../../../test/http.js';
import { withOrganisation } from '../../../db/database.js';
import { createApiToken } from '../../../domain/auth/api-token.js';
import type { Organisation } from '../../../domain/organisation/organisation.js';
import type { User } from '../../../domain/user/user.js';

const PERIOD = 'from=2026-01-01&to=2026-12-31';
/** The figure in a table row of the dashboard: the row's header, then this period's count. */
const rowCount = (html: string, label: string) =>
  new RegExp(`<th[^>]*scope="row"[^>]*>(?:<a[^>]*>)?${label}(?:</a>)?</th><td[^>]*>(\\d+)</td>`).exec(html)?.[1];

describe('Inzicht: the dashboard and the statistics API', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  let adviser: User;
  let councillor: User;
  let adviserPage: Browser;
  let clerk: User;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db);
    adviser = await makeUser(t.db, org, ['security_adviser']);
    councillor = await makeUser(t.db, org, ['council_member']);
    // Present before the reports, so routing informs them (access is given when an incident is reported).
    clerk = await makeUser(t.db, org, ['clerk']);
    const employee = await makeUser(t.db, org, ['employee']);
    const as = (user: User) => ({ user, organisation: org });
    await createIncident(t.db, as(councillor), {
      occurredAt: '2026-03-10T21:00:00+01:00',
      level: 'threat',
      behaviours: ['threat_of_violence'],
    });
    await createIncident(t.db, as(councillor), { occurredAt: '2026-04-02T10:00:00+02:00', level: 'threat', channel: 'email' });
    await createIncident(t.db, as(employee), {
      occurredAt: '2026-05-02T10:00:00+02:00',
      level: 'verbal_aggression',
      behaviours: ['insult'],
    });
    await createIncident(t.db, as(councillor), { occurredAt: '2025-03-01T10:00:00+01:00', level: 'threat' });
    adviserPage = await signIn(app, adviser.email);
  });
  const callerFor = async (user: User) => {
    const { token } = await withOrganisation(t.db, org.id, (tx) =>
      createApiToken(tx, { organisationId: org.id, userId: null, originIp: null }, user.email),
    );
    return callerWithToken(app, user, token);
  };

  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('shows the adviser the period at a glance, with the trend in words, each breakdown as a chart beside its table', async () => {
    const page = await adviserPage.get(`/insight?${PERIOD}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('3 meldingen, 2 meer dan in dezelfde periode vorig jaar.');
    expect(rowCount(page.body, 'Bedreiging of intimidatie')).toBe('2');
    expect(rowCount(page.body, 'Verbale agressie')).toBe('1');
    expect(rowCount(page.body, 'Belediging')).toBe('1');
    expect(page.body.match(/<svg class="wb-chart__svg" aria-hidden="true"/g)?.length).toBe(8);
    // The navigation offers Inzicht to those who have it.
    expect(page.body).toContain('href="/insight"');
  });

  it('leads from a row to the incident list with that filter, which lists exactly those incidents', async () => {
    const page = await adviserPage.get(`/insight?${PERIOD}`);
    const href = /<a class="utrecht-link" href="(\/incidents\?[^"]*level=threat[^"]*)"/.exec(page.body)?.[1]?.replace(/&amp;/g, '&');
    expect(href).toBe('/incidents?from=2026-01-01&to=2026-12-31&level=threat');
    const list = await adviserPage.get(href!);
    expect(list.statusCode).toBe(200);
    expect(list.body.match(/href="\/incidents\/[0-9a-f-]{36}"/g)?.length).toBe(2);
    const byBehaviour = await adviserPage.get('/incidents?from=2026-01-01&to=2026-12-31&behaviour=insult');
    expect(byBehaviour.body.match(/href="\/incidents\/[0-9a-f-]{36}"/g)?.length).toBe(1);
    const byGroup = await adviserPage.get('/incidents?from=2026-01-01&to=2026-12-31&group=office_holder');
    expect(byGroup.body.match(/href="\/incidents\/[0-9a-f-]{36}"/g)?.length).toBe(2);
  });

  it('filters by level, channel and group, and explains a period that runs backwards (400, in Dutch)', async () => {
    const filtered = await adviserPage.get(`/insight?${PERIOD}&channel=email`);
    expect(filtered.body).toContain('1 melding, 1 meer dan in dezelfde periode vorig jaar.');
    const bad = await adviserPage.get('/insight?from=2026-12-31&to=2026-01-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('De einddatum ligt voor de begindatum.');
  });

  it('is not there for a council member (404), nor signed out (to sign-in); another organisation’s adviser counts none of these', async () => {
    const member = await signIn(app, councillor.email);
    expect((await member.get('/insight')).statusCode).toBe(404);
    expect((await member.get('/insight?from=bad')).statusCode).toBe(404);
    expect((await member.get('/')).body).not.toContain('href="/insight"');
    const anonymous = await app.inject({ method: 'GET', url: '/insight' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/sign-in/);
    const other = await makeOrganisation(t.db, 'Gemeente Elders');
    const otherAdviser = await signIn(app, (await makeUser(t.db, other, ['security_adviser'])).email);
    const page = await otherAdviser.get(`/insight?${PERIOD}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Geen meldingen, net als in dezelfde periode vorig jaar.');
  });

  describe('GET /api/v1/statistics', () => {
    let api: ApiCaller;
    beforeAll(async () => {
      api = await callerFor(adviser);
    });

    it('answers one breakdown with the total, for the incidents the caller may see', async () => {
      const response = await api.get(`/api/v1/statistics?${PERIOD}&by=level`);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        data: [
          { key: 'emotional', count: 0 },
          { key: 'verbal_aggression', count: 1 },
          { key: 'threat', count: 2 },
          { key: 'physical_violence', count: 0 },
        ],
        total: 3,
      });
      const months = (await api.get(`/api/v1/statistics?${PERIOD}&by=month&level=threat`)).json();
      expect(months.total).toBe(2);
      expect(months.data.filter((c: { count: number }) => c.count > 0)).toEqual([
        { key: '2026-03', count: 1 },
        { key: '2026-04', count: 1 },
      ]);
      expect((await (await callerFor(clerk)).get(`/api/v1/statistics?${PERIOD}&by=group`)).json().data).toEqual([
        { key: 'office_holder', count: 2 },
        { key: 'employee', count: 0 },
      ]);
    });

    it('refuses an unknown dimension or a bad period (400), a council member (404), another organisation counts nothing', async () => {
      expect((await api.get(`/api/v1/statistics?${PERIOD}&by=colour`)).statusCode).toBe(400);
      expect((await api.get('/api/v1/statistics?from=2026-13-01&by=level')).statusCode).toBe(400);
      expect((await api.get('/api/v1/statistics?from=2026-05-01&to=2026-04-01&by=level')).statusCode).toBe(400);
      const member = await makeCaller(app, t.db, org, ['council_member']);
      expect((await member.get(`/api/v1/statistics?${PERIOD}&by=level`)).statusCode).toBe(404);
      const elsewhere = await makeCaller(app, t.db, await makeOrganisation(t.db), ['security_adviser']);
      expect((await elsewhere.get(`/api/v1/statistics?${PERIOD}&by=level`)).json().total).toBe(0);
      expect((await app.inject({ method: 'GET', url: `/api/v1/statistics?${PERIOD}&by=level` })).statusCode).toBe(401);
    });
  });
});
