import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectAccessibleWithUniqueIds,
  launchChromium,
  nl,
  pageFor,
  startServer,
  type RunningServer,
  type TestChromium,
} from '../../../test/browser.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeOrganisation, makeUser } from '../../../test/factories.js';
import { Browser, buildTestServer, signIn } from '../../../test/http.js';
import type { Organisation } from '../../domain/organisation/organisation.js';
import { decryptClientSecret } from '../../domain/sso/sso-key.js';
import { ROLES, type Role } from '../../domain/user/roles.js';

/** Only the administrator sets up single sign-on. */
const SEES: Record<Role, boolean> = {
  mayor: false,
  alderman: false,
  council_member: false,
  group_member: false,
  clerk: false,
  municipal_secretary: false,
  security_adviser: false,
  employee: false,
  admin: true,
  privacy_officer: false,
};

const SECRET = 'the-client-secret-nobody-sees-again';

describe('the single sign-on settings page (/settings/sso)', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  let admin: Browser;
  const key = randomBytes(32);

  const save = (browser: Browser, fields: Record<string, string> = {}) =>
    browser.post('/settings/sso', {
      issuer: 'https://login.example.test/realms/gemeente',
      clientId: 'weerbaar-client',
      clientSecret: SECRET,
      scopes: 'openid email profile',
      roleMode: 'groups',
      groupsClaim: 'groups',
      map_council_member: 'Raad, Raadsleden',
      map_clerk: 'Griffie',
      ...fields,
    });
  const stored = async (organisationId: string) =>
    (await t.admin.query('SELECT * FROM sso_config WHERE organisation_id = $1', [organisationId])).rows[0] as
      Record<string, unknown> | undefined;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db, { ssoKey: key, publicUrl: 'https://weerbaar.example.test' });
    org = await makeOrganisation(t.db, 'Gemeente Instelling');
    admin = await signIn(app, (await makeUser(t.db, org, ['admin'])).email);
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('sends a signed-out visitor to the sign-in page, and refuses a form without a session', async () => {
    const page = await new Browser(app).get('/settings/sso');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/sign-in?next=%2Fsettings%2Fsso');
    const stranger = new Browser(app);
    await stranger.get('/sign-in');
    const posted = await save(stranger);
    expect([303, 403]).toContain(posted.statusCode);
    expect(posted.headers.location ?? '').not.toBe('/settings/sso?notice=sso.saved');
    expect(await stored(org.id)).toBeUndefined();
  });

  it('answers 404 to every role but the administrator', async () => {
    for (const role of ROLES) {
      const browser = await signIn(app, (await makeUser(t.db, org, [role])).email);
      const page = await browser.get('/settings/sso');
      expect(page.statusCode, role).toBe(SEES[role] ? 200 : 404);
      if (!SEES[role]) expect((await save(browser)).statusCode, role).toBe(404);
    }
    expect(await stored(org.id)).toBeUndefined();
  });

  it('stores the settings with the secret encrypted, never shows the secret, and audits reading and saving', async () => {
    await admin.get('/settings/sso');
    const saved = await save(admin);
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/settings/sso?notice=sso.saved');
    const row = (await stored(org.id))!;
    expect(row.issuer).toBe('https://login.example.test/realms/gemeente');
    expect(row.role_mode).toBe('groups');
    expect(row.role_map).toEqual({ council_member: ['Raad', 'Raadsleden'], clerk: ['Griffie'] });
    expect(row.jit).toBe(false);
    expect(JSON.stringify(row)).not.toContain(SECRET);
    expect(decryptClientSecret(key, org.id, row.client_secret_encrypted as string)).toBe(SECRET);
    // Bound to its organisation: the same ciphertext does not open as another's.
    expect(decryptClientSecret(key, randomBytes(16).toString('hex'), row.client_secret_encrypted as string)).toBeUndefined();

    const page = await admin.get('/settings/sso');
    expect(page.body).toContain('https://weerbaar.example.test/sign-in/sso/callback');
    expect(page.body).toContain(`https://weerbaar.example.test/sign-in/sso/${org.slug}`);
    expect(page.body).toContain(nl('sso.secret_stored'));
    // Read back as saved, also the roles with an underscore in their name.
    expect(page.body).toContain('value="Raad, Raadsleden"');
    expect(page.body).toContain('value="Griffie"');
    expect(page.body).not.toContain(SECRET);

    // Saved again without a secret: the stored one stays.
    await save(admin, { clientSecret: '', roleMode: 'weerbaar' });
    const kept = (await stored(org.id))!;
    expect(decryptClientSecret(key, org.id, kept.client_secret_encrypted as string)).toBe(SECRET);
    expect(kept.role_map).toEqual({});
    const audited = await t.admin.query<{ action: string; n: number }>(
      "SELECT action, count(*)::int AS n FROM audit_event WHERE organisation_id = $1 AND action LIKE 'sso.%' GROUP BY action ORDER BY action",
      [org.id],
    );
    expect(audited.rows).toEqual([
      // Two reads here, one by the administrator of the test before.
      { action: 'sso.read', n: 3 },
      { action: 'sso.update', n: 2 },
    ]);
  });

  it('refuses an issuer that is not https, and group mode without any group, with messages', async () => {
    await admin.get('/settings/sso');
    const before = await stored(org.id);
    const http = await save(admin, { issuer: 'http://login.example.test' });
    expect(http.statusCode).toBe(400);
    expect(http.body).toContain(nl('sso.error.issuer'));
    const empty = await save(admin, { map_council_member: '', map_clerk: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain(nl('sso.error.role_map_empty'));
    expect(await stored(org.id)).toEqual(before);
  });

  it('shows an administrator of another organisation only their own (empty) settings', async () => {
    const other = await makeOrganisation(t.db, 'Gemeente Elders');
    const otherAdmin = await signIn(app, (await makeUser(t.db, other, ['admin'])).email);
    const page = await otherAdmin.get('/settings/sso');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(nl('sso.not_configured'));
    expect(page.body).not.toContain('login.example.test');
    // Switching off where nothing is on: not found, and the first organisation keeps its own.
    await otherAdmin.get('/settings/sso');
    expect((await otherAdmin.post('/settings/sso/remove', {})).statusCode).toBe(404);
    expect(await stored(org.id)).toBeDefined();
  });

  it('switches single sign-on off', async () => {
    await admin.get('/settings/sso');
    if (!(await stored(org.id))) await save(admin);
    await admin.get('/settings/sso');
    const removed = await admin.post('/settings/sso/remove', {});
    expect(removed.statusCode).toBe(303);
    expect(await stored(org.id)).toBeUndefined();
  });

  it('refuses a return from the provider without the state this browser was given', async () => {
    const visitor = new Browser(app);
    const answer = await visitor.get('/sign-in/sso/callback?code=abc&state=made-up');
    expect(answer.statusCode).toBe(401);
    expect(answer.body).toContain(nl('sso.failed'));
    expect(visitor.hasCookie('wb_session')).toBe(false);
  });

  describe('in Chromium', () => {
    let chromium: TestChromium;
    let server: RunningServer;
    beforeAll(async () => {
      chromium = await launchChromium();
      server = await startServer(t.db);
    });
    afterAll(async () => {
      await chromium?.close();
      await server?.close();
    });

    it('passes axe: the page while off, with its messages, and the sign-in page with its SSO form', async () => {
      const page = await pageFor(chromium, server.baseUrl, await makeUser(t.db, org, ['admin']));
      await page.goto(`${server.baseUrl}/settings/sso`);
      await expectAccessibleWithUniqueIds(page, '/settings/sso (off)');
      await page.getByLabel(nl('sso.field.issuer'), { exact: true }).fill('http://not-https.example');
      await page.getByRole('button', { name: nl('sso.save') }).click();
      await page.waitForLoadState('load');
      await expectAccessibleWithUniqueIds(page, '/settings/sso (messages)');
      await page.goto(`${server.baseUrl}/sign-in`);
      await expectAccessibleWithUniqueIds(page, '/sign-in with single sign-on');
    });
  });
});
