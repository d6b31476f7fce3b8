import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { enterOrganisation, withOrganisation, type Db, type Tx } from '../../db/database.js';
import { notFound, ssoFailed, ssoRefused, ssoUnavailable } from '../../errors.js';
import { audit, type Actor } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { DEFAULT_SESSION_MAX_HOURS, insertSession } from '../auth/session.repository.js';
import type { StartedSession } from '../auth/sign-in.js';
import { generateToken, hashToken } from '../auth/tokens.js';
import { findOwnOrganisation, organisationIdBySlug } from '../organisation/organisation.repository.js';
import { addUserFromProvider, setRolesFromProvider } from '../user/manage-users.js';
import { requiresSecondFactor, type Role } from '../user/roles.js';
import { emailSchema } from '../user/user.schema.js';
import { findUser, findUserCredentials } from '../user/user.repository.js';
import { authorizationRequest, endSessionUrl, exchangeCode, providerOf, type PendingSignIn } from './oidc.js';
import { assertsMultiFactor, groupsOf, rolesFromGroups, type SsoConfig } from './sso.js';
import { decryptClientSecret, openState, sealState, type SsoKey } from './sso-key.js';
import { findSsoConfig, findUserForLinking, findUserIdBySubject, linkSubject, sessionIdToken } from './sso.repository.js';

/** What single sign-on needs from the installation. */
export interface SsoEnvironment {
  key: SsoKey;
  /** PUBLIC_URL: the callback and the address after the provider's sign-out are under it. */
  publicUrl: string;
  /** Where a secret given by environment is read (process.env). */
  env: NodeJS.ProcessEnv;
}

export const SSO_CALLBACK_PATH = '/sign-in/sso/callback';
/** How long a person may take at the provider before the sign-in is refused. */
const PENDING_MINUTES = 10;

const redirectUriOf = (sso: SsoEnvironment) => `${sso.publicUrl}${SSO_CALLBACK_PATH}`;

/** The client secret, decrypted or from the environment; undefined for a public client. */
function clientSecretOf(sso: SsoEnvironment, config: SsoConfig): string | undefined {
  switch (config.secret.kind) {
    case 'none':
      return undefined;
    case 'env':
      return sso.env[config.secret.name] || undefined;
    case 'stored': {
      const secret = decryptClientSecret(sso.key, config.organisationId, config.secret.encrypted);
      // Another SSO key than the one it was stored with: the administrator has to set it again.
      if (secret === undefined) throw ssoUnavailable();
      return secret;
    }
  }
}

async function provider(sso: SsoEnvironment, config: SsoConfig) {
  const secret = clientSecretOf(sso, config);
  try {
    return await providerOf(config, secret);
  } catch {
    throw ssoUnavailable();
  }
}

/** The organisation's SSO configuration by its short name, the transaction entering it. */
async function enterBySlug(tx: Tx, slug: string): Promise<SsoConfig | undefined> {
  const organisationId = /^[a-z0-9-]{1,100}$/.test(slug) ? await organisationIdBySlug(tx, slug) : undefined;
  if (!organisationId) return undefined;
  await enterOrganisation(tx, organisationId);
  return findSsoConfig(tx);
}

/**
 * Step one: where to send the person (the provider's authorization endpoint, with PKCE S256,
 * state and nonce), and the sealed state for the browser to bring back. An organisation
 * without SSO (or unknown) is a page that does not exist.
 */
export async function beginSsoSignIn(tx: Tx, sso: SsoEnvironment, slug: string, next: string): Promise<{ url: string; sealed: string }> {
  const config = await enterBySlug(tx, slug);
  if (!config) throw notFound();
  const { url, pending } = await authorizationRequest(await provider(sso, config), config, redirectUriOf(sso), next);
  return { url: url.href, sealed: sealState(sso.key, pending) };
}

const pendingSchema = z.object({
  organisationId: z.uuid(),
  state: z.string().min(1),
  nonce: z.string().min(1),
  codeVerifier: z.string().min(43),
  next: z.string(),
  at: z.number(),
});

function pendingOf(sso: SsoEnvironment, sealed: string | undefined): PendingSignIn | undefined {
  const parsed = pendingSchema.safeParse(sealed ? openState(sso.key, sealed) : undefined);
  if (!parsed.success) return undefined;
  const age = Date.now() - parsed.data.at;
  return age >= 0 && age < PENDING_MINUTES * 60_000 ? parsed.data : undefined;
}

/** What came back from the provider, before anything is written: the sign-in it belongs to and the validated ID token. */
export interface ProviderAnswer {
  /** The sign-in this browser began (undefined: none, tampered with, or over ten minutes old). */
  pending: PendingSignIn | undefined;
  /** The ID token's claims and the token, validated; undefined when the exchange or a check failed. */
  exchanged: { claims: Record<string, unknown>; idToken: string } | undefined;
}

/**
 * Back from the provider, outside the request's transaction: the code is exchanged and the ID
 * token validated over the network, so no database connection waits on the provider. The
 * configuration is read in a short transaction of its own.
 */
export async function askProvider(db: Db, sso: SsoEnvironment, sealed: string | undefined, callbackUrl: URL): Promise<ProviderAnswer> {
  const pending = pendingOf(sso, sealed);
  if (!pending) return { pending: undefined, exchanged: undefined };
  const config = await withOrganisation(db, pending.organisationId, (tx) => findSsoConfig(tx));
  if (!config) return { pending, exchanged: undefined };
  try {
    return { pending, exchanged: await exchangeCode(await provider(sso, config), pending, callbackUrl) };
  } catch {
    return { pending, exchanged: undefined };
  }
}

