import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, jsonOf, runCli, type CliResult } from './cli.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { buildTestServer } from './http.js';

/**
 * Issue 12 §2 finding 5 on the command line: `weerbaar token create|list|revoke`, run as the
 * real built program (`npm run build` first) against a database of its own.
 */
describe('weerbaar token create, list and revoke', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  const cli = (...args: string[]) => runCli(args, { DATABASE_URL: t.url, LOG_LEVEL: 'warn' });
  const ok = (result: CliResult) => expect(result.code, `exit ${result.code}\n${result.stdout}\n${result.stderr}`).toBe(0);
  const me = (token: string) => app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    assertBuilt();
    t = await createTestDatabase();
    ok(await cli('org', 'create', '--name', 'Gemeente Sleutel', '--slug', 'sleutel'));
    ok(
      await cli(
        'user',
        'add',
        '--org',
        'sleutel',
        '--email',
        's@b.nl',
        '--name',
        'S. de Vries',
        '--role',
        'clerk',
        '--password',
        'een lang wachtwoord',
      ),
    );
    app = await buildTestServer(t.db);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('creates a named token for a number of days, lists it without its secret, and revokes it', async () => {
    const created = await cli('--json', 'token', 'create', '--org', 'sleutel', '--email', 's@b.nl', '--name', 'Rapportage', '--days', '7');
    ok(created);
    const token = jsonOf<{ id: string; token: string; name: string; expiresAt: string; userId: string }>(created);
    expect(token.name).toBe('Rapportage');
    const days = (Date.parse(token.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    expect((await me(token.token)).statusCode).toBe(200);

    const listed = await cli('--json', 'token', 'list', '--org', 'sleutel', '--email', 's@b.nl');
    ok(listed);
    const list = jsonOf<{ tokens: { id: string; name: string; state: string; lastUsedAt: string | null }[] }>(listed);
    expect(list.tokens).toHaveLength(1);
    expect(list.tokens[0]).toMatchObject({ id: token.id, name: 'Rapportage', state: 'active' });
    expect(list.tokens[0]!.lastUsedAt).not.toBeNull();
    expect(listed.stdout).not.toContain(token.token);

    const human = await cli('token', 'list', '--org', 'sleutel', '--email', 's@b.nl');
    ok(human);
    expect(human.stdout).toContain(token.id);
    expect(human.stdout).toContain('Rapportage');

    const revoked = await cli('--json', 'token', 'revoke', '--org', 'sleutel', '--id', token.id);
    ok(revoked);
    expect(jsonOf(revoked)).toEqual({ id: token.id, revoked: true });
    expect((await me(token.token)).statusCode).toBe(401);
    const after = jsonOf<{ tokens: { state: string }[] }>(await cli('--json', 'token', 'list', '--org', 'sleutel', '--email', 's@b.nl'));
    expect(after.tokens.map((k) => k.state)).toEqual(['revoked']);
  });

  it('still creates a token with only --org and --email: 90 days, a default name', async () => {
    const created = await cli('--json', 'token', 'create', '--org', 'sleutel', '--email', 's@b.nl');
    ok(created);
    const token = jsonOf<{ token: string; name: string; expiresAt: string }>(created);
    expect(token.name).toBe('API-sleutel');
    expect(Math.round((Date.parse(token.expiresAt) - Date.now()) / 86_400_000)).toBe(90);
    expect((await me(token.token)).statusCode).toBe(200);
  });

  it('refuses more days than the maximum (exit 2), and an unknown token id (exit 3)', async () => {
    const tooLong = await cli('--json', 'token', 'create', '--org', 'sleutel', '--email', 's@b.nl', '--days', '366');
    expect(tooLong.code).toBe(2);
    expect(jsonOf<{ error: { message: string } }>(tooLong).error.message).toContain('365');
    const unknown = await cli('token', 'revoke', '--org', 'sleutel', '--id', '00000000-0000-4000-8000-000000000000');
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('Geen API-sleutel met id');
    const malformed = await cli('token', 'revoke', '--org', 'sleutel', '--id', 'nope');
    expect(malformed.code).toBe(3);
  });
});
