import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCaller, type ApiCaller } from '../../../test/api.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeOrganisation } from '../../../test/factories.js';
import { buildTestServer } from '../../../test/http.js';
import type { Organisation } from '../../domain/organisation/organisation.js';
import { ROLES, type Role } from '../../domain/user/roles.js';
import { amsterdamToday } from '../../time/amsterdam.js';

const NOWHERE = '00000000-0000-4000-8000-000000000000';
const SEES: Record<Role, boolean> = {
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

describe('the council-meeting disruption log through the API', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  const as = {} as Record<Role, ApiCaller>;
  let stranger: ApiCaller;

  const meeting = async (caller = as.clerk) => {
    const response = await caller.post('/api/v1/meetings', {
      title: 'Raadsvergadering',
      date: amsterdamToday(),
      chair: 'Burgemeester Bos',
    });
    expect(response.statusCode).toBe(201);
    return response.json().id as string;
  };
  const disruption = async (body: Record<string, unknown> = { description: 'Man op de publieke tribune, rode jas' }) => {
    const response = await as.clerk.post(`/api/v1/meetings/${await meeting()}/disruptions`, body);
    expect(response.statusCode).toBe(201);
    return response.json().id as string;
  };
  const log = async (id: string, kind: string, extra: Record<string, unknown> = {}, caller = as.clerk) =>
    caller.post(`/api/v1/disruptions/${id}/events`, { kind, ...extra });
  const read = async (id: string, caller = as.clerk) => (await caller.get(`/api/v1/disruptions/${id}`)).json();

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db, 'Gemeente Ëlst');
    for (const role of ROLES) as[role] = await makeCaller(app, t.db, org, [role], `Persoon ${role}`);
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

  const endpoints = (meetingId: string, disruptionId: string): [string, string, unknown][] => [
    ['POST', '/api/v1/meetings', { title: 'Raad', date: amsterdamToday(), chair: 'Bos' }],
    ['GET', '/api/v1/meetings', undefined],
    ['GET', `/api/v1/meetings/${meetingId}`, undefined],
    ['POST', `/api/v1/meetings/${meetingId}/disruptions`, { description: 'Iemand' }],
    ['GET', `/api/v1/disruptions/${disruptionId}`, undefined],
    ['POST', `/api/v1/disruptions/${disruptionId}/events`, { kind: 'suspended' }],
    ['POST', `/api/v1/disruptions/${disruptionId}/decision`, { report: false, decidedBy: 'Bos' }],
    ['POST', `/api/v1/disruptions/${disruptionId}/incident`, {}],
  ];

  it('answers 401 to a caller who is not signed in, on every endpoint', async () => {
    for (const headers of [{}, { authorization: 'Bearer verlopen-token' }]) {
      for (const [method, url] of endpoints(NOWHERE, NOWHERE)) {
        const response = await app.inject({ method: method as 'GET', url, headers, ...(method === 'POST' ? { payload: {} } : {}) });
        expect(response.statusCode, `${method} ${url}`).toBe(401);
      }
    }
  });

  it('is there for the clerk, the mayor, the secretary and the adviser; for every other role it does not exist (404)', async () => {
    const meetingId = await meeting();
    const disruptionId = (await as.clerk.post(`/api/v1/meetings/${meetingId}/disruptions`, { description: 'Vrouw met spandoek' })).json()
      .id as string;
    const seen = {} as Record<Role, boolean>;
    for (const role of ROLES) {
      const list = await as[role].get('/api/v1/meetings');
      const one = await as[role].get(`/api/v1/meetings/${meetingId}`);
      const log = await as[role].get(`/api/v1/disruptions/${disruptionId}`);
      seen[role] = list.statusCode === 200 && one.statusCode === 200 && log.statusCode === 200;
      if (!SEES[role]) {
        // Every endpoint, writes included, and even bad input: for them there is nothing here.
        for (const [method, url, body] of [...endpoints(meetingId, disruptionId), ['POST', '/api/v1/meetings', { title: '' }] as const]) {
          const response = method === 'GET' ? await as[role].get(url) : await as[role].post(url, body);
          expect(response.statusCode, `${role} ${method} ${url}`).toBe(404);
        }
      }
    }
    expect(seen).toEqual(SEES);
    // Nothing was written by those who may not.
    expect((await read(disruptionId)).events).toEqual([]);
  });

  it('another organisation does not find the meeting or the disruption (404), also not with the four roles', async () => {
    const disruptionId = await disruption();
    const { meeting: m } = await read(disruptionId);
    expect((await stranger.get(`/api/v1/meetings/${m.id}`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/v1/disruptions/${disruptionId}`)).statusCode).toBe(404);
    expect((await stranger.post(`/api/v1/meetings/${m.id}/disruptions`, { description: 'x' })).statusCode).toBe(404);
    expect((await log(disruptionId, 'suspended', {}, stranger)).statusCode).toBe(404);
    expect((await stranger.post(`/api/v1/disruptions/${disruptionId}/incident`, {})).statusCode).toBe(404);
    expect((await stranger.get('/api/v1/meetings')).json().data.map((x: { id: string }) => x.id)).not.toContain(m.id);
  });

  it('counts the orders: from the third refusing is an offence, and a fourth order is answered with a notice', async () => {
    const id = await disruption();
    expect((await log(id, 'suspended')).json()).toMatchObject({ notice: null, orders: 0 });
    const first = (await log(id, 'order_to_leave')).json();
    expect(first).toMatchObject({ orderNumber: 1, orders: 1, offence: false, notice: null });
    expect((await read(id)).offence).toBe(false);
    expect((await log(id, 'order_to_leave')).json()).toMatchObject({ orderNumber: 2, orders: 2, offence: false, notice: null });
    const third = (await log(id, 'order_to_leave')).json();
    expect(third).toMatchObject({ orderNumber: 3, orders: 3, offence: true, notice: 'offence' });
    expect(third.message).toMatch(/lokaalvredebreuk/);
    const fourth = await log(id, 'order_to_leave');
    expect(fourth.statusCode).toBe(201);
    expect(fourth.json()).toMatchObject({ orderNumber: 4, orders: 4, offence: true, notice: 'order_after_offence' });
    expect(fourth.json().message).toMatch(/na de derde/);
    const body = await read(id);
    expect(body).toMatchObject({ orders: 4, offence: true, ordersBeyondOffence: 1, notice: 'order_after_offence' });
    expect(body.events.map((e: { kind: string; orderNumber: number | null }) => [e.kind, e.orderNumber])).toEqual([
      ['suspended', null],
      ['order_to_leave', 1],
      ['order_to_leave', 2],
      ['order_to_leave', 3],
      ['order_to_leave', 4],
    ]);
  });

  it('logs at the moment given, keeps the events in the order they happened, and refuses a moment in the future', async () => {
    const id = await disruption();
    const now = Date.now();
    await log(id, 'stream_stopped', { at: new Date(now - 60_000).toISOString() });
    await log(id, 'suspended', { at: new Date(now - 120_000).toISOString() });
    await log(id, 'resumed');
    expect((await read(id)).events.map((e: { kind: string }) => e.kind)).toEqual(['suspended', 'stream_stopped', 'resumed']);
    const future = await log(id, 'police_called', { at: new Date(now + 3_600_000).toISOString() });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.fields).toHaveProperty('at');
    const wrong = await log(id, 'applause');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields).toHaveProperty('kind');
  });

  it('keeps every entry: a correction is a new entry naming the one it corrects, and the database refuses changes', async () => {
    const id = await disruption();
    const one = (await log(id, 'order_to_leave')).json().id as string;
    const two = (await log(id, 'order_to_leave')).json().id as string;
    // Pressed twice by mistake: the second is withdrawn, with a reason.
    expect((await log(id, 'correction', { correctsId: two })).statusCode).toBe(400);
    const withdrawal = await log(id, 'correction', { correctsId: two, note: 'Dubbel gedrukt' });
    expect(withdrawal.statusCode).toBe(201);
    expect((await read(id)).orders).toBe(1);
    expect((await log(id, 'correction', { correctsId: two, note: 'nog eens' })).statusCode).toBe(409);
    // The first order at another moment: a replacement keeps its number.
    const at = new Date(Date.now() - 300_000).toISOString();
    const replaced = (await log(id, 'order_to_leave', { correctsId: one, at })).json();
    expect(replaced).toMatchObject({ orderNumber: 1, orders: 1 });
    expect((await log(id, 'order_to_leave')).json()).toMatchObject({ orderNumber: 2, orders: 2 });
    const body = await read(id);
    expect(body.events).toHaveLength(5);
    expect(body.events.find((e: { id: string }) => e.id === one).correctedBy).toBe(replaced.id);
    expect(body.events.find((e: { id: string }) => e.id === two).correctedBy).toBe(withdrawal.json().id);
    // An entry of another disruption is not in this log.
    expect((await log(await disruption(), 'correction', { correctsId: one, note: 'x' })).statusCode).toBe(400);

    for (const statement of [
      ['UPDATE disruption_entry SET note = $2 WHERE id = $1', [one, 'anders']],
      ['DELETE FROM disruption_entry WHERE id = $1', [one]],
      ['UPDATE disruption SET description = $2 WHERE id = $1', [id, 'anders']],
      ['DELETE FROM disruption WHERE id = $1', [id]],
    ] as const) {
      await expect(t.admin.query(statement[0], [...statement[1]]), statement[0]).rejects.toThrow(/append-only/);
    }
    const audit = await t.admin.query("SELECT action FROM audit_event WHERE object_id LIKE $1 || ':%' ORDER BY seq", [id]);
    expect(audit.rows.map((r) => r.action)).toEqual([
      'disruption.order_to_leave',
      'disruption.order_to_leave',
      'disruption.correction',
      'disruption.order_to_leave',
      'disruption.order_to_leave',
    ]);
  });

  it('refuses a perpetrator that is not in the register of this organisation', async () => {
    const response = await as.clerk.post(`/api/v1/meetings/${await meeting()}/disruptions`, {
      description: 'Iemand',
      perpetratorId: NOWHERE,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields).toHaveProperty('perpetratorId');
  });

  it('records a no to a police report, and a yes makes one incident from the log, routed like any report', async () => {
    const perpetratorId = (
      await t.admin.query(
        "INSERT INTO perpetrator (organisation_id, kind, name, created_by) VALUES ($1, 'person', 'Jörg de Vries', $2) RETURNING id",
        [org.id, as.security_adviser.user.id],
      )
    ).rows[0].id as string;
    const id = await disruption({ description: 'Man op de publieke tribune, rode jas', perpetratorId });
    for (const kind of [
      'suspended',
      'order_to_leave',
      'order_to_leave',
      'order_to_leave',
      'stream_stopped',
      'police_called',
      'police_arrived',
      'left',
      'resumed',
    ])
      expect((await log(id, kind)).statusCode).toBe(201);
    expect((await as.clerk.post(`/api/v1/disruptions/${id}/decision`, { report: true, decidedBy: 'Bos' })).statusCode).toBe(400);
    expect((await as.clerk.post(`/api/v1/disruptions/${id}/decision`, { report: false, decidedBy: 'Bos, griffier' })).statusCode).toBe(201);
    expect((await read(id)).decision).toMatchObject({ report: false });

    const made = await as.security_adviser.post(`/api/v1/disruptions/${id}/incident`, {
      decidedBy: 'Bos (voorzitter), griffier, adviseur',
    });
    expect(made.statusCode).toBe(201);
    const incidentId = made.json().id as string;
    expect((await as.clerk.post(`/api/v1/disruptions/${id}/incident`, {})).statusCode).toBe(409);
    expect(await read(id)).toMatchObject({ incidentId, decision: { report: true } });

    const incident = (await as.security_adviser.get(`/api/v1/incidents/${incidentId}`)).json();
    expect(incident).toMatchObject({ channel: 'meeting', status: 'reported', place: 'Raadsvergadering' });
    expect(incident.reference).toMatch(/^M-/);
    // The 7 W's from the log.
    expect(incident.description).toMatch(/Wie: Man op de publieke tribune/);
    expect(incident.description).toMatch(/3 vorderingen/);
    expect(incident.description).toMatch(/lokaalvredebreuk/);
    // Routed like any report: the reporter's chain (the mayor for the adviser) and the always-informed are in.
    const routed = (await t.admin.query('SELECT user_id FROM incident_access WHERE incident_id = $1', [incidentId])).rows.map(
      (r) => r.user_id as string,
    );
    expect(routed).toContain(as.security_adviser.user.id);
    expect((await as.employee.get(`/api/v1/incidents/${incidentId}`)).statusCode).toBe(404);
    const deadlines = await t.admin.query('SELECT kind FROM deadline WHERE incident_id = $1', [incidentId]);
    expect(deadlines.rows.length).toBeGreaterThan(0);
    // The timed log is its timeline, and a PDF of it its evidence.
    const timeline = (await as.security_adviser.get(`/api/v1/incidents/${incidentId}/timeline`)).json().data as {
      kind: string;
      detail: Record<string, unknown>;
    }[];
    const logged = timeline.filter((e) => e.kind === 'disruption_logged').map((e) => e.detail.entry);
    expect(logged).toEqual([
      'suspended',
      'order_to_leave',
      'order_to_leave',
      'order_to_leave',
      'stream_stopped',
      'police_called',
      'police_arrived',
      'left',
      'resumed',
    ]);
    const evidence = (await as.security_adviser.get(`/api/v1/incidents/${incidentId}/evidence`)).json().data as {
      mediaType: string;
      fileName: string;
    }[];
    expect(evidence).toEqual([
      expect.objectContaining({ mediaType: 'application/pdf', fileName: expect.stringMatching(/^ordeverstoring-.*\.pdf$/) }),
    ]);
    // The adviser keeps the register, so the perpetrator is linked.
    const linked = await t.admin.query('SELECT perpetrator_id FROM incident_perpetrator WHERE incident_id = $1', [incidentId]);
    expect(linked.rows.map((r) => r.perpetrator_id)).toEqual([perpetratorId]);
  });
});
