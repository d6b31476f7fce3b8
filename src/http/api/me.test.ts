import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeOrganisation, makeUser } from '../../../test/factories.js';
import { buildTestServer, signIn } from '../../../test/http.js';
import { createApiToken } from '../../domain/auth/api-token.js';
import { withOrganisation } from '../../db/database.js';

describe('GET /api/v1/me and the OpenAPI document', () => {
  let t: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('answers 401 with a stable error for a signed-out caller or an unknown token', async () => {
    for (const headers of [{}, { authorization: 'Bearer wbt_onbekend' }]) {
      const response = await app.inject({ method: 'GET', url: '/api/v1/me', headers });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ error: { id: 'unauthorized', message: expect.any(String) } });
    }
  });

  it('tells a token holder who they are, in their own organisation only', async () => {
    const a = await makeOrganisation(t.db, 'Gemeente A');
    const b = await makeOrganisation(t.db, 'Gemeente B');
    const person = await makeUser(t.db, a, ['council_member', 'clerk'], 'Dubbelrol');
    await makeUser(t.db, b, ['mayor']);
    const { token } = await withOrganisation(t.db, a.id, (tx) =>
      createApiToken(tx, { organisationId: a.id, userId: null, originIp: null }, person.email),
    );
    const response = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      id: person.id,
      name: 'Dubbelrol',
      email: person.email,
      roles: ['clerk', 'council_member'],
      organisation: { id: a.id, name: 'Gemeente A', slug: a.slug },
    });
    const stored = await t.admin.query('SELECT token_hash FROM api_token WHERE user_id = $1', [person.id]);
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0].token_hash).not.toContain(token);
  });

  it('a token cannot be created for a person of another organisation', async () => {
    const a = await makeOrganisation(t.db);
    const b = await makeOrganisation(t.db);
    const stranger = await makeUser(t.db, b, ['employee']);
    await expect(
      withOrganisation(t.db, a.id, (tx) => createApiToken(tx, { organisationId: a.id, userId: null, originIp: null }, stranger.email)),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('works with a browser session too, and refuses a cookie-authenticated write without the CSRF header', async () => {
    const org = await makeOrganisation(t.db);
    const person = await makeUser(t.db, org, ['employee']);
    const browser = await signIn(app, person.email);
    const me = await browser.get('/api/v1/me');
    expect(me.json().id).toBe(person.id);
    // A route that writes (GET /api/v1/me has no POST: an undeclared route is simply not found).
    const post = await browser.post('/api/v1/inbox/read', { ids: 'all' });
    expect(post.statusCode).toBe(403);
    expect(post.json().error.id).toBe('csrf_failed');
  });

  it('unknown API paths answer JSON 404', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/bestaat-niet' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.id).toBe('not_found');
  });

  it('publishes an OpenAPI 3.1 document generated from the schemas', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    const me = doc.paths['/api/v1/me'].get;
    expect(me.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Me' });
    const schema = doc.components.schemas.Me;
    expect(schema.required).toEqual(expect.arrayContaining(['id', 'roles', 'organisation']));
    expect(schema.properties.roles.items.enum).toContain('security_adviser');
    expect(me.responses['401'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    expect(doc.components.schemas.Error.properties.error.required).toEqual(['id', 'message']);
  });
});
