import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../../db/database.js';
import { createApiToken } from '../../domain/auth/api-token.js';
import { changePassword } from '../../domain/auth/sign-in.js';
import type { Organisation } from '../../domain/organisation/organisation.js';
import { resetPassword, setUserActive } from '../../domain/user/manage-users.js';
import type { User } from '../../domain/user/user.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeOrganisation, makeUser, signedInAs, TEST_PASSWORD } from '../../../test/factories.js';
import { buildTestServer, signIn } from '../../../test/http.js';

/** Issue 12 §2 finding 5: API tokens end, have names, are listed and revoked, and die with the account's trust. */
describe('API tokens', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  let admin: User;
  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db);
    admin = await makeUser(t.db, org, ['admin']);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const cli = (o: Organisation) => ({ organisationId: o.id, userId: null, originIp: null });
  const tokenFor = async (user: User, days = 90) =>
    (await withOrganisation(t.db, org.id, (tx) => createApiToken(tx, cli(org), user.email, { name: 'Script', days }))).token;
  const me = (token: string) => app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });

  it('stops a token when its owner is deactivated, and it stays dead after reactivation', async () => {
    const person = await makeUser(t.db, org, ['employee']);
    const token = await tokenFor(person);
    expect((await me(token)).statusCode).toBe(200);
    await withOrganisation(t.db, org.id, (tx) => setUserActive(tx, cli(org), person.id, false));
    await withOrganisation(t.db, org.id, (tx) => setUserActive(tx, cli(org), person.id, true));
    expect((await me(token)).statusCode).toBe(401);
  });

  it('stops a token when an administrator resets the password, or the person changes it', async () => {
    const person = await makeUser(t.db, org, ['employee']);
    const token = await tokenFor(person);
    await withOrganisation(t.db, org.id, (tx) => resetPassword(tx, cli(org), person.id));
    expect((await me(token)).statusCode).toBe(401);

    const other = await makeUser(t.db, org, ['employee']);
    const second = await tokenFor(other);
    await withOrganisation(t.db, org.id, (tx) =>
      changePassword(tx, signedInAs(other, org), {
        current: TEST_PASSWORD,
        password: 'een heel ander lang zinnetje',
        confirmation: 'een heel ander lang zinnetje',
      }),
    );
    expect((await me(second)).statusCode).toBe(401);
  });

  it('refuses an expired token, and records the last use at most once a minute', async () => {
    const person = await makeUser(t.db, org, ['employee']);
    const token = await tokenFor(person, 1);
    expect((await me(token)).statusCode).toBe(200);
    const used = await t.admin.query<{ last_used_at: Date }>('SELECT last_used_at FROM api_token WHERE user_id = $1', [person.id]);
    expect(used.rows[0]!.last_used_at).toBeInstanceOf(Date);
    expect((await me(token)).statusCode).toBe(200);
    const again = await t.admin.query<{ last_used_at: Date }>('SELECT last_used_at FROM api_token WHERE user_id = $1', [person.id]);
    expect(again.rows[0]!.last_used_at).toEqual(used.rows[0]!.last_used_at);

    await t.admin.query("UPDATE api_token SET expires_at = now() - interval '1 second' WHERE user_id = $1", [person.id]);
    expect((await me(token)).statusCode).toBe(401);
  });

  it('makes, lists and revokes tokens on "Mijn API-sleutels"; someone else\'s token answers 404', async () => {
    const browser = await signIn(app, admin.email);
    const page = await browser.get('/account/tokens');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Mijn API-sleutels');

    const tooLong = await browser.post('/account/tokens', { name: 'Koppeling', days: '400' });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('Vul een aantal dagen in van 1 tot en met 365.');

    const created = await browser.post('/account/tokens', { name: 'Koppeling zaaksysteem', days: '30' });
    expect(created.statusCode).toBe(201);
    const token = /(wbt_[A-Za-z0-9_-]{20,})/.exec(created.body)?.[1];
    expect(token).toBeDefined();
    expect((await me(token!)).statusCode).toBe(200);
    const stored = await t.admin.query<{ days: number; name: string }>(
      "SELECT name, round(extract(epoch FROM expires_at - created_at) / 86400)::int AS days FROM api_token WHERE user_id = $1 AND name = 'Koppeling zaaksysteem'",
      [admin.id],
    );
    expect(stored.rows).toEqual([{ name: 'Koppeling zaaksysteem', days: 30 }]);

    const list = await browser.get('/account/tokens');
    expect(list.body).toContain('Koppeling zaaksysteem');
    expect(list.body).not.toContain(token!);
    const id = /action="\/account\/tokens\/([0-9a-f-]{36})\/revoke"/.exec(list.body)?.[1];
    expect(id).toBeDefined();

    const someone = await makeUser(t.db, org, ['employee']);
    await tokenFor(someone);
    const theirs = await t.admin.query<{ id: string }>('SELECT id FROM api_token WHERE user_id = $1', [someone.id]);
    const foreign = await browser.post(`/account/tokens/${theirs.rows[0]!.id}/revoke`, {});
    expect(foreign.statusCode).toBe(404);

    const revoked = await browser.post(`/account/tokens/${id!}/revoke`, {});
    expect(revoked.statusCode).toBe(303);
    expect(revoked.headers.location).toBe('/account/tokens?notice=tokens.revoked');
    expect((await me(token!)).statusCode).toBe(401);
    expect((await browser.get('/account/tokens')).body).toContain('Ingetrokken');
  });
});
