import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCaller, type ApiCaller } from '../../../test/api.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { createIncident, makeOrganisation, referenceOf } from '../../../test/factories.js';
import { buildTestServer } from '../../../test/http.js';
import type { Organisation } from '../../domain/organisation/organisation.js';
import { addMonths } from '../../domain/training/training.js';
import { ROLES, type Role } from '../../domain/user/roles.js';
import { runDeadlineRound } from '../../jobs/deadline-watcher.js';
import { amsterdamInstant, amsterdamToday } from '../../time/amsterdam.js';

const NOWHERE = '00000000-0000-4000-8000-000000000000';
const DAY = 24 * 3_600_000;
const daysFrom = (day: string, days: number) => new Date(Date.parse(`${day}T12:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** Who reads the register (and the evaluations), who keeps it, and who sees their own sessions. */
const READS: Record<Role, boolean> = {
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
const MANAGES: Record<Role, boolean> = { ...READS, mayor: false };
const OWN: Record<Role, boolean> = {
  mayor: true,
  alderman: true,
  council_member: true,
  group_member: true,
  clerk: false,
  municipal_secretary: false,
  security_adviser: false,
  employee: false,
  admin: false,
  privacy_officer: false,
};

describe('the dialogue and training register through the API', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  const as = {} as Record<Role, ApiCaller>;
  let stranger: ApiCaller;
  let otherCouncillor: ApiCaller;
  const today = amsterdamToday();

  const plan = async (body: Record<string, unknown> = {}, caller = as.clerk) => {
    const response = await caller.post('/api/v1/sessions', {
      kind: 'term_start',
      title: 'Veilig werken in de nieuwe raadsperiode',
      plannedOn: today,
      invitedIds: [as.mayor.user.id, as.alderman.user.id, as.council_member.user.id, as.group_member.user.id],
      ...body,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };
  const read = async (id: string, caller = as.clerk) => (await caller.get(`/api/v1/sessions/${id}`)).json();

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db, 'Gemeente Westerveld');
    for (const role of ROLES) as[role] = await makeCaller(app, t.db, org, [role], `Persoon ${role}`);
    otherCouncillor = await makeCaller(app, t.db, org, ['council_member'], 'Raadslid Niet Uitgenodigd');
    stranger = await makeCaller(
      app,
      t.db,
      await makeOrganisation(t.db),
      ['clerk', 'mayor', 'municipal_secretary', 'security_adviser'],
      'Elders',
    );
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  const endpoints = (id: string, evaluationId: string): [string, string, unknown, 'read' | 'manage'][] => [
    ['GET', '/api/v1/sessions', undefined, 'read'],
    ['GET', `/api/v1/sessions/${id}`, undefined, 'read'],
    ['GET', '/api/v1/council-terms', undefined, 'read'],
    ['GET', '/api/v1/protocol-versions', undefined, 'read'],
    ['GET', '/api/v1/evaluations', undefined, 'read'],
    ['GET', `/api/v1/evaluations/${evaluationId}`, undefined, 'read'],
    ['POST', '/api/v1/sessions', { kind: 'training', title: 'Training', plannedOn: today }, 'manage'],
    ['POST', `/api/v1/sessions/${id}/attendance`, { attendedIds: [] }, 'manage'],
    ['POST', `/api/v1/sessions/${id}/incidents`, { incident: 'M-00001' }, 'manage'],
    ['POST', '/api/v1/council-terms', { startsOn: '2022-03-30' }, 'manage'],
    ['POST', '/api/v1/protocol-versions', { summary: 'x', body: 'x', changes: 'x', decidedOn: today, decidedBy: 'x' }, 'manage'],
    ['POST', '/api/v1/evaluations', { year: 2001 }, 'manage'],
    ['POST', `/api/v1/evaluations/${evaluationId}`, { conclusions: 'x' }, 'manage'],
    ['POST', `/api/v1/evaluations/${evaluationId}/adoption`, { decidedBy: 'x' }, 'manage'],
  ];

  it('answers 401 to a caller who is not signed in, on every endpoint', async () => {
    for (const [method, url] of [
      ...endpoints(NOWHERE, NOWHERE),
      ['GET', '/api/v1/sessions/mine'],
      ['GET', '/api/v1/protocol-versions/current'],
    ] as const) {
      const response = await app.inject({ method: method as 'GET', url, ...(method === 'POST' ? { payload: {} } : {}) });
      expect(response.statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it('is read by the clerk, the secretary, the adviser and the mayor, kept by all but the mayor; for everyone else it does not exist (404)', async () => {
    const id = await plan();
    const evaluationId = (await as.security_adviser.post('/api/v1/evaluations', { year: 2020 })).json().id as string;
    const seen = {} as Record<Role, boolean>;
    const kept = {} as Record<Role, boolean>;
    for (const role of ROLES) {
      seen[role] = (await as[role].get(`/api/v1/sessions/${id}`)).statusCode === 200;
      for (const [method, url, body, need] of endpoints(id, evaluationId)) {
        if (need === 'read' && READS[role]) continue;
        if (need === 'manage' && MANAGES[role]) continue;
        // Writes included, bad input too: for them there is nothing here.
        const response = method === 'GET' ? await as[role].get(url) : await as[role].post(url, body);
        expect(response.statusCode, `${role} ${method} ${url}`).toBe(404);
      }
      kept[role] =
        (await as[role].post('/api/v1/sessions', { kind: 'training', title: `Training ${role}`, plannedOn: today })).statusCode === 201;
    }
    expect(seen).toEqual(READS);
    expect(kept).toEqual(MANAGES);
    // Nothing was recorded by those who may not.
    expect((await read(id)).state).toBe('planned');
  });

  it('shows each office holder their own sessions only, and is not there for the roles without sessions of their own', async () => {
    const id = await plan({ title: 'Startbijeenkomst eigen overzicht' });
    const own = {} as Record<Role, boolean>;
    for (const role of ROLES) own[role] = (await as[role].get('/api/v1/sessions/mine')).statusCode === 200;
    expect(own).toEqual(OWN);
    const mine = (await as.council_member.get('/api/v1/sessions/mine')).json();
    expect(mine.coming.map((s: { id: string }) => s.id)).toContain(id);
    expect(JSON.stringify(mine)).not.toContain('Persoon alderman');
    expect((await otherCouncillor.get('/api/v1/sessions/mine')).json().coming.map((s: { id: string }) => s.id)).not.toContain(id);

    const held = await as.clerk.post(`/api/v1/sessions/${id}/attendance`, {
      attendedIds: [as.mayor.user.id, as.council_member.user.id],
      agreements: 'Iedereen kent de alarmknop.',
    });
    expect(held.statusCode, held.body).toBe(200);
    const after = (await as.council_member.get('/api/v1/sessions/mine')).json();
    expect(after.attended.map((s: { id: string }) => s.id)).toContain(id);
    expect(after.coming.map((s: { id: string }) => s.id)).not.toContain(id);
    const missed = (await as.alderman.get('/api/v1/sessions/mine')).json();
    expect(missed.missed.map((s: { id: string; attended: boolean }) => [s.id, s.attended])).toContainEqual([id, false]);
    const session = await read(id);
    expect(session).toMatchObject({ state: 'held', agreements: 'Iedereen kent de alarmknop.' });
    expect(session.topics).toEqual(['safe_work', 'norm', 'protocol', 'alarm_procedure', 'anticipation', 'effects']);
    expect(Object.fromEntries(session.invitees.map((i: { name: string; attended: boolean }) => [i.name, i.attended]))).toEqual({
      'Persoon mayor': true,
      'Persoon alderman': false,
      'Persoon council_member': true,
      'Persoon group_member': false,
    });
  });

  it('another organisation does not find the session (404), also with the same roles', async () => {
    const id = await plan();
    expect((await stranger.get(`/api/v1/sessions/${id}`)).statusCode).toBe(404);
    expect((await stranger.post(`/api/v1/sessions/${id}/attendance`, { attendedIds: [] })).statusCode).toBe(404);
    expect((await stranger.post(`/api/v1/sessions/${id}/incidents`, { incident: 'M-00001' })).statusCode).toBe(404);
    expect((await stranger.get('/api/v1/sessions')).json().data.map((s: { id: string }) => s.id)).not.toContain(id);
    // Someone of another organisation cannot be invited.
    const invited = await as.clerk.post('/api/v1/sessions', {
      kind: 'training',
      title: 'T',
      plannedOn: today,
      invitedIds: [stranger.user.id],
    });
    expect(invited.statusCode).toBe(400);
    expect(invited.json().error.fields).toEqual({ invitedIds: 'Kies mensen van de organisatie.' });
  });

  it('shows the incidents a casuistry session discusses anonymised: level, channel, month and behaviours, no names, description or number', async () => {
    const incidentId = await createIncident(
      t.db,
      { user: as.council_member.user, organisation: org },
      {
        occurredAt: '2026-10-14T21:15:00+02:00',
        channel: 'face_to_face',
        level: 'threat',
        behaviours: ['threat_of_violence', 'intimidation'],
        description: 'Meneer Pietersen dreigde bij de uitgang van het gemeentehuis.',
        perpetrator: { kind: 'person', name: 'Jan Pietersen' },
      },
    );
    const reference = await referenceOf(t.db, org, incidentId);
    const id = await plan({ kind: 'casuistry', title: 'Casuïstiek 2026', withOfficials: true, invitedIds: [] }, as.security_adviser);
    const added = await as.security_adviser.post(`/api/v1/sessions/${id}/incidents`, { incident: reference });
    expect(added.statusCode, added.body).toBe(201);
    // Twice is once.
    expect((await as.security_adviser.post(`/api/v1/sessions/${id}/incidents`, { incident: reference.toLowerCase() })).statusCode).toBe(
      201,
    );
    const session = await read(id, as.mayor);
    expect(session.withOfficials).toBe(true);
    expect(session.incidents).toEqual([
      {
        id: expect.any(String),
        level: 'threat',
        channel: 'face_to_face',
        month: '2026-10',
        behaviours: ['intimidation', 'threat_of_violence'],
      },
    ]);
    const shown = JSON.stringify(session);
    for (const secret of ['Pietersen', 'gemeentehuis', reference, incidentId, 'Persoon council_member'])
      expect(shown).not.toContain(secret);
    // The read and the choice are in the audit trail, by whom.
    const audited = await t.admin.query(
      "SELECT e.action, u.name FROM audit_event e JOIN app_user u ON u.id = e.actor_user_id WHERE e.object_id = $1 AND e.action LIKE 'training_session.%' ORDER BY e.seq",
      [id],
    );
    expect(audited.rows.map((r) => `${r.action} ${r.name}`)).toEqual([
      'training_session.plan_casuistry Persoon security_adviser',
      'training_session.discuss Persoon security_adviser',
      'training_session.discuss Persoon security_adviser',
      'training_session.read Persoon mayor',
    ]);

    // Only an incident the manager may see; a training discusses none; a number that is not there is unknown.
    const unseen = await createIncident(t.db, { user: as.employee.user, organisation: org }, { description: 'Balie' });
    const seenByAdviserOnly = await referenceOf(t.db, org, unseen);
    expect((await as.clerk.post(`/api/v1/sessions/${id}/incidents`, { incident: seenByAdviserOnly })).json().error.fields).toEqual({
      incident: 'Er is geen melding met dit nummer die u mag zien.',
    });
    expect((await as.clerk.post(`/api/v1/sessions/${id}/incidents`, { incident: 'M-99999' })).statusCode).toBe(400);
    const training = await plan({
      kind: 'training',
      title: 'Training DJI',
      provider: 'Opleidingsinstituut DJI',
      invitedIds: [as.mayor.user.id],
    });
    expect((await as.clerk.post(`/api/v1/sessions/${training}/incidents`, { incident: reference })).statusCode).toBe(409);
    expect((await as.clerk.post(`/api/v1/sessions/${training}/attendance`, { attendedIds: [], adjustProtocol: true })).statusCode).toBe(
      400,
    );
  });

  it('records attendance only once the day has come, adds people who came uninvited, and keeps the outcome to adjust the protocol', async () => {
    const later = await plan({ kind: 'casuistry', title: 'Volgend jaar', plannedOn: daysFrom(today, 30) });
    const early = await as.clerk.post(`/api/v1/sessions/${later}/attendance`, { attendedIds: [] });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.id).toBe('training_not_yet_held');
    const id = await plan({ kind: 'casuistry', title: 'Casuïstiek met afspraken', invitedIds: [as.mayor.user.id] });
    const held = await as.clerk.post(`/api/v1/sessions/${id}/attendance`, {
      attendedIds: [as.mayor.user.id, as.employee.user.id],
      agreements: 'Bij bedreiging altijd aangifte; het protocol krijgt een paragraaf over online intimidatie.',
      adjustProtocol: true,
    });
    expect(held.statusCode).toBe(200);
    const session = await read(id);
    expect(session).toMatchObject({ state: 'held', adjustProtocol: true });
    expect(session.invitees.map((i: { id: string; attended: boolean }) => [i.id, i.attended]).sort()).toEqual(
      [
        [as.mayor.user.id, true],
        [as.employee.user.id, true],
      ].sort(),
    );
  });

  it('keeps the protocol as numbered versions; everyone reads the current one, the history is for the register', async () => {
    expect((await as.employee.get('/api/v1/protocol-versions/current')).statusCode).toBe(404);
    const first = await as.clerk.post('/api/v1/protocol-versions', {
      summary: 'Emotie mag, agressie niet.',
      body: 'Protocol agressie en geweld, versie 1.',
      changes: 'Eerste versie',
      decidedOn: '2025-02-01',
      decidedBy: 'College van B&W',
    });
    expect(first.json()).toMatchObject({ version: 1 });
    const second = await as.security_adviser.post('/api/v1/protocol-versions', {
      summary: 'Emotie mag, agressie niet. Online intimidatie melden we ook.',
      body: 'Protocol agressie en geweld, versie 2.',
      changes: 'Paragraaf online intimidatie toegevoegd',
      decidedOn: today,
      decidedBy: 'College van B&W',
    });
    expect(second.json()).toMatchObject({ version: 2 });
    for (const role of ROLES) {
      const current = await as[role].get('/api/v1/protocol-versions/current');
      expect(current.statusCode, role).toBe(200);
      expect(current.json()).toMatchObject({ version: 2, decidedBy: 'College van B&W' });
    }
    const history = (await as.mayor.get('/api/v1/protocol-versions')).json().data;
    expect(history.map((v: { version: number; changes: string }) => [v.version, v.changes])).toEqual([
      [2, 'Paragraaf online intimidatie toegevoegd'],
      [1, 'Eerste versie'],
    ]);
    expect(
      (await as.clerk.post('/api/v1/protocol-versions', { summary: '', body: 'x', changes: 'x', decidedOn: today, decidedBy: 'x' }))
        .statusCode,
    ).toBe(400);
  });

  it('gathers the year in its evaluation — figures, casuistry agreements, risk assessments, versions decided — and keeps it once adopted', async () => {
    const year = Number(today.slice(0, 4));
    const casuistry = await plan({ kind: 'casuistry', title: 'Casuïstiek voor de evaluatie', invitedIds: [] });
    await as.clerk.post(`/api/v1/sessions/${casuistry}/attendance`, {
      attendedIds: [],
      agreements: 'Tweede persoon bij risicogesprekken.',
    });
    const risk = await as.security_adviser.post('/api/v1/risk-assessments', {
      kind: 'group_meeting',
      title: 'Informatieavond opvanglocatie',
      startsAt: amsterdamInstant(today, '19:30')!.toISOString(),
    });
    expect(risk.statusCode, risk.body).toBe(201);
    const opened = await as.municipal_secretary.post('/api/v1/evaluations', { year });
    expect(opened.statusCode).toBe(201);
    const id = opened.json().id as string;
    expect((await as.clerk.post('/api/v1/evaluations', { year })).statusCode).toBe(409);
    expect((await as.clerk.post('/api/v1/evaluations', { year: year + 1 })).statusCode).toBe(400);

    const evaluation = (await as.mayor.get(`/api/v1/evaluations/${id}`)).json();
    expect(evaluation.adopted).toBe(false);
    expect(evaluation.casuistry).toContainEqual(
      expect.objectContaining({ id: casuistry, held: true, agreements: 'Tweede persoon bij risicogesprekken.' }),
    );
    expect(evaluation.riskAssessments).toContainEqual(
      expect.objectContaining({ id: risk.json().id, title: 'Informatieavond opvanglocatie', level: null, evaluated: false }),
    );
    expect(evaluation.protocolVersions.map((v: { version: number }) => v.version)).toContain(2);
    expect(evaluation.sessions.casuistry).toBeGreaterThan(0);
    const total = evaluation.figures.total as number;
    expect(total).toBeGreaterThan(0);
    expect(evaluation.figures.byLevel.find((c: { key: string }) => c.key === 'threat').count).toBeGreaterThan(0);

    expect(
      (await as.clerk.post(`/api/v1/evaluations/${id}`, { conclusions: 'Meer meldingen online.', decidedChanges: 'Versie 2.' })).statusCode,
    ).toBe(200);
    expect((await as.clerk.post(`/api/v1/evaluations/${id}/adoption`, { decidedBy: 'Driehoek en college' })).statusCode).toBe(200);
    // A new incident after adoption does not change the kept figures; the record no longer changes.
    await createIncident(t.db, { user: as.council_member.user, organisation: org }, { occurredAt: `${today}T09:00:00+01:00` });
    const adopted = (await as.clerk.get(`/api/v1/evaluations/${id}`)).json();
    expect(adopted).toMatchObject({
      adopted: true,
      conclusions: 'Meer meldingen online.',
      decidedChanges: 'Versie 2.',
      decidedBy: 'Driehoek en college',
    });
    expect(adopted.figures.total).toBe(total);
    const again = await as.clerk.post(`/api/v1/evaluations/${id}`, { conclusions: 'Anders' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.id).toBe('evaluation_adopted');
    expect((await stranger.get(`/api/v1/evaluations/${id}`)).statusCode).toBe(404);
  });
});

describe('the reminders of the start-of-term and casuistry sessions, with a fixed clock', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let clerk: ApiCaller;
  let secretary: ApiCaller;
  let adviser: ApiCaller;
  let councillor: ApiCaller;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    const org = await makeOrganisation(t.db);
    clerk = await makeCaller(app, t.db, org, ['clerk'], 'Griffier Gert');
    secretary = await makeCaller(app, t.db, org, ['municipal_secretary'], 'Secretaris Sanne');
    adviser = await makeCaller(app, t.db, org, ['security_adviser'], 'Adviseur Anna');
    councillor = await makeCaller(app, t.db, org, ['council_member'], 'Raadslid Rik');
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  type Task = { kind: string; subjectId: string; state: string; dueAt: string; incidentId: string | null };
  const tasks = async (caller: ApiCaller, kind: string) =>
    ((await caller.get('/api/v1/tasks')).json().data as Task[]).filter((d) => d.kind === kind);
  const inbox = async (caller: ApiCaller) =>
    (await caller.get('/api/v1/inbox')).json().data as { kind: string; deadlineId: string | null }[];

  it('a new term makes the start-of-term session due in three months: reminded, overdue, and done when the session is held', async () => {
    const today = amsterdamToday();
    const startsOn = daysFrom(today, -10);
    const recorded = await adviser.post('/api/v1/council-terms', { startsOn });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const termId = recorded.json().id as string;
    expect((await adviser.post('/api/v1/council-terms', { startsOn })).statusCode).toBe(409);
    const dueAt = amsterdamInstant(addMonths(startsOn, 3), '17:00')!;
    // The clerks and the secretaries are reminded, and whoever recorded the term; not the office holders.
    for (const caller of [clerk, secretary, adviser])
      expect(await tasks(caller, 'term_start_session')).toEqual([
        expect.objectContaining({ subjectId: termId, state: 'open', incidentId: null, dueAt: dueAt.toISOString() }),
      ]);
    expect(await tasks(councillor, 'term_start_session')).toEqual([]);
    expect(await tasks(clerk, 'casuistry_session')).toEqual([
      expect.objectContaining({
        subjectId: termId,
        state: 'open',
        dueAt: amsterdamInstant(addMonths(startsOn, 12), '17:00')!.toISOString(),
      }),
    ]);

    expect(await runDeadlineRound(t.db, new Date(dueAt.getTime() - 2 * DAY))).toEqual({ reminded: 0, overdue: 0 });
    expect(await runDeadlineRound(t.db, new Date(dueAt.getTime() - 3_600_000))).toEqual({ reminded: 1, overdue: 0 });
    expect((await inbox(secretary))[0]).toMatchObject({ kind: 'task_reminder' });
    expect(await runDeadlineRound(t.db, new Date(dueAt.getTime() + 60_000))).toEqual({ reminded: 0, overdue: 1 });
    expect((await inbox(clerk))[0]).toMatchObject({ kind: 'task_overdue' });
    expect((await tasks(clerk, 'term_start_session'))[0]!.state).toBe('overdue');

    // Planned is not yet done; held is.
    const session = (
      await clerk.post('/api/v1/sessions', {
        kind: 'term_start',
        title: 'Start raadsperiode',
        plannedOn: today,
        invitedIds: [councillor.user.id],
      })
    ).json().id as string;
    expect((await tasks(clerk, 'term_start_session'))[0]!.state).toBe('overdue');
    expect((await clerk.post(`/api/v1/sessions/${session}/attendance`, { attendedIds: [councillor.user.id] })).statusCode).toBe(200);
    for (const caller of [clerk, secretary, adviser]) expect((await tasks(caller, 'term_start_session'))[0]!.state).toBe('done');
    // An earlier term recorded afterwards, for the record, makes no session due.
    expect((await clerk.post('/api/v1/council-terms', { startsOn: '2022-03-30' })).statusCode).toBe(201);
    expect((await tasks(clerk, 'term_start_session')).map((d) => d.state)).toEqual(['done']);
  });

  it('the yearly casuistry session is done when held, and the next one falls due a year on', async () => {
    const today = amsterdamToday();
    const [open] = await tasks(clerk, 'casuistry_session');
    expect(open!.state).toBe('open');
    const session = (await secretary.post('/api/v1/sessions', { kind: 'casuistry', title: 'Casuïstiek', plannedOn: today })).json()
      .id as string;
    expect((await secretary.post(`/api/v1/sessions/${session}/attendance`, { attendedIds: [], agreements: 'Geen.' })).statusCode).toBe(200);
    const after = await tasks(clerk, 'casuistry_session');
    expect(after.map((d) => [d.state, d.dueAt])).toEqual([
      ['done', open!.dueAt],
      ['open', amsterdamInstant(addMonths(today, 12), '17:00')!.toISOString()],
    ]);
    // Recording the same session again makes no second deadline.
    await secretary.post(`/api/v1/sessions/${session}/attendance`, { attendedIds: [] });
    expect((await tasks(clerk, 'casuistry_session')).filter((d) => d.state === 'open')).toHaveLength(1);
  });
});
