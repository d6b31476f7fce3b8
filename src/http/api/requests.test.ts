import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCaller, type ApiCaller } from '../../../test/api.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { createIncident, makeOrganisation, makeUser } from '../../../test/factories.js';
import { buildTestServer, testEvidenceDir } from '../../../test/http.js';
import { localEvidenceStore } from '../../domain/evidence/evidence-store.js';
import { runRetentionFor } from '../../domain/retention/run-retention.js';
import { verifyAuditChain } from '../../domain/audit/audit.js';
import type { Organisation } from '../../domain/organisation/organisation.js';
import { ROLES, type Role } from '../../domain/user/roles.js';
import { runDeadlineRound } from '../../jobs/deadline-watcher.js';
import { requestDueAt } from '../../domain/request/handle-request.js';
import { amsterdamToday } from '../../time/amsterdam.js';

const NOWHERE = '00000000-0000-4000-8000-000000000000';
const SEES: Record<Role, boolean> = {
  mayor: false,
  alderman: false,
  council_member: false,
  group_member: false,
  clerk: false,
  municipal_secretary: false,
  security_adviser: true,
  employee: false,
  admin: false,
  privacy_officer: true,
};

// What the victim wrote and what the organisation weighed: never in a perpetrator's export.
const VICTIM_WORDS = 'Ik voel mij onveilig, hij noemde mijn dochter Sanne';
const WITNESS = 'Buurvrouw Pietersen zag het';
const CARE_NOTE = 'Slaapt slecht sinds het voorval';
const REGISTER_NOTE = 'Intern: lijkt verward, overleg met wijkagent';
const ADVICE = 'Advies: strenge aanpak, eerder ook bij de balie';
const FACTS = 'U hebt op 20 november 2026 een dreigend bericht gestuurd.';

