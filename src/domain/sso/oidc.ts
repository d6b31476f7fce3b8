import { LRUCache } from 'lru-cache';
import * as client from 'openid-client';
import { isLoopbackIssuer, type SsoConfig } from './sso.js';

/**
 * The OpenID Connect client side, all of it by `openid-client`: discovery, the authorization
 * request with PKCE (S256), state and nonce, and the code exchange that validates the ID
 * token's signature (against the provider's published keys), issuer, audience, expiry and
 * nonce. Nothing here checks a token by hand.
 */

/** Discovered providers, for five minutes; a changed configuration is discovered anew. */
const discovered = new LRUCache<string, client.Configuration>({ max: 200, ttl: 5 * 60_000 });

/** The provider's configuration for this client (discovery, cached). */
export async function providerOf(config: SsoConfig, clientSecret: string | undefined): Promise<client.Configuration> {
  const cacheKey = JSON.stringify([config.organisationId, config.updatedAt.getTime(), config.issuer, config.clientId, clientSecret ?? '']);
  const cached = discovered.get(cacheKey);
  if (cached) return cached;
  const execute = [client.enableNonRepudiationChecks, ...(isLoopbackIssuer(config.issuer) ? [client.allowInsecureRequests] : [])];
  const provider = await client.discovery(
    new URL(config.issuer),
    config.clientId,
    undefined,
    clientSecret === undefined ? client.None() : client.ClientSecretBasic(clientSecret),
    { execute, timeout: 10 },
  );
  discovered.set(cacheKey, provider);
  return provider;
}

/** What is kept in the browser (sealed) while the person is at the provider. */
export interface PendingSignIn {
  organisationId: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  next: string;
  /** When it began (ms); a sign-in not finished within 10 minutes is refused. */
  at: number;
}

/** The address to send the person to, and what to remember until they come back. */
export async function authorizationRequest(
  provider: client.Configuration,
  config: SsoConfig,
  redirectUri: string,
  next: string,
): Promise<{ url: URL; pending: PendingSignIn }> {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(provider, {
    redirect_uri: redirectUri,
    scope: config.scopes,
    response_type: 'code',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url, pending: { organisationId: config.organisationId, state, nonce, codeVerifier, next, at: Date.now() } };
}

/**
 * The ID token's claims and the token itself, after openid-client has validated everything.
 * The callback address under PUBLIC_URL is also the redirect_uri sent with the code.
 */
export async function exchangeCode(
  provider: client.Configuration,
  pending: PendingSignIn,
  callbackUrl: URL,
): Promise<{ claims: Record<string, unknown>; idToken: string }> {
  const tokens = await client.authorizationCodeGrant(provider, callbackUrl, {
    pkceCodeVerifier: pending.codeVerifier,
    expectedState: pending.state,
    expectedNonce: pending.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims || !tokens.id_token) throw new Error('no ID token');
  return { claims: claims as Record<string, unknown>, idToken: tokens.id_token };
}

/** The provider's end-session address for this ID token, when it has one. */
export function endSessionUrl(provider: client.Configuration, idToken: string, postLogoutRedirectUri: string): string | undefined {
  if (!provider.serverMetadata().end_session_endpoint) return undefined;
  return client.buildEndSessionUrl(provider, { id_token_hint: idToken, post_logout_redirect_uri: postLogoutRedirectUri }).href;
}
