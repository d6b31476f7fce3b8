import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organisation } from '../../domain/organisation/organisation.js';
import type { User } from '../../domain/user/user.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { createIncident, makeOrganisation, makeUser } from '../../../test/factories.js';
import { buildTestServer, signIn } from '../../../test/http.js';

/** The hold as a page (issue 11 §1): a link on the incident page for those who may hold it, a form with a reason, lifted again. */
describe('hold page', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  let adviser: User;
  let reporter: User;
  let incidentId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db);
    adviser = await makeUser(t.db, org, ['security_adviser']);
    reporter = await makeUser(t.db, org, ['employee']);
    incidentId = await createIncident(t.db, { user: reporter, organisation: org });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('lets the adviser hold the incident with a reason and lift the hold', async () => {
    const browser = await signIn(app, adviser.email);
    const incident = await browser.get(`/incidents/${incidentId}`);
    expect(incident.body).toContain(`href="/incidents/${incidentId}/hold"`);
    const page = await browser.get(`/incidents/${incidentId}/hold`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Er is geen bewaarplicht met de hand.');

    const empty = await browser.post(`/incidents/${incidentId}/hold`, { reason: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Vul een reden in');

    const placed = await browser.post(`/incidents/${incidentId}/hold`, { reason: 'Civiele procedure loopt' });
    expect(placed.statusCode).toBe(303);
    const held = await browser.get(placed.headers.location as string);
    expect(held.body).toContain('De melding wordt vastgehouden.');
    expect(held.body).toContain('Civiele procedure loopt');

    const lifted = await browser.post(`/incidents/${incidentId}/hold/lift`, {});
    expect(lifted.statusCode).toBe(303);
    expect((await browser.get(lifted.headers.location as string)).body).toContain('De bewaarplicht is opgeheven.');
    const audited = await t.admin.query(
      `SELECT action FROM audit_event WHERE object_id = $1 AND action LIKE 'retention.hold_%' ORDER BY seq`,
      [incidentId],
    );
    expect(audited.rows.map((r: { action: string }) => r.action)).toEqual(['retention.hold_placed', 'retention.hold_lifted']);
  });

  it('shows the reporter no link and answers 404 to the page and the forms', async () => {
    const browser = await signIn(app, reporter.email);
    expect((await browser.get(`/incidents/${incidentId}`)).body).not.toContain(`/incidents/${incidentId}/hold`);
    expect((await browser.get(`/incidents/${incidentId}/hold`)).statusCode).toBe(404);
    expect((await browser.post(`/incidents/${incidentId}/hold`, { reason: 'Ik wil het bewaren' })).statusCode).toBe(404);
  });

  it('answers 404 to another organisation and sends a signed-out visitor to sign in', async () => {
    const other = await makeOrganisation(t.db, 'Gemeente Anders');
    const stranger = await makeUser(t.db, other, ['security_adviser']);
    const browser = await signIn(app, stranger.email);
    expect((await browser.get(`/incidents/${incidentId}/hold`)).statusCode).toBe(404);
    expect((await browser.post(`/incidents/${incidentId}/hold`, { reason: 'x' })).statusCode).toBe(404);
    const anonymous = await app.inject({ method: 'GET', url: `/incidents/${incidentId}/hold` });
    expect(anonymous.statusCode).toBe(303);
  });
});
