import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCaller, reportBody, type ApiCaller } from '../../../../test/api.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.js';
import { makeOrganisation, makeUser } from '../../../../test/factories.js';
import { Browser, buildTestServer, signIn } from '../../../../test/http.js';
import type { Organisation } from '../../../domain/organisation/organisation.js';
import { ROLES, type Role } from '../../../domain/user/roles.js';

const READERS: readonly Role[] = ['security_adviser', 'mayor', 'municipal_secretary'];

describe('perpetrator register pages', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  const api = {} as Record<Role, ApiCaller>;
  let adviser: Browser;

  const report = async (caller: ApiCaller, overrides: Record<string, unknown> = {}) => {
    const response = await caller.post('/api/v1/incidents', reportBody(overrides));
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };
  const register = async (body: Record<string, unknown>) => {
    const response = await api.security_adviser.post('/api/v1/perpetrators', { kind: 'person', ...body });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };
  const idFrom = (location: unknown) => /\/perpetrators\/([0-9a-f-]{36})/.exec(String(location))![1]!;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db);
    for (const role of ROLES) api[role] = await makeCaller(app, t.db, org, [role], `Persoon ${role}`);
    adviser = await signIn(app, api.security_adviser.user.email);
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  const pages = (perpetratorId: string, otherId: string, incidentId: string) =>
    [
      ['GET', '/perpetrators'],
      ['GET', '/perpetrators?q=Vries'],
      ['GET', '/perpetrators/new'],
      ['GET', `/perpetrators/new?incident=${incidentId}`],
      ['GET', `/perpetrators/${perpetratorId}`],
      ['GET', `/perpetrators/${perpetratorId}/edit`],
      ['GET', `/perpetrators/${perpetratorId}/merge?duplicateId=${otherId}`],
      ['GET', `/incidents/${incidentId}/perpetrators`],
      ['POST', '/perpetrators/new'],
      ['POST', `/perpetrators/${perpetratorId}/edit`],
      ['POST', `/perpetrators/${perpetratorId}/merge`],
      ['POST', `/incidents/${incidentId}/perpetrators/link`],
      ['POST', `/incidents/${incidentId}/perpetrators/${perpetratorId}/unlink`],
    ] as const;

  const send = (browser: Browser, method: 'GET' | 'POST', url: string, otherId: string) =>
    method === 'GET'
      ? browser.get(url)
      : browser.post(url, { kind: 'person', name: 'Overschreven', duplicateId: otherId, perpetratorId: otherId, confirmNew: 'yes' });

  it('a signed-out visitor is sent to sign-in from every page, and nothing changes', async () => {
    const id = await register({ name: 'Onaangeroerd' });
    const other = await register({ name: 'Ook Onaangeroerd' });
    const incidentId = await report(api.alderman);
    const visitor = new Browser(app);
    await visitor.get('/sign-in');
    for (const [method, url] of pages(id, other, incidentId)) {
      const response = await send(visitor, method, url, other);
      expect(response.statusCode, `${method} ${url}`).toBe(303);
      expect(response.headers.location, `${method} ${url}`).toMatch(/^\/sign-in\?next=/);
    }
    const { rows } = await t.admin.query('SELECT name, merged_into FROM perpetrator WHERE id = ANY($1::uuid[]) ORDER BY name', [
      [id, other],
    ]);
    expect(rows).toEqual([
      { name: 'Onaangeroerd', merged_into: null },
      { name: 'Ook Onaangeroerd', merged_into: null },
    ]);
  });

  it.each(ROLES)('role %s: the register opens only with perpetrator.read, otherwise 404 on every page', async (role: Role) => {
    const id = await register({ name: `Matrix ${role}` });
    const other = await register({ name: `Matrix ander ${role}` });
    // An alderman's report reaches the mayor, the secretary and the adviser: all three may see it.
    const incidentId = await report(api.alderman, { perpetrator: { kind: 'person', name: `Matrix ${role}` } });
    const browser = await signIn(app, api[role].user.email);
    const reader = READERS.includes(role);
    for (const [method, url] of pages(id, other, incidentId)) {
      if (reader && method === 'POST') continue;
      const response = await send(browser, method, url, other);
      expect(response.statusCode, `${role}: ${method} ${url}`).toBe(reader ? 200 : 404);
      if (!reader) expect(response.body, `${role}: ${method} ${url}`).not.toContain(`Matrix ${role}`);
    }
    const { rows } = await t.admin.query('SELECT count(*)::int AS n FROM perpetrator WHERE name = $1', ['Overschreven']);
    expect(rows[0].n).toBe(0);
    expect(
      (await t.admin.query('SELECT count(*)::int AS n FROM incident_perpetrator WHERE incident_id = $1', [incidentId])).rows[0].n,
    ).toBe(0);
  });

  it("another organisation's people get 404 on every page", async () => {
    const id = await register({ name: 'Gemeentelijk Geheim' });
    const other = await register({ name: 'Ander Geheim' });
    const incidentId = await report(api.alderman);
    const elsewhere = await makeOrganisation(t.db, 'Gemeente Elders');
    const stranger = await makeUser(t.db, elsewhere, ['security_adviser', 'mayor', 'municipal_secretary']);
    const browser = await signIn(app, stranger.email);
    expect((await browser.get('/perpetrators')).statusCode).toBe(200);
    for (const [method, url] of pages(id, other, incidentId)) {
      // The register itself opens (their own, empty of ours); registering anew is theirs to do.
      if (url === '/perpetrators' || url.startsWith('/perpetrators?') || url === '/perpetrators/new') continue;
      const response = await send(browser, method, url, other);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await browser.get('/perpetrators?q=Geheim')).body).not.toContain('Gemeentelijk Geheim');
  });

  it('the form names each wrong field, warns of a likely duplicate, and registers on a deliberate second press', async () => {
    const existing = await register({ name: 'Jan de Vries', emails: ['jan@example.nl'] });
    const form = await adviser.get('/perpetrators/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Strafrechtelijke gegevens');

    const bad = await adviser.post('/perpetrators/new', {
      kind: '',
      name: '',
      emails: 'jan@example.nl\ngeen adres',
      phones: 'bel mij',
      dateOfBirth: '2999-01-01',
    });
    expect(bad.statusCode).toBe(400);
    for (const text of [
      'Kies een soort veroorzaker',
      'Vul een naam in',
      'Vul geldige e-mailadressen in',
      'Vul geldige telefoonnummers in',
      'Vul een geldige geboortedatum in',
    ]) {
      expect(bad.body).toContain(text);
    }
    for (const field of ['kind', 'name', 'emails', 'phones', 'dateOfBirth']) expect(bad.body).toContain(`href="#field-${field}"`);
    // What was typed stays.
    expect(bad.body).toContain('geen adres');
    // The summary follows the order of the form.
    expect(bad.body.indexOf('href="#field-kind"')).toBeLessThan(bad.body.indexOf('href="#field-phones"'));

    const likely = await adviser.post('/perpetrators/new', { kind: 'person', name: 'J. de Vries', emails: 'Jan@Example.nl' });
    expect(likely.statusCode).toBe(200);
    expect(likely.body).toContain('Staat deze veroorzaker al in het register?');
    expect(likely.body).toContain(`href="/perpetrators/${existing}"`);
    expect(likely.body).toContain('zelfde e-mailadres');
    expect(likely.body).toContain('name="confirmNew" value="yes"');
    expect((await t.admin.query("SELECT count(*)::int AS n FROM perpetrator WHERE name = 'J. de Vries'")).rows[0].n).toBe(0);

    const anyway = await adviser.post('/perpetrators/new', {
      kind: 'person',
      name: 'J. de Vries',
      emails: 'Jan@Example.nl',
      confirmNew: 'yes',
    });
    expect(anyway.statusCode).toBe(303);
    const id = idFrom(anyway.headers.location);
    expect(anyway.headers.location).toBe(`/perpetrators/${id}?notice=perpetrators.created`);
    const page = await adviser.get(anyway.headers.location as string);
    expect(page.body).toContain('De veroorzaker is geregistreerd.');
    expect(page.body).toContain('jan@example.nl');
    expect(page.body).toContain('Nog geen incident');

    const edit = await adviser.get(`/perpetrators/${id}/edit`);
    expect(edit.body).toContain('J. de Vries');
    const wrong = await adviser.post(`/perpetrators/${id}/edit`, { kind: 'person', name: 'J. de Vries', phones: 'geen nummer' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('href="#field-phones"');
    const saved = await adviser.post(`/perpetrators/${id}/edit`, {
      kind: 'person',
      name: 'J. de Vries',
      aliases: 'Jantje\nJ.d.V.',
      phones: '06-11112222',
      address: 'Markt 1',
    });
    expect(saved.headers.location).toBe(`/perpetrators/${id}?notice=perpetrators.saved`);
    const after = await adviser.get(saved.headers.location as string);
    expect(after.body).toContain('+31611112222');
    expect(after.body).toContain('Jantje');
    expect(after.body).toContain('De gegevens zijn opgeslagen.');
  });

  it('the incident page suggests records from the report, links and unlinks, and registers a new one prefilled from it', async () => {
    const anna = await register({ name: 'Anna Bakker', socialAccounts: ['@anna_b'] });
    const incidentId = await report(api.council_member, {
      perpetrator: { kind: 'person', name: 'Anna Bakkers', details: 'Ook via @anna_b en anna@example.org' },
    });
    const page = await adviser.get(`/incidents/${incidentId}/perpetrators`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Mogelijk al in het register');
    expect(page.body).toContain(`href="/perpetrators/${anna}"`);
    expect(page.body).toContain('lijkt op de naam');
    expect(page.body).toContain('zelfde account');
    expect(page.body).toContain(`href="/perpetrators/new?incident=${incidentId}"`);

    const linked = await adviser.post(`/incidents/${incidentId}/perpetrators/link`, { perpetratorId: anna });
    expect(linked.headers.location).toBe(`/incidents/${incidentId}/perpetrators?notice=perpetrators.linked`);
    const after = await adviser.get(linked.headers.location as string);
    expect(after.body).toContain('De veroorzaker is aan de melding gekoppeld.');
    expect(after.body).toContain(`action="/incidents/${incidentId}/perpetrators/${anna}/unlink"`);
    expect(after.body).toContain('Eerste incident');
    // The incident's timeline says so, for everyone who sees the incident, without a name.
    const incidentPage = await (await signIn(app, api.council_member.user.email)).get(`/incidents/${incidentId}`);
    expect(incidentPage.body).toContain('Veroorzaker uit het register gekoppeld');
    expect(incidentPage.body).not.toContain(`/perpetrators/${anna}`);

    const search = await adviser.get(`/incidents/${incidentId}/perpetrators?q=${encodeURIComponent('anna_b')}`);
    expect(search.body).toContain('Zelf zoeken');
    const unlinked = await adviser.post(`/incidents/${incidentId}/perpetrators/${anna}/unlink`, {});
    expect(unlinked.headers.location).toBe(`/incidents/${incidentId}/perpetrators?notice=perpetrators.unlinked`);
    const bogus = await adviser.post(`/incidents/${incidentId}/perpetrators/link`, { perpetratorId: 'niemand' });
    expect(bogus.headers.location).toBe(`/incidents/${incidentId}/perpetrators?error=error.perpetrator_unknown`);
    expect((await adviser.get(bogus.headers.location as string)).body).toContain('bestaat niet (meer) in het register');

    // A new record from a report that matches nobody: prefilled, and linked at once.
    const fresh = await report(api.council_member, {
      perpetrator: { kind: 'organisation', name: 'Stichting Boos', details: 'Mail: info@boos.example, tel. 010-1234567' },
    });
    const prefilled = await adviser.get(`/perpetrators/new?incident=${fresh}`);
    expect(prefilled.body).toContain('De nieuwe veroorzaker wordt gekoppeld aan melding');
    expect(prefilled.body).toContain('value="Stichting Boos"');
    expect(prefilled.body).toContain('info@boos.example');
    expect(prefilled.body).toContain('+31101234567');
    expect(prefilled.body).toMatch(/value="organisation"\s+checked/);
    const created = await adviser.post('/perpetrators/new', {
      incidentId: fresh,
      kind: 'organisation',
      name: 'Stichting Boos',
      emails: 'info@boos.example',
      phones: '+31101234567',
    });
    expect(created.headers.location).toBe(`/incidents/${fresh}/perpetrators?notice=perpetrators.linked`);
    const { rows } = await t.admin.query(
      'SELECT p.name FROM incident_perpetrator l JOIN perpetrator p ON p.id = l.perpetrator_id WHERE l.incident_id = $1',
      [fresh],
    );
    expect(rows).toEqual([{ name: 'Stichting Boos' }]);
  });

  it('the record page shows first or repeated at a glance, every incident and measure, and merges a duplicate after confirmation', async () => {
    const kept = await register({ name: 'Herman Herhaal' });
    const duplicate = await register({ name: 'H. Herhaal', emails: ['herman@example.nl'] });
    const councillorIncident = await report(api.council_member, {
      occurredAt: '2026-03-01T10:00:00+01:00',
      level: 'verbal_aggression',
      behaviours: ['insult'],
    });
    const employeeIncident = await report(api.employee, {
      occurredAt: '2026-04-01T10:00:00+02:00',
      level: 'physical_violence',
      behaviours: ['spitting'],
    });
    await api.security_adviser.post(`/api/v1/incidents/${councillorIncident}/perpetrators`, { perpetratorId: kept });
    await api.security_adviser.post(`/api/v1/incidents/${employeeIncident}/perpetrators`, { perpetratorId: duplicate });
    await t.admin.query(
      `INSERT INTO measure (organisation_id, incident_id, perpetrator_id, kind, state, reasons, starts_on, ends_on, proposed_by)
       VALUES ($1, $2, $3, 'ban', 'decided', 'Gespuugd', '2026-04-02', '2026-10-02', $4)`,
      [org.id, employeeIncident, duplicate, api.security_adviser.user.id],
    );
    const before = await adviser.get(`/perpetrators/${kept}`);
    expect(before.body).toContain('Eerste incident');
    expect(before.body).toContain('Lijken op deze registratie');
    expect(before.body).toContain(`href="/perpetrators/${kept}/merge?duplicateId=${duplicate}"`);

    const confirm = await adviser.get(`/perpetrators/${kept}/merge?duplicateId=${duplicate}`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Dit kan niet ongedaan worden gemaakt.');
    expect(confirm.body).toContain(`value="${duplicate}"`);
    const merged = await adviser.post(`/perpetrators/${kept}/merge`, { duplicateId: duplicate });
    expect(merged.headers.location).toBe(`/perpetrators/${kept}?notice=perpetrators.merged`);

    // The mayor handles the councillor's case, not the employee's; the record shows both.
    const mayor = await signIn(app, api.mayor.user.email);
    const page = await mayor.get(`/perpetrators/${kept}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Herhaald: 2 incidenten');
    expect(page.body).toContain('1 tegen ambtsdragers, 1 tegen medewerkers.');
    expect(page.body).toContain(`href="/incidents/${councillorIncident}"`);
    expect(page.body).not.toContain(`href="/incidents/${employeeIncident}"`);
    expect(page.body).toContain('Verbale agressie');
    expect(page.body).toContain('Fysiek geweld');
    expect(page.body).toContain('Toegangsverbod');
    expect(page.body).toContain('2 oktober 2026');
    expect(page.body).toContain('herman@example.nl');
    expect(page.body).toContain('H. Herhaal');
    expect(page.body.indexOf('1 maart 2026')).toBeLessThan(page.body.indexOf('1 april 2026'));

    const old = await adviser.get(`/perpetrators/${duplicate}`);
    expect(old.body).toContain('Deze registratie is samengevoegd met een andere.');
    expect(old.body).toContain(`href="/perpetrators/${kept}"`);
    expect(old.body).not.toContain(`/perpetrators/${duplicate}/edit`);
    const again = await adviser.post(`/perpetrators/${kept}/merge`, { duplicateId: duplicate });
    expect(again.headers.location).toBe(`/perpetrators/${kept}?error=error.perpetrator_merged`);
    const read = await t.admin.query(
      "SELECT count(*)::int AS n FROM audit_event WHERE action = 'perpetrator.read' AND object_id = $1 AND actor_user_id = $2",
      [kept, api.mayor.user.id],
    );
    expect(read.rows[0].n).toBe(1);
  });

  it('lists and searches the register, in Dutch or English', async () => {
    // The language is the session's: this test switches it in a session of its own.
    const adviser = await signIn(app, api.security_adviser.user.email);
    await register({ name: 'Zoë Zoeker', phones: ['06-99998888'] });
    const list = await adviser.get('/perpetrators');
    expect(list.body).toContain('Zoë Zoeker');
    expect(list.body).toContain('href="/perpetrators/new"');
    const byPhone = await adviser.get(`/perpetrators?q=${encodeURIComponent('+31 6 9999 8888')}`);
    expect(byPhone.body).toContain('Zoë Zoeker');
    expect((await adviser.get('/perpetrators?q=Xyzzy')).body).toContain('Niets gevonden.');
    expect((await adviser.get('/perpetrators?kind=buurman')).statusCode).toBe(400);
    await adviser.get('/lang/en?back=/perpetrators');
    const english = await adviser.get('/perpetrators');
    expect(english.body).toContain('<h1 class="utrecht-heading-1">Perpetrators</h1>');
    expect(english.body).toContain('Criminal-law data');
  });
});
