import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCaller, reportBody, type ApiCaller } from '../../../test/api.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeOrganisation } from '../../../test/factories.js';
import { buildTestServer } from '../../../test/http.js';

const HOUR = 3_600_000;

describe('aftercare and deadlines through the API', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let councillor: ApiCaller;
  let clerk: ApiCaller;
  let mayor: ApiCaller;
  let adviser: ApiCaller;
  let alderman: ApiCaller;
  let secretary: ApiCaller;
  let stranger: ApiCaller;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    const org = await makeOrganisation(t.db);
    councillor = await makeCaller(app, t.db, org, ['council_member'], 'Raadslid');
    clerk = await makeCaller(app, t.db, org, ['clerk'], 'Griffier');
    mayor = await makeCaller(app, t.db, org, ['mayor'], 'Burgemeester');
    adviser = await makeCaller(app, t.db, org, ['security_adviser'], 'Adviseur');
    alderman = await makeCaller(app, t.db, org, ['alderman'], 'Wethouder');
    secretary = await makeCaller(app, t.db, org, ['municipal_secretary'], 'Secretaris');
    stranger = await makeCaller(app, t.db, await makeOrganisation(t.db), ['mayor', 'clerk', 'security_adviser'], 'Elders');
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  /** A report of the council member's own, with its plan untouched: each test has one. */
  const reported = async (caller = councillor) => (await caller.post('/api/v1/incidents', reportBody())).json().id as string;
  const plan = async (caller: ApiCaller, incidentId: string) =>
    (await caller.get(`/api/v1/incidents/${incidentId}/aftercare`)).json().data[0];

  it('every report gets three conversations at once, due after 24 hours, 3 days and 4–6 weeks', async () => {
    const incidentId = await reported();
    const reportedAt = (await t.admin.query('SELECT reported_at FROM incident WHERE id = $1', [incidentId])).rows[0].reported_at as Date;
    const deadlines = (await councillor.get(`/api/v1/incidents/${incidentId}/deadlines`))
      .json()
      .data.filter((d: { kind: string }) => d.kind.startsWith('aftercare_'));
    expect(deadlines.map((d: { kind: string; state: string }) => `${d.kind}:${d.state}`)).toEqual([
      'aftercare_1:open',
      'aftercare_2:open',
      'aftercare_3:open',
    ]);
    const after = (iso: string) => Math.round((new Date(iso).getTime() - reportedAt.getTime()) / HOUR);
    expect(after(deadlines[0].dueAt)).toBe(24);
    expect(after(deadlines[1].dueAt)).toBe(72);
    expect(Math.round(after(deadlines[2].notBefore) / 24)).toBe(28);
    expect(Math.round(after(deadlines[2].dueAt) / 24)).toBe(42);
    const own = await plan(clerk, incidentId);
    expect(own.affected.name).toBe('Raadslid');
    expect(own.conversations.map((c: { caregivers: { name: string }[] }) => c.caregivers.map((x) => x.name).sort())).toEqual(
      Array(3).fill(['Burgemeester', 'Griffier']),
    );
  });

  it('private notes are seen by the caregivers and the affected person only', async () => {
    const incidentId = await reported();
    const first = (await plan(clerk, incidentId)).conversations[0];
    expect((await clerk.post(`/api/v1/aftercare/${first.id}/offer`)).statusCode).toBe(200);
    const held = await clerk.post(`/api/v1/aftercare/${first.id}/hold`, {
      heldAt: new Date().toISOString(),
      notes: 'Slaapt slecht, partner ongerust.',
    });
    expect(held.statusCode).toBe(200);
    for (const [name, caller] of [
      ['clerk', clerk],
      ['mayor', mayor],
      ['councillor', councillor],
    ] as const) {
      expect((await plan(caller, incidentId)).conversations[0].notes, name).toBe('Slaapt slecht, partner ongerust.');
    }
    const adviserView = await plan(adviser, incidentId);
    expect(adviserView.viewerRole).toBe('viewer');
    expect(adviserView.conversations[0]).not.toHaveProperty('notes');
    expect(adviserView).not.toHaveProperty('referrals');
    expect(JSON.stringify(adviserView)).not.toContain('Slaapt');
    expect((await alderman.get(`/api/v1/incidents/${incidentId}/aftercare`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/v1/incidents/${incidentId}/aftercare`)).statusCode).toBe(404);
    // Nobody but a caregiver can record a conversation.
    expect((await adviser.post(`/api/v1/aftercare/${first.id}/hold`, { heldAt: new Date().toISOString() })).statusCode).toBe(404);
    expect((await councillor.post(`/api/v1/aftercare/${first.id}/hold`, { heldAt: new Date().toISOString() })).statusCode).toBe(404);
    const deadlines = (await councillor.get(`/api/v1/incidents/${incidentId}/deadlines`)).json().data;
    expect(deadlines.find((d: { kind: string }) => d.kind === 'aftercare_1').state).toBe('done');
    // Notes never travel in mails.
    const { rows } = await t.admin.query("SELECT count(*)::int AS n FROM outbox_mail WHERE body LIKE '%Slaapt%'");
    expect(rows[0].n).toBe(0);
  });

  it('declining is respected and closes the duty; the offer can be repeated', async () => {
    const incidentId = await reported();
    const second = (await plan(councillor, incidentId)).conversations[1];
    await mayor.post(`/api/v1/aftercare/${second.id}/offer`);
    expect((await councillor.get('/api/v1/inbox')).json().data.some((i: { kind: string }) => i.kind === 'aftercare_offered')).toBe(true);
    expect((await councillor.post(`/api/v1/aftercare/${second.id}/respond`, { answer: 'decline' })).statusCode).toBe(200);
    let now = (await plan(councillor, incidentId)).conversations[1];
    expect(now).toMatchObject({ state: 'declined', deadlineState: 'done' });
    expect((await councillor.post(`/api/v1/aftercare/${second.id}/respond`, { answer: 'misschien' })).statusCode).toBe(400);
    await mayor.post(`/api/v1/aftercare/${second.id}/offer`);
    now = (await plan(councillor, incidentId)).conversations[1];
    expect(now.state).toBe('offered');
    expect((await councillor.post(`/api/v1/aftercare/${second.id}/respond`, { answer: 'accept' })).statusCode).toBe(200);
  });

  it('signals of stalled recovery at the third conversation need a recorded referral', async () => {
    const contacts = (await councillor.get('/api/v1/contacts')).json().data;
    expect(contacts.map((c: { name: string }) => c.name)).toEqual(
      expect.arrayContaining(['Slachtofferhulp Nederland', 'Instituut voor Psychotrauma (IVP)']),
    );
    const ivp = contacts.find((c: { name: string }) => c.name.startsWith('Instituut'));
    expect(ivp).toMatchObject({ phone: '020 840 76 20', phoneOutOfHours: '088 33 05 112', available: '24/7' });
    const incidentId = await reported();
    const third = (await plan(clerk, incidentId)).conversations[2];
    const missing = await clerk.post(`/api/v1/aftercare/${third.id}/hold`, { heldAt: new Date().toISOString(), stalledRecovery: true });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toMatch(/^referralContactId: /);
    const ok = await clerk.post(`/api/v1/aftercare/${third.id}/hold`, {
      heldAt: new Date().toISOString(),
      stalledRecovery: true,
      referralContactId: ivp.id,
      referralNote: 'Aangemeld door griffier',
    });
    expect(ok.statusCode).toBe(200);
    const mine = await plan(councillor, incidentId);
    expect(mine.referrals).toEqual([
      expect.objectContaining({ contactName: 'Instituut voor Psychotrauma (IVP)', note: 'Aangemeld door griffier' }),
    ]);
    expect(mine.conversations[2]).toMatchObject({ state: 'held', stalledRecovery: true });
  });

  it('a deadline is cancelled only with a reason, by its owner or a handler', async () => {
    const id = (await alderman.post('/api/v1/incidents', reportBody())).json().id;
    const deadlines = (await mayor.get(`/api/v1/incidents/${id}/deadlines`)).json().data;
    expect((await mayor.post(`/api/v1/deadlines/${deadlines[0].id}/cancel`, { reason: ' ' })).statusCode).toBe(400);
    expect((await clerk.post(`/api/v1/deadlines/${deadlines[0].id}/cancel`, { reason: 'x' })).statusCode).toBe(404);
    expect(
      (await mayor.post(`/api/v1/deadlines/${deadlines[0].id}/cancel`, { reason: 'Gesprek vond al plaats in de raadszaal' })).statusCode,
    ).toBe(200);
    const after = (await secretary.get(`/api/v1/incidents/${id}/deadlines`)).json().data as { id: string }[];
    expect(after.find((d) => d.id === deadlines[0].id)).toMatchObject({
      state: 'cancelled',
      cancelReason: 'Gesprek vond al plaats in de raadszaal',
    });
    expect((await mayor.post(`/api/v1/deadlines/${deadlines[0].id}/cancel`, { reason: 'nog eens' })).statusCode).toBe(409);
  });

  it('"my tasks" lists what a person must do; the adviser sees every overdue duty', async () => {
    // An alderman's report: the secretary is one of the caregivers.
    const incidentId = await reported(alderman);
    const tasks = (await secretary.get('/api/v1/tasks')).json().data;
    expect(tasks.length).toBeGreaterThan(0);
    expect(tasks.every((d: { kind: string }) => d.kind.startsWith('aftercare_'))).toBe(true);
    expect((await councillor.get('/api/v1/tasks')).json().data).toEqual([]);
    await t.admin.query("UPDATE deadline SET state = 'overdue' WHERE kind = 'aftercare_2' AND incident_id = $1", [incidentId]);
    const overdue = (await adviser.get('/api/v1/tasks/overdue')).json().data;
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((d: { state: string }) => d.state === 'overdue')).toBe(true);
    expect((await clerk.get('/api/v1/tasks/overdue')).statusCode).toBe(404);
  });

  it('administrators set the timings and caregivers, and edit the contacts directory', async () => {
    // Timings and contacts hold for the whole organisation: these are changed in one of its own,
    // so no other test's plan follows them.
    const org = await makeOrganisation(t.db);
    const admin = await makeCaller(app, t.db, org, ['admin'], 'Beheerder');
    const clerk = await makeCaller(app, t.db, org, ['clerk'], 'Griffier');
    const councillor = await makeCaller(app, t.db, org, ['council_member'], 'Raadslid');
    expect((await clerk.get('/api/v1/aftercare-settings')).statusCode).toBe(404);
    const current = (await admin.get('/api/v1/aftercare-settings')).json();
    expect(current.timings).toEqual({ firstHours: 24, secondHours: 72, thirdFromDays: 28, thirdUntilDays: 42 });
    const bad = await admin.put('/api/v1/aftercare-settings', {
      ...current,
      timings: { firstHours: 72, secondHours: 24, thirdFromDays: 42, thirdUntilDays: 56 },
    });
    expect(bad.statusCode).toBe(400);
    const national = { ...current, timings: { firstHours: 72, secondHours: 336, thirdFromDays: 42, thirdUntilDays: 56 } };
    expect((await admin.put('/api/v1/aftercare-settings', national)).statusCode).toBe(200);
    const id = (await councillor.post('/api/v1/incidents', reportBody())).json().id;
    const reportedAt = (await t.admin.query('SELECT reported_at FROM incident WHERE id = $1', [id])).rows[0].reported_at as Date;
    const due = (await clerk.get(`/api/v1/incidents/${id}/deadlines`))
      .json()
      .data.filter((d: { kind: string }) => d.kind.startsWith('aftercare_'))
      .map((d: { dueAt: string }) => Math.round((new Date(d.dueAt).getTime() - reportedAt.getTime()) / HOUR));
    expect(due[0]).toBe(72);
    expect(due[1]).toBe(336);
    expect(Math.round(due[2] / 24)).toBe(56);

    expect((await clerk.post('/api/v1/contacts', { name: 'Iemand' })).statusCode).toBe(404);
    const created = await admin.post('/api/v1/contacts', {
      name: 'Bedrijfsmaatschappelijk werk',
      phone: '0592 123 456',
      url: 'https://example.nl',
    });
    expect(created.statusCode).toBe(201);
    expect((await admin.post('/api/v1/contacts', { name: '', url: 'ftp://x' })).statusCode).toBe(400);
    expect((await admin.put(`/api/v1/contacts/${created.json().id}`, { name: 'BMW', active: false })).statusCode).toBe(200);
    expect((await councillor.get('/api/v1/contacts')).json().data.map((c: { name: string }) => c.name)).not.toContain('BMW');
    expect((await admin.get('/api/v1/contacts?all=true')).json().data.map((c: { name: string }) => c.name)).toContain('BMW');
  });
});