describe('requests from the people in it through the API', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  const as = {} as Record<Role, ApiCaller>;
  let adviser2: ApiCaller;
  let stranger: ApiCaller;

  const today = () => new Date().toISOString().slice(0, 10);
  const record = async (body: Record<string, unknown>, caller = as.security_adviser) => {
    const response = await caller.post('/api/v1/requests', { receivedOn: today(), ...body });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };
  const perpetrator = async (name: string, notes: string | null = null) => {
    const response = await as.security_adviser.post('/api/v1/perpetrators', { kind: 'person', name, notes });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };
  /** A reported incident by a new employee, with an aftercare note; answers the incident and the employee. */
  const victimIncident = async (extra: Record<string, unknown> = {}) => {
    const victim = await makeUser(t.db, org, ['employee'], 'Medewerker Veenstra');
    const incidentId = await createIncident(
      t.db,
      { user: victim, organisation: org },
      { description: VICTIM_WORDS, witnesses: WITNESS, ...extra },
    );
    await t.admin.query(`UPDATE aftercare_conversation SET notes = $2 WHERE incident_id = $1`, [incidentId, CARE_NOTE]);
    return { incidentId, victim };
  };
  const link = async (incidentId: string, perpetratorId: string) => {
    const response = await as.security_adviser.post(`/api/v1/incidents/${incidentId}/perpetrators`, { perpetratorId });
    expect(response.statusCode, response.body).toBe(201);
  };
  const count = async (sql: string, params: unknown[]) => (await t.admin.query(sql, params)).rows[0].n as number;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db, 'Gemeente Inzage');
    for (const role of ROLES) as[role] = await makeCaller(app, t.db, org, [role], `Persoon ${role}`);
    adviser2 = await makeCaller(app, t.db, org, ['security_adviser'], 'Tweede adviseur');
    stranger = await makeCaller(app, t.db, await makeOrganisation(t.db), ['security_adviser', 'privacy_officer'], 'Elders');
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  const endpoints = (id: string): [string, string, unknown][] => [
    ['GET', '/api/v1/requests', undefined],
    ['POST', '/api/v1/requests', { kind: 'access', subjectKind: 'user', subjectId: NOWHERE, receivedOn: '2026-12-01' }],
    ['GET', `/api/v1/requests/${id}`, undefined],
    ['POST', `/api/v1/requests/${id}/decision`, { decision: 'refused', reason: 'x' }],
    ['POST', `/api/v1/requests/${id}/export`, {}],
    ['GET', `/api/v1/requests/${id}/export.json`, undefined],
    ['GET', `/api/v1/requests/${id}/export.pdf`, undefined],
    ['POST', `/api/v1/requests/${id}/release`, {}],
  ];

  it('answers 401 to a caller who is not signed in, on every endpoint', async () => {
    for (const [method, url] of endpoints(NOWHERE)) {
      const response = await app.inject({ method: method as 'GET', url, ...(method === 'POST' ? { payload: {} } : {}) });
      expect(response.statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it('is there for the security adviser and the privacy officer; for every other role it does not exist (404)', async () => {
    const id = await record({ kind: 'access', subjectKind: 'user', subjectId: as.employee.user.id });
    const seen = {} as Record<Role, boolean>;
    for (const role of ROLES) {
      const list = await as[role].get('/api/v1/requests');
      const one = await as[role].get(`/api/v1/requests/${id}`);
      seen[role] = list.statusCode === 200 && one.statusCode === 200;
      if (!SEES[role]) {
        for (const [method, url, body] of endpoints(id)) {
          const response = method === 'GET' ? await as[role].get(url) : await as[role].post(url, body);
          expect(response.statusCode, `${role} ${method} ${url}`).toBe(404);
        }
      }
    }
    expect(seen).toEqual(SEES);
    expect((await as.security_adviser.get(`/api/v1/requests/${id}`)).json().decision).toBeNull();
  });

  it('another organisation finds nothing (404), not even with both roles', async () => {
    const id = await record({ kind: 'rectification', subjectKind: 'user', subjectId: as.employee.user.id });
    for (const [method, url, body] of endpoints(id).slice(2)) {
      const response = method === 'GET' ? await stranger.get(url) : await stranger.post(url, body);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await stranger.get('/api/v1/requests')).json().data.map((r: { id: string }) => r.id)).not.toContain(id);
    // Nor can it name a person of this organisation as the subject.
    const named = await stranger.post('/api/v1/requests', {
      kind: 'access',
      subjectKind: 'user',
      subjectId: as.employee.user.id,
      receivedOn: today(),
    });
    expect(named.statusCode).toBe(400);
    expect(named.json().error.fields).toHaveProperty('subjectId');
  });

  it('the privacy officer cannot name a register record (the register is not hinted at); the adviser can', async () => {
    const p = await perpetrator('Karel de Vries');
    const response = await as.privacy_officer.post('/api/v1/requests', {
      kind: 'access',
      subjectKind: 'perpetrator',
      subjectId: p,
      receivedOn: today(),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields).toHaveProperty('subjectId');
    const id = await record({ kind: 'access', subjectKind: 'perpetrator', subjectId: p });
    const read = (await as.privacy_officer.get(`/api/v1/requests/${id}`)).json();
    expect(read.subject).toMatchObject({ kind: 'perpetrator', name: 'Karel de Vries', perpetratorId: null });
    expect((await as.security_adviser.get(`/api/v1/requests/${id}`)).json().subject.perpetratorId).toBe(p);
  });

  it("a perpetrator's export leaves out the victims' words, their aftercare and the deliberations, and the review says so on which ground", async () => {
    const { incidentId } = await victimIncident();
    const p = await perpetrator('Henk Dreiger', REGISTER_NOTE);
    await link(incidentId, p);
    await t.admin.query(
      `INSERT INTO measure (organisation_id, incident_id, perpetrator_id, kind, reasons, advice, facts, proposed_by)
       VALUES ($1, $2, $3, 'written_warning', 'Herhaald dreigen', $4, $5, $6)`,
      [org.id, incidentId, p, ADVICE, FACTS, as.security_adviser.user.id],
    );
    const id = await record({ kind: 'access', subjectKind: 'perpetrator', subjectId: p, description: 'Brief van meneer Dreiger' });

    // Only the adviser compiles; the privacy officer may not.
    expect((await as.privacy_officer.post(`/api/v1/requests/${id}/export`, {})).statusCode).toBe(404);
    const compiled = await as.security_adviser.post(`/api/v1/requests/${id}/export`, {});
    expect(compiled.statusCode, compiled.body).toBe(200);
    expect(compiled.json().state).toBe('draft');

    const exported = await as.security_adviser.get(`/api/v1/requests/${id}/export.json`);
    expect(exported.statusCode).toBe(200);
    const body = exported.body;
    for (const absent of [VICTIM_WORDS, WITNESS, CARE_NOTE, REGISTER_NOTE, ADVICE, 'Herhaald dreigen', 'Medewerker Veenstra'])
      expect(body).not.toContain(absent);
    expect(body).toContain('Henk Dreiger');
    expect(body).toContain(FACTS);
    const data = exported.json();
    expect(data.format).toBe('weerbaar.access-export.v1');
    expect(data.sections.map((s: { key: string }) => s.key)).toEqual(['perpetrator_record', 'incidents_linked', 'measures']);
    const omitted = Object.fromEntries(data.omitted.map((o: { kind: string; ground: string }) => [o.kind, o.ground]));
    expect(omitted).toMatchObject({
      report_text: 'rights_of_others',
      affected_persons: 'rights_of_others',
      aftercare: 'rights_of_others',
      register_notes: 'internal_deliberation',
      measure_deliberation: 'internal_deliberation',
    });

    // The privacy officer reviews counts and grounds, never the content, and cannot open the export.
    const review = await as.privacy_officer.get(`/api/v1/requests/${id}`);
    expect(review.json().review.omitted).toEqual(data.omitted);
    expect(review.json().review.sections).toContainEqual({ key: 'measures', count: 1 });
    expect(review.json().exportAvailable).toBe(false);
    expect(review.body).not.toContain(FACTS);
    expect((await as.privacy_officer.get(`/api/v1/requests/${id}/export.json`)).statusCode).toBe(404);
    expect((await as.privacy_officer.get(`/api/v1/requests/${id}/export.pdf`)).statusCode).toBe(404);

    const pdf = await as.security_adviser.get(`/api/v1/requests/${id}/export.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const { text } = await extractText(new Uint8Array(pdf.rawPayload), { mergePages: true });
    const flat = text.replace(/\s+/g, ' ');
    for (const present of ['Inzage in persoonsgegevens', 'Henk Dreiger', FACTS, 'Niet verstrekt', 'art. 15 lid 4 AVG'])
      expect(flat).toContain(present);
    for (const absent of [VICTIM_WORDS, CARE_NOTE, REGISTER_NOTE, ADVICE]) expect(flat).not.toContain(absent);

    // Four eyes: who compiled it does not release it; granting access goes by the release.
    const own = await as.security_adviser.post(`/api/v1/requests/${id}/release`, {});
    expect(own.statusCode).toBe(409);
    expect(own.json().error.id).toBe('request_review_by_compiler');
    expect((await as.privacy_officer.post(`/api/v1/requests/${id}/decision`, { decision: 'granted', reason: 'ok' })).statusCode).toBe(409);
    const released = await as.privacy_officer.post(`/api/v1/requests/${id}/release`, { note: 'Weglatingen gecontroleerd' });
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json()).toMatchObject({ decision: 'granted', exportState: 'released', decidedBy: { id: as.privacy_officer.user.id } });
    expect((await as.security_adviser.post(`/api/v1/requests/${id}/export`, {})).statusCode).toBe(409);
    expect((await as.privacy_officer.post(`/api/v1/requests/${id}/release`, {})).statusCode).toBe(409);
    const after = (await as.security_adviser.get(`/api/v1/requests/${id}`)).json();
    expect(after.review).toMatchObject({
      state: 'released',
      reviewedBy: { id: as.privacy_officer.user.id },
      reviewNote: 'Weglatingen gecontroleerd',
    });
    expect(await count(`SELECT count(*)::int AS n FROM deadline WHERE subject_id = $1 AND state = 'done'`, [id])).toBe(1);
    const actions = (
      await t.admin.query(`SELECT action, object_type, actor_user_id FROM audit_event WHERE object_id = $1 ORDER BY seq`, [id])
    ).rows;
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['request.create', 'request.compile', 'request.export.read', 'request.release']),
    );
    expect(actions.filter((a) => a.action === 'request.export.read').map((a) => a.object_type)).toEqual([
      'access_export_json',
      'access_export_pdf',
    ]);
    expect(actions.find((a) => a.action === 'request.release')?.actor_user_id).toBe(as.privacy_officer.user.id);
  });

  it("a person's own export holds their report, their aftercare notes and roles, not what the register says of the perpetrator", async () => {
    const { incidentId, victim } = await victimIncident({
      perpetrator: { kind: 'person', name: 'Buurman B.', details: 'Woont op nummer 12' },
    });
    const p = await perpetrator('Bart Buurman', REGISTER_NOTE);
    await link(incidentId, p);
    const id = await record({ kind: 'access', subjectKind: 'user', subjectId: victim.id });
    expect((await adviser2.post(`/api/v1/requests/${id}/export`, {})).statusCode).toBe(200);
    const exported = await as.security_adviser.get(`/api/v1/requests/${id}/export.json`);
    const data = exported.json();
    expect(exported.body).toContain(VICTIM_WORDS);
    expect(exported.body).toContain(CARE_NOTE);
    for (const absent of ['Bart Buurman', 'Buurman B.', 'Woont op nummer 12', REGISTER_NOTE]) expect(exported.body).not.toContain(absent);
    const keys = data.sections.map((s: { key: string }) => s.key);
    expect(keys).toEqual(expect.arrayContaining(['account', 'roles', 'reports_made', 'incidents_affected', 'aftercare']));
    expect(data.sections.find((s: { key: string }) => s.key === 'roles').items).toEqual([{ role: 'employee' }]);
    expect(data.omitted).toContainEqual({ kind: 'perpetrator_details', ground: 'rights_of_others', count: 3 });
    // Another adviser than the compiler may release it too.
    expect((await as.security_adviser.post(`/api/v1/requests/${id}/release`, {})).statusCode).toBe(200);
  });

  it('an erasure of a register record deletes it and its links, audited by id only; the audit chain holds', async () => {
    const { incidentId } = await victimIncident();
    const p = await perpetrator('Eva Wisverzoek');
    await link(incidentId, p);
    const id = await record({ kind: 'erasure', subjectKind: 'perpetrator', subjectId: p });
    const refused = await as.privacy_officer.post(`/api/v1/requests/${id}/decision`, { decision: 'granted', reason: '' });
    expect(refused.statusCode).toBe(400);
    const decided = await as.privacy_officer.post(`/api/v1/requests/${id}/decision`, {
      decision: 'granted',
      reason: 'Geen grond meer om te bewaren',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({
      decision: 'granted',
      erased: { perpetrator: 1, perpetratorLink: 1 },
      subject: { name: 'Eva Wisverzoek', perpetratorId: null },
    });
    expect(await count(`SELECT count(*)::int AS n FROM perpetrator WHERE id = $1`, [p])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM incident_perpetrator WHERE perpetrator_id = $1`, [p])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM incident WHERE id = $1`, [incidentId])).toBe(1);
    const erased = (
      await t.admin.query(`SELECT object_type, object_id FROM audit_event WHERE action = 'request.erase' AND object_id = $1`, [p])
    ).rows;
    expect(erased).toEqual([{ object_type: 'perpetrator', object_id: p }]);
    expect(
      (await as.privacy_officer.post(`/api/v1/requests/${id}/decision`, { decision: 'refused', reason: 'Toch niet' })).statusCode,
    ).toBe(409);
    expect(await verifyAuditChain(t.owner, org.id)).toMatchObject({ intact: true });
  });

  it("retention leaves a register record alone while the person's request is being answered", async () => {
    const p = await perpetrator('Olga Openstaand');
    const store = localEvidenceStore(testEvidenceDir);
    const id = await record({ kind: 'access', subjectKind: 'perpetrator', subjectId: p });
    const during = await runRetentionFor(t.db, store, org.id, { asOf: '2030-01-01', dryRun: true });
    expect(during!.deleted.map((i) => i.id)).not.toContain(p);
    expect(
      (await as.security_adviser.post(`/api/v1/requests/${id}/decision`, { decision: 'refused', reason: 'Niet aangetoond wie het vraagt' }))
        .statusCode,
    ).toBe(200);
    const after = await runRetentionFor(t.db, store, org.id, { asOf: '2030-01-01', dryRun: true });
    expect(after!.deleted.filter((i) => i.kind === 'perpetrator').map((i) => i.id)).toContain(p);
  });

  it('a register record a measure names is not erased (409), and nothing is deleted', async () => {
    const { incidentId } = await victimIncident();
    const p = await perpetrator('Maarten Maatregel');
    await link(incidentId, p);
    await t.admin.query(
      `INSERT INTO measure (organisation_id, incident_id, perpetrator_id, kind, reasons, proposed_by) VALUES ($1, $2, $3, 'written_warning', 'Waarschuwing', $4)`,
      [org.id, incidentId, p, as.security_adviser.user.id],
    );
    const id = await record({ kind: 'erasure', subjectKind: 'perpetrator', subjectId: p });
    const response = await as.security_adviser.post(`/api/v1/requests/${id}/decision`, { decision: 'granted', reason: 'Verzoek' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.id).toBe('request_erasure_measure');
    expect(await count(`SELECT count(*)::int AS n FROM perpetrator WHERE id = $1`, [p])).toBe(1);
    expect((await as.security_adviser.get(`/api/v1/requests/${id}`)).json().decision).toBeNull();
  });

  it("an erasure of a person's incident runs the retention deletion: rows gone, figures kept, the chain holds", async () => {
    const { incidentId, victim } = await victimIncident();
    const other = await victimIncident();
    // A second incident of the same person stays; only its aftercare notes are cleared.
    const kept = await createIncident(t.db, { user: victim, organisation: org }, { occurredAt: '2026-11-25T09:00:00+01:00' });
    await t.admin.query(`UPDATE aftercare_conversation SET notes = $2 WHERE incident_id = $1`, [kept, CARE_NOTE]);
    const id = await record({ kind: 'erasure', subjectKind: 'user', subjectId: victim.id });
    const detail = (await as.privacy_officer.get(`/api/v1/requests/${id}`)).json();
    expect(detail.erasable.map((i: { id: string }) => i.id)).toEqual([incidentId, kept]);
    const foreign = await as.privacy_officer.post(`/api/v1/requests/${id}/decision`, {
      decision: 'granted',
      reason: 'Verzoek toegewezen',
      incidentIds: [other.incidentId],
    });
    expect(foreign.statusCode).toBe(400);
    const figuresBefore = await count(`SELECT count(*)::int AS n FROM retained_figure WHERE organisation_id = $1`, [org.id]);
    const decided = await as.privacy_officer.post(`/api/v1/requests/${id}/decision`, {
      decision: 'granted',
      reason: 'Verzoek toegewezen',
      incidentIds: [incidentId],
      aftercareNotes: true,
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json().erased).toMatchObject({ incident: 1 });
    for (const table of ['incident_affected', 'aftercare_conversation', 'deadline', 'incident_event'])
      expect(await count(`SELECT count(*)::int AS n FROM ${table} WHERE incident_id = $1`, [incidentId]), table).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM incident WHERE id = $1`, [incidentId])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM incident WHERE id = $1`, [other.incidentId])).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM incident WHERE id = $1`, [kept])).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM aftercare_conversation WHERE incident_id = $1`, [kept])).toBeGreaterThan(0);
    expect(await count(`SELECT count(*)::int AS n FROM aftercare_conversation WHERE incident_id = $1 AND notes IS NOT NULL`, [kept])).toBe(
      0,
    );
    expect(
      await count(`SELECT count(*)::int AS n FROM aftercare_conversation WHERE incident_id = $1 AND notes IS NOT NULL`, [other.incidentId]),
    ).toBeGreaterThan(0);
    expect(await count(`SELECT count(*)::int AS n FROM retained_figure WHERE organisation_id = $1`, [org.id])).toBeGreaterThan(
      figuresBefore,
    );
    expect(
      await count(
        `SELECT count(*)::int AS n FROM audit_event WHERE action = 'request.erase' AND object_type = 'incident' AND object_id = $1`,
        [incidentId],
      ),
    ).toBe(1);
    expect(await verifyAuditChain(t.owner, org.id)).toMatchObject({ intact: true });
  });

  it("an erased incident's evidence file leaves the store after the commit", async () => {
    const { incidentId, victim } = await victimIncident();
    const store = localEvidenceStore(testEvidenceDir);
    const { sha256, size } = await store.put(Buffer.from(`bewijs ${incidentId}`));
    await t.admin.query(
      `INSERT INTO evidence_file (organisation_id, incident_id, sha256, size_bytes, media_type, file_name, uploaded_by)
       VALUES ($1, $2, $3, $4, 'text/plain', 'bewijs.txt', $5)`,
      [org.id, incidentId, sha256, size, victim.id],
    );
    const file = path.join(testEvidenceDir, sha256.slice(0, 2), sha256);
    expect(existsSync(file)).toBe(true);
    const id = await record({ kind: 'erasure', subjectKind: 'user', subjectId: victim.id });
    const decided = await as.security_adviser.post(`/api/v1/requests/${id}/decision`, {
      decision: 'granted',
      reason: 'Toegewezen',
      incidentIds: [incidentId],
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(await count(`SELECT count(*)::int AS n FROM evidence_file WHERE incident_id = $1`, [incidentId])).toBe(0);
    // The file goes once the answer is sent (after the commit): wait for that, not for a time.
    for (let i = 0; i < 100 && existsSync(file); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(existsSync(file)).toBe(false);
    expect(await verifyAuditChain(t.owner, org.id)).toMatchObject({ intact: true });
  });

  it('a rectification is decided with its reason, once', async () => {
    const id = await record({
      kind: 'rectification',
      subjectKind: 'user',
      subjectId: as.employee.user.id,
      description: 'Mijn naam is verkeerd gespeld',
    });
    const decided = await as.security_adviser.post(`/api/v1/requests/${id}/decision`, {
      decision: 'granted',
      reason: 'Naam gecorrigeerd in het account',
    });
    expect(decided.json()).toMatchObject({
      kind: 'rectification',
      decision: 'granted',
      decisionReason: 'Naam gecorrigeerd in het account',
    });
    expect((await as.security_adviser.post(`/api/v1/requests/${id}/decision`, { decision: 'refused', reason: 'x' })).json().error.id).toBe(
      'request_already_decided',
    );
    expect((await as.security_adviser.post(`/api/v1/requests/${id}/export`, {})).statusCode).toBe(409);
  });

  it('is a one-month deadline of the recorder and the privacy officers, reminded and then overdue (fixed clock)', async () => {
    expect(requestDueAt('2026-11-02').toISOString()).toBe('2026-12-02T22:59:00.000Z');
    expect(requestDueAt('2026-01-31').toISOString()).toBe('2026-02-28T22:59:00.000Z');
    const id = await record({ kind: 'access', subjectKind: 'user', subjectId: as.employee.user.id }, as.privacy_officer);
    const deadline = (
      await t.admin.query(`SELECT id, kind, incident_id, owner_ids, due_at, remind_at FROM deadline WHERE subject_id = $1`, [id])
    ).rows[0];
    expect(deadline).toMatchObject({ kind: 'data_request', incident_id: null });
    expect(deadline.due_at).toEqual(requestDueAt(today()));
    expect(deadline.due_at.getTime() - deadline.remind_at.getTime()).toBe(24 * 3_600_000);
    expect(new Set(deadline.owner_ids)).toEqual(new Set([as.privacy_officer.user.id]));
    const listed = (await as.privacy_officer.get('/api/v1/requests')).json().data.find((r: { id: string }) => r.id === id);
    expect(listed.dueOn).toBe(amsterdamToday(deadline.due_at));

    const notes = async (kind: string) =>
      (await t.admin.query(`SELECT user_id FROM notification WHERE deadline_id = $1 AND kind = $2`, [deadline.id, kind])).rows.map(
        (r) => r.user_id,
      );
    await runDeadlineRound(t.db, new Date(deadline.remind_at.getTime() + 60_000));
    expect(await notes('task_reminder')).toEqual([as.privacy_officer.user.id]);
    await runDeadlineRound(t.db, new Date(deadline.due_at.getTime() + 60_000));
    expect(await notes('task_overdue')).toEqual([as.privacy_officer.user.id]);

    // The adviser who records one owns it with the privacy officer.
    const second = await record({ kind: 'access', subjectKind: 'user', subjectId: as.employee.user.id });
    const owners = (await t.admin.query(`SELECT owner_ids FROM deadline WHERE subject_id = $1`, [second])).rows[0].owner_ids;
    expect(new Set(owners)).toEqual(new Set([as.security_adviser.user.id, as.privacy_officer.user.id]));
  });
});
