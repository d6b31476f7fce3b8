import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCaller, reportBody, type ApiCaller } from '../../../test/api.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeOrganisation } from '../../../test/factories.js';
import { buildTestServer } from '../../../test/http.js';
import type { Organisation } from '../../domain/organisation/organisation.js';
import { ROLES, type Role } from '../../domain/user/roles.js';

const READERS: readonly Role[] = ['security_adviser', 'mayor', 'municipal_secretary'];
const NOWHERE = '00000000-0000-4000-8000-000000000000';

interface Summary {
  id: string;
  name: string;
  incidentCount: number;
  repeat: string;
}
interface Match {
  perpetrator: Summary;
  score: number;
  reasons: string[];
}

describe('perpetrator register through the API', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  const as = {} as Record<Role, ApiCaller>;

  const del = (caller: ApiCaller | undefined, url: string) =>
    app.inject({ method: 'DELETE', url, headers: caller ? { authorization: caller.authorization } : {} });
  const create = async (caller: ApiCaller, body: Record<string, unknown>) => {
    const response = await caller.post('/api/v1/perpetrators', { kind: 'person', ...body });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; name: string };
  };
  const report = async (caller: ApiCaller, overrides: Record<string, unknown> = {}) => {
    const response = await caller.post('/api/v1/incidents', reportBody(overrides));
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };
  const count = async (sql: string, params: unknown[] = []) => (await t.admin.query(sql, params)).rows[0].n as number;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db);
    for (const role of ROLES) as[role] = await makeCaller(app, t.db, org, [role], `Persoon ${role}`);
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('answers 401 to a caller who is not signed in, on every endpoint', async () => {
    const requests: [string, string][] = [
      ['GET', '/api/v1/perpetrators'],
      ['POST', '/api/v1/perpetrators'],
      ['GET', `/api/v1/perpetrators/${NOWHERE}`],
      ['PUT', `/api/v1/perpetrators/${NOWHERE}`],
      ['POST', `/api/v1/perpetrators/${NOWHERE}/merge`],
      ['GET', `/api/v1/incidents/${NOWHERE}/perpetrators`],
      ['POST', `/api/v1/incidents/${NOWHERE}/perpetrators`],
      ['DELETE', `/api/v1/incidents/${NOWHERE}/perpetrators/${NOWHERE}`],
    ];
    // No credentials at all, and a token that is unknown (revoked, mistyped): both are signed out.
    for (const headers of [{}, { authorization: 'Bearer verlopen-token' }]) {
      for (const [method, url] of requests) {
        const response = await app.inject({
          method: method as 'GET',
          url,
          headers,
          ...(method === 'POST' || method === 'PUT' ? { payload: {} } : {}),
        });
        // The caller is identified first: signed out is 401, before any check of the request itself.
        expect(response.statusCode, `${method} ${url}`).toBe(401);
        expect(response.json().error.id).toBe('unauthorized');
      }
    }
  });

  it('only the security adviser, mayor and municipal secretary see the register; every other role gets 404 everywhere', async () => {
    const incidentId = await report(as.council_member, { perpetrator: { kind: 'person', name: 'Matrix Persoon' } });
    const { id } = await create(as.security_adviser, { name: 'Matrix Persoon' });
    for (const role of ROLES) {
      const caller = as[role];
      const reader = READERS.includes(role);
      const expected = reader ? 200 : 404;
      expect((await caller.get(`/api/v1/perpetrators/${id}`)).statusCode, `${role} GET one`).toBe(expected);
      expect((await caller.get('/api/v1/perpetrators')).statusCode, `${role} GET list`).toBe(expected);
      const put = await caller.put(`/api/v1/perpetrators/${id}`, { kind: 'person', name: 'Matrix Persoon' });
      expect(put.statusCode, `${role} PUT`).toBe(expected);
      if (!reader) {
        // Not even bad input is answered: for them, the register does not exist.
        expect((await caller.post('/api/v1/perpetrators', { name: '' })).statusCode, `${role} POST`).toBe(404);
        expect((await caller.post(`/api/v1/perpetrators/${id}/merge`, { duplicateId: NOWHERE })).statusCode, `${role} merge`).toBe(404);
        expect((await caller.get(`/api/v1/incidents/${incidentId}/perpetrators`)).statusCode, `${role} incident`).toBe(404);
        expect((await caller.post(`/api/v1/incidents/${incidentId}/perpetrators`, { perpetratorId: id })).statusCode, `${role} link`).toBe(
          404,
        );
        expect((await del(caller, `/api/v1/incidents/${incidentId}/perpetrators/${id}`)).statusCode, `${role} unlink`).toBe(404);
      }
    }
    // The reporter is a council member: the clerk and the mayor are informed, the secretary is not.
    expect((await as.mayor.get(`/api/v1/incidents/${incidentId}/perpetrators`)).statusCode).toBe(200);
    expect((await as.municipal_secretary.get(`/api/v1/incidents/${incidentId}/perpetrators`)).statusCode).toBe(404);
    expect((await as.security_adviser.get(`/api/v1/incidents/${incidentId}/perpetrators`)).statusCode).toBe(200);
    expect((await as.security_adviser.get('/api/v1/perpetrators/geen-uuid')).statusCode).toBe(404);
    expect((await as.security_adviser.get(`/api/v1/perpetrators/${NOWHERE}`)).statusCode).toBe(404);
  });

  it("another organisation's people get 404, whatever their roles", async () => {
    const { id } = await create(as.mayor, { name: 'Alleen Hier' });
    const incidentId = await report(as.alderman);
    const other = await makeOrganisation(t.db, 'Gemeente Elders');
    const stranger = await makeCaller(app, t.db, other, ['security_adviser', 'mayor', 'municipal_secretary']);
    expect((await stranger.get(`/api/v1/perpetrators/${id}`)).statusCode).toBe(404);
    expect((await stranger.put(`/api/v1/perpetrators/${id}`, { kind: 'person', name: 'Overgenomen' })).statusCode).toBe(404);
    expect((await stranger.get(`/api/v1/incidents/${incidentId}/perpetrators`)).statusCode).toBe(404);
    expect((await stranger.get('/api/v1/perpetrators?q=Alleen Hier')).json().data).toEqual([]);
    const own = await create(stranger, { name: 'Alleen Hier' });
    expect((await stranger.post(`/api/v1/perpetrators/${own.id}/merge`, { duplicateId: id })).statusCode).toBe(400);
    expect((await stranger.post(`/api/v1/incidents/${incidentId}/perpetrators`, { perpetratorId: own.id })).statusCode).toBe(404);
    expect((await as.mayor.get(`/api/v1/perpetrators/${id}`)).json().name).toBe('Alleen Hier');
  });

  it('bad input answers 400 naming the field, and writes nothing', async () => {
    const before = await count('SELECT count(*)::int AS n FROM perpetrator');
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '   ' }, 'name'],
      [{ name: undefined }, 'name'],
      [{ kind: 'buurman' }, 'kind'],
      [{ emails: ['jan@example.nl', 'geen adres'] }, 'emails.1'],
      [{ phones: ['bel mij'] }, 'phones.0'],
      [{ dateOfBirth: '2999-01-01' }, 'dateOfBirth'],
      [{ dateOfBirth: '12-03-1980' }, 'dateOfBirth'],
      [{ aliases: Array.from({ length: 51 }, (_, i) => `Alias ${i}`) }, 'aliases'],
      [{ notes: 'x'.repeat(10_001) }, 'notes'],
      [{ incidentId: 'melding-1' }, 'incidentId'],
      [{ incidentId: NOWHERE }, 'incidentId'],
    ];
    for (const [change, field] of cases) {
      const response = await as.security_adviser.post('/api/v1/perpetrators', { kind: 'person', name: 'Jan Fout', ...change });
      expect(response.statusCode, field).toBe(400);
      expect(response.json().error.id, field).toBe('validation_failed');
      expect(response.json().error.message, field).toMatch(new RegExp(`^${field.replace('.', '\\.')}: `));
    }
    expect(await count('SELECT count(*)::int AS n FROM perpetrator')).toBe(before);

    const { id } = await create(as.security_adviser, { name: 'Goed Persoon' });
    const put = await as.security_adviser.put(`/api/v1/perpetrators/${id}`, { kind: 'person', name: '' });
    expect(put.json().error.message).toMatch(/^name: /);
    expect((await as.security_adviser.post(`/api/v1/perpetrators/${id}/merge`, { duplicateId: 'x' })).json().error.message).toMatch(
      /^duplicateId: /,
    );
    expect((await as.security_adviser.post(`/api/v1/perpetrators/${id}/merge`, { duplicateId: id })).json().error.message).toMatch(
      /^duplicateId: /,
    );
    const incidentId = await report(as.council_member);
    expect(
      (await as.security_adviser.post(`/api/v1/incidents/${incidentId}/perpetrators`, { perpetratorId: 'x' })).json().error.message,
    ).toMatch(/^perpetratorId: /);
    expect(
      (await as.security_adviser.post(`/api/v1/incidents/${incidentId}/perpetrators`, { perpetratorId: NOWHERE })).json().error.message,
    ).toMatch(/^perpetratorId: /);
    expect((await as.security_adviser.get('/api/v1/perpetrators?limit=0')).json().error.message).toMatch(/^limit: /);
    // English on request.
    const english = await app.inject({
      method: 'POST',
      url: '/api/v1/perpetrators',
      payload: { kind: 'person', name: '' },
      headers: { authorization: as.security_adviser.authorization, 'accept-language': 'en' },
    });
    expect(english.json().error.message).toBe('name: Enter a name.');
  });

  it('stores identifiers in one form: lower-case addresses, international numbers, accounts with @', async () => {
    const body = await create(as.security_adviser, {
      name: 'Kees Vorm',
      aliases: ['Kees Vorm', 'K. Vorm', ''],
      emails: ['Kees@Example.NL', 'kees@example.nl'],
      phones: ['06-12 34 56 78', '0031 20 123 4567'],
      socialAccounts: ['Boze_Kees', '@boze_kees', 'https://x.com/BozeKees'],
      dateOfBirth: '1980-03-12',
      address: 'Dorpsstraat 1\n1234 AB Voorbeeld',
    });
    const one = (await as.security_adviser.get(`/api/v1/perpetrators/${body.id}`)).json();
    expect(one).toMatchObject({
      name: 'Kees Vorm',
      aliases: ['K. Vorm'],
      emails: ['kees@example.nl'],
      phones: ['+31612345678', '+31201234567'],
      socialAccounts: ['@boze_kees', 'https://x.com/bozekees'],
      dateOfBirth: '1980-03-12',
      mergedInto: null,
      repeat: 'none',
      incidents: [],
      measures: [],
    });
    // Found again by any of them.
    for (const q of ['K. Vorm', '06 12345678', 'KEES@example.nl', '@Boze_Kees', 'Vorm']) {
      const found = (await as.mayor.get(`/api/v1/perpetrators?q=${encodeURIComponent(q)}`)).json().data as Summary[];
      expect(
        found.map((p) => p.id),
        q,
      ).toContain(body.id);
    }
  });

  it('suggests existing records for an incident: similar spellings, the same e-mail address, number or account', async () => {
    const jan = await create(as.security_adviser, {
      name: 'Jan de Vries',
      emails: ['jan.devries@example.nl'],
      phones: ['06-87654321'],
      socialAccounts: ['@jdv_boos'],
    });
    const piet = await create(as.security_adviser, { name: 'Piet Jansen' });
    const suggestionsFor = async (perpetrator: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
      const incidentId = await report(as.council_member, { perpetrator, ...extra });
      const response = await as.security_adviser.get(`/api/v1/incidents/${incidentId}/perpetrators`);
      expect(response.statusCode).toBe(200);
      return response.json().suggestions as Match[];
    };
    for (const spelling of ['J. de Vries', 'Jan de Vriess', 'jan de vries', 'Jan  de Vries']) {
      const suggestions = await suggestionsFor({ kind: 'person', name: spelling });
      const found = suggestions.find((s) => s.perpetrator.id === jan.id);
      expect(found, spelling).toBeDefined();
      expect(found!.reasons, spelling).toContain('name');
      expect(found!.score, spelling).toBeGreaterThan(0.3);
      expect(
        suggestions.map((s) => s.perpetrator.id),
        spelling,
      ).not.toContain(piet.id);
    }
    const byEmail = await suggestionsFor({
      kind: 'person',
      name: 'Onbekende afzender',
      details: 'Mailde vanaf JAN.DEVRIES@example.nl, twee keer.',
    });
    expect(byEmail[0]).toMatchObject({ perpetrator: { id: jan.id }, reasons: ['email'] });
    const byPhone = await suggestionsFor({ kind: 'person', details: 'Belde met +31 6 8765 4321' });
    expect(byPhone[0]).toMatchObject({ perpetrator: { id: jan.id }, reasons: ['phone'] });
    const byAccount = await suggestionsFor({ kind: 'person' }, { online: { platform: 'X', account: 'JDV_boos', urls: [] } });
    expect(byAccount[0]).toMatchObject({ perpetrator: { id: jan.id }, reasons: ['account'] });
    expect(await suggestionsFor({ kind: 'person', name: 'Marie Curie' })).toEqual([]);

    // A linked record is no longer suggested, and the view says what the report said.
    const incidentId = await report(as.council_member, { perpetrator: { kind: 'person', name: 'J. de Vries' } });
    expect((await as.security_adviser.post(`/api/v1/incidents/${incidentId}/perpetrators`, { perpetratorId: jan.id })).statusCode).toBe(
      201,
    );
    const view = (await as.security_adviser.get(`/api/v1/incidents/${incidentId}/perpetrators?q=Jansen`)).json();
    expect(view.incident.perpetrator).toEqual({ kind: 'person', name: 'J. de Vries', details: null });
    expect(view.linked.map((p: Summary) => p.id)).toEqual([jan.id]);
    expect(view.suggestions.map((s: Match) => s.perpetrator.id)).not.toContain(jan.id);
    expect(view.results.map((p: Summary) => p.id)).toEqual([piet.id]);
  });

  it('links need perpetrator.manage and sight of the incident; linking twice changes nothing; the timeline names nobody', async () => {
    const { id } = await create(as.security_adviser, { name: 'Link Persoon' });
    // An employee's report goes to their manager and the adviser, not to the mayor.
    const employeeIncident = await report(as.employee);
    expect((await as.mayor.get(`/api/v1/incidents/${employeeIncident}`)).statusCode).toBe(404);
    expect((await as.mayor.post(`/api/v1/incidents/${employeeIncident}/perpetrators`, { perpetratorId: id })).statusCode).toBe(404);
    expect((await as.mayor.get(`/api/v1/incidents/${employeeIncident}/perpetrators`)).statusCode).toBe(404);

    const first = await as.security_adviser.post(`/api/v1/incidents/${employeeIncident}/perpetrators`, { perpetratorId: id });
    expect(first.statusCode).toBe(201);
    expect(first.json().linked.map((p: Summary) => p.id)).toEqual([id]);
    const again = await as.security_adviser.post(`/api/v1/incidents/${employeeIncident}/perpetrators`, { perpetratorId: id });
    expect(again.statusCode).toBe(200);
    expect(await count('SELECT count(*)::int AS n FROM incident_perpetrator WHERE perpetrator_id = $1', [id])).toBe(1);

    // The reporter sees that a record was linked, never which one.
    const timeline = (await as.employee.get(`/api/v1/incidents/${employeeIncident}/timeline`)).json().data as {
      kind: string;
      detail: Record<string, unknown>;
    }[];
    const linked = timeline.filter((e) => e.kind === 'perpetrator_linked');
    expect(linked).toHaveLength(1);
    expect(JSON.stringify(linked[0]!.detail)).not.toContain('Link Persoon');

    // A draft belongs to its reporter alone: not linked.
    const draft = await report(as.mayor, { draft: true });
    const refused = await as.mayor.post(`/api/v1/incidents/${draft}/perpetrators`, { perpetratorId: id });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.id).toBe('incident_is_draft');

    expect((await del(as.mayor, `/api/v1/incidents/${employeeIncident}/perpetrators/${id}`)).statusCode).toBe(404);
    expect((await del(as.security_adviser, `/api/v1/incidents/${employeeIncident}/perpetrators/${id}`)).json()).toEqual({ ok: true });
    expect((await del(as.security_adviser, `/api/v1/incidents/${employeeIncident}/perpetrators/${id}`)).statusCode).toBe(404);
    const after = (await as.employee.get(`/api/v1/incidents/${employeeIncident}/timeline`)).json().data as { kind: string }[];
    expect(after.map((e) => e.kind)).toEqual(expect.arrayContaining(['perpetrator_linked', 'perpetrator_unlinked']));
    const actions = (
      await t.admin.query('SELECT action FROM audit_event WHERE object_id = $1 ORDER BY seq', [`${employeeIncident}:${id}`])
    ).rows.map((r) => r.action);
    expect(actions).toEqual(['perpetrator.link', 'perpetrator.unlink']);
  });

  it('the record shows every incident, against office holders and employees, first or repeated, and every measure', async () => {
    const { id } = await create(as.security_adviser, { name: 'Herhaal Persoon' });
    const againstCouncillor = await report(as.council_member, {
      occurredAt: '2026-01-10T10:00:00+01:00',
      level: 'verbal_aggression',
      behaviours: ['swearing'],
    });
    const againstEmployee = await report(as.employee, {
      occurredAt: '2026-02-10T10:00:00+01:00',
      level: 'physical_violence',
      behaviours: ['hitting'],
    });
    await as.security_adviser.post(`/api/v1/incidents/${againstCouncillor}/perpetrators`, { perpetratorId: id });
    expect((await as.mayor.get(`/api/v1/perpetrators/${id}`)).json()).toMatchObject({ repeat: 'first', incidentCount: 1 });
    await as.security_adviser.post(`/api/v1/incidents/${againstEmployee}/perpetrators`, { perpetratorId: id });
    await t.admin.query(
      `INSERT INTO measure (organisation_id, incident_id, perpetrator_id, kind, state, reasons, starts_on, ends_on, proposed_by, proposed_at)
       VALUES ($1, $2, $3, 'ban', 'decided', 'Geslagen', '2026-02-11', '2026-08-11', $4, '2026-02-11T09:00:00Z'),
              ($1, $5, NULL, 'written_warning', 'carried_out', 'Gescholden', NULL, NULL, $4, '2026-02-12T09:00:00Z')`,
      [org.id, againstEmployee, id, as.security_adviser.user.id, againstCouncillor],
    );

    // The mayor was informed of the councillor's incident only, yet sees the whole history.
    const record = (await as.mayor.get(`/api/v1/perpetrators/${id}`)).json();
    expect(record).toMatchObject({ repeat: 'repeated', incidentCount: 2, againstOfficeHolders: 1, againstEmployees: 1 });
    expect(record.incidents).toMatchObject([
      {
        id: againstCouncillor,
        ordinal: 1,
        level: 'verbal_aggression',
        occurredAt: '2026-01-10T09:00:00.000Z',
        against: ['office_holder'],
        viewerMayOpen: true,
      },
      {
        id: againstEmployee,
        ordinal: 2,
        level: 'physical_violence',
        occurredAt: '2026-02-10T09:00:00.000Z',
        against: ['employee'],
        viewerMayOpen: false,
      },
    ]);
    expect(record.measures).toMatchObject([
      { kind: 'ban', state: 'decided', startsOn: '2026-02-11', endsOn: '2026-08-11', incidentId: againstEmployee },
      { kind: 'written_warning', state: 'carried_out', startsOn: null, incidentId: againstCouncillor },
    ]);
    const listed = (await as.mayor.get('/api/v1/perpetrators?q=Herhaal')).json().data as Summary[];
    expect(listed.find((p) => p.id === id)).toMatchObject({ incidentCount: 2, repeat: 'repeated' });
  });

  it('merging keeps both histories on the kept record, and records it on every timeline and in the audit', async () => {
    const kept = await create(as.security_adviser, { name: 'Karel Dubbel', emails: ['karel@example.nl'] });
    const duplicate = await create(as.security_adviser, {
      name: 'K. Dubbel',
      aliases: ['Kareltje'],
      phones: ['0612312312'],
      emails: ['KAREL@example.nl', 'kd@example.nl'],
      dateOfBirth: '1970-01-01',
    });
    const first = await report(as.council_member);
    const second = await report(as.alderman);
    const shared = await report(as.employee);
    await as.security_adviser.post(`/api/v1/incidents/${first}/perpetrators`, { perpetratorId: kept.id });
    await as.security_adviser.post(`/api/v1/incidents/${second}/perpetrators`, { perpetratorId: duplicate.id });
    await as.security_adviser.post(`/api/v1/incidents/${shared}/perpetrators`, { perpetratorId: kept.id });
    await as.security_adviser.post(`/api/v1/incidents/${shared}/perpetrators`, { perpetratorId: duplicate.id });
    await t.admin.query(
      `INSERT INTO measure (organisation_id, incident_id, perpetrator_id, kind, reasons, proposed_by) VALUES ($1, $2, $3, 'oral_warning', 'Eerste keer', $4)`,
      [org.id, second, duplicate.id, as.security_adviser.user.id],
    );
    const possible = (await as.security_adviser.get(`/api/v1/perpetrators/${kept.id}`)).json().possibleDuplicates as Match[];
    expect(possible.map((m) => m.perpetrator.id)).toContain(duplicate.id);

    const merged = await as.security_adviser.post(`/api/v1/perpetrators/${kept.id}/merge`, { duplicateId: duplicate.id });
    expect(merged.statusCode, merged.body).toBe(200);
    const record = merged.json();
    expect(record.incidents.map((i: { id: string }) => i.id).sort()).toEqual([first, second, shared].sort());
    expect(record).toMatchObject({
      name: 'Karel Dubbel',
      aliases: ['K. Dubbel', 'Kareltje'],
      emails: ['karel@example.nl', 'kd@example.nl'],
      phones: ['+31612312312'],
      dateOfBirth: '1970-01-01',
      repeat: 'repeated',
      mergedFrom: [{ id: duplicate.id, name: 'K. Dubbel' }],
    });
    expect(record.measures).toMatchObject([{ kind: 'oral_warning', incidentId: second }]);
    expect(record.possibleDuplicates.map((m: Match) => m.perpetrator.id)).not.toContain(duplicate.id);

    // The duplicate stays as it was, pointing at the kept record.
    const old = (await as.security_adviser.get(`/api/v1/perpetrators/${duplicate.id}`)).json();
    expect(old).toMatchObject({ name: 'K. Dubbel', mergedInto: kept.id, incidents: [], emails: ['karel@example.nl', 'kd@example.nl'] });
    expect((await as.security_adviser.put(`/api/v1/perpetrators/${duplicate.id}`, { kind: 'person', name: 'Nieuw' })).statusCode).toBe(409);
    expect((await as.security_adviser.post(`/api/v1/incidents/${first}/perpetrators`, { perpetratorId: duplicate.id })).statusCode).toBe(
      409,
    );
    expect((await as.security_adviser.post(`/api/v1/perpetrators/${kept.id}/merge`, { duplicateId: duplicate.id })).statusCode).toBe(409);
    const search = (await as.security_adviser.get('/api/v1/perpetrators?q=K. Dubbel')).json().data as Summary[];
    expect(search.map((p) => p.id)).toContain(kept.id);
    expect(search.map((p) => p.id)).not.toContain(duplicate.id);

    for (const incidentId of [first, second, shared]) {
      const { rows } = await t.admin.query("SELECT detail FROM incident_event WHERE incident_id = $1 AND kind = 'perpetrator_merged'", [
        incidentId,
      ]);
      expect(rows, incidentId).toEqual([{ detail: { perpetratorId: kept.id, mergedId: duplicate.id } }]);
    }
    expect(await count('SELECT count(*)::int AS n FROM incident_perpetrator WHERE perpetrator_id = $1', [duplicate.id])).toBe(0);
    const audited = await t.admin.query(
      "SELECT action, object_id FROM audit_event WHERE action IN ('perpetrator.merge', 'perpetrator.merged_into') ORDER BY seq",
    );
    expect(audited.rows).toEqual([
      { action: 'perpetrator.merge', object_id: kept.id },
      { action: 'perpetrator.merged_into', object_id: duplicate.id },
    ]);

    // Merging the kept record on later carries the first merge along.
    const third = await create(as.security_adviser, { name: 'Karel Dubbel Drie' });
    await as.security_adviser.post(`/api/v1/perpetrators/${third.id}/merge`, { duplicateId: kept.id });
    const { rows } = await t.admin.query('SELECT id, merged_into FROM perpetrator WHERE id = ANY($1::uuid[]) ORDER BY name', [
      [kept.id, duplicate.id],
    ]);
    expect(rows.map((r) => r.merged_into)).toEqual([third.id, third.id]);
    expect((await as.security_adviser.get(`/api/v1/perpetrators/${third.id}`)).json().incidents).toHaveLength(3);
  });

  it('every read is audited: the record itself, and each record shown in a list or as a suggestion', async () => {
    const { id } = await create(as.security_adviser, { name: 'Audit Persoon' });
    await as.municipal_secretary.get(`/api/v1/perpetrators/${id}`);
    const read = await t.admin.query(
      "SELECT actor_user_id, object_type, result FROM audit_event WHERE action = 'perpetrator.read' AND object_id = $1 ORDER BY seq DESC LIMIT 1",
      [id],
    );
    expect(read.rows[0]).toEqual({ actor_user_id: as.municipal_secretary.user.id, object_type: 'perpetrator', result: 'success' });
    await as.mayor.get('/api/v1/perpetrators?q=Audit Persoon');
    expect(
      await count(
        "SELECT count(*)::int AS n FROM audit_event WHERE action = 'perpetrator.list' AND object_id = $1 AND actor_user_id = $2",
        [id, as.mayor.user.id],
      ),
    ).toBe(1);
    const incidentId = await report(as.council_member, { perpetrator: { kind: 'person', name: 'Audit Persoon' } });
    await as.mayor.get(`/api/v1/incidents/${incidentId}/perpetrators`);
    expect(
      await count(
        "SELECT count(*)::int AS n FROM audit_event WHERE action = 'perpetrator.list' AND object_id = $1 AND actor_user_id = $2",
        [id, as.mayor.user.id],
      ),
    ).toBe(2);
    // Refused reads leave no perpetrator data anywhere, and no mail ever carries it.
    await as.clerk.get(`/api/v1/perpetrators/${id}`);
    expect(
      await count('SELECT count(*)::int AS n FROM audit_event WHERE object_id = $1 AND actor_user_id = $2', [id, as.clerk.user.id]),
    ).toBe(0);
    expect(
      await count(
        "SELECT count(*)::int AS n FROM outbox_mail WHERE subject || body ILIKE '%Persoon%Audit%' OR subject || body ILIKE '%Audit Persoon%'",
      ),
    ).toBe(0);
  });

  it('is described in the OpenAPI document', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(Object.keys(document.paths['/api/v1/perpetrators'])).toEqual(['get', 'post']);
    expect(Object.keys(document.paths['/api/v1/perpetrators/{id}'])).toEqual(['get', 'put']);
    expect(document.paths['/api/v1/perpetrators/{id}/merge'].post.requestBody).toBeDefined();
    expect(Object.keys(document.paths['/api/v1/incidents/{id}/perpetrators'])).toEqual(['get', 'post']);
    expect(
      document.paths['/api/v1/incidents/{id}/perpetrators/{perpetratorId}'].delete.parameters.map((p: { name: string }) => p.name),
    ).toEqual(['id', 'perpetratorId']);
    expect(document.components.schemas.Perpetrator.properties.incidents).toBeDefined();
    expect(document.paths['/api/v1/perpetrators'].post.requestBody.content['application/json'].schema.properties.emails).toBeDefined();
  });
});
