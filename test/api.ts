import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { withOrganisation, type Db } from '../src/db/database.js';
import { createApiToken } from '../src/domain/auth/api-token.js';
import type { Organisation } from '../src/domain/organisation/organisation.js';
import type { Role } from '../src/domain/user/roles.js';
import type { User } from '../src/domain/user/user.js';
import { makeUser } from './factories.js';

/** A person with an API token, calling the real server through inject. */
export interface ApiCaller {
  user: User;
  /** The Authorization header value, for requests built by hand (multipart). */
  authorization: string;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

export function callerWithToken(app: FastifyInstance, user: User, token: string): ApiCaller {
  const headers = { authorization: `Bearer ${token}` };
  return {
    user,
    authorization: headers.authorization,
    get: (url) => app.inject({ method: 'GET', url, headers }),
    post: (url, body) => app.inject({ method: 'POST', url, headers, payload: body as object }),
    put: (url, body) => app.inject({ method: 'PUT', url, headers, payload: body as object }),
  };
}

export async function makeCaller(app: FastifyInstance, db: Db, org: Organisation, roles: Role[], name?: string): Promise<ApiCaller> {
  const user = await makeUser(db, org, roles, name);
  const { token } = await withOrganisation(db, org.id, (tx) =>
    createApiToken(tx, { organisationId: org.id, userId: null, originIp: null }, user.email),
  );
  return callerWithToken(app, user, token);
}

/** A minimal valid report body. */
export function reportBody(overrides: Record<string, unknown> = {}) {
  return {
    occurredAt: '2026-11-20T14:30:00+01:00',
    channel: 'social_media',
    level: 'threat',
    behaviours: ['threat_of_violence'],
    description: 'Bericht op Facebook: "we weten waar je woont".',
    ...overrides,
  };
}
