import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCaller, reportBody, type ApiCaller } from '../../../test/api.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeOrganisation } from '../../../test/factories.js';
import { buildTestServer } from '../../../test/http.js';
import type { Role } from '../../domain/user/roles.js';
import { ROLES } from '../../domain/user/roles.js';

/**
 * The full routing matrix: every role reports an incident that affects themselves, and
 * every person of the organisation either sees it (detail, list) or gets 404 — as the
 * protocol's chain says, and nobody else.
 */
describe('routing and visibility of incidents', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  const people = new Map<string, ApiCaller>();
  let stranger: ApiCaller;

  // Who, besides the reporter, sees a report about the reporter (PRODUCT.md §2).
  const EXPECTED: Record<string, string[]> = {
    council_member: ['clerk', 'mayor', 'security_adviser'],
    group_member: ['clerk', 'mayor', 'security_adviser'],
    alderman: ['mayor', 'municipal_secretary', 'security_adviser'],
    mayor: ['municipal_secretary', 'clerk', 'security_adviser'],
    clerk: ['mayor', 'security_adviser'],
    municipal_secretary: ['mayor', 'security_adviser'],
    security_adviser: [],
    employee: ['manager', 'security_adviser'],
    admin: ['security_adviser'],
    privacy_officer: ['security_adviser'],
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    const org = await makeOrganisation(t.db, 'Gemeente Route');
    for (const role of ROLES) people.set(role, await makeCaller(app, t.db, org, [role], `Persoon ${role}`));
    // The employee's manager is an employee too, and gets the employee's reports.
    const manager = await makeCaller(app, t.db, org, ['employee'], 'Leidinggevende');
    people.set('manager', manager);
    await t.admin.query('UPDATE app_user SET manager_id = $1 WHERE id = $2', [manager.user.id, people.get('employee')!.user.id]);
    const other = await makeOrganisation(t.db, 'Gemeente Anders');
    stranger = await makeCaller(app, t.db, other, [...ROLES], 'Alles-in-een elders');
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it.each(ROLES)('a report by a %s reaches exactly the chain', async (role: Role) => {
    const reporter = people.get(role)!;
    const created = await reporter.post('/api/v1/incidents', reportBody({ description: `Melding van ${role}` }));
    expect(created.statusCode).toBe(201);
    const incident = created.json();
    expect(incident).toMatchObject({ status: 'reported', level: 'threat', access: 'reporter', affected: [{ id: reporter.user.id }] });

    const maysee = new Set([role, ...EXPECTED[role]!]);
    for (const [name, person] of people) {
      const detail = await person.get(`/api/v1/incidents/${incident.id}`);
      const list = (await person.get('/api/v1/incidents?limit=200')).json().data.map((i: { id: string }) => i.id);
      const timeline = await person.get(`/api/v1/incidents/${incident.id}/timeline`);
      if (maysee.has(name)) {
        expect(detail.statusCode, `${name} should see ${role}'s report`).toBe(200);
        expect(list, `${name}'s list`).toContain(incident.id);
        expect(timeline.statusCode).toBe(200);
      } else {
        expect(detail.statusCode, `${name} must not see ${role}'s report`).toBe(404);
        expect(detail.json().error.id).toBe('not_found');
        expect(list, `${name}'s list`).not.toContain(incident.id);
        expect(timeline.statusCode).toBe(404);
      }
    }
    expect((await stranger.get(`/api/v1/incidents/${incident.id}`)).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/v1/incidents/${incident.id}` })).statusCode).toBe(401);
  });

  it('everyone newly informed gets an inbox item and a mail without any incident details', async () => {
    const reporter = people.get('council_member')!;
    const created = (
      await reporter.post('/api/v1/incidents', reportBody({ description: 'Geheime details: Jan de Boer bedreigde mij' }))
    ).json();
    // The clerk's notification of this report, whatever else is in the inbox.
    const clerkInbox = (await people.get('clerk')!.get('/api/v1/inbox')).json();
    expect(clerkInbox.data.find((i: { incidentId: string }) => i.incidentId === created.id)).toMatchObject({
      kind: 'incident_routed',
      incidentId: created.id,
      read: false,
    });
    expect((await people.get('alderman')!.get('/api/v1/inbox')).json().data.map((i: { incidentId: string }) => i.incidentId)).not.toContain(
      created.id,
    );
    const { rows } = await t.admin.query<{ to_address: string; subject: string; body: string }>(
      'SELECT o.to_address, o.subject, o.body FROM outbox_mail o JOIN notification n ON n.user_id = o.user_id AND n.incident_id = $1',
      [created.id],
    );
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const mail of rows) {
      expect(`${mail.subject}${mail.body}`).not.toMatch(/Jan de Boer|Geheime|bedreig|threat|Persoon/);
      // How much waits in the inbox, this one included.
      expect(mail.body).toMatch(/Er (wacht 1 bericht|wachten \d+ berichten) op u in Weerbaar\./);
    }
    // The last mail of the report says all that now waits for the clerk.
    const clerkMails = rows.filter((m) => m.to_address === people.get('clerk')!.user.email).map((m) => m.body);
    const clerkUnread = (await people.get('clerk')!.get('/api/v1/inbox')).json().unread as number;
    expect(
      clerkMails.some((b) => b.includes(clerkUnread === 1 ? 'Er wacht 1 bericht op u' : `Er wachten ${clerkUnread} berichten op u`)),
    ).toBe(true);
    const read = await people.get('clerk')!.post('/api/v1/inbox/read', { ids: 'all' });
    expect(read.statusCode).toBe(200);
    expect((await people.get('clerk')!.get('/api/v1/inbox')).json().unread).toBe(0);
  });

  it('reporting for someone else informs that person, and follows their chain', async () => {
    const clerk = people.get('clerk')!;
    const councillor = people.get('council_member')!;
    const created = await clerk.post('/api/v1/incidents', reportBody({ onBehalfOf: councillor.user.id, channel: 'meeting' }));
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ onBehalfOf: { id: councillor.user.id }, affected: [{ id: councillor.user.id }] });
    const seen = await councillor.get(`/api/v1/incidents/${created.json().id}`);
    expect(seen.json().access).toBe('affected');
    expect(
      (await councillor.get('/api/v1/inbox')).json().data.find((i: { incidentId: string }) => i.incidentId === created.json().id),
    ).toMatchObject({ kind: 'incident_reported_for_you' });
  });

  it('only the chain roles and managers may report for others', async () => {
    const councillor = people.get('council_member')!;
    const refused = await councillor.post('/api/v1/incidents', reportBody({ onBehalfOf: people.get('alderman')!.user.id }));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toMatch(/^onBehalfOf: /);
    const manager = people.get('manager')!;
    const employee = people.get('employee')!;
    expect((await manager.post('/api/v1/incidents', reportBody({ onBehalfOf: employee.user.id }))).statusCode).toBe(201);
    expect((await manager.get('/api/v1/users')).json().data.map((u: { id: string }) => u.id)).toEqual([employee.user.id]);
    expect((await councillor.get('/api/v1/users')).statusCode).toBe(404);
    const all = (await people.get('clerk')!.get('/api/v1/users')).json().data;
    // Everyone active except the caller.
    expect(all.length).toBe(ROLES.length);
    expect(all[0]).toEqual({ id: expect.any(String), name: expect.any(String), roles: expect.any(Array) });
  });

  it('a handler can give a named person access; that is logged and the person is told', async () => {
    const reporter = people.get('alderman')!;
    const created = (await reporter.post('/api/v1/incidents', reportBody())).json();
    const adviser = people.get('security_adviser')!;
    const admin = people.get('admin')!;
    expect((await admin.get(`/api/v1/incidents/${created.id}`)).statusCode).toBe(404);
    expect((await reporter.post(`/api/v1/incidents/${created.id}/access`, { userId: admin.user.id })).statusCode).toBe(404);
    expect((await adviser.post(`/api/v1/incidents/${created.id}/access`, { userId: admin.user.id })).statusCode).toBe(200);
    expect((await admin.get(`/api/v1/incidents/${created.id}`)).json().access).toBe('granted');
    expect((await stranger.post(`/api/v1/incidents/${created.id}/access`, { userId: stranger.user.id })).statusCode).toBe(404);
    const timeline = (await adviser.get(`/api/v1/incidents/${created.id}/timeline`)).json().data.map((e: { kind: string }) => e.kind);
    expect(timeline).toEqual(['reported', 'routed', 'access_granted']);
    const { rows } = await t.admin.query(
      "SELECT actor_user_id FROM audit_event WHERE action = 'incident.grant_access' AND object_id = $1",
      [created.id],
    );
    expect(rows).toEqual([{ actor_user_id: adviser.user.id }]);
  });

  it('administrators change the routing; new reports follow the new rules', async () => {
    // The routing holds for the whole organisation: it is changed in one of its own, so the other
    // tests' reports keep following the protocol's chain.
    const org = await makeOrganisation(t.db, 'Gemeente Omleiding');
    const people = new Map<Role, ApiCaller>();
    for (const role of ['admin', 'clerk', 'council_member', 'municipal_secretary', 'alderman', 'mayor', 'security_adviser'] as const)
      people.set(role, await makeCaller(app, t.db, org, [role], `Persoon ${role}`));
    const admin = people.get('admin')!;
    expect((await people.get('clerk')!.get('/api/v1/routing')).statusCode).toBe(404);
    const current = (await admin.get('/api/v1/routing')).json();
    expect(current.rules[0]).toEqual({ affectedRole: 'council_member', informRoles: ['clerk', 'mayor'], informManager: false });
    const bad = await admin.put('/api/v1/routing', { rules: [{ affectedRole: 'koning', informRoles: [] }], alwaysInform: [] });
    expect(bad.statusCode).toBe(400);
    const changed = await admin.put('/api/v1/routing', {
      rules: [{ affectedRole: 'council_member', informRoles: ['municipal_secretary'], informManager: false }],
      alwaysInform: ['security_adviser', 'admin'],
    });
    expect(changed.statusCode).toBe(200);
    const created = (await people.get('council_member')!.post('/api/v1/incidents', reportBody())).json();
    expect((await people.get('municipal_secretary')!.get(`/api/v1/incidents/${created.id}`)).statusCode).toBe(200);
    expect((await admin.get(`/api/v1/incidents/${created.id}`)).json().access).toBe('always_inform');
    // The clerk is no longer informed by routing, but still cares for the council member (aftercare).
    expect((await people.get('clerk')!.get(`/api/v1/incidents/${created.id}`)).json().access).toBe('caregiver');
    expect((await people.get('alderman')!.get(`/api/v1/incidents/${created.id}`)).statusCode).toBe(404);
  });
});
