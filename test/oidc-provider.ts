import http from 'node:http';
import net from 'node:net';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';

/**
 * A real OpenID provider (the npm package `oidc-provider`) on a free local port, for the SSO
 * tests. Interactions need no pages: the provider signs in whoever the test named last, with
 * the amr/acr it named, and grants what the client asked. The test can also spoil the next
 * token answer — an ID token past its expiry but properly signed, or one signed with a key that
 * is not the provider's — to see the client refuse it.
 */

export interface Account {
  sub: string;
  email: string;
  name?: string;
  groups?: string[];
}

export type Spoil = 'expired' | 'bad_signature';

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Adds or replaces an account at the provider. */
  setAccount(account: Account): void;
  /** Who the provider signs in at the next authorization, and how they authenticated. */
  signInAs(sub: string, how?: { amr?: string[]; acr?: string }): void;
  /** The next answer of the token endpoint carries a spoilt ID token. */
  spoilNextToken(spoil: Spoil): void;
  close(): Promise<void>;
}

/** A port that was free a moment ago (for a server whose address must be known before it starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export async function startTestProvider(options: { redirectUri: string; postLogoutRedirectUri: string }): Promise<TestProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'weerbaar';
  const clientSecret = 'a-client-secret-of-the-test-provider';
  const kid = 'test-key';
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  // Another key under the same kid: what it signs does not verify against the provider's JWKS.
  const { privateKey: strangerKey } = await generateKeyPair('RS256');

  const accounts = new Map<string, Account>();
  let next: { sub: string; amr?: string[]; acr?: string } | undefined;
  let spoil: Spoil | undefined;

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        post_logout_redirect_uris: [options.postLogoutRedirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [signingJwk as never] },
    cookies: { keys: ['a cookie key for the test provider only'] },
    claims: { openid: ['sub', 'acr', 'amr'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    // The claims of the scopes in the ID token itself, as Entra ID and Keycloak put groups there.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 3600, Interaction: 600, Session: 3600, Grant: 3600 },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: account.email,
          email_verified: true,
          name: account.name ?? account.email,
          ...(account.groups ? { groups: account.groups } : {}),
        }),
      };
    },
  };
  const provider = new Provider(issuer, configuration);
  // Quiet: the tests provoke errors on purpose.
  provider.on('server_error', () => undefined);
  const callback = provider.callback();

  async function interaction(req: http.IncomingMessage, res: http.ServerResponse) {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      if (!next) throw new Error('the test named nobody to sign in (signInAs)');
      const { sub, amr, acr } = next;
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: sub, ...(amr ? { amr } : {}), ...(acr ? { acr } : {}) } },
        {
          mergeWithLastSubmission: false,
        },
      );
      return;
    }
    const grant = new provider.Grant({ accountId: details.session!.accountId, clientId });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  /** The token answer with its ID token replaced by a spoilt one. */
  async function spoilt(body: string, how: Spoil): Promise<string> {
    const answer = JSON.parse(body) as { id_token?: string };
    if (!answer.id_token) return body;
    const claims = decodeJwt(answer.id_token);
    const now = Math.floor(Date.now() / 1000);
    const payload = how === 'expired' ? { ...claims, iat: now - 7200, exp: now - 3600 } : claims;
    const key = how === 'expired' ? privateKey : strangerKey;
    answer.id_token = await new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(key);
    return JSON.stringify(answer);
  }

  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      interaction(req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
      return;
    }
    if (req.method === 'POST' && req.url?.startsWith('/token') && spoil) {
      const how = spoil;
      spoil = undefined;
      const end = res.end.bind(res) as (chunk?: unknown) => http.ServerResponse;
      res.end = ((chunk?: unknown) => {
        void spoilt(Buffer.isBuffer(chunk) ? chunk.toString() : String(chunk ?? ''), how).then((out) => {
          if (!res.headersSent) res.setHeader('content-length', Buffer.byteLength(out));
          end(out);
        });
        return res;
      }) as typeof res.end;
    }
    void callback(req, res);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  return {
    issuer,
    clientId,
    clientSecret,
    setAccount: (account) => void accounts.set(account.sub, account),
    signInAs: (sub, how = {}) => void (next = { sub, ...how }),
    spoilNextToken: (how) => void (spoil = how),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
