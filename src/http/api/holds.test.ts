import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organisation } from '../../domain/organisation/organisation.js';
import { ROLES, type Role } from '../../domain/user/roles.js';
import { makeCaller, reportBody, type ApiCaller } from '../../../test/api.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeOrganisation } from '../../../test/factories.js';
import { buildTestServer } from '../../../test/http.js';

/** POST/DELETE /api/v1/incidents/{id}/hold (issue 11 §1): the security adviser and the incident's handlers; anyone else 404. */
describe('retention holds API', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  let adviser: ApiCaller;
  let reporter: ApiCaller;
  let incidentId: string;

  const del = (caller: ApiCaller, url: string) => app.inject({ method: 'DELETE', url, headers: { authorization: caller.authorization } });

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db);
    adviser = await makeCaller(app, t.db, org, ['security_adviser']);
    reporter = await makeCaller(app, t.db, org, ['employee']);
    const created = await reporter.post('/api/v1/incidents', reportBody());
    expect(created.statusCode).toBe(201);
    incidentId = created.json<{ id: string }>().id;
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('places a hold with its reason, shows it, and lifts it; both acts are audited', async () => {
    const url = `/api/v1/incidents/${incidentId}/hold`;
    const placed = await adviser.post(url, { reason: 'Civiele procedure loopt' });
    expect(placed.statusCode).toBe(200);
    expect(placed.json()).toMatchObject({ incidentId, held: true, manual: { reason: 'Civiele procedure loopt' }, automatic: [] });
    expect((await adviser.get(url)).json()).toMatchObject({ held: true });

    const lifted = await del(adviser, url);
    expect(lifted.statusCode).toBe(200);
    expect(lifted.json()).toMatchObject({ held: false, manual: null });
    expect((await del(adviser, url)).statusCode).toBe(404);

    const audited = await t.admin.query(
      `SELECT action, actor_user_id FROM audit_event WHERE object_id = $1 AND action LIKE 'retention.%' ORDER BY seq`,
      [incidentId],
    );
    expect(audited.rows).toEqual([
      { action: 'retention.hold_placed', actor_user_id: adviser.user.id },
      { action: 'retention.hold_lifted', actor_user_id: adviser.user.id },
    ]);
  });

  it('asks for a reason', async () => {
    const response = await adviser.post(`/api/v1/incidents/${incidentId}/hold`, { reason: '  ' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { id: 'validation_failed' } });
    expect((await adviser.get(`/api/v1/incidents/${incidentId}/hold`)).json()).toMatchObject({ held: false });
  });

  it('answers 401 signed out', async () => {
    const url = `/api/v1/incidents/${incidentId}/hold`;
    expect((await app.inject({ method: 'POST', url, payload: { reason: 'x' } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'DELETE', url })).statusCode).toBe(401);
  });

  it('answers 404 to another organisation, even its security adviser', async () => {
    const other = await makeOrganisation(t.db, 'Gemeente Anders');
    const stranger = await makeCaller(app, t.db, other, ['security_adviser']);
    const url = `/api/v1/incidents/${incidentId}/hold`;
    expect((await stranger.post(url, { reason: 'x' })).statusCode).toBe(404);
    expect((await del(stranger, url)).statusCode).toBe(404);
    expect((await stranger.get(url)).statusCode).toBe(404);
  });

  it('answers 404 to the reporter and to every role without the adviser role that does not handle the incident', async () => {
    const url = `/api/v1/incidents/${incidentId}/hold`;
    expect((await reporter.post(url, { reason: 'x' })).statusCode).toBe(404);
    const expected: Record<Role, number> = {
      mayor: 404,
      alderman: 404,
      council_member: 404,
      group_member: 404,
      clerk: 404,
      municipal_secretary: 404,
      security_adviser: 200,
      employee: 404,
      admin: 404,
      privacy_officer: 404,
    };
    for (const role of ROLES) {
      const caller = await makeCaller(app, t.db, org, [role]);
      const response = await caller.post(url, { reason: `Vastgehouden door ${role}` });
      expect(response.statusCode, role).toBe(expected[role]);
      if (response.statusCode === 200) await del(caller, url);
    }
    expect((await del(reporter, url)).statusCode).toBe(404);
  });
});
