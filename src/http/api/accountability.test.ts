import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCaller, reportBody, type ApiCaller } from '../../../test/api.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeOrganisation } from '../../../test/factories.js';
import { buildTestServer } from '../../../test/http.js';
import type { Organisation } from '../../domain/organisation/organisation.js';
import { ROLES, type Role } from '../../domain/user/roles.js';

const NOWHERE = '00000000-0000-4000-8000-000000000000';
/** Who sees the audit trail: the administrator and the privacy officer, nobody else (the security adviser neither). */
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
  privacy_officer: true,
};

interface Row {
  seq: string;
  actor: { id: string; name: string } | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  reference: string | null;
}

describe('the audit viewer through the API', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  const as = {} as Record<Role, ApiCaller>;
  let stranger: ApiCaller;
  let perpetratorId: string;

  const search = async (caller: ApiCaller, query: Record<string, string>) => {
    const response = await caller.get(`/api/v1/audit?${new URLSearchParams(query)}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { data: Row[]; nextCursor: string | null };
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db, 'Gemeente Spoor');
    for (const role of ROLES) as[role] = await makeCaller(app, t.db, org, [role], `Persoon ${role}`);
    stranger = await makeCaller(app, t.db, await makeOrganisation(t.db, 'Gemeente Elders'), ['admin', 'privacy_officer'], 'Elders');
    const made = await as.security_adviser.post('/api/v1/perpetrators', { kind: 'person', name: 'Karel Dader', aliases: [] });
    expect(made.statusCode, made.body).toBe(201);
    perpetratorId = made.json().id;
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('answers 401 to a signed-out caller', async () => {
    for (const url of [
      '/api/v1/audit',
      '/api/v1/audit/export.csv',
      '/api/v1/access-reviews',
      `/api/v1/access-reviews/${NOWHERE}`,
      '/api/v1/privacy/register',
    ]) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(401);
    }
  });

  it('is there for the administrator and the privacy officer only; everyone else gets 404, not even a bad filter answered', async () => {
    for (const role of ROLES) {
      const expected = SEES[role] ? 200 : 404;
      expect((await as[role].get('/api/v1/audit')).statusCode, role).toBe(expected);
      expect((await as[role].get('/api/v1/audit/export.csv')).statusCode, `${role} csv`).toBe(expected);
      expect((await as[role].get('/api/v1/audit?from=gisteren')).statusCode, `${role} bad filter`).toBe(SEES[role] ? 400 : 404);
      expect((await as[role].get('/api/v1/privacy/register')).statusCode, `${role} register`).toBe(expected);
    }
  });

  it('finds who read a perpetrator’s record, by name, without its content; the search itself is on the trail', async () => {
    expect((await as.security_adviser.get(`/api/v1/perpetrators/${perpetratorId}`)).statusCode).toBe(200);
    expect((await as.mayor.get(`/api/v1/perpetrators/${perpetratorId}`)).statusCode).toBe(200);
    // An employee may not read the register: a 404 that reads nothing and so is no read.
    expect((await as.employee.get(`/api/v1/perpetrators/${perpetratorId}`)).statusCode).toBe(404);

    const found = await search(as.privacy_officer, { objectType: 'perpetrator', object: perpetratorId, action: 'perpetrator.read' });
    // The adviser read it when making it too; the employee, refused, is not among them.
    expect(new Set(found.data.map((r) => r.actor?.name))).toEqual(new Set(['Persoon mayor', 'Persoon security_adviser']));
    expect(found.data.every((r) => r.objectId === perpetratorId && r.action === 'perpetrator.read')).toBe(true);
    const all = await as.privacy_officer.get(`/api/v1/audit?object=${perpetratorId}`);
    expect(all.body).not.toContain('Karel Dader');
    expect(all.json().data.map((r: Row) => r.action)).toEqual(expect.arrayContaining(['perpetrator.read', 'perpetrator.create']));

    const searches = await t.admin.query(
      `SELECT actor_user_id, object_id FROM audit_event WHERE action = 'audit.search' AND organisation_id = $1 ORDER BY seq`,
      [org.id],
    );
    expect(searches.rows.at(-1)).toEqual({ actor_user_id: as.privacy_officer.user.id, object_id: `object=${perpetratorId}` });

    // By person: everything the mayor did, newest first; by a kind of action.
    const mayor = await search(as.admin, { actor: as.mayor.user.id, action: 'perpetrator' });
    expect(mayor.data).toMatchObject([{ action: 'perpetrator.read', actor: { id: as.mayor.user.id } }]);
  });

  it('finds the rows about an incident by its reference, and pages through them', async () => {
    const reported = await as.council_member.post('/api/v1/incidents', reportBody());
    expect(reported.statusCode, reported.body).toBe(201);
    const id = reported.json().id as string;
    const reference = reported.json().reference as string;
    for (let i = 0; i < 3; i++) expect((await as.security_adviser.get(`/api/v1/incidents/${id}`)).statusCode).toBe(200);

    const found = await search(as.admin, { object: reference, action: 'incident.read', actor: as.security_adviser.user.id });
    expect(found.data).toHaveLength(3);
    expect(found.data.every((r) => r.objectType === 'incident' && r.objectId === id && r.reference === reference)).toBe(true);
    expect(found.data.every((r) => r.actor?.name === 'Persoon security_adviser')).toBe(true);
    // The incident's content stays out: the trail names the incident, not what happened.
    expect(JSON.stringify(found)).not.toContain('waar je woont');

    const only = { object: reference, action: 'incident.read', actor: as.security_adviser.user.id };
    const first = await search(as.admin, { ...only, limit: '2' });
    expect(first.data).toHaveLength(2);
    expect(first.nextCursor).toBe(first.data[1]!.seq);
    const second = await search(as.admin, { ...only, limit: '2', before: first.nextCursor! });
    expect(second.data).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect([...first.data, ...second.data].map((r) => r.seq)).toEqual(found.data.map((r) => r.seq));

    // An unknown reference finds nothing rather than everything.
    expect((await search(as.admin, { object: 'M-99999' })).data).toEqual([]);

    // A link is written as incident:perpetrator; searching either side finds it.
    const linked = await as.security_adviser.post(`/api/v1/incidents/${id}/perpetrators`, { perpetratorId });
    expect(linked.statusCode, linked.body).toBe(201);
    for (const object of [perpetratorId, id])
      expect((await search(as.admin, { object, action: 'perpetrator.link' })).data).toMatchObject([
        { objectType: 'incident_perpetrator', objectId: `${id}:${perpetratorId}` },
      ]);
  });

  it('takes only ids and references as the object, so no name typed into the search reaches the trail', async () => {
    const before = (await t.admin.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'audit.search'`)).rows[0].n;
    for (const object of ['Karel', 'Karel Dader', 'ada', `${perpetratorId}:Karel`]) {
      const response = await as.admin.get(`/api/v1/audit?object=${encodeURIComponent(object)}`);
      expect(response.statusCode, object).toBe(400);
    }
    for (const query of ['limit=0', 'limit=501', 'limit=veel', 'before=99999999999999999999'])
      expect((await as.admin.get(`/api/v1/audit?${query}`)).statusCode, query).toBe(400);
    const after = (await t.admin.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'audit.search'`)).rows[0].n;
    expect(after).toBe(before);
    expect((await t.admin.query(`SELECT 1 FROM audit_event WHERE object_id LIKE '%Karel%'`)).rowCount).toBe(0);
  });

  it('keeps to whole Amsterdam days', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
    expect((await search(as.admin, { object: perpetratorId, from: today, to: today })).data.length).toBeGreaterThan(0);
    expect((await search(as.admin, { object: perpetratorId, to: '2020-01-01' })).data).toEqual([]);
  });

  it('exports what a search finds as CSV: names beside ids, the reference, no content; the export is audited', async () => {
    const query = `object=${perpetratorId}&action=perpetrator.read&actor=${as.mayor.user.id}`;
    const response = await as.privacy_officer.get(`/api/v1/audit/export.csv?${query}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const lines = response.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Tijdstip;Persoon;Id persoon;Handeling;Soort object;Id object;Kenmerk;Resultaat');
    expect(lines).toHaveLength(2);
    expect(lines.slice(1).every((l) => l.includes(`;perpetrator.read;perpetrator;${perpetratorId};;success`))).toBe(true);
    expect(response.body).toContain(`Persoon mayor;${as.mayor.user.id}`);
    expect(response.body).not.toContain('Karel');
    const exported = await t.admin.query(
      `SELECT object_id FROM audit_event WHERE action = 'audit.export_csv' AND actor_user_id = $1 ORDER BY seq DESC LIMIT 1`,
      [as.privacy_officer.user.id],
    );
    expect(exported.rows).toEqual([{ object_id: `actor=${as.mayor.user.id};object=${perpetratorId};action=perpetrator.read` }]);
  });

  it('gives the register of processing for programs, with the organisation’s own retention periods and routing', async () => {
    await t.admin.query(
      `INSERT INTO retention_policy (organisation_id, incident_years, aftercare_note_months, perpetrator_months, ban_years, session_weeks, notification_weeks)
       VALUES ($1, 8, 6, 3, 2, 4, 13)`,
      [org.id],
    );
    const register = (await as.privacy_officer.get('/api/v1/privacy/register')).json();
    expect(register).toMatchObject({ organisation: 'Gemeente Spoor', retention: { incidentYears: 8, aftercareNoteMonths: 6 } });
    expect(register.routing.alwaysInform).toEqual(['security_adviser']);
    expect(register.routing.rules).toContainEqual({
      affectedRole: 'council_member',
      informRoles: ['clerk', 'mayor'],
      informManager: false,
    });
    expect(register.holders.privacy_officer).toBe(1);
    expect((await stranger.get('/api/v1/privacy/register')).json().retention.incidentYears).toBe(5);
  });

  it('shows another organisation nothing of ours', async () => {
    const theirs = await search(stranger, { object: perpetratorId });
    expect(theirs.data).toEqual([]);
    const everything = await search(stranger, { limit: '500' });
    expect(everything.data.every((r) => r.actor === null || r.actor.name === 'Elders')).toBe(true);
  });
});
