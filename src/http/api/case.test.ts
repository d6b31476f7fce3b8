import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCaller, reportBody, type ApiCaller } from '../../../test/api.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeOrganisation } from '../../../test/factories.js';
import { buildTestServer } from '../../../test/http.js';
import { ROLES, type Role } from '../../domain/user/roles.js';

describe('police report, damage and escalation duties through the API', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  const people = new Map<Role, ApiCaller>();
  let stranger: ApiCaller;
  const as = (role: Role) => people.get(role)!;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    const org = await makeOrganisation(t.db);
    for (const role of ROLES) people.set(role, await makeCaller(app, t.db, org, [role], `Persoon ${role}`));
    stranger = await makeCaller(app, t.db, await makeOrganisation(t.db), [...ROLES], 'Elders');
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  /** The council member was hit, face to face: each test handles a case of its own. */
  const violence = async () =>
    (
      await as('council_member').post(
        '/api/v1/incidents',
        reportBody({ level: 'physical_violence', behaviours: ['hitting'], channel: 'face_to_face' }),
      )
    ).json().id as string;

  /** Consent given and the report filed, as the handlers record them in the consent test; the report's id. */
  const filedReport = async (incidentId: string) => {
    const consent = (
      await as('clerk').post(`/api/v1/incidents/${incidentId}/police/consents`, {
        affectedUserId: as('council_member').user.id,
        given: true,
        how: 'schriftelijk, per e-mail',
        givenAt: new Date().toISOString(),
      })
    ).json().id;
    const filed = await as('security_adviser').post(`/api/v1/incidents/${incidentId}/police/reports`, {
      consentId: consent,
      filedOn: '2026-11-24',
      registrationNumber: 'PL0900-2026123456',
    });
    expect(filed.statusCode).toBe(201);
    return filed.json().id as string;
  };

  const kinds = async (incidentId: string) =>
    (await as('security_adviser').get(`/api/v1/incidents/${incidentId}/deadlines`))
      .json()
      .data.map((d: { kind: string; state: string }) => `${d.kind}:${d.state}`);

  it('violence opens a police-report duty of 2 working days at once', async () => {
    const incidentId = await violence();
    expect(await kinds(incidentId)).toContain('police_report:open');
    const { rows } = await t.admin.query("SELECT due_at, created_at FROM deadline WHERE incident_id = $1 AND kind = 'police_report'", [
      incidentId,
    ]);
    expect(rows[0].due_at.getTime() - rows[0].created_at.getTime()).toBeGreaterThanOrEqual(48 * 3_600_000);
  });

  it('a filed police report is told to the affected person and the other handlers, saying by whom (issue 10 §1)', async () => {
    const incidentId = await violence();
    await filedReport(incidentId);
    for (const role of ['council_member', 'clerk'] as const) {
      const told = (await as(role).get('/api/v1/inbox'))
        .json()
        .data.find((n: { kind: string; incidentId: string }) => n.kind === 'police_report_filed' && n.incidentId === incidentId);
      expect(told, role).toMatchObject({ actor: { id: as('security_adviser').user.id } });
    }
    // The one who filed it is not told their own work.
    const own = (await as('security_adviser').get('/api/v1/inbox')).json().data;
    expect(own.some((n: { kind: string; incidentId: string }) => n.kind === 'police_report_filed' && n.incidentId === incidentId)).toBe(
      false,
    );
  });

  it('only the handlers record consent and the report; without consent nothing is filed', async () => {
    const incidentId = await violence();
    const councillor = as('council_member');
    for (const role of ['council_member', 'alderman', 'group_member', 'employee', 'admin'] as const) {
      expect(
        (
          await as(role).post(`/api/v1/incidents/${incidentId}/police/consents`, {
            affectedUserId: councillor.user.id,
            given: true,
            how: 'mondeling',
            givenAt: new Date().toISOString(),
          })
        ).statusCode,
        role,
      ).toBe(404);
    }
    expect((await stranger.get(`/api/v1/incidents/${incidentId}/police`)).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/v1/incidents/${incidentId}/police` })).statusCode).toBe(401);

    const refused = (
      await as('clerk').post(`/api/v1/incidents/${incidentId}/police/consents`, {
        affectedUserId: councillor.user.id,
        given: false,
        how: 'telefonisch',
        givenAt: new Date().toISOString(),
      })
    ).json().id;
    const noConsent = await as('security_adviser').post(`/api/v1/incidents/${incidentId}/police/reports`, {
      consentId: refused,
      filedOn: '2026-11-24',
    });
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.json().error.message).toMatch(/^consentId: /);
    const consent = (
      await as('clerk').post(`/api/v1/incidents/${incidentId}/police/consents`, {
        affectedUserId: councillor.user.id,
        given: true,
        how: 'schriftelijk, per e-mail',
        givenAt: new Date().toISOString(),
      })
    ).json().id;
    const filed = await as('security_adviser').post(`/api/v1/incidents/${incidentId}/police/reports`, {
      consentId: consent,
      filedOn: '2026-11-24',
      registrationNumber: 'PL0900-2026123456',
      elaApplied: true,
      organisationAddressUsed: true,
      vptRequested: true,
    });
    expect(filed.statusCode).toBe(201);
    expect(await kinds(incidentId)).toContain('police_report:done');
    const update = await as('mayor').put(`/api/v1/police-reports/${filed.json().id}`, {
      vptConfirmed: true,
      prosecutionStatus: 'court_judgement',
      outcome: 'Taakstraf 80 uur',
      feedbackAffectedOn: '2026-12-01',
      feedbackCouncilOn: '',
    });
    expect(update.statusCode).toBe(200);
    const view = (await as('mayor').get(`/api/v1/incidents/${incidentId}/police`)).json();
    expect(view.reports[0]).toMatchObject({
      registrationNumber: 'PL0900-2026123456',
      vptConfirmed: true,
      prosecutionStatus: 'court_judgement',
      outcome: 'Taakstraf 80 uur',
      feedbackAffectedOn: '2026-12-01',
    });
  });

  it('nothing about the report reaches anyone beyond the handlers and the affected person unless agreed', async () => {
    const incidentId = await violence();
    await filedReport(incidentId);
    // The clerk reports for the councillor; a caregiver without handling access sees only that something is hidden.
    expect((await as('council_member').get(`/api/v1/incidents/${incidentId}/police`)).json().reports).toHaveLength(1);
    await t.admin.query("UPDATE incident_access SET reason = 'granted' WHERE user_id = $1", [as('admin').user.id]);
    const { rows } = await t.admin.query('SELECT 1 FROM incident_access WHERE incident_id = $1 AND user_id = $2', [
      incidentId,
      as('alderman').user.id,
    ]);
    expect(rows).toHaveLength(0);
    await t.admin.query(
      "INSERT INTO incident_access (organisation_id, incident_id, user_id, reason, occurred_at) SELECT organisation_id, id, $2, 'caregiver', occurred_at FROM incident WHERE id = $1",
      [incidentId, as('alderman').user.id],
    );
    const outsider = (await as('alderman').get(`/api/v1/incidents/${incidentId}/police`)).json();
    expect(outsider).toMatchObject({ hidden: true, reports: [], consents: [] });
    await t.admin.query('UPDATE police_consent SET share_beyond_handlers = true WHERE given AND incident_id = $1', [incidentId]);
    expect((await as('alderman').get(`/api/v1/incidents/${incidentId}/police`)).json().reports).toHaveLength(1);
  });

  it('damage is reimbursed, claimed and recovered, with totals per case', async () => {
    const incidentId = await violence();
    expect(
      (
        await as('council_member').post(`/api/v1/incidents/${incidentId}/damage`, {
          kind: 'material',
          description: 'Bril',
          amountCents: 25000,
        })
      ).statusCode,
    ).toBe(404);
    const bril = (
      await as('clerk').post(`/api/v1/incidents/${incidentId}/damage`, {
        kind: 'material',
        description: 'Kapotte bril',
        amountCents: 25000,
        reimbursedOn: '2026-11-25',
        claimedOn: '2026-11-26',
      })
    ).json().id;
    await as('clerk').post(`/api/v1/incidents/${incidentId}/damage`, {
      kind: 'immaterial',
      description: 'Smartengeld',
      amountCents: 50000,
      claimedOn: '2026-11-26',
    });
    expect(
      (await as('clerk').post(`/api/v1/incidents/${incidentId}/damage`, { kind: 'materieel', description: '', amountCents: -5 }))
        .statusCode,
    ).toBe(400);
    await as('clerk').put(`/api/v1/damage/${bril}`, {
      kind: 'material',
      description: 'Kapotte bril',
      amountCents: 25000,
      reimbursedOn: '2026-11-25',
      claimedOn: '2026-11-26',
      paidOn: '2026-12-10',
      paidCents: 25000,
    });
    const damage = (await as('mayor').get(`/api/v1/incidents/${incidentId}/damage`)).json();
    expect(damage.totals).toEqual({
      totalCents: 75000,
      reimbursedCents: 25000,
      claimedCents: 75000,
      recoveredCents: 25000,
      writtenOffCents: 0,
      outstandingCents: 50000,
    });
    expect((await stranger.get(`/api/v1/incidents/${incidentId}/damage`)).statusCode).toBe(404);
  });

  it('marking injury prompts the labour-inspectorate duty at once, closed when recorded', async () => {
    const id = (await as('alderman').post('/api/v1/incidents', reportBody({ level: 'threat' }))).json().id;
    const result = await as('alderman').put(`/api/v1/incidents/${id}/injury`, { mental: true });
    expect(result.json()).toEqual({ dutyOpened: true });
    const deadlines = (await as('mayor').get(`/api/v1/incidents/${id}/deadlines`)).json().data;
    const duty = deadlines.find((d: { kind: string }) => d.kind === 'labour_inspectorate');
    expect(duty.state).toBe('open');
    expect(
      (await as('municipal_secretary').get('/api/v1/inbox'))
        .json()
        .data.some((n: { kind: string; incidentId: string }) => n.kind === 'duty_opened' && n.incidentId === id),
    ).toBe(true);
    expect(
      (await as('mayor').post(`/api/v1/incidents/${id}/escalations/labour_inspectorate`, { doneAt: new Date().toISOString(), how: '' }))
        .statusCode,
    ).toBe(400);
    expect(
      (
        await as('mayor').post(`/api/v1/incidents/${id}/escalations/labour_inspectorate`, {
          doneAt: new Date().toISOString(),
          how: 'Melding via het webformulier',
          reference: 'NLA-123',
        })
      ).statusCode,
    ).toBe(200);
    const after = (await as('mayor').get(`/api/v1/incidents/${id}/deadlines`))
      .json()
      .data.find((d: { kind: string }) => d.kind === 'labour_inspectorate');
    expect(after.state).toBe('done');
    expect((await as('mayor').get(`/api/v1/incidents/${id}/escalations`)).json().escalations[0]).toMatchObject({
      kind: 'labour_inspectorate',
      how: 'Melding via het webformulier',
      reference: 'NLA-123',
    });
  });

  it('when the mayor is affected, the King’s Commissioner must be informed', async () => {
    const id = (await as('mayor').post('/api/v1/incidents', reportBody())).json().id;
    const deadlines = (await as('municipal_secretary').get(`/api/v1/incidents/${id}/deadlines`))
      .json()
      .data.map((d: { kind: string }) => d.kind);
    expect(deadlines).toContain('kings_commissioner');
  });

  it('incidents are marked for the triangle and listed for mayor, adviser and secretary', async () => {
    const incidentId = await violence();
    expect(
      (await as('clerk').put(`/api/v1/incidents/${incidentId}/triangle`, { meetingOn: '2026-12-08', note: 'Herhaald geweld' })).statusCode,
    ).toBe(200);
    for (const role of ['mayor', 'security_adviser'] as const) {
      expect(
        (await as(role).get('/api/v1/triangle')).json().data.map((i: { incidentId: string }) => i.incidentId),
        role,
      ).toContain(incidentId);
    }
    // The secretary lists the triangle too, but only incidents they may see (not this council member's).
    expect((await as('municipal_secretary').get('/api/v1/triangle')).json().data).toEqual([]);
    for (const role of ['clerk', 'council_member', 'employee', 'admin'] as const)
      expect((await as(role).get('/api/v1/triangle')).statusCode, role).toBe(404);
  });

  it('security measures are for the security roles only', async () => {
    const incidentId = await violence();
    const body = {
      description: 'Camerabewaking woning',
      advisedBy: 'police',
      ownCostCents: 50000,
      organisationCostCents: 250000,
      safetyNetRequestedOn: '2026-12-01',
      safetyNetStatus: 'requested',
    };
    for (const role of ['clerk', 'council_member', 'alderman', 'employee', 'admin'] as const) {
      expect((await as(role).post(`/api/v1/incidents/${incidentId}/security-measures`, body)).statusCode, role).toBe(404);
    }
    expect((await as('security_adviser').post(`/api/v1/incidents/${incidentId}/security-measures`, body)).statusCode).toBe(201);
    expect((await as('mayor').get(`/api/v1/incidents/${incidentId}/escalations`)).json().securityMeasures[0]).toMatchObject({
      description: 'Camerabewaking woning',
      organisationCostCents: 250000,
    });
    const clerkView = (await as('clerk').get(`/api/v1/incidents/${incidentId}/escalations`)).json();
    expect(clerkView).not.toHaveProperty('securityMeasures');
    expect(JSON.stringify(clerkView)).not.toContain('Camera');
  });
});
