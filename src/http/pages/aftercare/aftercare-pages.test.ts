import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.js';
import { makeOrganisation, makeUser } from '../../../../test/factories.js';
import { Browser, buildTestServer, signIn } from '../../../../test/http.js';
import type { User } from '../../../domain/user/user.js';

const minimal = {
  level: 'threat',
  occurredDate: '2026-11-20',
  occurredTime: '14:30',
  channel: 'phone',
  description: 'Dreigende telefoon.',
};

describe('aftercare, tasks, help and settings pages', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let councillor: User;
  let clerk: User;
  let asCouncillor: Browser;
  let asClerk: Browser;
  let asMayor: Browser;
  let asAdviser: Browser;
  let asAlderman: Browser;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    const org = await makeOrganisation(t.db);
    councillor = await makeUser(t.db, org, ['council_member'], 'Raadslid Rood');
    clerk = await makeUser(t.db, org, ['clerk'], 'Griffier Groen');
    const mayor = await makeUser(t.db, org, ['mayor'], 'Burgemeester Bruin');
    const adviser = await makeUser(t.db, org, ['security_adviser'], 'Adviseur Anna');
    const alderman = await makeUser(t.db, org, ['alderman'], 'Wethouder Wit');
    const browsers = await Promise.all([councillor, clerk, mayor, adviser, alderman].map((u) => signIn(app, u.email)));
    [asCouncillor, asClerk, asMayor, asAdviser, asAlderman] = browsers as [Browser, Browser, Browser, Browser, Browser];
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  /** The council member's report, with its plan untouched: each test has one of its own. */
  const reported = async () => {
    await asCouncillor.get('/report');
    const sent = await asCouncillor.post('/report', minimal);
    return /\/incidents\/([0-9a-f-]{36})/.exec(sent.headers.location as string)![1]!;
  };
  const conversationIds = async (incidentId: string) =>
    (await t.admin.query('SELECT id FROM aftercare_conversation WHERE incident_id = $1 ORDER BY number', [incidentId])).rows.map(
      (r) => r.id as string,
    );

  it('a signed-out visitor is sent to sign-in', async () => {
    const incidentId = await reported();
    const visitor = new Browser(app);
    for (const url of ['/tasks', '/help', `/incidents/${incidentId}/aftercare`, '/settings/aftercare', '/settings/contacts']) {
      expect((await visitor.get(url)).headers.location, url).toMatch(/^\/sign-in/);
    }
  });

  it('caregivers see their tasks; the plan is on its page with the help contacts', async () => {
    const incidentId = await reported();
    const tasks = await asClerk.get('/tasks');
    expect(tasks.body).toContain('Eerste nazorggesprek');
    expect(tasks.body).toContain(`/incidents/${incidentId}/aftercare`);
    expect((await asCouncillor.get('/tasks')).body).toContain('Geen taken');
    const page = await asCouncillor.get(`/incidents/${incidentId}/aftercare`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Nazorg voor Raadslid Rood');
    expect(page.body).toContain('Slachtofferhulp Nederland');
    expect(page.body).toContain('href="tel:09000101"');
    expect((await asAlderman.get(`/incidents/${incidentId}/aftercare`)).statusCode).toBe(404);
  });

  it('a caregiver offers and records a conversation; the notes stay with the caregivers and the affected person', async () => {
    const incidentId = await reported();
    const [first] = await conversationIds(incidentId);
    const back = `/incidents/${incidentId}/aftercare`;
    await asClerk.get(back);
    expect((await asClerk.post(`/aftercare/${first}/offer`, { back })).headers.location).toBe(`${back}?notice=aftercare.saved`);
    expect((await asCouncillor.get(back)).body).toContain('Aangeboden');
    const bad = await asClerk.post(`/aftercare/${first}/hold`, {
      back,
      'heldDate-x': 'gisteren',
      'heldTime-x': '10:00',
      'notes-x': 'Veel steun aan thuisfront.',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Vul een geldige datum en tijd in');
    expect(bad.body).toContain('Veel steun aan thuisfront.');
    const ok = await asClerk.post(`/aftercare/${first}/hold`, {
      back,
      'heldDate-x': '2026-11-21',
      'heldTime-x': '10:00',
      'notes-x': 'Veel steun aan thuisfront.',
    });
    expect(ok.statusCode).toBe(303);
    for (const [who, browser] of [
      ['clerk', asClerk],
      ['mayor', asMayor],
      ['councillor', asCouncillor],
    ] as const) {
      expect((await browser.get(back)).body, who).toContain('Veel steun aan thuisfront.');
    }
    const adviserPage = await asAdviser.get(back);
    expect(adviserPage.statusCode).toBe(200);
    expect(adviserPage.body).not.toContain('Veel steun aan thuisfront.');
    expect(adviserPage.body).not.toContain('Gesprek vastleggen');
    expect((await asAdviser.post(`/aftercare/${first}/offer`, { back })).statusCode).toBe(404);
  });

  it('the affected person declines an offer, which is respected', async () => {
    const incidentId = await reported();
    const [, second] = await conversationIds(incidentId);
    const back = `/incidents/${incidentId}/aftercare`;
    await asMayor.get(back);
    await asMayor.post(`/aftercare/${second}/offer`, { back });
    await asCouncillor.get(back);
    expect((await asCouncillor.post(`/aftercare/${second}/respond`, { back, answer: 'decline' })).statusCode).toBe(303);
    const page = await asCouncillor.get(back);
    expect(page.body).toContain('Afgeslagen');
  });

  it('cancelling a deadline from the page needs a reason', async () => {
    const incidentId = await reported();
    const back = `/incidents/${incidentId}/aftercare`;
    const [, , third] = await conversationIds(incidentId);
    const deadline = (await t.admin.query('SELECT id FROM deadline WHERE subject_id = $1', [third])).rows[0].id;
    await asClerk.get(back);
    const empty = await asClerk.post(`/deadlines/${deadline}/cancel`, { back, 'reason-x': '' });
    expect(empty.headers.location).toContain('error=');
    expect((await asClerk.get(empty.headers.location as string)).body).toContain('Geef een reden');
    expect((await t.admin.query('SELECT state FROM deadline WHERE id = $1', [deadline])).rows[0].state).toBe('open');
    await asClerk.post(`/deadlines/${deadline}/cancel`, { back, 'reason-x': 'Raadslid verhuist, nazorg via nieuwe gemeente' });
    expect((await t.admin.query('SELECT state, cancel_reason FROM deadline WHERE id = $1', [deadline])).rows[0]).toEqual({
      state: 'cancelled',
      cancel_reason: 'Raadslid verhuist, nazorg via nieuwe gemeente',
    });
  });

  it('only the security adviser opens the overview of overdue duties', async () => {
    expect((await asAdviser.get('/tasks/overdue')).statusCode).toBe(200);
    expect((await asClerk.get('/tasks/overdue')).statusCode).toBe(404);
  });

  it('administrators edit aftercare settings and contacts; others get 404', async () => {
    // Settings and contacts hold for the whole organisation: these are changed in one of its own,
    // so no other test's plan or help page changes with them.
    const org = await makeOrganisation(t.db);
    const asAdmin = await signIn(app, (await makeUser(t.db, org, ['admin'], 'Beheerder Blauw')).email);
    const asClerk = await signIn(app, (await makeUser(t.db, org, ['clerk'], 'Griffier Grijs')).email);
    const asCouncillor = await signIn(app, (await makeUser(t.db, org, ['council_member'], 'Raadslid Roos')).email);
    for (const url of ['/settings/aftercare', '/settings/contacts', '/settings/contacts/new']) {
      expect((await asClerk.get(url)).statusCode, url).toBe(404);
    }
    expect((await asClerk.post('/settings/contacts/new', { name: 'X' })).statusCode).toBe(404);
    await asAdmin.get('/settings/aftercare');
    const bad = await asAdmin.post('/settings/aftercare', {
      firstHours: 'veel',
      secondHours: '72',
      thirdFromDays: '28',
      thirdUntilDays: '42',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Vul een heel getal in');
    const saved = await asAdmin.post('/settings/aftercare', {
      firstHours: '72',
      secondHours: '336',
      thirdFromDays: '42',
      thirdUntilDays: '56',
      care_council_member: ['mayor', 'clerk'],
      manager_employee: 'on',
    });
    expect(saved.headers.location).toBe('/settings/aftercare?notice=aftercare_settings.saved');
    await asAdmin.get('/settings/contacts/new');
    const noName = await asAdmin.post('/settings/contacts/new', { name: '', url: 'geen url' });
    expect(noName.statusCode).toBe(400);
    expect(noName.body).toContain('Vul een naam in');
    expect(
      (await asAdmin.post('/settings/contacts/new', { name: 'Bedrijfsarts', phone: '0592 111 222', active: 'on', position: '9' }))
        .statusCode,
    ).toBe(303);
    expect((await asCouncillor.get('/help')).body).toContain('Bedrijfsarts');
    const list = await asAdmin.get('/settings/contacts');
    const editId = /href="\/settings\/contacts\/([0-9a-f-]{36})" aria-label="Wijzigen: Bedrijfsarts"/.exec(list.body)![1]!;
    await asAdmin.get(`/settings/contacts/${editId}`);
    await asAdmin.post(`/settings/contacts/${editId}`, { name: 'Bedrijfsarts', phone: '0592 111 333' });
    const help = await asCouncillor.get('/help');
    expect(help.body).not.toContain('Bedrijfsarts');
  });
});