export interface SsoSignIn extends StartedSession {
  /** Where the person wanted to go (a local path, checked when the sign-in began). */
  next: string;
}

/**
 * Step two, back from the provider: openid-client exchanges the code and validates the ID
 * token (signature, issuer, audience, expiry, nonce) and the state. The person is found by the
 * provider's subject, or on their first sign-in linked once by e-mail address; made just in
 * time only when the organisation allows it. With a groups claim their roles are set anew at
 * every sign-in. A provider that asserts multi-factor authentication (amr/acr) is taken at its
 * word; otherwise Weerbaar's own second factor applies as after a password. Every refusal is
 * audited and its row kept.
 */
export async function completeSsoSignIn(
  tx: Tx,
  sso: SsoEnvironment,
  answer: ProviderAnswer,
  input: { originIp: string | null; userAgent?: string; sessionMaxHours?: number },
): Promise<SsoSignIn> {
  const { pending, exchanged } = answer;
  if (!pending) {
    await audit(tx, { organisationId: null, userId: null, originIp: input.originIp }, { action: 'sign_in.sso', result: 'failure' });
    throw ssoFailed();
  }
  await enterOrganisation(tx, pending.organisationId);
  const orgActor: Actor & { organisationId: string } = { organisationId: pending.organisationId, userId: null, originIp: input.originIp };
  const refuse = async (error: ReturnType<typeof ssoFailed>, userId?: string): Promise<never> => {
    await audit(tx, userId ? { ...orgActor, userId } : orgActor, {
      action: 'sign_in.sso',
      result: 'failure',
      ...(userId ? { objectType: 'user', objectId: userId } : {}),
    });
    throw error;
  };
  const config = await findSsoConfig(tx);
  if (!config || !exchanged) return refuse(ssoFailed());
  const { claims, idToken } = exchanged;
  const subject = typeof claims.sub === 'string' ? claims.sub : '';
  if (subject.length === 0 || subject.length > 255) return refuse(ssoFailed());
  const email = emailSchema.safeParse(claims.email);
  const emailTrusted = email.success && claims.email_verified !== false;
  const groupRoles: Role[] | undefined =
    config.roleMode === 'groups' ? rolesFromGroups(groupsOf(claims, config.groupsClaim), config.roleMap) : undefined;

  let userId = await findUserIdBySubject(tx, subject);
  if (!userId && emailTrusted) {
    // The first sign-in of someone Weerbaar already knows: linked to this subject once and for all.
    const candidate = await findUserForLinking(tx, email.data);
    if (candidate?.ssoSubject) return refuse(ssoRefused('sso.error.linked_elsewhere'), candidate.id);
    if (candidate) {
      const credentials = await findUserCredentials(tx, candidate.id);
      if (!credentials?.active) return refuse(ssoRefused('sso.error.inactive'), candidate.id);
      await linkSubject(tx, candidate.id, subject);
      await audit(tx, { ...orgActor, userId: candidate.id }, { action: 'user.sso_link', objectType: 'user', objectId: candidate.id });
      userId = candidate.id;
    }
  }
  if (!userId) {
    const roles = groupRoles ?? ['employee'];
    if (!config.jit || !emailTrusted || roles.length === 0) return refuse(ssoRefused('sso.error.no_account'));
    const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : email.data;
    userId = await addUserFromProvider(tx, orgActor, { email: email.data, name, roles });
    await linkSubject(tx, userId, subject);
  }
  const credentials = await findUserCredentials(tx, userId);
  if (!credentials?.active) return refuse(ssoRefused('sso.error.inactive'), userId);
  if (groupRoles) {
    if (groupRoles.length === 0) return refuse(ssoRefused('sso.error.no_role'), userId);
    await setRolesFromProvider(tx, orgActor, userId, groupRoles);
  }

  const user = (await findUser(tx, userId))!;
  const org = (await findOwnOrganisation(tx))!;
  const stage = !assertsMultiFactor(claims) && requiresSecondFactor(user.roles, org.mfaForEmployees) ? 'second_factor' : 'complete';
  const token = generateToken('wbs');
  await insertSession(
    tx,
    {
      organisationId: org.id,
      userId,
      tokenHash: hashToken(token),
      csrfToken: randomBytes(24).toString('base64url'),
      stage,
      userAgent: input.userAgent ?? null,
      originIp: input.originIp,
      ssoIdToken: idToken,
    },
    input.sessionMaxHours ?? DEFAULT_SESSION_MAX_HOURS,
  );
  await audit(
    tx,
    { ...orgActor, userId },
    { action: stage === 'complete' ? 'sign_in' : 'sign_in.sso', objectType: 'user', objectId: userId },
  );
  return { token, stage, next: pending.next };
}

/**
 * The provider's end-session address for a session that began with single sign-on, to offer
 * after Weerbaar's own sign-out; undefined for other sessions or a provider without one.
 * Read before the session ends (it holds the ID token).
 */
export async function providerSignOutUrl(tx: Tx, sso: SsoEnvironment, who: SignedIn): Promise<string | undefined> {
  if (!who.sessionId) return undefined;
  const idToken = await sessionIdToken(tx, who.sessionId);
  if (!idToken) return undefined;
  const config = await findSsoConfig(tx);
  if (!config) return undefined;
  try {
    return endSessionUrl(await providerOf(config, clientSecretOf(sso, config)), idToken, `${sso.publicUrl}/sign-in`);
  } catch {
    return undefined;
  }
}
