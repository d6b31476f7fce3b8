import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeOrganisation, makeUser } from '../../../test/factories.js';
import { Browser, buildTestServer, signIn } from '../../../test/http.js';
import type { Organisation } from '../../domain/organisation/organisation.js';
import { ROLES, type Role } from '../../domain/user/roles.js';
import type { User } from '../../domain/user/user.js';

describe('people management', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  let admin: User;
  let adminBrowser: Browser;
  let subject: User;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db, 'Gemeente Beheer');
    admin = await makeUser(t.db, org, ['admin'], 'Beheerder');
    subject = await makeUser(t.db, org, ['council_member'], 'Raadslid Onderwerp');
    adminBrowser = await signIn(app, admin.email);
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  const pages = (id: string) =>
    [
      ['GET', '/people'],
      ['GET', '/people/new'],
      ['POST', '/people/new'],
      ['GET', `/people/${id}`],
      ['POST', `/people/${id}`],
      ['POST', `/people/${id}/deactivate`],
      ['POST', `/people/${id}/reactivate`],
      ['POST', `/people/${id}/reset-password`],
      ['POST', `/people/${id}/reset-second-factor`],
      ['GET', '/settings'],
      ['POST', '/settings'],
    ] as const;

  const request = (browser: Browser, method: 'GET' | 'POST', url: string) =>
    method === 'GET' ? browser.get(url) : browser.post(url, { name: 'X', email: 'x@example.test', roles: 'employee' });

  it('a signed-out visitor is sent to sign-in from every people page, and nothing changes', async () => {
    const peopleCount = async () =>
      (await t.admin.query('SELECT count(*)::int AS n FROM app_user WHERE organisation_id = $1', [org.id])).rows[0].n as number;
    const before = await peopleCount();
    const visitor = new Browser(app);
    await visitor.get('/sign-in');
    for (const [method, url] of pages(subject.id)) {
      const response = await request(visitor, method, url);
      expect(response.statusCode, `${method} ${url}`).toBe(303);
      expect(response.headers.location, `${method} ${url}`).toMatch(/^\/sign-in\?next=/);
    }
    expect(await peopleCount()).toBe(before);
  });

  it.each(ROLES.filter((r) => r !== 'admin'))('a %s gets 404 on every people page, as if it did not exist', async (role: Role) => {
    const person = await makeUser(t.db, org, [role]);
    const browser = await signIn(app, person.email);
    for (const [method, url] of pages(subject.id)) {
      const response = await request(browser, method, url);
      expect(response.statusCode, `${role}: ${method} ${url}`).toBe(404);
    }
    const home = await browser.get('/');
    expect(home.body).not.toContain('href="/people"');
    const still = await t.admin.query('SELECT active, name FROM app_user WHERE id = $1', [subject.id]);
    expect(still.rows[0]).toEqual({ active: true, name: 'Raadslid Onderwerp' });
  });

  it("an administrator of another organisation cannot see or change this organisation's people", async () => {
    const other = await makeOrganisation(t.db, 'Gemeente Elders');
    const otherAdmin = await makeUser(t.db, other, ['admin']);
    const browser = await signIn(app, otherAdmin.email);
    const list = await browser.get('/people');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('Raadslid Onderwerp');
    for (const [method, url] of pages(subject.id).filter(([, u]) => u.includes(subject.id))) {
      expect((await request(browser, method, url)).statusCode, `${method} ${url}`).toBe(404);
    }
    const still = await t.admin.query('SELECT active FROM app_user WHERE id = $1', [subject.id]);
    expect(still.rows[0].active).toBe(true);
  });

  it('an administrator sees everyone with roles, and the read of a record is audited', async () => {
    const list = await adminBrowser.get('/people');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Raadslid Onderwerp');
    expect(list.body).toContain('Raadslid');
    await adminBrowser.get(`/people/${subject.id}`);
    const { rows } = await t.admin.query(
      "SELECT actor_user_id, object_id FROM audit_event WHERE action = 'user.read' ORDER BY seq DESC LIMIT 1",
    );
    expect(rows[0]).toEqual({ actor_user_id: admin.id, object_id: subject.id });
  });

  it('adding a person checks every field and keeps what was typed', async () => {
    await adminBrowser.get('/people/new');
    const bad = await adminBrowser.post('/people/new', { name: 'Half Ingevuld', email: 'geen-adres' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Vul een geldig e-mailadres in');
    expect(bad.body).toContain('Kies minstens één rol');
    expect(bad.body).toContain('value="Half Ingevuld"');
    const taken = await adminBrowser.post('/people/new', { name: 'Dubbel', email: subject.email, roles: 'employee' });
    // A conflict with the data (not a typing mistake) comes back as 409, with the form.
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toContain('Dit e-mailadres is al in gebruik');

    const ok = await adminBrowser.post('/people/new', {
      name: 'Wethouder Nieuw',
      email: 'Wethouder@Example.test',
      roles: ['alderman', 'employee'],
    });
    expect(ok.statusCode).toBe(201);
    // No password to hand over: an invitation by e-mail, to choose one's own.
    expect(ok.body).toContain('Er is een uitnodiging gestuurd naar wethouder@example.test');
    const { rows } = await t.admin.query(
      "SELECT u.email, array_agg(r.role ORDER BY r.role) AS roles, u.must_change_password, u.password_hash IS NULL AS no_password FROM app_user u JOIN user_role r ON r.user_id = u.id WHERE u.name = 'Wethouder Nieuw' GROUP BY u.organisation_id, u.id",
    );
    expect(rows[0]).toEqual({
      email: 'wethouder@example.test',
      roles: ['alderman', 'employee'],
      must_change_password: false,
      no_password: true,
    });
    const invitations = await t.admin.query(
      "SELECT t.purpose FROM account_token t JOIN app_user u ON u.id = t.user_id WHERE u.email = 'wethouder@example.test'",
    );
    expect(invitations.rows).toEqual([{ purpose: 'invitation' }]);
  });

  it('changing roles, deactivating and reactivating keep the person and their history', async () => {
    // A person of this test's own: the others read the shared subject as it was made.
    const subject = await makeUser(t.db, org, ['council_member'], 'Raadslid Wisselend');
    await adminBrowser.get(`/people/${subject.id}`);
    const saved = await adminBrowser.post(`/people/${subject.id}`, {
      name: 'Raadslid Wisselend',
      email: subject.email,
      roles: ['council_member', 'group_member'],
    });
    expect(saved.headers.location).toBe(`/people/${subject.id}?notice=people.saved`);
    expect((await adminBrowser.get(saved.headers.location as string)).body).toContain('De gegevens zijn opgeslagen');

    await adminBrowser.post(`/people/${subject.id}/deactivate`, {});
    let row = (await t.admin.query('SELECT active, deactivated_at FROM app_user WHERE id = $1', [subject.id])).rows[0];
    expect(row.active).toBe(false);
    expect(row.deactivated_at).not.toBeNull();
    await adminBrowser.post(`/people/${subject.id}/reactivate`, {});
    row = (await t.admin.query('SELECT active FROM app_user WHERE id = $1', [subject.id])).rows[0];
    expect(row.active).toBe(true);
    const actions = (await t.admin.query('SELECT action FROM audit_event WHERE object_id = $1 ORDER BY seq', [subject.id])).rows.map(
      (r) => r.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['user.create', 'user.update', 'user.deactivate', 'user.reactivate']));
  });

  it('an administrator cannot lock themselves out or change their own roles', async () => {
    await adminBrowser.get(`/people/${admin.id}`);
    const own = await adminBrowser.post(`/people/${admin.id}`, { name: 'Beheerder', email: admin.email, roles: 'employee' });
    expect(own.statusCode).toBe(400);
    expect(own.body).toContain('U kunt uw eigen rollen niet wijzigen.');
    expect((await adminBrowser.post(`/people/${admin.id}/deactivate`, {})).statusCode).toBe(400);
  });

  it('a password reset shows a temporary password once and that password works', async () => {
    const person = await makeUser(t.db, org, ['employee'], 'Vergeetachtig');
    await adminBrowser.get(`/people/${person.id}`);
    const reset = await adminBrowser.post(`/people/${person.id}/reset-password`, {});
    const temporary = /Tijdelijk wachtwoord voor Vergeetachtig: ([a-z0-9-]+)/.exec(reset.body)![1]!;
    const browser = await signIn(app, person.email, temporary);
    expect((await browser.get('/')).headers.location).toBe('/account/password');
  });

  it('unknown or malformed ids answer 404', async () => {
    expect((await adminBrowser.get('/people/00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
    expect((await adminBrowser.get('/people/not-an-id')).statusCode).toBe(404);
  });

  it('the organisation can require the second factor for employees', async () => {
    // The setting holds for everyone in the organisation: it is changed in one of its own, so the
    // other tests' employees still sign in with a password alone.
    const org = await makeOrganisation(t.db, 'Gemeente Streng');
    const adminBrowser = await signIn(app, (await makeUser(t.db, org, ['admin'], 'Beheerder Streng')).email);
    await adminBrowser.get('/settings');
    const saved = await adminBrowser.post('/settings', { mfaForEmployees: 'on' });
    expect(saved.statusCode).toBe(303);
    const { rows } = await t.admin.query('SELECT mfa_for_employees FROM organisation WHERE id = $1', [org.id]);
    expect(rows[0].mfa_for_employees).toBe(true);
  });
});
