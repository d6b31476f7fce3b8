import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.js';
import { makeOrganisation, makeUser } from '../../../../test/factories.js';
import { Browser, buildTestServer, signIn } from '../../../../test/http.js';
import { extractText } from 'unpdf';
import { euroToCents } from './case-sections.js';

describe('the case page: duties, police report, damage, triangle, security', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let asCouncillor: Browser;
  let asClerk: Browser;
  let asAdviser: Browser;
  let asAlderman: Browser;
  let incidentId = '';
  let councillorId = '';

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    const org = await makeOrganisation(t.db);
    const councillor = await makeUser(t.db, org, ['council_member'], 'Raadslid Rood');
    councillorId = councillor.id;
    const clerk = await makeUser(t.db, org, ['clerk'], 'Griffier Groen');
    const adviser = await makeUser(t.db, org, ['security_adviser'], 'Adviseur Anna');
    const alderman = await makeUser(t.db, org, ['alderman'], 'Wethouder Wit');
    await makeUser(t.db, org, ['municipal_secretary'], 'Secretaris Sam');
    const browsers = await Promise.all([councillor, clerk, adviser, alderman].map((u) => signIn(app, u.email)));
    [asCouncillor, asClerk, asAdviser, asAlderman] = browsers as [Browser, Browser, Browser, Browser];
    const sent = await asCouncillor.post('/report', {
      level: 'physical_violence',
      occurredDate: '2026-11-20',
      occurredTime: '10:00',
      channel: 'face_to_face',
      description: 'Geduwd bij de ingang.',
    });
    incidentId = /\/incidents\/([0-9a-f-]{36})/.exec(sent.headers.location as string)![1]!;
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('reads euro amounts as people type them', () => {
    expect(euroToCents('125,50')).toBe(12550);
    expect(euroToCents('€ 1250')).toBe(125000);
    expect(euroToCents('')).toBeUndefined();
    expect(euroToCents('veel')).toBeNaN();
  });

  it('is closed to the signed-out and to people outside the incident', async () => {
    expect((await new Browser(app).get(`/incidents/${incidentId}/case`)).headers.location).toMatch(/^\/sign-in/);
    expect((await asAlderman.get(`/incidents/${incidentId}/case`)).statusCode).toBe(404);
    expect(
      (await asAlderman.post(`/incidents/${incidentId}/case/damage`, { kind: 'material', description: 'x', amountCents: '1' })).statusCode,
    ).toBe(404);
    const reporter = await asCouncillor.get(`/incidents/${incidentId}/case`);
    expect(reporter.statusCode).toBe(200);
    expect(reporter.body).toContain('Alleen de behandelaars van deze melding zien de afhandeling');
    expect(reporter.body).not.toContain('Schadepost toevoegen');
  });

  it('marking injury shows the inspectorate duty at once; recording it closes the duty', async () => {
    await asCouncillor.get(`/incidents/${incidentId}/case`);
    expect((await asCouncillor.post(`/incidents/${incidentId}/case/injury`, { physical: 'on' })).statusCode).toBe(303);
    const page = await asClerk.get(`/incidents/${incidentId}/case`);
    expect(page.body).toContain('Meld dit direct bij de Nederlandse Arbeidsinspectie');
    const done = await asClerk.post(`/incidents/${incidentId}/case/duty/labour_inspectorate`, {
      'labour_inspectorate-date': '2026-11-20',
      'labour_inspectorate-time': '12:00',
      'labour_inspectorate-how': 'Webformulier',
      'labour_inspectorate-reference': 'A-1',
    });
    expect(done.statusCode).toBe(303);
    expect((await asClerk.get(`/incidents/${incidentId}/case`)).body).toContain('Webformulier');
  });

  it('consent first, then the police report; the 2-working-day duty closes', async () => {
    await asAdviser.get(`/incidents/${incidentId}/case`);
    const noHow = await asAdviser.post(`/incidents/${incidentId}/case/consent`, {
      affectedUserId: councillorId,
      given: 'yes',
      how: '',
      givenDate: '2026-11-20',
      givenTime: '11:00',
    });
    expect(noHow.statusCode).toBe(400);
    expect(noHow.body).toContain('Vul in hoe de toestemming is gegeven');
    await asAdviser.post(`/incidents/${incidentId}/case/consent`, {
      affectedUserId: councillorId,
      given: 'yes',
      how: 'Mondeling',
      givenDate: '2026-11-20',
      givenTime: '11:00',
    });
    const page = await asAdviser.get(`/incidents/${incidentId}/case`);
    const consentId = /name="consentId"[^>]*>\s*<option value="([0-9a-f-]{36})"/.exec(page.body)![1]!;
    expect(
      (
        await asAdviser.post(`/incidents/${incidentId}/case/report`, {
          consentId,
          filedOn: '2026-11-21',
          registrationNumber: 'PL-42',
          elaApplied: 'on',
          vptRequested: 'on',
        })
      ).statusCode,
    ).toBe(303);
    const { rows } = await t.admin.query("SELECT state FROM deadline WHERE incident_id = $1 AND kind = 'police_report'", [incidentId]);
    expect(rows[0].state).toBe('done');
    expect((await asAdviser.get(`/incidents/${incidentId}/case`)).body).toContain('PL-42');
  });

  it('damage in euro with totals, and the triangle agenda', async () => {
    await asClerk.get(`/incidents/${incidentId}/case`);
    const bad = await asClerk.post(`/incidents/${incidentId}/case/damage`, { kind: 'material', description: 'Jas', amountCents: 'veel' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Vul een bedrag in euro in');
    await asClerk.post(`/incidents/${incidentId}/case/damage`, {
      kind: 'material',
      description: 'Gescheurde jas',
      amountCents: '149,95',
      reimbursedOn: '2026-11-22',
    });
    const page = await asClerk.get(`/incidents/${incidentId}/case`);
    expect(page.body).toContain('Gescheurde jas');
    expect(page.body).toMatch(/149,95/);
    await asClerk.post(`/incidents/${incidentId}/case/triangle`, { meetingOn: '2026-12-08', note: 'Geweld bij ingang' });
    expect((await asAdviser.get('/triangle')).body).toContain('Geweld bij ingang');
    expect((await asClerk.get('/triangle')).statusCode).toBe(404);
  });

  it('opens with an overview: each part, its state and the next step, linking to the part (issue 10 §4)', async () => {
    const page = (await asClerk.get(`/incidents/${incidentId}/case`)).body;
    const overview = page.slice(page.indexOf('id="case-overview"'), page.indexOf('</table>', page.indexOf('id="case-overview"')));
    expect(overview).toContain('href="#duty-labour_inspectorate"');
    expect(overview).toContain('Gemeld op 20 november 2026');
    expect(overview).toContain('Aangifte gedaan op 21 november 2026');
    expect(overview).toMatch(/1 post van €\s149,95; nog open €\s0,00/);
    expect(overview).toContain('Op de agenda van 8 december 2026');
    expect(overview).toContain('Bespreken in de driehoek');
    // Someone who is not a handler sees no overview of parts they cannot work on.
    const reporter = (await asCouncillor.get(`/incidents/${incidentId}/case`)).body;
    expect(reporter).not.toContain('Bespreken in de driehoek');
  });

  it('the 7 W preparation is filled from the incident, as a page and a PDF, for the handlers only', async () => {
    const page = await asAdviser.get(`/incidents/${incidentId}/case/preparation`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Geduwd bij de ingang.');
    expect(page.body).toContain('Raadslid Rood');
    const pdf = await asAdviser.get(`/incidents/${incidentId}/case/preparation.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const { text } = await extractText(new Uint8Array(pdf.rawPayload), { mergePages: true });
    expect(text).toContain('Geduwd bij de ingang.');
    expect(text).toContain('Wie (veroorzaker, getroffene, getuigen)');
    expect((await asCouncillor.get(`/incidents/${incidentId}/case/preparation`)).statusCode).toBe(404);
    expect((await asAlderman.get(`/incidents/${incidentId}/case/preparation.pdf`)).statusCode).toBe(404);
    const { rows } = await t.admin.query(
      "SELECT count(*)::int AS n FROM audit_event WHERE action = 'police.preparation.read' AND object_id = $1",
      [incidentId],
    );
    expect(rows[0].n).toBe(2);
  });

  it('security measures only for the security roles', async () => {
    expect((await asClerk.get(`/incidents/${incidentId}/case`)).body).not.toContain('Beveiligingsmaatregelen');
    await asAdviser.get(`/incidents/${incidentId}/case`);
    expect(
      (
        await asAdviser.post(`/incidents/${incidentId}/case/security`, {
          securityDescription: 'Alarmknop thuis',
          advisedBy: 'police',
          ownCostCents: '0',
          organisationCostCents: '1200',
        })
      ).statusCode,
    ).toBe(303);
    expect((await asAdviser.get(`/incidents/${incidentId}/case`)).body).toContain('Alarmknop thuis');
    expect(
      (await asClerk.post(`/incidents/${incidentId}/case/security`, { securityDescription: 'x', advisedBy: 'police' })).statusCode,
    ).toBe(404);
  });
});
