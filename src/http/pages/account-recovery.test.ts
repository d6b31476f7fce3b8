import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCaller } from '../../../test/api.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeOrganisation, makeUser, TEST_PASSWORD } from '../../../test/factories.js';
import { Browser, buildTestServer, forgetUsedCode, signIn } from '../../../test/http.js';
import { startSmtpServer } from '../../../test/smtp.js';
import { currentTotp } from '../../domain/auth/totp.js';
import type { Organisation } from '../../domain/organisation/organisation.js';
import type { User } from '../../domain/user/user.js';
import { deliverDueMail, smtpSender } from '../../jobs/outbox-mailer.js';

const BASE = 'https://weerbaar.gemeente.test';
const NEW_PASSWORD = 'paarse olifant danst op het dak';

/** A mail's text as written: quoted-printable soft breaks and escapes undone. */
function decoded(raw: string): string {
  const qp = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  // A body in base64 (nodemailer's choice for much non-ASCII): decode its lines too.
  const b64 = [...raw.matchAll(/\r?\n\r?\n([A-Za-z0-9+/=\r\n]{40,})/g)].map((m) => Buffer.from(m[1]!, 'base64').toString('utf8'));
  return [qp, ...b64].join('\n');
}

/** Issue 12 §3: a forgotten password, invitations, recovery codes and one's own sessions. */
describe('account recovery', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db);
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await app.close();
    await smtp.close();
    await t.close();
  });

  /** Delivers what the outbox holds over real SMTP; the links in the mails to `to`, newest last. */
  async function linksMailedTo(to: string): Promise<string[]> {
    await deliverDueMail(t.db, smtpSender(smtp.url, 'Weerbaar <noreply@gemeente.test>'), BASE, 100);
    return smtp.received
      .filter((m) => m.to.includes(to))
      .flatMap((m) => [...decoded(m.raw).matchAll(/https:\/\/weerbaar\.gemeente\.test(\/account\/set-password\/wbr_[A-Za-z0-9_-]{43})/g)])
      .map((m) => m[1]!);
  }

  const mailsTo = (to: string) => smtp.received.filter((m) => m.to.includes(to)).length;
  const auditActions = async (userId: string) =>
    (await t.admin.query<{ action: string }>('SELECT action FROM audit_event WHERE object_id = $1 ORDER BY seq', [userId])).rows.map(
      (r) => r.action,
    );
  const sessionsOf = async (userId: string) =>
    (await t.admin.query<{ n: number }>('SELECT count(*)::int AS n FROM session WHERE user_id = $1', [userId])).rows[0]!.n;

  async function askReset(browser: Browser, email: string) {
    await browser.get('/sign-in/forgot');
    return browser.post('/sign-in/forgot', { email });
  }

  describe('wachtwoord vergeten', () => {
    it('the sign-in page links to it, and the page passes its form', async () => {
      const page = await new Browser(app).get('/sign-in');
      expect(page.body).toContain('href="/sign-in/forgot"');
      const forgot = await new Browser(app).get('/sign-in/forgot');
      expect(forgot.statusCode).toBe(200);
      expect(forgot.body).toContain('Wachtwoord vergeten');
    });

    it('answers an unknown address exactly as a known one, and mails only the known one', async () => {
      const person = await makeUser(t.db, org, ['employee']);
      const browser = new Browser(app);
      const known = await askReset(browser, person.email);
      const unknown = await askReset(browser, 'niemand-bekend@example.test');
      const inactive = await makeUser(t.db, org, ['employee']);
      await t.admin.query('UPDATE app_user SET active = false WHERE id = $1', [inactive.id]);
      const deactivated = await askReset(browser, inactive.email);
      expect(known.statusCode).toBe(200);
      expect(unknown.statusCode).toBe(known.statusCode);
      expect(unknown.body).toBe(known.body);
      expect(deactivated.body).toBe(known.body);
      expect(known.body).not.toContain(person.email);
      expect(await linksMailedTo(person.email)).toHaveLength(1);
      expect(mailsTo('niemand-bekend@example.test')).toBe(0);
      expect(mailsTo(inactive.email)).toBe(0);
      // Only a hash of the token is stored.
      const link = (await linksMailedTo(person.email))[0]!;
      const token = link.split('/').pop()!;
      const stored = await t.admin.query<{ token_hash: string }>('SELECT token_hash FROM account_token WHERE user_id = $1', [person.id]);
      expect(stored.rows).toHaveLength(1);
      expect(stored.rows[0]!.token_hash).not.toContain(token);
      expect(stored.rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(await auditActions(person.id)).toContain('user.request_password_reset');
    });

    it('the link sets a password once, ends every session and API token, and the new password signs in', async () => {
      const caller = await makeCaller(app, t.db, org, ['employee']);
      const person = caller.user;
      const signedIn = await signIn(app, person.email);
      expect((await caller.get('/api/v1/me')).statusCode).toBe(200);
      await askReset(new Browser(app), person.email);
      const link = (await linksMailedTo(person.email)).pop()!;

      const browser = new Browser(app);
      const page = await browser.get(link);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Nieuw wachtwoord kiezen');
      // The password rules of a change hold: a guessable one is refused and nothing changes.
      const weak = await browser.post(link, { password: 'aaaaaaaaaaaa', confirmation: 'aaaaaaaaaaaa' });
      expect(weak.statusCode).toBe(400);
      expect(weak.body).toContain('utrecht-form-field-error-message');
      const mismatch = await browser.post(link, { password: NEW_PASSWORD, confirmation: 'iets anders dan dat' });
      expect(mismatch.statusCode).toBe(400);
      expect(await sessionsOf(person.id)).toBe(1);

      const done = await browser.post(link, { password: NEW_PASSWORD, confirmation: NEW_PASSWORD });
      expect(done.statusCode).toBe(303);
      expect(done.headers.location).toBe('/sign-in?notice=setpw.done');
      expect(await sessionsOf(person.id)).toBe(0);
      expect((await signedIn.get('/')).headers.location).toMatch(/^\/sign-in/);
      expect((await caller.get('/api/v1/me')).statusCode).toBe(401);
      await expect(signIn(app, person.email, TEST_PASSWORD)).rejects.toThrow(/401/);
      await signIn(app, person.email, NEW_PASSWORD);

      // Used once: the same link again is a page that does not exist.
      expect((await browser.get(link)).statusCode).toBe(404);
      const again = await browser.post(link, {
        password: 'een heel ander lang wachtwoord',
        confirmation: 'een heel ander lang wachtwoord',
      });
      expect(again.statusCode).toBe(404);
      await signIn(app, person.email, NEW_PASSWORD);
      expect(await auditActions(person.id)).toContain('user.reset_password_by_link');
    });

    it('a link expires after an hour, and a newer one replaces an older one', async () => {
      const person = await makeUser(t.db, org, ['employee']);
      await askReset(new Browser(app), person.email);
      const first = (await linksMailedTo(person.email)).pop()!;
      const lifetime = await t.admin.query<{ hours: number }>(
        'SELECT extract(epoch FROM expires_at - created_at)::int / 3600 AS hours FROM account_token WHERE user_id = $1',
        [person.id],
      );
      expect(lifetime.rows).toEqual([{ hours: 1 }]);
      await askReset(new Browser(app), person.email);
      const second = (await linksMailedTo(person.email)).pop()!;
      expect(second).not.toBe(first);
      expect((await new Browser(app).get(first)).statusCode).toBe(404);
      expect((await new Browser(app).get(second)).statusCode).toBe(200);
      await t.admin.query("UPDATE account_token SET expires_at = now() - interval '1 second' WHERE user_id = $1", [person.id]);
      const browser = new Browser(app);
      expect((await browser.get(second)).statusCode).toBe(404);
      await browser.get('/sign-in');
      expect((await browser.post(second, { password: NEW_PASSWORD, confirmation: NEW_PASSWORD })).statusCode).toBe(404);
      await signIn(app, person.email, TEST_PASSWORD);
    });

    it('a malformed or unknown token is 404', async () => {
      expect((await new Browser(app).get('/account/set-password/not-a-token')).statusCode).toBe(404);
      expect((await new Browser(app).get(`/account/set-password/wbr_${'A'.repeat(43)}`)).statusCode).toBe(404);
    });

    it('is rate limited per address asked for, whatever the answer', async () => {
      const person = await makeUser(t.db, org, ['employee']);
      const browser = new Browser(app);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await askReset(browser, person.email)).statusCode);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      const unknown: number[] = [];
      for (let i = 0; i < 6; i++) unknown.push((await askReset(browser, 'ook-onbekend@example.test')).statusCode);
      expect(unknown).toEqual(statuses);
    });
  });

  describe('invitations', () => {
    it('a person added on the people page gets a mail to choose a password, then enrols the second factor', async () => {
      const admin = await makeUser(t.db, org, ['admin']);
      const adminBrowser = await signIn(app, admin.email);
      await adminBrowser.get('/people/new');
      const added = await adminBrowser.post('/people/new', {
        name: 'Griffier Nieuw',
        email: 'griffier.nieuw@example.test',
        roles: 'clerk',
      });
      expect(added.statusCode).toBe(201);
      expect(added.body).not.toMatch(/Tijdelijk wachtwoord/);
      const id = (await t.admin.query<{ id: string }>("SELECT id FROM app_user WHERE email = 'griffier.nieuw@example.test'")).rows[0]!.id;
      const lifetime = await t.admin.query<{ days: number }>(
        'SELECT extract(epoch FROM expires_at - created_at)::int / 86400 AS days FROM account_token WHERE user_id = $1',
        [id],
      );
      expect(lifetime.rows).toEqual([{ days: 7 }]);
      const [first] = await linksMailedTo('griffier.nieuw@example.test');
      expect(first).toBeDefined();
      const mail = decoded(smtp.received.find((m) => m.to.includes('griffier.nieuw@example.test'))!.raw);
      expect(mail).toContain('Uitnodiging voor Weerbaar');

      // Not used yet: the administrator can send it again; the first link then stops working.
      const editPage = await adminBrowser.get(`/people/${id}`);
      expect(editPage.body).toContain('Deze persoon heeft de uitnodiging nog niet gebruikt.');
      const resent = await adminBrowser.post(`/people/${id}/resend-invitation`, {});
      expect(resent.headers.location).toBe(`/people/${id}?notice=people.invitation_resent`);
      const second = (await linksMailedTo('griffier.nieuw@example.test')).pop()!;
      expect(second).not.toBe(first);
      expect((await new Browser(app).get(first!)).statusCode).toBe(404);

      const browser = new Browser(app);
      const page = await browser.get(second);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Welkom bij Weerbaar');
      expect((await browser.post(second, { password: NEW_PASSWORD, confirmation: NEW_PASSWORD })).headers.location).toBe(
        '/sign-in?notice=setpw.done',
      );
      // A clerk handles cases: the first sign-in goes on to enrol the second factor.
      await browser.get('/sign-in');
      expect((await browser.post('/sign-in', { email: 'griffier.nieuw@example.test', password: NEW_PASSWORD })).headers.location).toBe(
        '/sign-in/second-factor',
      );
      expect((await browser.get('/sign-in/second-factor')).body).toContain('otpauth://totp/');
      expect(await auditActions(id)).toEqual(expect.arrayContaining(['user.create', 'user.invite', 'user.accept_invitation']));

      // With a password of their own, there is nothing to send again.
      expect((await adminBrowser.get(`/people/${id}`)).body).not.toContain('resend-invitation');
      expect((await adminBrowser.post(`/people/${id}/resend-invitation`, {})).statusCode).toBe(409);
    });

    it('another organisation cannot resend, and a role that may not manage people gets 404', async () => {
      const person = await makeUser(t.db, org, ['employee']);
      const other = await makeOrganisation(t.db);
      const otherAdmin = await signIn(app, (await makeUser(t.db, other, ['admin'])).email);
      await otherAdmin.get('/');
      expect((await otherAdmin.post(`/people/${person.id}/resend-invitation`, {})).statusCode).toBe(404);
      const employee = await signIn(app, (await makeUser(t.db, org, ['employee'])).email);
      await employee.get('/');
      expect((await employee.post(`/people/${person.id}/resend-invitation`, {})).statusCode).toBe(404);
      const signedOut = new Browser(app);
      await signedOut.get('/sign-in');
      expect((await signedOut.post(`/people/${person.id}/resend-invitation`, {})).statusCode).toBe(303);
    });
  });

  describe('the second factor on a phone, and recovery codes', () => {
    /** Password and enrolment through the pages; the secret and the recovery codes shown. */
    async function enrol(user: User): Promise<{ secret: string; codes: string[]; page: string }> {
      const browser = new Browser(app);
      await browser.get('/sign-in');
      await browser.post('/sign-in', { email: user.email, password: TEST_PASSWORD });
      const page = await browser.get('/sign-in/second-factor');
      const secret = /wb-secret">([^<]+)</.exec(page.body)![1]!.replace(/\s/g, '');
      const done = await browser.post('/sign-in/second-factor', { code: currentTotp(secret) });
      expect(done.statusCode).toBe(200);
      const codes = [...done.body.matchAll(/<code class="utrecht-code">([a-z0-9]{5}-[a-z0-9]{5})<\/code>/g)].map((m) => m[1]!);
      return { secret, codes, page: page.body };
    }

    async function codeStep(user: User): Promise<Browser> {
      const browser = new Browser(app);
      await browser.get('/sign-in');
      await browser.post('/sign-in', { email: user.email, password: TEST_PASSWORD });
      await browser.get('/sign-in/second-factor');
      return browser;
    }

    it('the enrolment page offers the otpauth link and the key in groups of four beside the QR code', async () => {
      const clerk = await makeUser(t.db, org, ['clerk']);
      const { secret, page } = await enrol(clerk);
      expect(page).toContain('data:image/svg+xml;base64,');
      const href = /href="(otpauth:\/\/totp\/[^"]+)"/.exec(page)![1]!.replaceAll('&amp;', '&');
      const uri = new URL(href);
      expect(uri.searchParams.get('secret')).toBe(secret);
      expect(uri.searchParams.get('issuer')).toBe('Weerbaar');
      const key = /wb-secret">([^<]+)</.exec(page)![1]!;
      expect(key.split(' ').every((group, i, all) => group.length === 4 || (i === all.length - 1 && group.length <= 4))).toBe(true);
    });

    it('ten codes are shown once at enrolment, stored hashed, and each signs in once instead of a TOTP code', async () => {
      const adviser = await makeUser(t.db, org, ['security_adviser']);
      const { codes } = await enrol(adviser);
      expect(codes).toHaveLength(10);
      expect(new Set(codes).size).toBe(10);
      const stored = await t.admin.query<{ code_hash: string }>('SELECT code_hash FROM recovery_code WHERE user_id = $1', [adviser.id]);
      expect(stored.rows).toHaveLength(10);
      for (const code of codes) expect(stored.rows.map((r) => r.code_hash).join()).not.toContain(code.replace('-', ''));

      const first = await codeStep(adviser);
      const used = await first.post('/sign-in/second-factor', { code: codes[0]!.toUpperCase() });
      expect(used.statusCode).toBe(303);
      expect((await first.get('/')).statusCode).toBe(200);
      const again = await codeStep(adviser);
      expect((await again.post('/sign-in/second-factor', { code: codes[0]! })).statusCode).toBe(400);
      expect((await again.get('/')).headers.location).toBe('/sign-in/second-factor');
      // Another person's code is no code of this one.
      const other = await makeUser(t.db, org, ['mayor']);
      const otherCodes = (await enrol(other)).codes;
      expect((await again.post('/sign-in/second-factor', { code: otherCodes[0]! })).statusCode).toBe(400);
      const second = await codeStep(adviser);
      expect((await second.post('/sign-in/second-factor', { code: codes[1]! })).statusCode).toBe(303);
      expect(await auditActions(adviser.id)).toEqual(expect.arrayContaining(['user.generate_recovery_codes', 'sign_in.recovery_code']));
    });

    it('new codes from the account page replace the old ones, and are audited', async () => {
      const mayor = await makeUser(t.db, org, ['mayor']);
      const { secret, codes } = await enrol(mayor);
      await forgetUsedCode(t.db, mayor.email);
      const browser = await codeStep(mayor);
      expect((await browser.post('/sign-in/second-factor', { code: currentTotp(secret, Date.now() + 30_000) })).statusCode).toBe(303);
      expect((await browser.get('/account')).body).toContain('href="/account/recovery-codes"');
      const manage = await browser.get('/account/recovery-codes');
      expect(manage.body).toContain('U heeft nog 10 ongebruikte herstelcodes.');
      const made = await browser.post('/account/recovery-codes', {});
      expect(made.statusCode).toBe(200);
      const fresh = [...made.body.matchAll(/<code class="utrecht-code">([a-z0-9]{5}-[a-z0-9]{5})<\/code>/g)].map((m) => m[1]!);
      expect(fresh).toHaveLength(10);
      const old = await codeStep(mayor);
      expect((await old.post('/sign-in/second-factor', { code: codes[2]! })).statusCode).toBe(400);
      expect((await old.post('/sign-in/second-factor', { code: fresh[0]! })).statusCode).toBe(303);
      const actions = await auditActions(mayor.id);
      expect(actions.filter((a) => a === 'user.generate_recovery_codes')).toHaveLength(2);
    });

    it('someone without a second factor cannot make codes, and a signed-out visitor is sent to sign-in', async () => {
      const employee = await signIn(app, (await makeUser(t.db, org, ['employee'])).email);
      await employee.get('/account/recovery-codes');
      expect((await employee.post('/account/recovery-codes', {})).statusCode).toBe(409);
      expect((await new Browser(app).get('/account/recovery-codes')).headers.location).toMatch(/^\/sign-in/);
    });
  });

  describe('mijn sessies', () => {
    const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';

    async function signInWith(user: User, userAgent: string): Promise<Browser> {
      const browser = new Browser(app);
      await browser.get('/sign-in');
      await browser.post('/sign-in', { email: user.email, password: TEST_PASSWORD }, { 'user-agent': userAgent });
      return browser;
    }

    const sessionIds = async (userId: string) =>
      (await t.admin.query<{ id: string }>('SELECT id FROM session WHERE user_id = $1 ORDER BY created_at', [userId])).rows.map(
        (r) => r.id,
      );

    it('lists where and since when one is signed in, and ends one session or all others', async () => {
      const person = await makeUser(t.db, org, ['employee']);
      const laptop = await signInWith(person, FIREFOX);
      const phone = await signInWith(person, 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1');
      const third = await signInWith(person, 'curl/8.5.0');
      const list = await laptop.get('/account/sessions');
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain('Firefox op Windows (deze sessie)');
      expect(list.body).toContain('Safari op iOS');
      expect(list.body).toContain('127.0.0.1');
      expect(await auditActions(person.id)).toContain('session.list');

      const [, phoneSession] = await sessionIds(person.id);
      const ended = await laptop.post(`/account/sessions/${phoneSession}/sign-out`, {});
      expect(ended.headers.location).toBe('/account/sessions?notice=sessions.ended');
      expect((await phone.get('/')).headers.location).toMatch(/^\/sign-in/);
      expect((await third.get('/')).statusCode).toBe(200);

      await laptop.get('/account/sessions');
      expect((await laptop.post('/account/sessions/sign-out-others', {})).headers.location).toBe(
        '/account/sessions?notice=sessions.others_ended',
      );
      expect((await third.get('/')).headers.location).toMatch(/^\/sign-in/);
      expect((await laptop.get('/')).statusCode).toBe(200);
      expect(await sessionIds(person.id)).toHaveLength(1);

      // Ending one's own current session signs out here.
      const [own] = await sessionIds(person.id);
      await laptop.get('/account/sessions');
      expect((await laptop.post(`/account/sessions/${own}/sign-out`, {})).headers.location).toBe('/sign-in?notice=signin.signed_out');
      expect(await sessionIds(person.id)).toHaveLength(0);
      expect(await auditActions(own!)).toEqual(['session.revoke']);
    });

    it("another person's session id, also of another organisation, is 404 and that session goes on", async () => {
      const person = await makeUser(t.db, org, ['employee']);
      const colleague = await makeUser(t.db, org, ['employee']);
      const stranger = await makeUser(t.db, await makeOrganisation(t.db), ['employee']);
      const mine = await signInWith(person, FIREFOX);
      const theirs = await signInWith(colleague, FIREFOX);
      const far = await signInWith(stranger, FIREFOX);
      await mine.get('/account/sessions');
      for (const other of [colleague, stranger]) {
        const [id] = await sessionIds(other.id);
        expect((await mine.post(`/account/sessions/${id}/sign-out`, {})).statusCode).toBe(404);
      }
      expect((await mine.post('/account/sessions/00000000-0000-0000-0000-000000000000/sign-out', {})).statusCode).toBe(404);
      expect((await mine.post('/account/sessions/not-an-id/sign-out', {})).statusCode).toBe(404);
      expect((await theirs.get('/')).statusCode).toBe(200);
      expect((await far.get('/')).statusCode).toBe(200);
      // The list shows one's own sessions only.
      const list = await mine.get('/account/sessions');
      for (const id of [...(await sessionIds(colleague.id)), ...(await sessionIds(stranger.id))]) expect(list.body).not.toContain(id);
    });

    it('a signed-out visitor is sent to sign-in and ends nothing', async () => {
      const person = await makeUser(t.db, org, ['employee']);
      const browser = await signInWith(person, FIREFOX);
      const [id] = await sessionIds(person.id);
      const visitor = new Browser(app);
      expect((await visitor.get('/account/sessions')).headers.location).toMatch(/^\/sign-in/);
      await visitor.get('/sign-in');
      expect((await visitor.post(`/account/sessions/${id}/sign-out`, {})).headers.location).toMatch(/^\/sign-in/);
      expect((await visitor.post('/account/sessions/sign-out-others', {})).headers.location).toMatch(/^\/sign-in/);
      expect((await browser.get('/')).statusCode).toBe(200);
    });
  });

  describe('the people page and one’s own roles', () => {
    it('offers no role checkboxes for oneself, shows the roles with the reason, and saving one’s name keeps them', async () => {
      const admin = await makeUser(t.db, org, ['admin', 'employee'], 'Beheerder Zelf');
      const other = await makeUser(t.db, org, ['employee']);
      const browser = await signIn(app, admin.email);
      const own = await browser.get(`/people/${admin.id}`);
      expect(own.body).not.toContain('type="checkbox"');
      expect(own.body).toContain('Uw eigen rollen kunt u niet wijzigen; vraag dat een andere beheerder.');
      expect(own.body).toContain('Beheerder, Medewerker');
      const someoneElse = await browser.get(`/people/${other.id}`);
      expect(someoneElse.body).toContain('type="checkbox"');
      const saved = await browser.post(`/people/${admin.id}`, {
        name: 'Beheerder Hernoemd',
        email: admin.email,
        roles: ['admin', 'employee'],
      });
      expect(saved.statusCode).toBe(303);
      const roles = await t.admin.query<{ role: string }>('SELECT role FROM user_role WHERE user_id = $1 ORDER BY role', [admin.id]);
      expect(roles.rows.map((r) => r.role)).toEqual(['admin', 'employee']);
    });
  });
});
