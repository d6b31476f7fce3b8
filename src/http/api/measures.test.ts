import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import { createHash } from 'node:crypto';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCaller, reportBody, type ApiCaller } from '../../../test/api.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeOrganisation } from '../../../test/factories.js';
import { buildTestServer } from '../../../test/http.js';
import { amsterdamDay } from '../../time/amsterdam.js';
import { dayAfter } from '../../domain/measure/measure-deadlines.js';
import type { Organisation } from '../../domain/organisation/organisation.js';
import { ROLES, type Role } from '../../domain/user/roles.js';

const HOUR = 3_600_000;
const NOWHERE = '00000000-0000-4000-8000-000000000000';
const today = amsterdamDay(new Date()).date;
const plusDays = (date: string, days: number) =>
  new Date(new Date(`${date}T12:00:00Z`).getTime() + days * 86_400_000).toISOString().slice(0, 10);

describe('measures against the perpetrator through the API', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  const as = {} as Record<Role, ApiCaller>;
  let stranger: ApiCaller;

  /**
   * Reported by an alderman: routed to the mayor and the secretary; the adviser is always
   * informed. Jörg de Vries is linked from the register. Each test has an incident of its own.
   */
  const reportedThreat = async () => {
    const incidentId = (
      await as.alderman.post(
        '/api/v1/incidents',
        reportBody({ level: 'threat', description: 'Dreigde aan de balie: "ik weet waar je woont".' }),
      )
    ).json().id as string;
    // The perpetrator register is another part of the product; its rows are made here directly.
    const perpetratorId = (
      await t.admin.query(
        "INSERT INTO perpetrator (organisation_id, kind, name, created_by) VALUES ($1, 'person', 'Jörg de Vries', $2) RETURNING id",
        [org.id, as.security_adviser.user.id],
      )
    ).rows[0].id as string;
    await t.admin.query(
      'INSERT INTO incident_perpetrator (organisation_id, incident_id, perpetrator_id, linked_by) VALUES ($1, $2, $3, $4)',
      [org.id, incidentId, perpetratorId, as.security_adviser.user.id],
    );
    return { incidentId, perpetratorId };
  };
  const measuresOf = async (caller: ApiCaller, id: string) => (await caller.get(`/api/v1/incidents/${id}/measures`)).json();
  const propose = async (id: string, body: Record<string, unknown>, caller = as.security_adviser) =>
    caller.post(`/api/v1/incidents/${id}/measures`, body);
  const heard = async (measureId: string) => {
    const response = await as.security_adviser.post(`/api/v1/measures/${measureId}/hearing`, {
      hearing: 'heard',
      statement: 'Hij erkent het en zegt dat hij boos was over zijn uitkering.',
    });
    expect(response.statusCode).toBe(200);
  };
  const warning = { kind: 'written_warning', advice: 'Schriftelijk waarschuwen', reasons: 'Eerste bedreiging, geen eerdere incidenten.' };
  const ban = () => ({ kind: 'ban', reasons: 'Herhaalde bedreiging van een wethouder.', startsOn: today, endsOn: plusDays(today, 30) });

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db, 'Gemeente Ëlst');
    for (const role of ROLES) as[role] = await makeCaller(app, t.db, org, [role], `Persoon ${role}`);
    stranger = await makeCaller(
      app,
      t.db,
      await makeOrganisation(t.db),
      ['mayor', 'municipal_secretary', 'security_adviser', 'admin'],
      'Elders',
    );
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('answers 401 to a caller who is not signed in, on every endpoint', async () => {
    const requests: [string, string][] = [
      ['GET', `/api/v1/incidents/${NOWHERE}/measures`],
      ['POST', `/api/v1/incidents/${NOWHERE}/measures`],
      ...['hearing', 'facts', 'decide', 'reject', 'carry-out', 'end', 'letters'].map((step): [string, string] => [
        'POST',
        `/api/v1/measures/${NOWHERE}/${step}`,
      ]),
      ['GET', `/api/v1/letters/${NOWHERE}`],
      ['GET', '/api/v1/bans'],
    ];
    for (const headers of [{}, { authorization: 'Bearer verlopen-token' }]) {
      for (const [method, url] of requests) {
        const response = await app.inject({ method: method as 'GET', url, headers, ...(method === 'POST' ? { payload: {} } : {}) });
        // The caller is identified first: signed out is 401, before any check of the request itself.
        expect(response.statusCode, `${method} ${url}`).toBe(401);
      }
    }
  });

  it('a report creates the duty to respond to the perpetrator within 24 hours, owned by the security advisers', async () => {
    const { incidentId } = await reportedThreat();
    const reportedAt = (await t.admin.query('SELECT reported_at FROM incident WHERE id = $1', [incidentId])).rows[0].reported_at as Date;
    const rows = (
      await t.admin.query(
        "SELECT owner_ids, due_at, remind_at, state, subject_id FROM deadline WHERE incident_id = $1 AND kind = 'perpetrator_response'",
        [incidentId],
      )
    ).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0].owner_ids).toEqual([as.security_adviser.user.id]);
    expect(rows[0].state).toBe('open');
    expect((rows[0].due_at.getTime() - reportedAt.getTime()) / HOUR).toBeCloseTo(24, 1);
    expect((rows[0].due_at.getTime() - rows[0].remind_at.getTime()) / HOUR).toBeCloseTo(6, 1);
    expect((await as.mayor.get(`/api/v1/incidents/${incidentId}/deadlines`)).json().data.map((d: { kind: string }) => d.kind)).toContain(
      'perpetrator_response',
    );
    // A draft is not yet a report: no duty until it is sent.
    const draft = (await as.alderman.post('/api/v1/incidents', reportBody({ draft: true }))).json().id;
    expect(
      (await t.admin.query("SELECT count(*)::int AS n FROM deadline WHERE incident_id = $1 AND kind = 'perpetrator_response'", [draft]))
        .rows[0].n,
    ).toBe(0);
  });

  it('without a security adviser, the routed handlers own the response duty', async () => {
    const org = await makeOrganisation(t.db);
    const councillor = await makeCaller(app, t.db, org, ['council_member']);
    const clerk = await makeCaller(app, t.db, org, ['clerk']);
    const mayor = await makeCaller(app, t.db, org, ['mayor']);
    const id = (await councillor.post('/api/v1/incidents', reportBody())).json().id;
    const rows = (await t.admin.query("SELECT owner_ids FROM deadline WHERE incident_id = $1 AND kind = 'perpetrator_response'", [id]))
      .rows;
    expect(rows).toHaveLength(1);
    expect([...rows[0].owner_ids].sort()).toEqual([clerk.user.id, mayor.user.id].sort());
  });

  it("the incident's handlers see and propose measures; everyone else, the affected alderman included, gets 404", async () => {
    const { incidentId, perpetratorId } = await reportedThreat();
    const handlers: Role[] = ['mayor', 'municipal_secretary', 'security_adviser'];
    for (const role of ROLES) {
      const list = await as[role].get(`/api/v1/incidents/${incidentId}/measures`);
      const proposed = await propose(incidentId, { kind: 'oral_warning', reasons: `Voorstel van ${role}` }, as[role]);
      if (handlers.includes(role)) {
        expect(list.statusCode, role).toBe(200);
        expect(proposed.statusCode, role).toBe(201);
        expect(proposed.json()).toMatchObject({
          kind: 'oral_warning',
          state: 'proposed',
          perpetrator: { id: perpetratorId, name: 'Jörg de Vries' },
          subjectName: 'Jörg de Vries',
        });
      } else {
        expect(list.statusCode, role).toBe(404);
        expect(proposed.statusCode, role).toBe(404);
      }
    }
    expect((await stranger.get(`/api/v1/incidents/${incidentId}/measures`)).statusCode).toBe(404);
    expect((await propose(incidentId, { kind: 'oral_warning', reasons: 'x' }, stranger)).statusCode).toBe(404);
  });

  it('the mayor and the secretary decide a warning; only the mayor decides a ban; everyone else gets 404', async () => {
    const { incidentId } = await reportedThreat();
    const expected: Record<Role, { warning: number; ban: number }> = {
      mayor: { warning: 200, ban: 200 },
      municipal_secretary: { warning: 200, ban: 404 },
      security_adviser: { warning: 404, ban: 404 },
      alderman: { warning: 404, ban: 404 },
      council_member: { warning: 404, ban: 404 },
      group_member: { warning: 404, ban: 404 },
      clerk: { warning: 404, ban: 404 },
      employee: { warning: 404, ban: 404 },
      admin: { warning: 404, ban: 404 },
      privacy_officer: { warning: 404, ban: 404 },
    };
    for (const role of ROLES) {
      for (const [kind, body] of [
        ['warning', warning],
        ['ban', ban()],
      ] as const) {
        const measure = (await propose(incidentId, body)).json();
        await heard(measure.id);
        const decided = await as[role].post(`/api/v1/measures/${measure.id}/decide`, { note: 'Akkoord' });
        expect(decided.statusCode, `${role} decides ${kind}`).toBe(expected[role][kind]);
        if (decided.statusCode === 200)
          expect(decided.json()).toMatchObject({ state: 'decided', decidedBy: { id: as[role].user.id }, decisionNote: 'Akkoord' });
        const rejected = await as[role].post(`/api/v1/measures/${measure.id}/reject`, { note: 'Niet nodig' });
        // Once decided it is no longer open to rejection (409); otherwise rejecting is as closed as deciding.
        expect(rejected.statusCode, `${role} rejects ${kind}`).toBe(expected[role][kind] === 200 ? 409 : 404);
      }
    }
    const last = (await propose(incidentId, ban())).json();
    await heard(last.id);
    const abilities = async (role: Role) =>
      (await measuresOf(as[role], incidentId)).data.find((m: { id: string }) => m.id === last.id).abilities;
    expect(await abilities('mayor')).toEqual(['hearing', 'decide', 'reject']);
    expect(await abilities('municipal_secretary')).toEqual(['hearing']);
    expect(await abilities('security_adviser')).toEqual(['hearing']);
    expect((await stranger.post(`/api/v1/measures/${last.id}/decide`, {})).statusCode).toBe(404);
    expect((await stranger.post(`/api/v1/measures/${last.id}/hearing`, { hearing: 'heard', statement: 'x' })).statusCode).toBe(404);
  });

  it('a decision needs hoor en wederhoor first, and the first decision closes the 24-hour duty', async () => {
    const id = (await as.municipal_secretary.post('/api/v1/incidents', reportBody())).json().id;
    const due = async () =>
      (await t.admin.query("SELECT state, done_by FROM deadline WHERE incident_id = $1 AND kind = 'perpetrator_response'", [id])).rows[0];
    expect((await due()).state).toBe('open');
    const measure = (await propose(id, warning)).json();
    const refused = await as.mayor.post(`/api/v1/measures/${measure.id}/decide`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.id).toBe('hearing_required');
    expect(
      (await as.security_adviser.post(`/api/v1/measures/${measure.id}/hearing`, { hearing: 'not_possible', statement: ' ' })).statusCode,
    ).toBe(400);
    expect(
      (await as.security_adviser.post(`/api/v1/measures/${measure.id}/hearing`, { hearing: 'maybe', statement: 'x' })).statusCode,
    ).toBe(400);
    const hearing = await as.security_adviser.post(`/api/v1/measures/${measure.id}/hearing`, {
      hearing: 'not_possible',
      statement: 'Geen adres of telefoonnummer bekend.',
    });
    expect(hearing.json().hearing).toEqual({ kind: 'not_possible', statement: 'Geen adres of telefoonnummer bekend.' });
    // A rejection is no answer to the perpetrator: the duty stays open.
    const other = (await propose(id, { kind: 'stop_conversation', reasons: 'Gesprek' })).json();
    expect((await as.mayor.post(`/api/v1/measures/${other.id}/reject`, { note: '' })).statusCode).toBe(400);
    expect((await as.mayor.post(`/api/v1/measures/${other.id}/reject`, { note: 'Eerst waarschuwen' })).json().state).toBe('rejected');
    expect((await due()).state).toBe('open');
    expect((await as.mayor.post(`/api/v1/measures/${measure.id}/decide`, {})).statusCode).toBe(200);
    expect(await due()).toEqual({ state: 'done', done_by: as.mayor.user.id });
    // Hearing is recorded before a decision, not after.
    expect(
      (await as.security_adviser.post(`/api/v1/measures/${measure.id}/hearing`, { hearing: 'heard', statement: 'Later' })).statusCode,
    ).toBe(409);
    const carried = await as.security_adviser.post(`/api/v1/measures/${measure.id}/carry-out`);
    expect(carried.json()).toMatchObject({ state: 'carried_out' });
    expect((await as.security_adviser.post(`/api/v1/measures/${measure.id}/carry-out`)).statusCode).toBe(409);
    expect((await as.security_adviser.post(`/api/v1/measures/${measure.id}/end`)).json().state).toBe('ended');
    const timeline = (await as.municipal_secretary.get(`/api/v1/incidents/${id}/timeline`))
      .json()
      .data.map((e: { kind: string }) => e.kind);
    expect(timeline).toEqual(
      expect.arrayContaining([
        'measure_proposed',
        'measure_hearing',
        'measure_rejected',
        'measure_decided',
        'measure_carried_out',
        'measure_ended',
      ]),
    );
  });

  it('a proposal is refused without reasons, and a ban without its period or a name', async () => {
    const { incidentId } = await reportedThreat();
    const bad = async (body: Record<string, unknown>, id = incidentId) => {
      const response = await propose(id, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      return Object.keys(response.json().error.fields);
    };
    expect(await bad({ kind: 'oral_warning', reasons: '  ' })).toEqual(['reasons']);
    expect(await bad({ kind: 'verbanning', reasons: 'x' })).toEqual(['kind']);
    expect(await bad({ kind: 'ban', reasons: 'x' })).toEqual(['startsOn', 'endsOn']);
    expect(await bad({ kind: 'ban', reasons: 'x', startsOn: today, endsOn: plusDays(today, -1) })).toEqual(['endsOn']);
    expect(await bad({ kind: 'oral_warning', reasons: 'x', startsOn: today })).toEqual(['startsOn']);
    expect(await bad({ ...warning, perpetratorId: NOWHERE })).toEqual(['perpetratorId']);
    // Reported without a name, and nobody linked in the register: a ban has no one to name.
    const anonymous = (await as.municipal_secretary.post('/api/v1/incidents', reportBody())).json().id;
    expect(await bad(ban(), anonymous)).toEqual(['perpetratorId']);
    const named = (
      await as.municipal_secretary.post('/api/v1/incidents', reportBody({ perpetrator: { kind: 'person', name: 'Karel Appel' } }))
    ).json().id;
    expect((await propose(named, ban())).json()).toMatchObject({ perpetrator: null, subjectName: 'Karel Appel' });
  });

  it("the proposal shows the norm level and the perpetrator's history, to those who may read the register", async () => {
    const { incidentId, perpetratorId } = await reportedThreat();
    // A measure already proposed on this incident, beside the one on the earlier incident below.
    await propose(incidentId, warning);
    const earlier = (
      await as.alderman.post('/api/v1/incidents', reportBody({ level: 'verbal_aggression', occurredAt: '2026-10-01T10:00:00+02:00' }))
    ).json().id;
    const orgId = (await t.admin.query('SELECT organisation_id FROM incident WHERE id = $1', [earlier])).rows[0].organisation_id;
    await t.admin.query(
      'INSERT INTO incident_perpetrator (organisation_id, incident_id, perpetrator_id, linked_by) VALUES ($1, $2, $3, $4)',
      [orgId, earlier, perpetratorId, as.mayor.user.id],
    );
    await propose(earlier, { kind: 'oral_warning', reasons: 'Aangesproken' });
    const view = await measuresOf(as.mayor, incidentId);
    expect(view.incident.level).toBe('threat');
    expect(view.perpetrators).toEqual([{ id: perpetratorId, name: 'Jörg de Vries' }]);
    const [history] = view.history;
    expect(history.incidentCount).toBe(2);
    expect(history.incidents.map((i: { level: string }) => i.level).sort()).toEqual(['threat', 'verbal_aggression']);
    expect(history.measureCount).toBe(history.measures.length);
    expect(history.measures.length).toBeGreaterThan(1);
    expect((await measuresOf(as.security_adviser, incidentId)).history).toHaveLength(1);
  });

  it('a decided ban gets an end deadline with a reminder before its end; the front desk sees only name and end date', async () => {
    const { incidentId } = await reportedThreat();
    const measure = (await propose(incidentId, ban())).json();
    await heard(measure.id);
    // A ban that starts tomorrow is not yet at the desk.
    const later = (await propose(incidentId, { ...ban(), startsOn: plusDays(today, 1), endsOn: plusDays(today, 60) })).json();
    await heard(later.id);
    const before = (await as.employee.get('/api/v1/bans')).json().data.length;
    expect((await as.mayor.post(`/api/v1/measures/${measure.id}/decide`, {})).statusCode).toBe(200);
    expect((await as.mayor.post(`/api/v1/measures/${later.id}/decide`, {})).statusCode).toBe(200);
    const endsOn = plusDays(today, 30);
    const deadline = (
      await t.admin.query("SELECT due_at, remind_at, owner_ids, state FROM deadline WHERE kind = 'ban_end' AND subject_id = $1", [
        measure.id,
      ])
    ).rows[0];
    expect(deadline.state).toBe('open');
    expect(amsterdamDay(deadline.due_at).date).toBe(dayAfter(endsOn));
    expect(amsterdamDay(new Date(deadline.due_at.getTime() - 1)).date).toBe(endsOn);
    expect(deadline.remind_at.getTime()).toBeLessThan(deadline.due_at.getTime());
    expect(deadline.owner_ids).toEqual(expect.arrayContaining([as.security_adviser.user.id, as.mayor.user.id]));

    const bans = (await as.employee.get('/api/v1/bans')).json().data;
    expect(bans).toHaveLength(before + 1);
    expect(bans).toContainEqual({ name: 'Jörg de Vries', until: endsOn });
    for (const entry of bans) expect(Object.keys(entry).sort()).toEqual(['name', 'until']);
    const raw = (await as.employee.get('/api/v1/bans')).body;
    for (const secret of [incidentId, measure.id, 'M-0', 'Herhaalde bedreiging', 'woont']) expect(raw).not.toContain(secret);
    const desk: Role[] = ['employee', 'clerk', 'municipal_secretary', 'security_adviser', 'mayor', 'admin'];
    for (const role of ROLES) expect((await as[role].get('/api/v1/bans')).statusCode, role).toBe(desk.includes(role) ? 200 : 404);
    expect((await stranger.get('/api/v1/bans')).json().data).toEqual([]);

    // Lifting a ban before its end date is the mayor's decision; it closes the end deadline.
    expect((await as.security_adviser.post(`/api/v1/measures/${measure.id}/end`)).statusCode).toBe(404);
    expect((await as.mayor.post(`/api/v1/measures/${measure.id}/end`)).json().state).toBe('ended');
    expect((await t.admin.query("SELECT state FROM deadline WHERE kind = 'ban_end' AND subject_id = $1", [measure.id])).rows[0].state).toBe(
      'done',
    );
    expect((await as.employee.get('/api/v1/bans')).json().data).toHaveLength(before);
  });

  it('a decided written warning and a ban decision come as DOCX and PDF, stored by SHA-256 with the case', async () => {
    const { incidentId } = await reportedThreat();
    const measure = (
      await propose(incidentId, {
        ...warning,
        details: 'U heeft op 20 november aan de balie gedreigd.',
        facts: 'U hebt op 20 november aan de balie een medewerker bedreigd.',
      })
    ).json();
    expect(measure.facts).toBe('U hebt op 20 november aan de balie een medewerker bedreigd.');
    expect((await as.security_adviser.post(`/api/v1/measures/${measure.id}/letters`, { format: 'docx' })).statusCode).toBe(409);
    await heard(measure.id);
    await as.municipal_secretary.post(`/api/v1/measures/${measure.id}/decide`, {});
    expect((await as.security_adviser.post(`/api/v1/measures/${measure.id}/letters`, { format: 'odt' })).statusCode).toBe(400);
    const created = await as.security_adviser.post(`/api/v1/measures/${measure.id}/letters`, { format: 'docx' });
    expect(created.statusCode).toBe(201);
    const letter = created.json();
    expect(letter).toMatchObject({
      kind: 'written_warning',
      format: 'docx',
      fileName: expect.stringMatching(/^schriftelijke-waarschuwing-M-\d{5}\.docx$/),
    });
    const download = await as.mayor.get(letter.download);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toContain('wordprocessingml');
    expect(download.headers['content-disposition']).toContain('attachment');
    expect(createHash('sha256').update(download.rawPayload).digest('hex')).toBe(letter.sha256);
    const xml = await (await JSZip.loadAsync(download.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain('Jörg de Vries');
    expect(xml).toContain('Gemeente Ëlst');
    expect(xml).toContain('U heeft op 20 november aan de balie gedreigd.');
    expect(xml).toContain('U hebt op 20 november aan de balie een medewerker bedreigd.');
    expect(xml).not.toContain('ik weet waar je woont');
    expect((await measuresOf(as.mayor, incidentId)).data.find((m: { id: string }) => m.id === measure.id).letters).toHaveLength(1);

    const banMeasure = (await propose(incidentId, { ...ban(), facts: 'U hebt herhaaldelijk een wethouder bedreigd.' })).json();
    await heard(banMeasure.id);
    await as.mayor.post(`/api/v1/measures/${banMeasure.id}/decide`, {});
    const endDate = new Intl.DateTimeFormat('nl-NL', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(
      new Date(`${plusDays(today, 30)}T12:00:00Z`),
    );
    const pdfLetter = (await as.mayor.post(`/api/v1/measures/${banMeasure.id}/letters`, { format: 'pdf' })).json();
    const pdf = await as.security_adviser.get(pdfLetter.download);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const { text } = await extractText(new Uint8Array(pdf.rawPayload), { mergePages: true });
    expect(text).toContain('Jörg de Vries');
    expect(text).toContain(`tot en met ${endDate}`);
    expect(text).toContain('Besluit toegangsverbod');
    const docx = (await as.mayor.post(`/api/v1/measures/${banMeasure.id}/letters`, { format: 'docx' })).json();
    const banXml = await (await JSZip.loadAsync((await as.mayor.get(docx.download)).rawPayload)).file('word/document.xml')!.async('string');
    expect(banXml).toContain(endDate);
    expect(banXml).toContain('Jörg de Vries');

    // Only measures with a letter have one; only the incident's handlers read letters.
    const oral = (await propose(incidentId, { kind: 'oral_warning', reasons: 'x' })).json();
    await heard(oral.id);
    await as.mayor.post(`/api/v1/measures/${oral.id}/decide`, {});
    expect((await as.mayor.post(`/api/v1/measures/${oral.id}/letters`, { format: 'pdf' })).json().error.id).toBe('no_letter');
    for (const caller of [as.alderman, as.clerk, as.admin, stranger]) {
      expect((await caller.get(letter.download)).statusCode).toBe(404);
      expect((await caller.post(`/api/v1/measures/${measure.id}/letters`, { format: 'docx' })).statusCode).toBe(404);
    }
    expect((await as.mayor.get(`/api/v1/letters/${NOWHERE}`)).statusCode).toBe(404);
    expect((await as.mayor.get('/api/v1/letters/niet-een-id')).statusCode).toBe(404);
    const audit = (
      await t.admin.query("SELECT count(*)::int AS n FROM audit_event WHERE action = 'letter.read' AND object_id = $1", [letter.id])
    ).rows[0].n;
    expect(audit).toBe(1);
  });

  it('a letter is made only with facts written for it, never with the report (issue 11 §4)', async () => {
    const { incidentId } = await reportedThreat();
    const measure = (await propose(incidentId, ban())).json();
    expect(measure.facts).toBeNull();
    await heard(measure.id);
    await as.mayor.post(`/api/v1/measures/${measure.id}/decide`, {});
    // Before: the letter took the report's description ("ik weet waar je woont") as its facts.
    const refused = await as.mayor.post(`/api/v1/measures/${measure.id}/letters`, { format: 'docx' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.id).toBe('letter_needs_facts');
    expect((await t.admin.query('SELECT count(*)::int AS n FROM letter WHERE measure_id = $1', [measure.id])).rows[0].n).toBe(0);

    // Facts: the handlers of the incident; blank is refused; anyone else, or another organisation, 404.
    expect((await as.security_adviser.post(`/api/v1/measures/${measure.id}/facts`, { facts: '  ' })).statusCode).toBe(400);
    for (const caller of [as.alderman, as.clerk, as.admin, stranger])
      expect((await caller.post(`/api/v1/measures/${measure.id}/facts`, { facts: 'x' })).statusCode).toBe(404);
    const written = await as.security_adviser.post(`/api/v1/measures/${measure.id}/facts`, {
      facts: 'U hebt een wethouder aan de balie bedreigd.',
    });
    expect(written.statusCode).toBe(200);
    expect(written.json().facts).toBe('U hebt een wethouder aan de balie bedreigd.');
    const letter = (await as.mayor.post(`/api/v1/measures/${measure.id}/letters`, { format: 'docx' })).json();
    const xml = await (await JSZip.loadAsync((await as.mayor.get(letter.download)).rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain('U hebt een wethouder aan de balie bedreigd.');
    expect(xml).not.toContain('waar je woont');

    // A measure that sends no letter has no facts to write.
    const oral = (await propose(incidentId, { kind: 'oral_warning', reasons: 'x' })).json();
    expect((await as.security_adviser.post(`/api/v1/measures/${oral.id}/facts`, { facts: 'x' })).json().error.id).toBe('no_letter');
    const audit = await t.admin.query("SELECT count(*)::int AS n FROM audit_event WHERE action = 'measure.facts' AND object_id = $1", [
      measure.id,
    ]);
    expect(audit.rows[0].n).toBe(1);
  });

  it('the operations are in the OpenAPI document', async () => {
    const doc = (await as.mayor.get('/api/v1/openapi.json')).json();
    for (const path of [
      '/api/v1/incidents/{id}/measures',
      '/api/v1/measures/{id}/decide',
      '/api/v1/measures/{id}/letters',
      '/api/v1/letters/{id}',
      '/api/v1/bans',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.components.schemas.Measure).toBeDefined();
  });
});
