import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptClientSecret } from '../src/domain/sso/sso-key.js';
import { assertBuilt, jsonOf, runCli, type CliResult } from './cli.js';
import { createTestDatabase, type TestDatabase } from './db.js';

/**
 * Issue 12 §1 on the command line: `weerbaar org sso`, run as the real built program
 * (`npm run build` first) against a database of its own. The secret comes from an environment
 * variable, is stored encrypted with SSO_SECRET_KEY (or the data directory's key), and is never
 * printed.
 */
describe('weerbaar org sso', () => {
  let t: TestDatabase;
  let dataDir: string;
  const key = randomBytes(32);
  const SECRET = `cli-secret-${randomBytes(8).toString('hex')}`;
  const env = (extra: Record<string, string> = {}) => ({
    DATABASE_URL: t.url,
    LOG_LEVEL: 'warn',
    WEERBAAR_DATA_DIR: dataDir,
    SSO_SECRET_KEY: key.toString('hex'),
    IDP_SECRET: SECRET,
    ...extra,
  });
  const ok = (result: CliResult) => expect(result.code, `exit ${result.code}\n${result.stdout}\n${result.stderr}`).toBe(0);
  const stored = async () =>
    (await t.admin.query("SELECT s.* FROM sso_config s JOIN organisation o ON o.id = s.organisation_id WHERE o.slug = 'eenmalig'"))
      .rows[0] as Record<string, unknown> | undefined;
  const base = ['org', 'sso', '--org', 'eenmalig', '--issuer', 'https://login.example.test/realms/x', '--client-id', 'weerbaar'];

  beforeAll(async () => {
    assertBuilt();
    t = await createTestDatabase();
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-cli-sso-'));
    ok(await runCli(['org', 'create', '--name', 'Gemeente Eenmalig', '--slug', 'eenmalig'], env()));
  });
  afterAll(async () => {
    await t?.close();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('stores the secret from the environment encrypted, maps groups to roles, and never prints the secret', async () => {
    const result = await runCli(
      [
        '--json',
        ...base,
        '--client-secret-env',
        'IDP_SECRET',
        '--groups-claim',
        'groups',
        '--map',
        'council_member=Raad',
        '--map',
        'clerk=Griffie',
        '--map',
        'council_member=Raadsleden',
      ],
      env(),
    );
    ok(result);
    expect(result.stdout + result.stderr).not.toContain(SECRET);
    expect(jsonOf(result)).toMatchObject({
      issuer: 'https://login.example.test/realms/x',
      clientId: 'weerbaar',
      secret: 'stored',
      roleMode: 'groups',
      roleMap: { council_member: ['Raad', 'Raadsleden'], clerk: ['Griffie'] },
      jit: false,
    });
    const row = (await stored())!;
    expect(JSON.stringify(row)).not.toContain(SECRET);
    expect(decryptClientSecret(key, row.organisation_id as string, row.client_secret_encrypted as string)).toBe(SECRET);
  });

  it('keeps only the name of the variable with --keep-secret-in-env; roles then stay in Weerbaar without --map', async () => {
    const result = await runCli([...base, '--client-secret-env', 'IDP_SECRET', '--keep-secret-in-env'], env());
    ok(result);
    expect(result.stdout).toContain('IDP_SECRET');
    expect(result.stdout).not.toContain(SECRET);
    const row = (await stored())!;
    expect(row).toMatchObject({ client_secret_encrypted: null, client_secret_env: 'IDP_SECRET', role_mode: 'weerbaar', role_map: {} });
  });

  it('makes a key in the data directory when SSO_SECRET_KEY is not set, readable by this user alone', async () => {
    const result = await runCli([...base, '--client-secret-env', 'IDP_SECRET'], env({ SSO_SECRET_KEY: '' }));
    ok(result);
    const file = path.join(dataDir, 'sso.key');
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    const fileKey = Buffer.from((await fs.readFile(file, 'utf8')).trim(), 'hex');
    const row = (await stored())!;
    expect(decryptClientSecret(fileKey, row.organisation_id as string, row.client_secret_encrypted as string)).toBe(SECRET);
  });

  it('refuses an empty variable, a role that does not exist, and an issuer without https, changing nothing', async () => {
    const before = await stored();
    const empty = await runCli([...base, '--client-secret-env', 'NOT_SET_ANYWHERE'], env());
    expect(empty.code).toBe(2);
    expect(empty.stdout + empty.stderr).toContain('NOT_SET_ANYWHERE');
    const role = await runCli([...base, '--client-secret-env', 'IDP_SECRET', '--map', 'emperor=Keizers'], env());
    expect(role.code).toBe(2);
    const http = await runCli(
      ['org', 'sso', '--org', 'eenmalig', '--issuer', 'http://login.example.test', '--client-id', 'x', '--client-secret-env', 'IDP_SECRET'],
      env(),
    );
    expect(http.code).toBe(2);
    expect(await stored()).toEqual(before);
    const unknown = await runCli(['org', 'sso', '--org', 'nergens', ...base.slice(4), '--client-secret-env', 'IDP_SECRET'], env());
    expect(unknown.code).not.toBe(0);
    expect(unknown.stdout + unknown.stderr).not.toContain(SECRET);
  });
});
