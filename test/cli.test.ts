import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrations } from '../src/db/migrations/index.js';
import { verifyPassword } from '../src/domain/auth/password.js';
import { BEHAVIOUR_LEVEL, CHANNELS, LEVELS, PERPETRATOR_KINDS, STATUSES, type Behaviour, type Level } from '../src/domain/incident/norm.js';
import { ROLES } from '../src/domain/user/roles.js';
import { assertBuilt, jsonOf, runCli, STACK_LINE, type CliResult } from './cli.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { buildTestServer } from './http.js';

/**
 * The real command line (`node dist/cli/main.js`) as a child process, against a fresh test
 * database per group (DATABASE_URL), checking exit codes, output and what reached the database.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TEMPORARY_PASSWORD = /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/;
const databases: TestDatabase[] = [];

beforeAll(() => assertBuilt());
afterAll(async () => {
  await Promise.all(databases.map((d) => d.close()));
});

/** A fresh database and a runner for the CLI pointed at it. */
async function freshDatabase() {
  const t = await createTestDatabase();
  databases.push(t);
  const cli = (...args: string[]) => runCli(args, { DATABASE_URL: t.url, LOG_LEVEL: 'warn' });
  return { t, cli };
}

function expectOk(result: CliResult) {
  expect(result.code, `exit ${result.code}\n${result.stdout}\n${result.stderr}`).toBe(0);
}

