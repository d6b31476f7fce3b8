import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { assertBuilt, jsonOf, runCli } from './cli.js';

/**
 * An external PostgreSQL (DATABASE_URL) whose schema owner is an ordinary role, as a hosting
 * party gives it: no superuser, CREATEROLE. The migrations run as that owner, the program logs
 * in as weerbaar_app, and a login with too many rights (DATABASE_APP_URL) is refused.
 */
const suffix = randomBytes(4).toString('hex');
const ownerRole = `wb_owner_${suffix}`;
const ownerPassword = `owner-${randomBytes(12).toString('hex')}`;
const database = `wb_ext_${suffix}`;
let admin: pg.Client;
let dataDir: string;
let ownerUrl: string;

beforeAll(async () => {
  assertBuilt();
  admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await admin.connect();
  await admin.query(`CREATE ROLE ${ownerRole} LOGIN CREATEROLE PASSWORD '${ownerPassword}'`);
  // weerbaar_app already exists on this server (the other tests'): its owner needs to be able to manage it.
  await admin.query(`GRANT weerbaar_app TO ${ownerRole} WITH ADMIN OPTION`);
  await admin.query(`CREATE DATABASE ${database} OWNER ${ownerRole}`);
  const url = new URL(inject('pgAdminUrl'));
  url.username = ownerRole;
  url.password = ownerPassword;
  url.pathname = `/${database}`;
  ownerUrl = url.toString();
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-external-'));
});

afterAll(async () => {
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.query(`DROP OWNED BY ${ownerRole}`).catch(() => undefined);
  await admin.query(`DROP ROLE IF EXISTS ${ownerRole}`);
  await admin.end();
  await fs.rm(dataDir, { recursive: true, force: true });
});

const cli = (env: Record<string, string>, ...args: string[]) =>
  runCli(args, { DATABASE_URL: ownerUrl, LOG_LEVEL: 'warn', WEERBAAR_DATA_DIR: dataDir, ...env });

describe('DATABASE_URL of an owner that is no superuser', () => {
  it('migrates as that owner, works as weerbaar_app, and verifies the trail as the owner', async () => {
    const migrated = await cli({}, '--json', 'migrate');
    expect(migrated.code, `${migrated.stdout}\n${migrated.stderr}`).toBe(0);
    const created = await cli({}, '--json', 'org', 'create', '--name', 'Gemeente Extern', '--slug', 'extern');
    expect(created.code, created.stderr).toBe(0);
    const added = await cli({}, 'user', 'add', '--org', 'extern', '--email', 'a@extern.nl', '--name', 'A. Extern', '--role', 'clerk');
    expect(added.code, added.stderr).toBe(0);
    const verified = await cli({}, '--json', 'audit', 'verify');
    expect(verified.code, verified.stdout).toBe(0);
    expect(jsonOf(verified)).toEqual({ intact: true, rows: 2 });

    const inside = new pg.Client({ connectionString: ownerUrl });
    await inside.connect();
    try {
      const owners = await inside.query<{ tableowner: string }>(
        `SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('organisation', 'audit_event')`,
      );
      expect(owners.rows.map((r) => r.tableowner)).toEqual([ownerRole]);
      // What the program wrote, it wrote as weerbaar_app: the rows are there for the owner to see.
      const people = await inside.query<{ n: number }>("SELECT count(*)::int AS n FROM app_user WHERE email = 'a@extern.nl'");
      expect(people.rows[0]!.n).toBe(1);
    } finally {
      await inside.end();
    }
  });

  it('refuses to run when DATABASE_APP_URL names a login with too many rights', async () => {
    // The owner's own login as the program's: it owns every table, so it could switch the audit trigger off.
    const refused = await cli({ DATABASE_APP_URL: ownerUrl }, 'org', 'create', '--name', 'Gemeente Fout', '--slug', 'fout');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/owns \d+ tables/);
    const superuser = await cli({ DATABASE_APP_URL: inject('pgAdminUrl') }, 'migrate');
    expect(superuser.code).toBe(1);
    expect(superuser.stderr).toMatch(/is a superuser/);
  });
});
