import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import { makeOrganisation } from '../../test/factories.js';
import { appConnectionString, assertUnprivileged, connectAsApp, scramVerifier } from './app-login.js';

/**
 * Issue 12 §2 finding 1: the program connected as the superuser `postgres` and stepped down
 * with SET LOCAL ROLE, so any statement before the step (or a bug that skipped it) ran with
 * every right, triggers off included. It now logs in as weerbaar_app.
 */
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

describe("the program's login", () => {
  it('is weerbaar_app: not a superuser, not bypassing row-level security, owning no table', async () => {
    const { rows } = await sql<{ login: string; current: string; rolsuper: boolean; rolbypassrls: boolean; owned: number }>`
      SELECT session_user AS login, current_user AS current, r.rolsuper, r.rolbypassrls,
        (SELECT count(*)::int FROM pg_tables WHERE schemaname = 'public' AND tableowner = session_user) AS owned
      FROM pg_roles r WHERE r.rolname = session_user`.execute(t.db);
    expect(rows[0]).toEqual({ login: 'weerbaar_app', current: 'weerbaar_app', rolsuper: false, rolbypassrls: false, owned: 0 });
    // The audit table belongs to someone else, and its trigger cannot be switched off from here.
    const owner = await sql<{ tableowner: string }>`SELECT tableowner FROM pg_tables WHERE tablename = 'audit_event'`.execute(t.db);
    expect(owner.rows[0]!.tableowner).not.toBe('weerbaar_app');
    await expect(sql`SET session_replication_role = replica`.execute(t.db)).rejects.toThrow(/permission denied/);
    await expect(sql`ALTER TABLE audit_event DISABLE TRIGGER ALL`.execute(t.db)).rejects.toThrow(/must be owner/);
  });

  it('sees no organisation without stepping into one, even without SET ROLE', async () => {
    await makeOrganisation(t.db);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM organisation`.execute(t.db);
    expect(rows[0]!.n).toBe(0);
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM organisation`.execute(t.owner)).rows[0]!.n).toBeGreaterThan(0);
  });

  it('refuses to run the program as the owner or a superuser', async () => {
    await expect(assertUnprivileged(t.owner)).rejects.toThrow(/superuser/);
    await expect(assertUnprivileged(t.db)).resolves.toBeUndefined();
    await expect(connectAsApp(t.owner, t.url, { appUrl: t.url, password: undefined, secretFile: '/nonexistent' })).rejects.toThrow(
      /superuser/,
    );
  });

  it('lets a role in with the password of a SCRAM verifier made here (the password never reaches the server)', async () => {
    // A login role of its own, so the server-wide weerbaar_app of the other tests keeps its password.
    const admin = t.admin;
    const role = `wb_app_${Date.now().toString(36)}`;
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${scramVerifier('first password, long enough')}'`);
    try {
      const { rows } = await admin.query<{ rolpassword: string }>('SELECT rolpassword FROM pg_authid WHERE rolname = $1', [role]);
      expect(rows[0]!.rolpassword).toMatch(/^SCRAM-SHA-256\$4096:/);
      const url = new URL(t.url);
      url.username = role;
      url.password = encodeURIComponent('first password, long enough');
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      expect((await client.query<{ u: string }>('SELECT session_user AS u')).rows[0]!.u).toBe(role);
      await client.end();
    } finally {
      await admin.query(`DROP ROLE ${role}`);
    }
  });

  it('builds its connection string from the owner’s, with its own name and password', () => {
    expect(appConnectionString('postgres://owner:secret@db.example:5432/weerbaar?sslmode=require', 'p/w')).toBe(
      'postgres://weerbaar_app:p%2Fw@db.example:5432/weerbaar?sslmode=require',
    );
    expect(appConnectionString('postgres:///weerbaar?host=/run/postgresql&user=owner', 'pw')).toBe(
      'postgres:///weerbaar?host=%2Frun%2Fpostgresql&user=weerbaar_app&password=pw',
    );
  });

  it('connects through a login that is a member of weerbaar_app (DATABASE_APP_URL)', async () => {
    const role = `wb_login_${Date.now().toString(36)}`;
    await t.admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'another password, long enough' IN ROLE weerbaar_app`);
    try {
      const url = new URL(t.url);
      url.username = role;
      url.password = encodeURIComponent('another password, long enough');
      const db = await connectAsApp(t.owner, t.url, { appUrl: url.toString(), password: undefined, secretFile: '/nonexistent' });
      try {
        const org = await makeOrganisation(db);
        expect(org.id).toBeTruthy();
      } finally {
        await db.destroy();
      }
    } finally {
      await t.admin.query(`DROP OWNED BY ${role}; DROP ROLE ${role}`);
    }
  });
});