describe('weerbaar --help and usage mistakes', () => {
  it('lists every command and exits 0', async () => {
    const result = await runCli(['--help'], {});
    expectOk(result);
    expect(result.stdout).toMatch(/^Usage: weerbaar/);
    for (const command of ['serve', 'migrate', 'org', 'user', 'token', 'audit', 'retention', 'demo']) {
      expect(result.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
  });

  it('shows the options of a subcommand', async () => {
    const result = await runCli(['org', 'create', '--help'], {});
    expectOk(result);
    expect(result.stdout).toContain('--name <name>');
    expect(result.stdout).toContain('--slug <slug>');
  });

  it('exits 2 (bad input) on a missing option or an unknown command', async () => {
    const missing = await runCli(['org', 'create', '--name', 'Gemeente Zonder Slug'], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--slug <slug>' not specified");
    const unknown = await runCli(['verwijder-alles'], {});
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'verwijder-alles'");
  });
});

describe('weerbaar org create', () => {
  let t: TestDatabase;
  let cli: Awaited<ReturnType<typeof freshDatabase>>['cli'];
  beforeAll(async () => ({ t, cli } = await freshDatabase()));

  const organisationsWithSlug = async (slug: string) =>
    (await t.admin.query<{ id: string; name: string }>('SELECT id, name FROM organisation WHERE slug = $1', [slug])).rows;

  it('creates an organisation and prints it as JSON with --json', async () => {
    const result = await cli('--json', 'org', 'create', '--name', 'Gemeente Voorbeeld', '--slug', 'voorbeeld');
    expectOk(result);
    const created = jsonOf<{ id: string; name: string; slug: string }>(result);
    expect(created).toMatchObject({ name: 'Gemeente Voorbeeld', slug: 'voorbeeld' });
    expect(created.id).toMatch(UUID);
    expect(await organisationsWithSlug('voorbeeld')).toEqual([{ id: created.id, name: 'Gemeente Voorbeeld' }]);
    const audited = await t.admin.query("SELECT 1 FROM audit_event WHERE action = 'organisation.create' AND object_id = $1", [created.id]);
    expect(audited.rowCount).toBe(1);
  });

  it('prints one readable line without --json', async () => {
    const result = await cli('org', 'create', '--name', 'Gemeente Noorderdorp', '--slug', 'noorderdorp');
    expectOk(result);
    const [id] = await organisationsWithSlug('noorderdorp');
    expect(result.stdout).toBe(`Organisation Gemeente Noorderdorp (noorderdorp) created: ${id!.id}\n`);
  });

  it('refuses a short name that is taken with exit 4 and says why', async () => {
    expectOk(await cli('org', 'create', '--name', 'Gemeente Tweemaal', '--slug', 'tweemaal'));

    const again = await cli('org', 'create', '--name', 'Gemeente Tweemaal Opnieuw', '--slug', 'tweemaal');
    expect(again.code).toBe(4);
    expect(again.stdout).toBe('');
    expect(again.stderr).toBe('weerbaar: slug: Deze korte naam is al in gebruik.\n');

    const asJson = await cli('--json', 'org', 'create', '--name', 'Gemeente Tweemaal Opnieuw', '--slug', 'tweemaal');
    expect(asJson.code).toBe(4);
    expect(jsonOf(asJson)).toEqual({ error: { id: 'slug_taken', message: 'slug: Deze korte naam is al in gebruik.' } });
    expect(await organisationsWithSlug('tweemaal')).toEqual([{ id: expect.any(String), name: 'Gemeente Tweemaal' }]);
  });

  it('refuses a bad short name with exit 2', async () => {
    const result = await cli('--json', 'org', 'create', '--name', 'Gemeente Fout', '--slug', 'Geen spaties!');
    expect(result.code).toBe(2);
    const { error } = jsonOf<{ error: { id: string; message: string } }>(result);
    expect(error.id).toBe('validation_failed');
    expect(error.message).toMatch(/^slug: .*kleine letters/);
    const named = await t.admin.query("SELECT 1 FROM organisation WHERE name = 'Gemeente Fout'");
    expect(named.rowCount).toBe(0);
  });
});

describe('weerbaar user add', () => {
  let t: TestDatabase;
  let cli: Awaited<ReturnType<typeof freshDatabase>>['cli'];
  beforeAll(async () => {
    ({ t, cli } = await freshDatabase());
    expectOk(await cli('org', 'create', '--name', 'Gemeente Voorbeeld', '--slug', 'voorbeeld'));
  });

  const userRow = async (email: string) =>
    (
      await t.admin.query<{ id: string; password_hash: string; must_change_password: boolean; roles: string[] }>(
        `SELECT u.id, u.password_hash, u.must_change_password,
         ARRAY(SELECT r.role FROM user_role r WHERE r.user_id = u.id ORDER BY r.role) AS roles
       FROM app_user u WHERE u.email = $1`,
        [email],
      )
    ).rows[0];

  it('adds a person with two roles and prints a temporary password', async () => {
    const result = await cli(
      '--json',
      'user',
      'add',
      '--org',
      'voorbeeld',
      '--email',
      'a@b.nl',
      '--name',
      'A. Jansen',
      '--role',
      'council_member',
      '--role',
      'clerk',
    );
    expectOk(result);
    const added = jsonOf<{ id: string; email: string; name: string; roles: string[]; temporaryPassword: string }>(result);
    expect(added).toMatchObject({ email: 'a@b.nl', name: 'A. Jansen' });
    expect(added.id).toMatch(UUID);
    expect([...added.roles].sort()).toEqual(['clerk', 'council_member']);
    expect(added.temporaryPassword).toMatch(TEMPORARY_PASSWORD);

    const row = await userRow('a@b.nl');
    expect(row).toMatchObject({ id: added.id, must_change_password: true, roles: ['clerk', 'council_member'] });
    expect(await verifyPassword(row!.password_hash, added.temporaryPassword)).toBe(true);
  });

  it('shows the temporary password in the readable output too', async () => {
    const result = await cli('user', 'add', '--org', 'voorbeeld', '--email', 'leesbaar@b.nl', '--name', 'L. de Wit', '--role', 'employee');
    expectOk(result);
    expect(result.stdout).toMatch(/^Added L\. de Wit <leesbaar@b\.nl> as employee: [0-9a-f-]{36}\n/);
    expect(result.stdout).toMatch(/^Temporary password \(change at first sign-in\): [a-z2-9-]{19}$/m);
  });

  it('takes a given password of 12 or more characters and prints no temporary one', async () => {
    const password = 'een lang wachtwoord';
    const result = await cli(
      '--json',
      'user',
      'add',
      '--org',
      'voorbeeld',
      '--email',
      'c@b.nl',
      '--name',
      'C. de Boer',
      '--role',
      'mayor',
      '--password',
      password,
    );
    expectOk(result);
    const added = jsonOf(result);
    expect(added).toMatchObject({ email: 'c@b.nl', roles: ['mayor'] });
    expect(added).not.toHaveProperty('temporaryPassword');
    const row = await userRow('c@b.nl');
    expect(row!.must_change_password).toBe(false);
    expect(await verifyPassword(row!.password_hash, password)).toBe(true);
  });

  it('refuses a password shorter than 12 characters with exit 2', async () => {
    const result = await cli(
      'user',
      'add',
      '--org',
      'voorbeeld',
      '--email',
      'kort@b.nl',
      '--name',
      'K',
      '--role',
      'mayor',
      '--password',
      'te-kort',
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^weerbaar: password: /);
    expect(await userRow('kort@b.nl')).toBeUndefined();
  });

  it('answers exit 3 for an organisation that does not exist, naming it', async () => {
    const result = await cli('user', 'add', '--org', 'bestaat-niet', '--email', 'd@b.nl', '--name', 'D', '--role', 'clerk');
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('weerbaar: Geen organisatie met de korte naam "bestaat-niet".\n');
    const asJson = await cli('--json', 'user', 'add', '--org', 'bestaat-niet', '--email', 'd@b.nl', '--name', 'D', '--role', 'clerk');
    expect(asJson.code).toBe(3);
    expect(jsonOf(asJson)).toMatchObject({ error: { id: 'organisation_not_found' } });
    expect(await userRow('d@b.nl')).toBeUndefined();
  });

  it('refuses a role that does not exist with exit 2, listing the roles', async () => {
    const result = await cli(
      'user',
      'add',
      '--org',
      'voorbeeld',
      '--email',
      'e@b.nl',
      '--name',
      'E',
      '--role',
      'clerk',
      '--role',
      'koning',
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("argument 'koning' is invalid");
    for (const role of ROLES) expect(result.stderr).toContain(role);
    expect(await userRow('e@b.nl')).toBeUndefined();
  });

  it('refuses an e-mail address that is in use (in any case) with exit 4', async () => {
    expectOk(await cli('user', 'add', '--org', 'voorbeeld', '--email', 'dubbel@b.nl', '--name', 'Eerste', '--role', 'clerk'));
    const result = await cli(
      '--json',
      'user',
      'add',
      '--org',
      'voorbeeld',
      '--email',
      'DUBBEL@b.nl',
      '--name',
      'Tweede',
      '--role',
      'clerk',
    );
    expect(result.code).toBe(4);
    expect(jsonOf(result)).toEqual({ error: { id: 'email_taken', message: 'email: Dit e-mailadres is al in gebruik.' } });
    const named = await t.admin.query("SELECT name FROM app_user WHERE email = 'dubbel@b.nl'");
    expect(named.rows).toEqual([{ name: 'Eerste' }]);
  });
});

describe('weerbaar token create, used against the API', () => {
  let t: TestDatabase;
  let cli: Awaited<ReturnType<typeof freshDatabase>>['cli'];
  let app: FastifyInstance;
  let userId: string;
  beforeAll(async () => {
    ({ t, cli } = await freshDatabase());
    expectOk(await cli('org', 'create', '--name', 'Gemeente Voorbeeld', '--slug', 'voorbeeld'));
    const added = await cli(
      '--json',
      'user',
      'add',
      '--org',
      'voorbeeld',
      '--email',
      'a@b.nl',
      '--name',
      'A. Jansen',
      '--role',
      'council_member',
      '--role',
      'clerk',
      '--password',
      'een lang wachtwoord',
    );
    expectOk(added);
    userId = jsonOf<{ id: string }>(added).id;
    // The real server (buildServer) in-process, on the database the CLI wrote to.
    app = await buildTestServer(t.db);
  });
  afterAll(() => app?.close());

  const me = (token: string) => app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });

  it('prints a token that /api/v1/me accepts, answering with the person and their roles', async () => {
    const result = await cli('token', 'create', '--org', 'voorbeeld', '--email', 'a@b.nl');
    expectOk(result);
    expect(result.stdout).toMatch(/^wbt_[A-Za-z0-9_-]{20,}\n$/);
    const token = result.stdout.trim();

    const response = await me(token);
    expect(response.statusCode).toBe(200);
    const body = response.json<{ id: string; name: string; email: string; roles: string[]; organisation: Record<string, string> }>();
    expect(body).toMatchObject({
      id: userId,
      name: 'A. Jansen',
      email: 'a@b.nl',
      organisation: { name: 'Gemeente Voorbeeld', slug: 'voorbeeld' },
    });
    expect([...body.roles].sort()).toEqual(['clerk', 'council_member']);
  });

  it('prints the token and the person with --json, and stores only its hash', async () => {
    const result = await cli('--json', 'token', 'create', '--org', 'voorbeeld', '--email', 'A@B.nl');
    expectOk(result);
    const created = jsonOf<{ token: string; userId: string }>(result);
    expect(created.userId).toBe(userId);
    expect((await me(created.token)).statusCode).toBe(200);
    const stored = await t.admin.query('SELECT 1 FROM api_token WHERE token_hash = $1', [created.token]);
    expect(stored.rowCount).toBe(0);
  });

  it('answers 401 with an error object to a wrong token', async () => {
    const result = await cli('token', 'create', '--org', 'voorbeeld', '--email', 'a@b.nl');
    expectOk(result);
    const token = result.stdout.trim();
    const altered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    for (const wrong of [altered, `wbt_${randomBytes(32).toString('base64url')}`, 'niets']) {
      const response = await me(wrong);
      expect(response.statusCode).toBe(401);
      const body = response.json<{ error: { id: string; message: string } }>();
      expect(body.error.id).toBe('unauthorized');
      expect(body.error.message).toEqual(expect.any(String));
      expect(body.error.message.length).toBeGreaterThan(0);
    }
  });

  it('answers exit 3 for a person who is not in the organisation', async () => {
    const result = await cli('token', 'create', '--org', 'voorbeeld', '--email', 'niemand@b.nl');
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('weerbaar: Geen persoon met e-mailadres niemand@b.nl in organisatie "voorbeeld".\n');
    expect(result.stdout).toBe('');
  });
});

describe('weerbaar audit verify', () => {
  let t: TestDatabase;
  let orgId: string;
  let cli: Awaited<ReturnType<typeof freshDatabase>>['cli'];
  beforeAll(async () => {
    ({ t, cli } = await freshDatabase());
    // Three audit rows, the organisation's chain: organisation.create (1), user.create (2), api_token.create (3).
    const created = await cli('--json', 'org', 'create', '--name', 'Gemeente Voorbeeld', '--slug', 'voorbeeld');
    expectOk(created);
    orgId = jsonOf<{ id: string }>(created).id;
    expectOk(await cli('user', 'add', '--org', 'voorbeeld', '--email', 'a@b.nl', '--name', 'A. Jansen', '--role', 'clerk'));
    expectOk(await cli('token', 'create', '--org', 'voorbeeld', '--email', 'a@b.nl'));
  });

  /** Runs a statement as the superuser with the append-only trigger switched off, in one session. */
  async function behindTheTrigger(statement: string, params: unknown[] = []) {
    await t.admin.query('BEGIN');
    try {
      await t.admin.query('SET LOCAL session_replication_role = replica');
      await t.admin.query(statement, params);
      await t.admin.query('COMMIT');
    } catch (error) {
      await t.admin.query('ROLLBACK');
      throw error;
    }
  }

  async function expectIntact() {
    const result = await cli('--json', 'audit', 'verify');
    expectOk(result);
    expect(jsonOf(result)).toEqual({ intact: true, rows: 3 });
  }

  it('exits 0 and says the trail is intact', async () => {
    await expectIntact();
    const readable = await cli('audit', 'verify');
    expectOk(readable);
    expect(readable.stdout).toBe('Audit trail intact: 3 rows.\n');
    // One organisation's chain alone, as handed to its auditor.
    const one = await cli('--json', 'audit', 'verify', '--org', 'voorbeeld');
    expectOk(one);
    expect(jsonOf(one)).toEqual({ intact: true, rows: 3 });
    expect((await cli('audit', 'verify', '--org', 'nergens')).code).not.toBe(0);
  });

  it('exits 5 and names row 2 when it was edited', async () => {
    await expect(t.admin.query("UPDATE audit_event SET action = 'x' WHERE seq = 2")).rejects.toThrow(/append-only/);
    const { rows } = await t.admin.query<{ action: string }>('SELECT action FROM audit_event WHERE seq = 2');
    await behindTheTrigger("UPDATE audit_event SET action = 'x' WHERE seq = 2");
    try {
      const result = await cli('--json', 'audit', 'verify');
      expect(result.code).toBe(5);
      expect(jsonOf(result)).toEqual({ intact: false, rows: 1, firstBroken: { seq: '2', reason: 'hash_mismatch', organisationId: orgId } });
      const readable = await cli('audit', 'verify');
      expect(readable.code).toBe(5);
      expect(readable.stdout).toBe(`Audit trail BROKEN at row 2 in the chain of organisation ${orgId} (hash_mismatch).\n`);
    } finally {
      await behindTheTrigger('UPDATE audit_event SET action = $1 WHERE seq = 2', [rows[0]!.action]);
    }
    await expectIntact();
  });

  it('exits 5 and names the row that was removed', async () => {
    // A copy in the same session, to put back exactly (a JavaScript Date would lose the microseconds).
    await t.admin.query('CREATE TEMP TABLE removed_audit_row AS SELECT * FROM audit_event WHERE seq = 2');
    await behindTheTrigger('DELETE FROM audit_event WHERE seq = 2');
    try {
      const result = await cli('--json', 'audit', 'verify');
      expect(result.code).toBe(5);
      expect(jsonOf(result)).toEqual({
        intact: false,
        rows: 1,
        firstBroken: { seq: '3', reason: 'sequence_gap', organisationId: orgId },
        missing: { first: '2', last: '2' },
      });
      const readable = await cli('audit', 'verify');
      expect(readable.code).toBe(5);
      expect(readable.stdout).toBe(
        `Audit trail BROKEN: row 2 is missing in the chain of organisation ${orgId} (sequence_gap before row 3).\n`,
      );
    } finally {
      await behindTheTrigger('INSERT INTO audit_event SELECT * FROM removed_audit_row');
    }
    await expectIntact();
  });
});

describe('weerbaar demo', () => {
  let t: TestDatabase;
  let cli: Awaited<ReturnType<typeof freshDatabase>>['cli'];
  let first: CliResult;
  beforeAll(async () => {
    ({ t, cli } = await freshDatabase());
    // A year of incidents through the use cases: give a busy machine more than the usual 50 s.
    first = await runCli(['--json', 'demo'], { DATABASE_URL: t.url, LOG_LEVEL: 'warn' }, 110_000);
  });

  type Demo = {
    organisation: { slug: string; name: string };
    people: { role: string; roleLabel: string; name: string; email: string; password: string }[];
    secondFactor: { secret: string; uri: string };
    incidents: number;
  };
  const count = async (query: string) => Number((await t.admin.query<{ n: string }>(query)).rows[0]!.n);

  it("includes this term's sessions: the start-of-term session held, a casuistry session and a training planned", async () => {
    expectOk(first);
    const sessions = await t.admin.query<{ kind: string; held: boolean; attended: number; discussed: number }>(
      `SELECT s.kind, s.held_at IS NOT NULL AS held,
              (SELECT count(*)::int FROM training_invitee i WHERE i.session_id = s.id AND i.attended) AS attended,
              (SELECT count(*)::int FROM training_session_incident l WHERE l.session_id = s.id) AS discussed
         FROM training_session s ORDER BY s.kind`,
    );
    expect(sessions.rows.map((r) => [r.kind, r.held])).toEqual([
      ['casuistry', false],
      ['term_start', true],
      ['training', false],
    ]);
    expect(sessions.rows.find((r) => r.kind === 'term_start')!.attended).toBeGreaterThan(0);
    expect(sessions.rows.find((r) => r.kind === 'casuistry')!.discussed).toBeGreaterThan(0);
    expect(await count('SELECT count(*) AS n FROM protocol_version')).toBe(2);
  });

  it('creates a person for every role and a team of employees, and can run again', async () => {
    expectOk(first);
    const demo = jsonOf<Demo>(first);
    expect(demo.organisation).toMatchObject({ name: 'Gemeente Voorbeeld', slug: 'voorbeeld' });
    expect([...new Set(demo.people.map((p) => p.role))].sort()).toEqual([...ROLES].sort());
    expect(demo.people.filter((p) => p.role === 'employee').length).toBeGreaterThanOrEqual(3);

    const again = await cli('demo');
    expectOk(again);
    expect(again.stdout).toMatch(/^Added 0 demo incidents: the organisation already has incidents\.$/m);
    // Readable: roles in Dutch, one password and one second factor for everyone.
    expect(again.stdout).toContain(`Everyone signs in with the password ${demo.people[0]!.password}.`);
    expect(again.stdout).toContain(`  ${demo.secondFactor.uri}`);
    for (const person of demo.people) {
      expect(again.stdout).toMatch(new RegExp(`^  ${person.roleLabel}\\s+${person.email.replace(/\./g, '\\.')}\\s+${person.name}$`, 'm'));
    }
    expect(demo.people.find((p) => p.role === 'mayor')?.roleLabel).toBe('Burgemeester');
    expect(demo.secondFactor.uri).toMatch(/^otpauth:\/\/totp\//);
    // Every demo person already has that second factor, so one authenticator entry signs in as each.
    const factors = await t.admin.query<{ totp_secret: string | null; totp_enabled_at: Date | null }>(
      `SELECT u.totp_secret, u.totp_enabled_at FROM app_user u JOIN organisation o ON o.id = u.organisation_id WHERE o.slug = 'voorbeeld'`,
    );
    expect(factors.rows.length).toBe(demo.people.length);
    for (const row of factors.rows) expect(row).toEqual({ totp_secret: demo.secondFactor.secret, totp_enabled_at: expect.any(Date) });

    // Twice, and still one organisation with each person once, each able to use the printed password.
    const people = await t.admin.query<{ email: string; role: string; password_hash: string }>(
      `SELECT u.email, r.role, u.password_hash FROM app_user u JOIN user_role r ON r.user_id = u.id
       JOIN organisation o ON o.id = u.organisation_id WHERE o.slug = 'voorbeeld' ORDER BY u.email`,
    );
    expect(people.rows.map((r) => r.email)).toEqual(demo.people.map((p) => p.email).sort());
    expect((await t.admin.query('SELECT 1 FROM organisation')).rowCount).toBe(1);
    for (const row of people.rows) {
      const printed = demo.people.find((p) => p.email === row.email)!;
      expect(printed.role).toBe(row.role);
      expect(await verifyPassword(row.password_hash, printed.password)).toBe(true);
    }
    // Employees have a manager, so routing to the manager has someone to reach.
    expect(
      await count(`SELECT count(*) AS n FROM app_user u JOIN user_role r ON r.user_id = u.id
      WHERE r.role = 'employee' AND u.manager_id IS NULL`),
    ).toBe(0);
  });

  it('includes a disrupted council meeting, an information evening with its risk assessment and a risky conversation today', async () => {
    expectOk(first);
    expect(await count(`SELECT count(*) AS n FROM disruption_entry WHERE kind = 'order_to_leave'`)).toBe(3);
    const evenings = await t.admin.query<{ level: string; evaluated: boolean; future: boolean }>(
      `SELECT level, evaluated_at IS NOT NULL AS evaluated, starts_at > now() AS future FROM risk_assessment
       WHERE kind = 'group_meeting' ORDER BY starts_at`,
    );
    expect(evenings.rows).toEqual([
      { level: 'high', evaluated: true, future: false },
      { level: 'high', evaluated: false, future: true },
    ]);
    // Next week's precautions are decided and owned, some already arranged.
    expect(
      await count(`SELECT count(*) AS n FROM risk_precaution p JOIN risk_assessment a ON a.id = p.assessment_id
      WHERE a.kind = 'group_meeting' AND a.starts_at > now() AND p.decision = 'taken' AND p.owner_id IS NOT NULL`),
    ).toBe(6);
    expect(await count(`SELECT count(*) AS n FROM risk_precaution WHERE done_at IS NOT NULL`)).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) AS n FROM risk_assessment WHERE kind = 'conversation' AND host_id IS NOT NULL`)).toBe(1);
  });

  it('adds two years of incidents across every level, channel and status, once, with more in the last year than the one before', async () => {
    expectOk(first);
    const added = jsonOf<Demo>(first).incidents;
    expect(added).toBeGreaterThanOrEqual(65);
    expect(added).toBeLessThanOrEqual(170);
    expect(await count('SELECT count(*) AS n FROM incident')).toBe(added);

    const distinct = async (column: string) =>
      (await t.admin.query<{ v: string }>(`SELECT DISTINCT ${column} AS v FROM incident ORDER BY 1`)).rows.map((r) => r.v);
    expect(await distinct('level')).toEqual([...LEVELS].sort());
    expect(await distinct('channel')).toEqual([...CHANNELS].sort());
    expect(await distinct('status')).toEqual([...STATUSES].sort());
    expect(await distinct('perpetrator_kind')).toEqual(expect.arrayContaining([...PERPETRATOR_KINDS]));
    // Every behaviour fits the incident's level (the norm), and every incident lies in the last two years.
    const rows = (
      await t.admin.query<{ level: Level; behaviours: Behaviour[]; occurred_at: Date; status: string; closed_at: Date | null }>(
        'SELECT level, behaviours, occurred_at, status, closed_at FROM incident',
      )
    ).rows;
    const yearAgo = Date.now() - 365 * 24 * 3600_000;
    const twoYearsAgo = Date.now() - 731 * 24 * 3600_000;
    for (const row of rows) {
      for (const b of row.behaviours) expect([row.level, null]).toContain(BEHAVIOUR_LEVEL[b]);
      expect(row.occurred_at.getTime()).toBeGreaterThan(twoYearsAgo);
      expect(row.occurred_at.getTime()).toBeLessThan(Date.now());
      expect(row.closed_at !== null).toBe(row.status === 'closed');
    }
    const lastYear = rows.filter((r) => r.occurred_at.getTime() > yearAgo).length;
    expect(rows.length - lastYear).toBeGreaterThan(15);
    expect(lastYear).toBeGreaterThan(rows.length - lastYear);
    // Recurring perpetrators, injuries, online incidents with their running log.
    expect(
      await count(
        'SELECT max(c) AS n FROM (SELECT count(*) AS c FROM incident WHERE perpetrator_name IS NOT NULL GROUP BY perpetrator_name) x',
      ),
    ).toBeGreaterThanOrEqual(3);
    expect(await count('SELECT count(*) AS n FROM incident WHERE injury_physical OR injury_mental')).toBeGreaterThan(0);
    expect(await count('SELECT count(*) AS n FROM incident WHERE online_platform IS NOT NULL')).toBeGreaterThan(0);
    expect(await count("SELECT count(*) AS n FROM incident_event WHERE kind = 'online_message_added'")).toBeGreaterThan(0);
    // Closed with a reason, through the state machine.
    expect(
      await count(`SELECT count(*) AS n FROM incident i WHERE status = 'closed' AND NOT EXISTS (
      SELECT 1 FROM incident_event e WHERE e.incident_id = i.id AND e.kind = 'status_changed' AND e.detail->>'to' = 'closed' AND e.detail->>'reason' <> '')`),
    ).toBe(0);

    // Routed as reporting would: the adviser sees every report, an employee's manager theirs; drafts reach nobody.
    expect(
      await count(`SELECT count(*) AS n FROM incident i WHERE status <> 'draft' AND NOT EXISTS (
      SELECT 1 FROM incident_access a JOIN app_user u ON u.id = a.user_id
      WHERE a.incident_id = i.id AND u.email = 'adviseur@voorbeeld.demo' AND a.reason = 'always_inform')`),
    ).toBe(0);
    expect(
      await count(`SELECT count(*) AS n FROM incident_access a JOIN app_user u ON u.id = a.user_id
      WHERE u.email = 'teamleider@voorbeeld.demo' AND a.reason = 'routed'`),
    ).toBeGreaterThan(0);
    expect(
      await count(`SELECT count(*) AS n FROM incident_access a JOIN incident i ON i.id = a.incident_id
      WHERE i.status = 'draft' AND a.reason <> 'reporter'`),
    ).toBe(0);
    expect(await count("SELECT count(*) AS n FROM notification WHERE kind = 'incident_routed'")).toBeGreaterThan(0);

    // Requests from the people in it: a perpetrator's access export waiting for review, an open erasure (issue 11 §2).
    expect(
      await count(
        "SELECT count(*) AS n FROM data_request r JOIN data_request_export e ON e.request_id = r.id WHERE e.state = 'draft' AND r.subject_kind = 'perpetrator'",
      ),
    ).toBe(1);
    expect(await count("SELECT count(*) AS n FROM data_request WHERE kind = 'erasure' AND decision IS NULL")).toBe(1);
    expect(await count("SELECT count(*) AS n FROM deadline WHERE kind = 'data_request' AND incident_id IS NULL")).toBe(2);

    // Handled cases: recurring perpetrators registered and linked, warnings decided, violence reported to the police.
    expect(await count('SELECT count(*) AS n FROM perpetrator')).toBeGreaterThan(0);
    expect(await count('SELECT count(*) AS n FROM incident_perpetrator')).toBeGreaterThan(
      await count('SELECT count(*) AS n FROM perpetrator'),
    );
    expect(await count("SELECT count(*) AS n FROM measure WHERE state = 'decided' AND hearing IS NOT NULL")).toBeGreaterThan(0);
    // Their letters can be made: facts written for them, never the report's own text (issue 11 §4).
    expect(await count("SELECT count(*) AS n FROM measure WHERE kind IN ('written_warning', 'ban') AND facts IS NULL")).toBe(0);
    expect(
      await count(
        'SELECT count(*) AS n FROM measure m JOIN incident i ON i.id = m.incident_id WHERE position(i.description IN m.facts) > 0',
      ),
    ).toBe(0);
    // The quick card has the demo municipality's own lines.
    expect(await count("SELECT count(*) AS n FROM organisation WHERE slug = 'voorbeeld' AND cardinality(quick_card_lines) > 0")).toBe(1);
    expect(await count('SELECT count(*) AS n FROM police_report')).toBeGreaterThan(0);
    // Duties follow the backdated reports: nothing of a closed case is left open, nothing old is still to be reminded.
    expect(
      await count(
        `SELECT count(*) AS n FROM deadline d JOIN incident i ON i.id = d.incident_id WHERE i.status = 'closed' AND d.state = 'open'`,
      ),
    ).toBe(0);
    expect(await count("SELECT count(*) AS n FROM deadline WHERE state = 'open' AND remind_at < now() AND reminder_sent_at IS NULL")).toBe(
      0,
    );

    // This year's access review under way: the office holders confirmed, the rest waiting, due on the administrator's list.
    expect(await count('SELECT count(*) AS n FROM access_review WHERE started_at IS NOT NULL AND completed_at IS NULL')).toBe(1);
    expect(await count("SELECT count(*) AS n FROM access_review_line WHERE role = 'mayor' AND decision = 'confirmed'")).toBe(1);
    expect(await count("SELECT count(*) AS n FROM access_review_line WHERE decision = 'pending'")).toBeGreaterThan(0);
    expect(await count("SELECT count(*) AS n FROM deadline WHERE kind = 'access_review' AND state = 'open'")).toBe(1);

    // Another run adds nothing.
    const again = await cli('--json', 'demo');
    expectOk(again);
    expect(jsonOf<Demo>(again).incidents).toBe(0);
    expect(await count('SELECT count(*) AS n FROM incident')).toBe(added);
    expect(await count('SELECT count(*) AS n FROM access_review')).toBe(1);

    // All of it went through the use cases, so the audit trail holds it and is intact.
    const verified = await cli('--json', 'audit', 'verify');
    expectOk(verified);
    expect(jsonOf(verified)).toMatchObject({ intact: true });
    expect(await count("SELECT count(*) AS n FROM audit_event WHERE action = 'incident.create'")).toBe(added);
  }, 120_000);
});

describe('weerbaar migrate', () => {
  const name = `wb_empty_${randomBytes(4).toString('hex')}`;
  const adminUrl = () => inject('pgAdminUrl');
  const maintenance = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl() });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  beforeAll(() => maintenance(`CREATE DATABASE ${name}`));
  afterAll(() => maintenance(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

  it('exits 0 on an up-to-date database', async () => {
    const { cli } = await freshDatabase();
    const result = await cli('migrate');
    expectOk(result);
    expect(result.stdout).toBe('Database is up to date.\n');
  });

  it('brings an empty database up to date, and does nothing the second time', async () => {
    const url = adminUrl().replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
    const first = await runCli(['--json', 'migrate'], { DATABASE_URL: url });
    expectOk(first);
    expect(jsonOf(first)).toEqual({ migrated: true });
    expectOk(await runCli(['migrate'], { DATABASE_URL: url }));

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const applied = await client.query<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name');
      expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
      const tables = await client.query(
        "SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('organisation', 'audit_event')",
      );
      expect(tables.rowCount).toBe(2);
    } finally {
      await client.end();
    }
  });
});

describe('a bad configuration', () => {
  let url: string;
  beforeAll(async () => ({ url } = (await freshDatabase()).t));

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', ''],
    ['DATABASE_URL', 'mysql://x'],
    ['LOG_LEVEL', 'luid'],
  ])('exits 2 naming %s (=%j), without a stack trace', async (variable, value) => {
    const result = await runCli(['migrate'], { DATABASE_URL: url, [variable]: value });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^weerbaar: Ongeldige configuratie \(invalid configuration\):\n/);
    expect(result.stderr).toMatch(new RegExp(`^  ${variable}: `, 'm'));
    expect(result.stderr).not.toMatch(STACK_LINE);
  });

  it('names every bad variable at once, also as JSON and for serve', async () => {
    const result = await runCli(['--json', 'serve'], { PORT: 'abc', DATABASE_URL: 'mysql://x' });
    expect(result.code).toBe(2);
    const { error } = jsonOf<{ error: { id: string; message: string } }>(result);
    expect(error.id).toBe('invalid_configuration');
    expect(error.message).toMatch(/PORT: .*\n.*DATABASE_URL: /);
    expect(result.stderr).not.toMatch(STACK_LINE);
  });
});
