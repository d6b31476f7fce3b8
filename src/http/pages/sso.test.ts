import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchChromium, location, navigating, nl, type TestChromium } from '../../../test/browser.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeOrganisation, makeUser } from '../../../test/factories.js';
import { buildTestServer } from '../../../test/http.js';
import { freePort, startTestProvider, type TestProvider } from '../../../test/oidc-provider.js';
import { withOrganisation } from '../../db/database.js';
import type { Organisation } from '../../domain/organisation/organisation.js';
import { ssoInputSchema, type SsoInput } from '../../domain/sso/sso.js';
import { configureSso } from '../../domain/sso/sso-settings.js';
import type { Role } from '../../domain/user/roles.js';

/**
 * Issue 12 §1: single sign-on against a real OpenID provider (oidc-provider) started here,
 * through Chromium, from Weerbaar's sign-in page to the provider and back.
 */
describe('sign-in through the organisation (OpenID Connect)', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let idp: TestProvider;
  let chromium: TestChromium;
  let baseUrl: string;
  const key = randomBytes(32);
  let counter = 0;

  const configure = async (org: Organisation, overrides: Partial<SsoInput> = {}) =>
    withOrganisation(t.db, org.id, (tx) =>
      configureSso(
        tx,
        { organisationId: org.id, userId: null, originIp: null },
        key,
        ssoInputSchema.parse({ issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, ...overrides }),
      ),
    );

  /** An organisation that signs in through the test provider. */
  const ssoOrganisation = async (overrides: Partial<SsoInput> = {}) => {
    const org = await makeOrganisation(t.db, 'Gemeente Eenmalig');
    await configure(org, overrides);
    return org;
  };

  /** A person known to the provider (and, unless said, to Weerbaar) with the same address. */
  const person = async (org: Organisation, roles: Role[] = ['employee'], groups?: string[]) => {
    const user = await makeUser(t.db, org, roles);
    const sub = `sub-${++counter}-${randomBytes(4).toString('hex')}`;
    idp.setAccount({ sub, email: user.email, groups });
    return { user, sub };
  };

  const newPage = async () => chromium.newPage();

  /** From the sign-in page through the provider and back; the page then shows where it landed. */
  const ssoSignIn = async (page: Page, org: Organisation) => {
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel(nl('sso.field.organisation'), { exact: true }).fill(org.slug);
    // The callback's own answer (not a test's altered hop back to the callback).
    const back = page.waitForResponse(
      (r) => r.url().startsWith(`${baseUrl}/sign-in/sso/callback`) && !(r.headers().location ?? '').includes('/sign-in/sso/callback'),
    );
    await page.getByRole('button', { name: nl('sso.signin_submit') }).click();
    const answer = await back;
    // Signed in: on to the next page; refused: the callback answers with the reason.
    if (answer.status() === 303) await page.waitForURL((url) => !url.pathname.startsWith('/sign-in/sso'));
    else await page.waitForURL((url) => url.pathname === '/sign-in/sso/callback');
    await page.waitForLoadState('load');
  };

  const rolesOf = async (userId: string) =>
    (await t.admin.query<{ role: string }>('SELECT role FROM user_role WHERE user_id = $1 ORDER BY role', [userId])).rows.map(
      (r) => r.role,
    );
  const auditCount = async (action: string, result = 'success', objectId?: string) =>
    (
      await t.admin.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM audit_event WHERE action = $1 AND result = $2 AND ($3::text IS NULL OR object_id = $3)',
        [action, result, objectId ?? null],
      )
    ).rows[0]!.n;
  const sessionsOf = async (userId: string) =>
    (await t.admin.query<{ n: number }>('SELECT count(*)::int AS n FROM session WHERE user_id = $1', [userId])).rows[0]!.n;

  beforeAll(async () => {
    t = await createTestDatabase();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    idp = await startTestProvider({ redirectUri: `${baseUrl}/sign-in/sso/callback`, postLogoutRedirectUri: `${baseUrl}/sign-in` });
    app = await buildTestServer(t.db, { publicUrl: baseUrl, ssoKey: key });
    await app.listen({ port, host: '127.0.0.1' });
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await chromium?.close();
    await app?.close();
    await idp?.close();
    await t?.close();
  });

  it('links a known person by e-mail at the first sign-in, finds them by subject afterwards, and offers the provider sign-out', async () => {
    const org = await ssoOrganisation();
    const { user, sub } = await person(org);
    idp.signInAs(sub);
    const page = await newPage();
    const authorization = page.waitForRequest((r) => r.url().startsWith(`${idp.issuer}/auth?`));
    await ssoSignIn(page, org);
    expect(location(page)).toBe('/');
    expect(await page.getByRole('button', { name: nl('layout.sign_out') }).isVisible()).toBe(true);
    // The authorization code flow with PKCE S256, a state and a nonce.
    const asked = new URL((await authorization).url()).searchParams;
    expect(asked.get('response_type')).toBe('code');
    expect(asked.get('code_challenge_method')).toBe('S256');
    expect(asked.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(asked.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(asked.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The state and nonce travel sealed in a cookie of their own, used once.
    expect((await page.context().cookies(baseUrl)).some((c) => c.name === 'wb_sso')).toBe(false);
    const linked = await t.admin.query<{ sso_subject: string }>('SELECT sso_subject FROM app_user WHERE id = $1', [user.id]);
    expect(linked.rows[0]!.sso_subject).toBe(sub);
    expect(await auditCount('user.sso_link', 'success', user.id)).toBe(1);

    // Signing out ends the Weerbaar session and offers the provider's end-session endpoint.
    await navigating(page, () => page.getByRole('button', { name: nl('layout.sign_out') }).click());
    expect(await sessionsOf(user.id)).toBe(0);
    await expectAccessible(page, 'signed out, with the provider sign-out');
    const providerLink = page.getByRole('link', { name: nl('sso.provider_sign_out') });
    const href = new URL((await providerLink.getAttribute('href'))!);
    expect(`${href.origin}${href.pathname}`).toBe(`${idp.issuer}/session/end`);
    expect(href.searchParams.get('id_token_hint')).toMatch(/^ey/);
    expect(href.searchParams.get('post_logout_redirect_uri')).toBe(`${baseUrl}/sign-in`);
    await page.context().close();

    // The provider changes the address; the subject still finds the same person, linked once.
    idp.setAccount({ sub, email: `nieuw-${user.email}` });
    idp.signInAs(sub);
    const again = await newPage();
    await ssoSignIn(again, org);
    expect(location(again)).toBe('/');
    expect(await sessionsOf(user.id)).toBe(1);
    expect(await auditCount('user.sso_link', 'success', user.id)).toBe(1);
    await again.context().close();
  });

  it("asks Weerbaar's second factor of a case-handling role unless the provider asserts multi-factor", async () => {
    const org = await ssoOrganisation();
    const { user, sub } = await person(org, ['clerk']);
    idp.signInAs(sub, { amr: ['pwd'] });
    const page = await newPage();
    await ssoSignIn(page, org);
    expect(location(page)).toBe('/sign-in/second-factor');
    await page.context().close();

    idp.signInAs(sub, { amr: ['pwd', 'mfa'] });
    const mfa = await newPage();
    await ssoSignIn(mfa, org);
    expect(location(mfa)).toBe('/');
    const stages = await t.admin.query<{ stage: string }>('SELECT stage FROM session WHERE user_id = $1 ORDER BY created_at', [user.id]);
    expect(stages.rows.map((r) => r.stage)).toEqual(['second_factor', 'complete']);
    await mfa.context().close();
  });

  it('refuses a tampered state', async () => {
    const org = await ssoOrganisation();
    const { user, sub } = await person(org);
    idp.signInAs(sub);
    const page = await newPage();
    // The state that comes back is not the one this browser was given (altered on its way out).
    await page.route(`${idp.issuer}/auth?*`, async (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set('state', `${url.searchParams.get('state')}x`);
      await route.continue({ url: url.href });
    });
    await ssoSignIn(page, org);
    expect(await page.getByText(nl('sso.failed')).isVisible()).toBe(true);
    expect(await sessionsOf(user.id)).toBe(0);
    await expectAccessible(page, 'sign-in through the organisation refused');
    await page.context().close();
  });

  it('refuses an ID token with another nonce than the one sent', async () => {
    const org = await ssoOrganisation();
    const { user, sub } = await person(org);
    idp.signInAs(sub);
    const page = await newPage();
    await page.route(`${idp.issuer}/auth?*`, async (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set('nonce', 'a-nonce-the-client-never-made');
      await route.continue({ url: url.href });
    });
    const failuresBefore = await auditCount('sign_in.sso', 'failure');
    await ssoSignIn(page, org);
    expect(await page.getByText(nl('sso.failed')).isVisible()).toBe(true);
    expect(await sessionsOf(user.id)).toBe(0);
    expect(await auditCount('sign_in.sso', 'failure')).toBe(failuresBefore + 1);
    await page.context().close();
  });

  for (const spoil of ['expired', 'bad_signature'] as const) {
    it(`refuses an ID token that is ${spoil === 'expired' ? 'expired (though properly signed)' : 'signed with another key'}`, async () => {
      const org = await ssoOrganisation();
      const { user, sub } = await person(org);
      idp.signInAs(sub);
      idp.spoilNextToken(spoil);
      const page = await newPage();
      await ssoSignIn(page, org);
      expect(await page.getByText(nl('sso.failed')).isVisible()).toBe(true);
      expect(await sessionsOf(user.id)).toBe(0);
      await page.context().close();
    });
  }

  it('sets the roles from the groups claim at every sign-in, and tells the administrators of a case-role change', async () => {
    const org = await ssoOrganisation({
      roleMode: 'groups',
      roleMap: { employee: ['Medewerkers'], clerk: ['Griffie'], council_member: ['Raad'] },
    });
    const admin = await makeUser(t.db, org, ['admin']);
    const { user, sub } = await person(org, ['employee'], ['Raad']);
    idp.signInAs(sub, { amr: ['pwd', 'mfa'] });
    const first = await newPage();
    await ssoSignIn(first, org);
    expect(location(first)).toBe('/');
    expect(await rolesOf(user.id)).toEqual(['council_member']);
    await first.context().close();

    // The provider moves them to the clerk's office: the second sign-in gives them that role instead.
    idp.setAccount({ sub, email: user.email, groups: ['Griffie', 'Iets anders'] });
    idp.signInAs(sub, { amr: ['pwd', 'mfa'] });
    const second = await newPage();
    await ssoSignIn(second, org);
    expect(location(second)).toBe('/');
    expect(await rolesOf(user.id)).toEqual(['clerk']);
    expect(await auditCount('user.roles_from_sso', 'success', user.id)).toBe(2);
    const told = await t.admin.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND kind = 'case_role_changed'",
      [admin.id],
    );
    expect(told.rows[0]!.n).toBe(1);
    await second.context().close();

    // No group that gives a role: refused, and the roles stay as they were.
    idp.setAccount({ sub, email: user.email, groups: ['Iets anders'] });
    idp.signInAs(sub, { amr: ['pwd', 'mfa'] });
    const third = await newPage();
    await ssoSignIn(third, org);
    expect(await third.getByText(nl('sso.error.no_role')).isVisible()).toBe(true);
    expect(await rolesOf(user.id)).toEqual(['clerk']);
    await third.context().close();
  });

  it('refuses an inactive person, and someone Weerbaar does not know (no just-in-time creation by default)', async () => {
    const org = await ssoOrganisation();
    const { user, sub } = await person(org);
    await t.admin.query('UPDATE app_user SET active = false, deactivated_at = now() WHERE id = $1', [user.id]);
    idp.signInAs(sub);
    const page = await newPage();
    await ssoSignIn(page, org);
    expect(await page.getByText(nl('sso.error.inactive')).isVisible()).toBe(true);
    expect(await sessionsOf(user.id)).toBe(0);
    expect(await auditCount('sign_in.sso', 'failure', user.id)).toBe(1);
    await page.context().close();

    const stranger = `stranger-${randomBytes(4).toString('hex')}`;
    idp.setAccount({ sub: stranger, email: `${stranger}@example.test` });
    idp.signInAs(stranger);
    const unknown = await newPage();
    await ssoSignIn(unknown, org);
    expect(await unknown.getByText(nl('sso.error.no_account')).isVisible()).toBe(true);
    const made = await t.admin.query('SELECT 1 FROM app_user WHERE email = $1', [`${stranger}@example.test`]);
    expect(made.rowCount).toBe(0);
    await unknown.context().close();
  });

  it('adds someone unknown at their first sign-in when the organisation switched just-in-time creation on', async () => {
    const org = await ssoOrganisation({ jit: true, roleMode: 'groups', roleMap: { employee: ['Medewerkers'] } });
    const sub = `nieuw-${randomBytes(4).toString('hex')}`;
    idp.setAccount({ sub, email: `${sub}@example.test`, name: 'Nieuwe Collega', groups: ['Medewerkers'] });
    idp.signInAs(sub);
    const page = await newPage();
    await ssoSignIn(page, org);
    expect(location(page)).toBe('/');
    const made = await t.admin.query<{ id: string; name: string; sso_subject: string; password_hash: string | null }>(
      'SELECT id, name, sso_subject, password_hash FROM app_user WHERE email = $1',
      [`${sub}@example.test`],
    );
    expect(made.rows[0]).toMatchObject({ name: 'Nieuwe Collega', sso_subject: sub, password_hash: null });
    expect(await rolesOf(made.rows[0]!.id)).toEqual(['employee']);
    expect(await auditCount('user.create', 'success', made.rows[0]!.id)).toBe(1);
    await page.context().close();
  });

  it('sends an organisation without single sign-on back to the sign-in page with a message', async () => {
    const org = await makeOrganisation(t.db, 'Gemeente Zonder');
    const page = await newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel(nl('sso.field.organisation'), { exact: true }).fill(org.slug);
    await navigating(page, () => page.getByRole('button', { name: nl('sso.signin_submit') }).click());
    expect(new URL(page.url()).origin).toBe(baseUrl);
    expect(await page.getByText(nl('sso.error.unknown_org')).first().isVisible()).toBe(true);
    await page.context().close();
  });
});
