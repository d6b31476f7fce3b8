import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeOrganisation, makeUser, TEST_PASSWORD } from '../../../test/factories.js';
import { Browser, buildTestServer, signIn } from '../../../test/http.js';
import { currentTotp } from '../../domain/auth/totp.js';
import type { Organisation } from '../../domain/organisation/organisation.js';

describe('sign-in', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db);
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  const auditActions = async (userId: string) =>
    (
      await t.admin.query<{ action: string; result: string }>(
        'SELECT action, result FROM audit_event WHERE actor_user_id = $1 ORDER BY seq',
        [userId],
      )
    ).rows;

  it('a plain employee signs in with e-mail and password alone, and signs out', async () => {
    const employee = await makeUser(t.db, org, ['employee']);
    const browser = new Browser(app);
    await browser.get('/sign-in');
    const response = await browser.post('/sign-in', { email: employee.email.toUpperCase(), password: TEST_PASSWORD });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/');
    const cookie = response.cookies.find((c) => c.name === 'wb_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const home = await browser.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain(employee.name);

    const out = await browser.post('/sign-out', {});
    expect(out.headers.location).toBe('/sign-in?notice=signin.signed_out');
    expect((await browser.get('/')).statusCode).toBe(303);
    expect((await auditActions(employee.id)).map((a) => a.action)).toEqual(['sign_in', 'sign_out']);
  });

  it('every other role must enrol a second factor before anything else opens', async () => {
    const clerk = await makeUser(t.db, org, ['clerk']);
    const browser = new Browser(app);
    await browser.get('/sign-in');
    const response = await browser.post('/sign-in', { email: clerk.email, password: TEST_PASSWORD });
    expect(response.headers.location).toBe('/sign-in/second-factor');
    // Half signed in: the rest of the site is still closed.
    expect((await browser.get('/')).headers.location).toBe('/sign-in/second-factor');
    expect((await browser.get('/api/v1/me', {})).statusCode).toBe(401);

    const page = await browser.get('/sign-in/second-factor');
    expect(page.body).toContain('data:image/svg+xml;base64,');
    const secret = /wb-secret">([^<]+)</.exec(page.body)![1]!.replace(/\s/g, '');

    const wrong = await browser.post('/sign-in/second-factor', { code: '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Deze code klopt niet');

    const enrolmentAt = Date.now();
    const ok = await browser.post('/sign-in/second-factor', { code: currentTotp(secret, enrolmentAt) });
    // The answer shows the ten recovery codes once, and goes on home from there.
    expect(ok.statusCode).toBe(200);
    expect(ok.body.match(/<code class="utrecht-code">[a-z0-9]{5}-[a-z0-9]{5}<\/code>/g)).toHaveLength(10);
    expect(ok.body).toContain('href="/?notice=totp.enrolled"');
    expect((await browser.get('/')).statusCode).toBe(200);

    // Next time the code is asked, not a new enrolment; the enrolment's code is used up.
    const again = new Browser(app);
    await again.get('/sign-in');
    await again.post('/sign-in', { email: clerk.email, password: TEST_PASSWORD });
    const second = await again.get('/sign-in/second-factor');
    expect(second.body).not.toContain('wb-secret');
    const replayed = await again.post('/sign-in/second-factor', { code: currentTotp(secret, enrolmentAt) });
    expect(replayed.statusCode).toBe(400);
    expect(replayed.body).toContain('Deze code is al gebruikt');
    // The code of the next 30-second step is new (one step either side of now is accepted).
    const next = await again.post('/sign-in/second-factor', { code: currentTotp(secret, enrolmentAt + 30_000) });
    expect(next.headers.location).toBe('/');
  });

  it('an organisation can require the second factor for plain employees too', async () => {
    const other = await makeOrganisation(t.db, 'Gemeente Streng');
    await t.admin.query('UPDATE organisation SET mfa_for_employees = true WHERE id = $1', [other.id]);
    const employee = await makeUser(t.db, other, ['employee']);
    const browser = new Browser(app);
    await browser.get('/sign-in');
    expect((await browser.post('/sign-in', { email: employee.email, password: TEST_PASSWORD })).headers.location).toBe(
      '/sign-in/second-factor',
    );
  });

  it('a wrong password gets one message for every cause, and five in a row lock the account', async () => {
    const employee = await makeUser(t.db, org, ['employee']);
    const browser = new Browser(app);
    await browser.get('/sign-in');
    const unknown = await browser.post('/sign-in', { email: 'niemand@example.test', password: 'wat dan ook hier' });
    const wrong = await browser.post('/sign-in', { email: employee.email, password: 'verkeerd wachtwoord' });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('Het e-mailadres of wachtwoord klopt niet');
    for (let i = 0; i < 4; i++) await browser.post('/sign-in', { email: employee.email, password: 'verkeerd wachtwoord' });
    const locked = await browser.post('/sign-in', { email: employee.email, password: TEST_PASSWORD });
    expect(locked.statusCode).toBe(401);
    const actions = await auditActions(employee.id);
    expect(actions.filter((a) => a.action === 'sign_in' && a.result === 'failure')).toHaveLength(6);
    const { rows } = await t.admin.query(
      'SELECT count(*)::int AS n FROM audit_event WHERE actor_user_id IS NULL AND action = $1 AND result = $2',
      ['sign_in', 'failure'],
    );
    expect(rows[0].n).toBeGreaterThanOrEqual(1);
  });

  it('one address trying too often is slowed down before any account is locked', async () => {
    const limited = await buildTestServer(t.db, { signInAttemptsPerMinute: 3 });
    const browser = new Browser(limited);
    await browser.get('/sign-in');
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await browser.post('/sign-in', { email: 'x@example.test', password: 'verkeerd wachtwoord' })).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429]);
    await limited.close();
  });

  it('a form without its token is refused and changes nothing', async () => {
    const employee = await makeUser(t.db, org, ['employee']);
    const browser = new Browser(app);
    await browser.get('/sign-in');
    const response = await browser.post('/sign-in', { _csrf: 'vervalst', email: employee.email, password: TEST_PASSWORD });
    expect(response.statusCode).toBe(403);
    expect(browser.hasCookie('wb_session')).toBe(false);
    const signedIn = await signIn(app, employee.email);
    const forged = await signedIn.post('/sign-out', { _csrf: 'vervalst' });
    expect(forged.statusCode).toBe(403);
    expect((await signedIn.get('/')).statusCode).toBe(200);
  });

  it('only local paths are followed after sign-in', async () => {
    const employee = await makeUser(t.db, org, ['employee']);
    const browser = new Browser(app);
    await browser.get('/sign-in');
    const response = await browser.post('/sign-in?next=//evil.example/', { email: employee.email, password: TEST_PASSWORD });
    expect(response.headers.location).toBe('/');
  });

  it('a temporary password must be replaced at first sign-in', async () => {
    const admin = await makeUser(t.db, org, ['admin']);
    const adminBrowser = await signIn(app, admin.email);
    // Adding a person sends an invitation now; a temporary password comes from a reset by an administrator.
    const person = await makeUser(t.db, org, ['employee'], 'Nieuwe Medewerker');
    await t.admin.query("UPDATE app_user SET email = 'nieuw@example.test' WHERE id = $1", [person.id]);
    await adminBrowser.get(`/people/${person.id}`);
    const created = await adminBrowser.post(`/people/${person.id}/reset-password`, {});
    expect(created.statusCode).toBe(200);
    const temporary = /Tijdelijk wachtwoord voor Nieuwe Medewerker: ([a-z0-9-]+)/.exec(created.body)![1]!;

    const browser = new Browser(app);
    await browser.get('/sign-in');
    await browser.post('/sign-in', { email: 'nieuw@example.test', password: temporary });
    expect((await browser.get('/')).headers.location).toBe('/account/password');
    await browser.get('/account/password');
    const mismatch = await browser.post('/account/password', { password: 'een nieuw lang wachtwoord', confirmation: 'iets anders' });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body).toContain('De twee wachtwoorden zijn niet gelijk');
    const changed = await browser.post('/account/password', {
      password: 'een nieuw lang wachtwoord',
      confirmation: 'een nieuw lang wachtwoord',
    });
    // After a forced change the person goes on to the home page.
    expect(changed.headers.location).toBe('/?notice=password.changed');
    expect((await browser.get('/')).statusCode).toBe(200);
    await expect(signIn(app, 'nieuw@example.test', temporary)).rejects.toThrow(/401/);
    await signIn(app, 'nieuw@example.test', 'een nieuw lang wachtwoord');
  });

  it('a deactivated person can no longer sign in and loses open sessions', async () => {
    const admin = await makeUser(t.db, org, ['admin']);
    const employee = await makeUser(t.db, org, ['employee']);
    const session = await signIn(app, employee.email);
    const adminBrowser = await signIn(app, admin.email);
    await adminBrowser.get(`/people/${employee.id}`);
    expect((await adminBrowser.post(`/people/${employee.id}/deactivate`, {})).statusCode).toBe(303);
    expect((await session.get('/')).statusCode).toBe(303);
    await expect(signIn(app, employee.email)).rejects.toThrow(/401/);
  });
});
