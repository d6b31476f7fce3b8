import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCaller, reportBody, type ApiCaller } from '../../../test/api.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeOrganisation } from '../../../test/factories.js';
import { buildTestServer } from '../../../test/http.js';
import type { Organisation } from '../../domain/organisation/organisation.js';
import { ROLES, type Role } from '../../domain/user/roles.js';
import { runDeadlineRound } from '../../jobs/deadline-watcher.js';
import { translator, type MessageKey } from '../i18n/index.js';

/** What the API says about each field, in Dutch (its default language). */
const said = (fields: Record<string, MessageKey>) => Object.fromEntries(Object.entries(fields).map(([field, key]) => [field, nl(key)]));
const nl = translator('nl');
const NOWHERE = '00000000-0000-4000-8000-000000000000';
const DAY = 24 * 3_600_000;
/** Who runs risk assessments: the adviser with the clerk, the secretary and the mayor. */
const RUNS: Record<Role, boolean> = {
  mayor: true,
  alderman: false,
  council_member: false,
  group_member: false,
  clerk: true,
  municipal_secretary: true,
  security_adviser: true,
  employee: false,
  admin: false,
  privacy_officer: false,
};
/** Who sees today's risky conversations: those who run assessments and the front desk. */
const ON_DUTY: Record<Role, boolean> = { ...RUNS, employee: true, admin: true };

const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const questionnaire = (overrides: Record<string, unknown> = {}) => ({
  topic: 'De komst van een opvanglocatie voor asielzoekers',
  sensitivity: 'high',
  expectedAttendance: 150,
  access: 'public',
  earlierIncidents: true,
  livestream: true,
  location: 'Sporthal De Bongerd',
  chair: 'Burgemeester Bos',
  ...overrides,
});

