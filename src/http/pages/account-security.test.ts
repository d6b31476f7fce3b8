import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeOrganisation, makeUser, TEST_PASSWORD } from '../../../test/factories.js';
import { buildTestServer, signIn } from '../../../test/http.js';
import type { Organisation } from '../../domain/organisation/organisation.js';

/** Issue 12 §2 finding 11: passwords after NIST SP 800-63B, and sessions that end. */
describe('passwords and sessions', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db, { sessionMaxHours: 12 });
    org = await makeOrganisation(t.db);
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  const change = (current: string, password: string) => ({ current, password, confirmation: password });

  describe('choosing a password', () => {
    it.each(['aaaaaaaaaaaa', 'password1234', '123456789012', 'qwertyuiopas', 'Welkom012345', 'weerbaar2026!'])(
      '%s is refused as too easy to guess',
      async (weak) => {
        const employee = await makeUser(t.db, org, ['employee']);
        const browser = await signIn(app, employee.email);
        await browser.get('/account/password');
        const response = await browser.post('/account/password', change(TEST_PASSWORD, weak));
        expect(response.statusCode).toBe(400);
        expect(response.body).toContain('Dit wachtwoord is te makkelijk te raden');
        await signIn(app, employee.email, TEST_PASSWORD);
      },
    );

    it('a password made of the person’s own name is refused', async () => {
      const employee = await makeUser(t.db, org, ['employee'], 'Wilhelmina Vanderbroek');
      const browser = await signIn(app, employee.email);
      await browser.get('/account/password');
      const response = await browser.post('/account/password', change(TEST_PASSWORD, 'vanderbroek1234'));
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('Dit wachtwoord is te makkelijk te raden');
    });

    it('asks for length, not for capitals, digits or symbols', async () => {
      const employee = await makeUser(t.db, org, ['employee']);
      const browser = await signIn(app, employee.email);
      await browser.get('/account/password');
      const response = await browser.post('/account/password', change(TEST_PASSWORD, 'fietsen langs de amstel in de regen'));
      expect(response.statusCode).toBe(303);
      await signIn(app, employee.email, 'fietsen langs de amstel in de regen');
    });
  });

  describe('changing the password', () => {
    it('ends the person’s other sessions, and keeps the one that changed it', async () => {
      const employee = await makeUser(t.db, org, ['employee']);
      const here = await signIn(app, employee.email);
      const elsewhere = await signIn(app, employee.email);
      const someoneElse = await signIn(app, (await makeUser(t.db, org, ['employee'])).email);
      await here.get('/account/password');
      const response = await here.post('/account/password', change(TEST_PASSWORD, 'een zin die alleen ik ken'));
      expect(response.headers.location).toBe('/account?notice=auth.other_sessions_ended');
      expect((await here.get(response.headers.location as string)).body).toContain('U bent op uw andere apparaten afgemeld');
      expect((await elsewhere.get('/')).headers.location).toBe('/sign-in?next=%2F');
      expect((await someoneElse.get('/')).statusCode).toBe(200);
    });

    it('allows five wrong current passwords, then no more checks until the lockout ends', async () => {
      const employee = await makeUser(t.db, org, ['employee']);
      const browser = await signIn(app, employee.email);
      await browser.get('/account/password');
      for (let i = 0; i < 5; i++) {
        const wrong = await browser.post('/account/password', change(`geraden wachtwoord ${i}`, 'een zin die alleen ik ken'));
        expect(wrong.statusCode).toBe(400);
        expect(wrong.body).toContain('Het huidige wachtwoord klopt niet');
      }
      // Now even the right one is not checked: a session left open is no way to guess it.
      const right = await browser.post('/account/password', change(TEST_PASSWORD, 'een zin die alleen ik ken'));
      expect(right.statusCode).toBe(429);
      expect(right.body).toContain('te vaak verkeerd ingevuld');
      // The password did not change, and the account is locked for sign-in as well.
      await expect(signIn(app, employee.email, 'een zin die alleen ik ken')).rejects.toThrow(/401/);
      await expect(signIn(app, employee.email, TEST_PASSWORD)).rejects.toThrow(/401/);
      const { rows } = await t.admin.query<{ result: string }>(
        `SELECT result FROM audit_event WHERE actor_user_id = $1 AND action = 'user.change_password' ORDER BY seq`,
        [employee.id],
      );
      expect(rows.map((r) => r.result)).toEqual(Array(6).fill('failure'));
    });

    it('a right current password after a few wrong ones resets the count', async () => {
      const employee = await makeUser(t.db, org, ['employee']);
      const browser = await signIn(app, employee.email);
      await browser.get('/account/password');
      for (let i = 0; i < 3; i++) await browser.post('/account/password', change(`geraden wachtwoord ${i}`, 'een zin die alleen ik ken'));
      expect((await browser.post('/account/password', change(TEST_PASSWORD, 'een zin die alleen ik ken'))).statusCode).toBe(303);
      const { rows } = await t.admin.query<{ failed_sign_ins: number }>('SELECT failed_sign_ins FROM app_user WHERE id = $1', [
        employee.id,
      ]);
      expect(rows[0]!.failed_sign_ins).toBe(0);
    });
  });

  describe('a session’s lifetime', () => {
    const sessionOf = async (userId: string) =>
      (
        await t.admin.query<{ id: string; lifetime: string; idle_capped: boolean }>(
          `SELECT id, extract(epoch FROM ends_at - created_at)::int::text AS lifetime, expires_at <= ends_at AS idle_capped
           FROM session WHERE user_id = $1`,
          [userId],
        )
      ).rows;

    it('ends at an absolute time fixed at sign-in (SESSION_MAX_HOURS)', async () => {
      const employee = await makeUser(t.db, org, ['employee']);
      await signIn(app, employee.email);
      expect(await sessionOf(employee.id)).toEqual([expect.objectContaining({ lifetime: String(12 * 3600), idle_capped: true })]);

      const short = await buildTestServer(t.db, { sessionMaxHours: 2 });
      try {
        const other = await makeUser(t.db, org, ['employee']);
        await signIn(short, other.email);
        expect(await sessionOf(other.id)).toEqual([expect.objectContaining({ lifetime: String(2 * 3600) })]);
      } finally {
        await short.close();
      }
    });

    it('a session in daily use still ends at its absolute end', async () => {
      const employee = await makeUser(t.db, org, ['employee']);
      const browser = await signIn(app, employee.email);
      // Twelve hours of use: the idle expiry is still ahead, the absolute end has passed.
      await t.admin.query(
        `UPDATE session SET created_at = now() - interval '12 hours 1 minute', ends_at = now() - interval '1 minute',
           last_seen_at = now() - interval '2 minutes', expires_at = now() + interval '7 hours' WHERE user_id = $1`,
        [employee.id],
      );
      expect((await browser.get('/')).headers.location).toBe('/sign-in?next=%2F');
    });

    it('use pushes the idle expiry on, but never past the absolute end', async () => {
      const employee = await makeUser(t.db, org, ['employee']);
      const browser = await signIn(app, employee.email);
      await t.admin.query(
        `UPDATE session SET ends_at = now() + interval '10 minutes', last_seen_at = now() - interval '2 minutes',
           expires_at = now() + interval '5 minutes' WHERE user_id = $1`,
        [employee.id],
      );
      expect((await browser.get('/')).statusCode).toBe(200);
      const { rows } = await t.admin.query<{ same: boolean; touched: boolean }>(
        `SELECT expires_at = ends_at AS same, last_seen_at > now() - interval '1 minute' AS touched FROM session WHERE user_id = $1`,
        [employee.id],
      );
      expect(rows).toEqual([{ same: true, touched: true }]);
    });
  });
});
