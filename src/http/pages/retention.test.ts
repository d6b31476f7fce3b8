import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organisation } from '../../domain/organisation/organisation.js';
import { ROLES, type Role } from '../../domain/user/roles.js';
import type { User } from '../../domain/user/user.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { createIncident, makeOrganisation, makeUser, referenceOf } from '../../../test/factories.js';
import { buildTestServer, signIn } from '../../../test/http.js';

/** /settings/retention (issue 11 §1): periods with reasons and what the next run would delete, for the admin; the privacy officer reads. */
describe('retention settings page', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  let admin: User;
  let oldReference: string;
  let otherReference: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db);
    admin = await makeUser(t.db, org, ['admin']);
    await makeUser(t.db, org, ['security_adviser']);
    const reporter = await makeUser(t.db, org, ['employee']);
    const old = await createIncident(t.db, { user: reporter, organisation: org }, { occurredAt: '2018-03-10T10:00:00+01:00' });
    await t.admin.query(`UPDATE incident SET status = 'closed', closed_at = '2018-06-01', updated_at = '2018-06-01' WHERE id = $1`, [old]);
    oldReference = await referenceOf(t.db, org, old);

    const other = await makeOrganisation(t.db, 'Gemeente Anders');
    const otherReporter = await makeUser(t.db, other, ['employee']);
    const theirs = await createIncident(t.db, { user: otherReporter, organisation: other }, { occurredAt: '2018-04-10T10:00:00+01:00' });
    await t.admin.query(`UPDATE incident SET status = 'closed', closed_at = '2018-06-01', number = 777 WHERE id = $1`, [theirs]);
    otherReference = await referenceOf(t.db, other, theirs);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('shows the administrator the periods, their reasons and what the next run deletes, and deletes nothing itself', async () => {
    const browser = await signIn(app, admin.email);
    const page = await browser.get('/settings/retention');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Bewaartermijnen');
    expect(page.body).toContain('art. 3:310 BW');
    expect(page.body).toContain(oldReference);
    expect(page.body).not.toContain(otherReference);
    expect(page.body).toContain('name="incidentYears"');
    const left = await t.admin.query(`SELECT count(*)::int AS n FROM incident WHERE organisation_id = $1`, [org.id]);
    expect(left.rows[0].n).toBe(1);
    const audited = await t.admin.query(`SELECT 1 FROM audit_event WHERE action LIKE 'retention.incident_closed'`);
    expect(audited.rowCount).toBe(0);
  });

  it('lets the administrator change a period (and refuses one out of bounds)', async () => {
    const browser = await signIn(app, admin.email);
    await browser.get('/settings/retention');
    const fields = {
      incidentYears: '10',
      aftercareNoteMonths: '12',
      perpetratorMonths: '3',
      banYears: '2',
      sessionWeeks: '4',
      notificationWeeks: '13',
    };
    const saved = await browser.post('/settings/retention', fields);
    expect(saved.statusCode).toBe(303);
    const page = await browser.get('/settings/retention');
    expect(page.body).toContain('value="10"');
    // Ten years after 2018: nothing to delete any more.
    expect(page.body).not.toContain(oldReference);

    const bad = await browser.post('/settings/retention', { ...fields, incidentYears: '0' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Vul een heel getal in binnen de grenzen.');
    await browser.post('/settings/retention', { ...fields, incidentYears: '5' });
  });

  it('lets the privacy officer read it without the form, and answers 404 to every other role', async () => {
    const expected: Record<Role, number> = {
      mayor: 404,
      alderman: 404,
      council_member: 404,
      group_member: 404,
      clerk: 404,
      municipal_secretary: 404,
      security_adviser: 404,
      employee: 404,
      admin: 200,
      privacy_officer: 200,
    };
    for (const role of ROLES) {
      const person = await makeUser(t.db, org, [role]);
      const browser = await signIn(app, person.email);
      const page = await browser.get('/settings/retention');
      expect(page.statusCode, role).toBe(expected[role]);
      if (role === 'privacy_officer') {
        expect(page.body).toContain(oldReference);
        expect(page.body).not.toContain('name="incidentYears"');
        const fields = {
          incidentYears: '1',
          aftercareNoteMonths: '1',
          perpetratorMonths: '0',
          banYears: '0',
          sessionWeeks: '1',
          notificationWeeks: '1',
        };
        const post = await browser.post('/settings/retention', fields);
        expect(post.statusCode).toBe(404);
      }
    }
  });

  it('sends a signed-out visitor to sign in', async () => {
    const response = await app.inject({ method: 'GET', url: '/settings/retention' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toContain('/sign-in');
  });
});