describe('risk assessments through the API', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  const as = {} as Record<Role, ApiCaller>;
  let stranger: ApiCaller;

  const plan = async (startsAt = inDays(10), caller = as.security_adviser) => {
    const response = await caller.post('/api/v1/risk-assessments', {
      kind: 'group_meeting',
      title: 'Informatieavond opvang asielzoekers',
      startsAt,
      location: 'Sporthal De Bongerd',
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };
  const read = async (id: string, caller = as.security_adviser) => (await caller.get(`/api/v1/risk-assessments/${id}`)).json();

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db, 'Gemeente Risico');
    for (const role of ROLES) as[role] = await makeCaller(app, t.db, org, [role], `Persoon ${role}`);
    stranger = await makeCaller(app, t.db, await makeOrganisation(t.db), ['security_adviser', 'clerk', 'mayor'], 'Elders');
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  const endpoints = (id: string, precautionId: string): [string, string, unknown][] => [
    ['POST', '/api/v1/risk-assessments', { kind: 'group_meeting', title: 'Avond', startsAt: inDays(5) }],
    ['GET', '/api/v1/risk-assessments', undefined],
    ['GET', `/api/v1/risk-assessments/${id}`, undefined],
    ['POST', `/api/v1/risk-assessments/${id}/questionnaire`, questionnaire()],
    ['POST', `/api/v1/risk-assessments/${id}/precautions`, { kind: 'security_staff' }],
    ['POST', `/api/v1/risk-precautions/${precautionId}/decision`, { decision: 'declined', note: 'x' }],
    ['POST', `/api/v1/risk-precautions/${precautionId}/done`, {}],
    ['POST', `/api/v1/risk-assessments/${id}/evaluation`, { evaluation: 'Rustig' }],
  ];

  it('answers 401 to a caller who is not signed in, on every endpoint', async () => {
    for (const [method, url] of [...endpoints(NOWHERE, NOWHERE), ['GET', '/api/v1/risk-assessments/today'] as const]) {
      const response = await app.inject({ method: method as 'GET', url, ...(method === 'POST' ? { payload: {} } : {}) });
      expect(response.statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it('runs an information evening from plan to evaluation: the questionnaire gives the level and the precautions, each decided and owned', async () => {
    const id = await plan();
    expect(await read(id)).toMatchObject({ state: 'planned', level: null, precautions: [] });
    const assessed = await as.clerk.post(`/api/v1/risk-assessments/${id}/questionnaire`, questionnaire());
    expect(assessed.statusCode, assessed.body).toBe(200);
    // 3 (very sensitive) + 2 (150 visitors) + 1 (public) + 2 (earlier incidents) + 1 (live stream).
    expect(assessed.json()).toMatchObject({ level: 'high', points: 9 });
    expect(assessed.json().suggested).toEqual([
      'fitting_location',
      'security_staff',
      'second_person',
      'police_informed',
      'entrance_control',
      'exit_route',
    ]);
    const body = await read(id);
    expect(body).toMatchObject({ state: 'assessed', level: 'high', chair: 'Burgemeester Bos' });
    expect(body.reasons).toEqual(['very_sensitive_topic', 'very_large_attendance', 'public_access', 'earlier_incidents', 'livestream']);
    expect(body.precautions.every((p: { decision: string; suggested: boolean }) => p.decision === 'pending' && p.suggested)).toBe(true);

    const security = body.precautions.find((p: { kind: string }) => p.kind === 'security_staff');
    const taken = await as.security_adviser.post(`/api/v1/risk-precautions/${security.id}/decision`, {
      decision: 'taken',
      ownerId: as.clerk.user.id,
    });
    expect(taken.statusCode, taken.body).toBe(200);
    const control = body.precautions.find((p: { kind: string }) => p.kind === 'entrance_control');
    // Declining needs a reason; taking needs someone who sees it through.
    expect((await as.mayor.post(`/api/v1/risk-precautions/${control.id}/decision`, { decision: 'declined' })).json().error.fields).toEqual(
      said({
        note: 'error.risk_decline_reason',
      }),
    );
    expect((await as.mayor.post(`/api/v1/risk-precautions/${control.id}/decision`, { decision: 'taken' })).json().error.fields).toEqual(
      said({
        ownerId: 'error.risk_owner_required',
      }),
    );
    expect(
      (await as.mayor.post(`/api/v1/risk-precautions/${control.id}/decision`, { decision: 'declined', note: 'Zaal op uitnodiging vol' }))
        .statusCode,
    ).toBe(200);
    // Only a taken precaution can be arranged, and once.
    expect((await as.clerk.post(`/api/v1/risk-precautions/${control.id}/done`, {})).statusCode).toBe(409);
    expect((await as.clerk.post(`/api/v1/risk-precautions/${security.id}/done`, {})).statusCode).toBe(200);
    expect((await as.clerk.post(`/api/v1/risk-precautions/${security.id}/done`, {})).statusCode).toBe(409);
    const after = await read(id);
    expect(after.precautions.find((p: { kind: string }) => p.kind === 'security_staff')).toMatchObject({
      decision: 'taken',
      owner: { id: as.clerk.user.id, name: 'Persoon clerk' },
    });
    expect(after.precautions.find((p: { kind: string }) => p.kind === 'security_staff').doneAt).not.toBeNull();
    expect(after.precautions.find((p: { kind: string }) => p.kind === 'entrance_control')).toMatchObject({
      decision: 'declined',
      note: 'Zaal op uitnodiging vol',
    });

    // The evaluation waits until the meeting has been.
    const early = await as.security_adviser.post(`/api/v1/risk-assessments/${id}/evaluation`, { evaluation: 'Rustig' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.id).toBe('risk_not_yet_held');
  });

  it('after the meeting: an evaluation with the incidents that happened there, each one the evaluator may see', async () => {
    const id = await plan(inDays(3));
    await as.security_adviser.post(`/api/v1/risk-assessments/${id}/questionnaire`, questionnaire({ sensitivity: 'medium' }));
    await t.admin.query("UPDATE risk_assessment SET starts_at = now() - interval '1 day' WHERE id = $1", [id]);
    const incident = (await as.employee.post('/api/v1/incidents', reportBody())).json();
    const reference = (await as.security_adviser.get(`/api/v1/incidents/${incident.id}`)).json().reference as string;

    const unknown = await as.security_adviser.post(`/api/v1/risk-assessments/${id}/evaluation`, {
      evaluation: 'Onrustig',
      incidents: ['M-99999'],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields).toEqual(said({ incidents: 'error.risk_incident_unknown' }));
    // The clerk was not informed of an employee's incident: for the clerk it does not exist here either.
    expect((await as.clerk.get(`/api/v1/incidents/${incident.id}`)).statusCode).toBe(404);
    const hidden = await as.clerk.post(`/api/v1/risk-assessments/${id}/evaluation`, { evaluation: 'Onrustig', incidents: [reference] });
    expect(hidden.json().error.fields).toEqual(said({ incidents: 'error.risk_incident_unknown' }));
    expect((await read(id)).state).toBe('assessed');

    const done = await as.security_adviser.post(`/api/v1/risk-assessments/${id}/evaluation`, {
      evaluation: 'Onrustig; één bezoeker werd verwijderd.',
      incidents: [reference],
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(await read(id)).toMatchObject({
      state: 'evaluated',
      evaluation: 'Onrustig; één bezoeker werd verwijderd.',
      incidents: [{ id: incident.id, reference }],
    });
  });

  it('names expected visitors from the perpetrator register only for those who may read it', async () => {
    const perpetrator = (await as.security_adviser.post('/api/v1/perpetrators', { kind: 'person', name: 'Karel Kwaad' })).json();
    const id = await plan();
    const assessed = await as.security_adviser.post(
      `/api/v1/risk-assessments/${id}/questionnaire`,
      questionnaire({
        sensitivity: 'low',
        expectedAttendance: 10,
        access: 'invitation',
        earlierIncidents: false,
        livestream: false,
        expectedPerpetratorIds: [perpetrator.id],
      }),
    );
    // A known visitor alone makes it elevated, with security, the police and entrance control suggested.
    expect(assessed.json()).toMatchObject({ level: 'elevated', points: 3 });
    expect(assessed.json().suggested).toEqual(expect.arrayContaining(['security_staff', 'police_informed', 'entrance_control']));
    expect((await read(id)).questionnaire).toMatchObject({ expectedPerpetrators: 1, expectedPerpetratorIds: [perpetrator.id] });
    // The clerk does not read the register: the count, not who.
    expect((await read(id, as.clerk)).questionnaire).toMatchObject({ expectedPerpetrators: 1, expectedPerpetratorIds: null });
    // The clerk cannot name register records, and filling the questionnaire in again keeps the adviser's names.
    expect(
      (
        await as.clerk.post(`/api/v1/risk-assessments/${id}/questionnaire`, questionnaire({ expectedPerpetratorIds: [perpetrator.id] }))
      ).json().error.fields,
    ).toEqual(said({ expectedPerpetratorIds: 'error.perpetrator_unknown' }));
    expect((await as.clerk.post(`/api/v1/risk-assessments/${id}/questionnaire`, questionnaire())).statusCode).toBe(200);
    expect((await read(id)).questionnaire.expectedPerpetratorIds).toEqual([perpetrator.id]);
    // An id that is not in this organisation's register is refused.
    expect(
      (
        await as.security_adviser.post(`/api/v1/risk-assessments/${id}/questionnaire`, questionnaire({ expectedPerpetratorIds: [NOWHERE] }))
      ).json().error.fields,
    ).toEqual(said({ expectedPerpetratorIds: 'error.perpetrator_unknown' }));
  });

  it('refuses bad input with the field that is wrong, and writes nothing', async () => {
    const before = await t.admin.query('SELECT count(*)::int AS n FROM risk_assessment');
    const cases: [unknown, Record<string, MessageKey>][] = [
      [{ kind: 'group_meeting', title: '', startsAt: inDays(3) }, { title: 'error.risk_title_required' }],
      [{ kind: 'group_meeting', title: 'Avond', startsAt: 'morgen' }, { startsAt: 'error.risk_starts_at_invalid' }],
      [
        { kind: 'conversation', title: 'Gesprek', startsAt: inDays(1), hostId: as.alderman.user.id, precautions: [] },
        { precautions: 'error.risk_precaution_required' },
      ],
      [
        { kind: 'conversation', title: 'Gesprek', startsAt: inDays(1), hostId: NOWHERE, precautions: ['second_person'] },
        { hostId: 'error.risk_host_required' },
      ],
    ];
    for (const [body, fields] of cases) {
      const response = await as.security_adviser.post('/api/v1/risk-assessments', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.fields).toEqual(said(fields));
    }
    const id = await plan();
    const bad = await as.security_adviser.post(
      `/api/v1/risk-assessments/${id}/questionnaire`,
      questionnaire({ expectedAttendance: -3, sensitivity: 'enorm' }),
    );
    expect(bad.json().error.fields).toEqual(
      said({ expectedAttendance: 'error.risk_attendance', sensitivity: 'error.risk_sensitivity_required' }),
    );
    expect((await read(id)).state).toBe('planned');
    const after = await t.admin.query('SELECT count(*)::int AS n FROM risk_assessment');
    expect(after.rows[0].n).toBe(before.rows[0].n + 1);
  });

  it("marks a risky conversation with what is arranged; the people on duty see today's, without what it is about", async () => {
    const soon = new Date(Date.now() + 60_000).toISOString();
    const response = await as.security_adviser.post('/api/v1/risk-assessments', {
      kind: 'conversation',
      title: 'Gesprek over een afgewezen vergunning',
      startsAt: soon,
      location: 'Spreekkamer 2',
      hostId: as.alderman.user.id,
      precautions: ['guard_standby', 'secured_room'],
    });
    expect(response.statusCode, response.body).toBe(201);
    const id = response.json().id;
    expect((await read(id)).precautions.map((p: { kind: string; decision: string }) => [p.kind, p.decision])).toEqual([
      ['guard_standby', 'taken'],
      ['secured_room', 'taken'],
    ]);
    // A conversation has no questionnaire or evaluation.
    expect((await as.security_adviser.post(`/api/v1/risk-assessments/${id}/questionnaire`, questionnaire())).statusCode).toBe(409);
    const seen = {} as Record<Role, boolean>;
    for (const role of ROLES) {
      const today = await as[role].get('/api/v1/risk-assessments/today');
      seen[role] = today.statusCode === 200;
      if (today.statusCode !== 200) expect(today.statusCode, role).toBe(404);
      else {
        const mine = today.json().data.find((c: { id: string }) => c.id === id);
        expect(mine, role).toMatchObject({ location: 'Spreekkamer 2', host: { id: as.alderman.user.id } });
        expect(JSON.stringify(mine)).not.toContain('vergunning');
      }
    }
    expect(seen).toEqual(ON_DUTY);
    expect((await stranger.get('/api/v1/risk-assessments/today')).json().data).toEqual([]);
  });

  it('is there for the adviser, the clerk, the secretary and the mayor; for every other role it does not exist (404)', async () => {
    const id = await plan();
    await as.security_adviser.post(`/api/v1/risk-assessments/${id}/questionnaire`, questionnaire());
    const precautionId = (await read(id)).precautions[0].id as string;
    const seen = {} as Record<Role, boolean>;
    for (const role of ROLES) {
      const list = await as[role].get('/api/v1/risk-assessments');
      const one = await as[role].get(`/api/v1/risk-assessments/${id}`);
      seen[role] = list.statusCode === 200 && one.statusCode === 200;
      if (!RUNS[role]) {
        for (const [method, url, body] of [...endpoints(id, precautionId), ['POST', '/api/v1/risk-assessments', { title: '' }] as const]) {
          const response = method === 'GET' ? await as[role].get(url) : await as[role].post(url, body);
          expect(response.statusCode, `${role} ${method} ${url}`).toBe(404);
        }
      }
    }
    expect(seen).toEqual(RUNS);
    expect((await read(id)).precautions.every((p: { decision: string }) => p.decision === 'pending')).toBe(true);
  });

  it('another organisation does not find the assessment or its precautions (404), also with the same roles', async () => {
    const id = await plan();
    await as.security_adviser.post(`/api/v1/risk-assessments/${id}/questionnaire`, questionnaire());
    const precautionId = (await read(id)).precautions[0].id as string;
    for (const [method, url, body] of endpoints(id, precautionId).slice(2)) {
      const response = method === 'GET' ? await stranger.get(url) : await stranger.post(url, body);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await stranger.get('/api/v1/risk-assessments')).json().data.map((a: { id: string }) => a.id)).not.toContain(id);
  });
});

describe('the risk assessment deadline, with a fixed clock', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let adviser: ApiCaller;
  let clerk: ApiCaller;
  let mayor: ApiCaller;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    const org = await makeOrganisation(t.db);
    adviser = await makeCaller(app, t.db, org, ['security_adviser'], 'Adviseur Anna');
    clerk = await makeCaller(app, t.db, org, ['clerk'], 'Griffier Gert');
    mayor = await makeCaller(app, t.db, org, ['mayor'], 'Burgemeester Bos');
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  const tasks = async (caller: ApiCaller) =>
    (
      (await caller.get('/api/v1/tasks')).json().data as { kind: string; subjectId: string; state: string; incidentId: string | null }[]
    ).filter((d) => d.kind === 'risk_assessment');
  const inbox = async (caller: ApiCaller) =>
    (await caller.get('/api/v1/inbox')).json().data as { kind: string; deadlineId: string | null }[];

  it('falls due a week before the meeting for the advisers, the clerks and who planned it; reminded, then overdue, then done by the questionnaire', async () => {
    const startsAt = new Date(Date.now() + 10 * DAY);
    const id = (
      await mayor.post('/api/v1/risk-assessments', { kind: 'group_meeting', title: 'Informatieavond', startsAt: startsAt.toISOString() })
    ).json().id as string;
    const dueAt = new Date(startsAt.getTime() - 7 * DAY);
    for (const caller of [adviser, clerk, mayor])
      expect(await tasks(caller)).toMatchObject([{ subjectId: id, state: 'open', incidentId: null }]);

    expect(await runDeadlineRound(t.db, new Date(dueAt.getTime() - 2 * DAY))).toEqual({ reminded: 0, overdue: 0 });
    expect(await runDeadlineRound(t.db, new Date(dueAt.getTime() - 3_600_000))).toEqual({ reminded: 1, overdue: 0 });
    const [reminder] = await inbox(clerk);
    expect(reminder).toMatchObject({ kind: 'task_reminder' });
    expect(reminder!.deadlineId).not.toBeNull();
    expect(await runDeadlineRound(t.db, new Date(dueAt.getTime() + 60_000))).toEqual({ reminded: 0, overdue: 1 });
    expect((await inbox(adviser))[0]).toMatchObject({ kind: 'task_overdue' });
    expect((await tasks(mayor))[0]!.state).toBe('overdue');

    // The adviser's overview of overdue duties holds the organisation's own only when they are the adviser's.
    const overview = async () =>
      ((await adviser.get('/api/v1/tasks/overdue')).json().data as { subjectId: string | null }[]).map((d) => d.subjectId);
    expect(await overview()).toContain(id);
    await t.admin.query(`UPDATE deadline SET owner_ids = ARRAY[$1::uuid] WHERE subject_id = $2`, [mayor.user.id, id]);
    expect(await overview()).not.toContain(id);
    await t.admin.query(`UPDATE deadline SET owner_ids = ARRAY[$1::uuid, $2::uuid, $3::uuid] WHERE subject_id = $4`, [
      adviser.user.id,
      clerk.user.id,
      mayor.user.id,
      id,
    ]);

    expect((await clerk.post(`/api/v1/risk-assessments/${id}/questionnaire`, questionnaire())).statusCode).toBe(200);
    for (const caller of [adviser, clerk, mayor]) expect((await tasks(caller))[0]!.state).toBe('done');
  });
});
