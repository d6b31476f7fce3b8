import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../../db/database.js';
import { makeCaller, reportBody } from '../../../test/api.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { createIncident, makeOrganisation, makeUser } from '../../../test/factories.js';
import { buildTestServer, signIn } from '../../../test/http.js';
import { changeUser } from './manage-users.js';

/**
 * Issue 12 §2 finding 6: an administrator gave themselves security_adviser and read the
 * perpetrator register, and routing accepted `alwaysInform: []`, after which no adviser heard
 * of new reports.
 */
describe('own roles, role changes told, the adviser always informed', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const accessOf = async (userId: string, incidentId: string) =>
    (
      await t.admin.query<{ reason: string }>('SELECT reason FROM incident_access WHERE user_id = $1 AND incident_id = $2', [
        userId,
        incidentId,
      ])
    ).rows[0]?.reason;
  const inboxKinds = async (userId: string) =>
    (await t.admin.query<{ kind: string }>('SELECT kind FROM notification WHERE user_id = $1', [userId])).rows.map((r) => r.kind);

  it('refuses an administrator who changes their own roles, with a Dutch message, and changes nothing', async () => {
    const org = await makeOrganisation(t.db);
    const admin = await makeUser(t.db, org, ['admin']);
    const browser = await signIn(app, admin.email);
    await browser.get(`/people/${admin.id}`);
    const answer = await browser.post(`/people/${admin.id}`, {
      name: admin.name,
      email: admin.email,
      roles: ['admin', 'security_adviser'],
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain('U kunt uw eigen rollen niet wijzigen.');
    const roles = await t.admin.query<{ role: string }>('SELECT role FROM user_role WHERE user_id = $1', [admin.id]);
    expect(roles.rows.map((r) => r.role)).toEqual(['admin']);
    // Name and e-mail may still be changed by oneself.
    const renamed = await browser.post(`/people/${admin.id}`, { name: 'Nieuwe Naam', email: admin.email, roles: ['admin'] });
    expect(renamed.statusCode).toBe(303);
  });

  it('tells the other administrators of a case-handling role change, not of other roles, and not the one who made it', async () => {
    const org = await makeOrganisation(t.db);
    const [actor, other, subject] = [
      await makeUser(t.db, org, ['admin']),
      await makeUser(t.db, org, ['admin']),
      await makeUser(t.db, org, ['council_member']),
    ];
    const browser = await signIn(app, actor.email);
    await browser.get(`/people/${subject.id}`);
    const plain = await browser.post(`/people/${subject.id}`, {
      name: subject.name,
      email: subject.email,
      roles: ['council_member', 'group_member'],
    });
    expect(plain.statusCode).toBe(303);
    expect(await inboxKinds(other.id)).toEqual([]);

    const clerk = await browser.post(`/people/${subject.id}`, {
      name: subject.name,
      email: subject.email,
      roles: ['council_member', 'clerk'],
    });
    expect(clerk.statusCode).toBe(303);
    expect(await inboxKinds(other.id)).toEqual(['case_role_changed']);
    expect(await inboxKinds(actor.id)).toEqual([]);
    const inbox = await (await signIn(app, other.email)).get('/inbox');
    expect(inbox.body).toContain('De rollen van een collega met toegang tot meldingen zijn gewijzigd.');
    expect(inbox.body).toContain('href="/people"');
  });

  it('refuses a routing without the adviser, and informs the adviser even when the stored routing lost them', async () => {
    const org = await makeOrganisation(t.db);
    const admin = await makeCaller(app, t.db, org, ['admin']);
    const adviser = await makeUser(t.db, org, ['security_adviser']);
    const reporter = await makeCaller(app, t.db, org, ['employee']);

    const page = await signIn(app, admin.user.email);
    await page.get('/settings/routing');
    const unticked = await page.post('/settings/routing', { always: 'admin' });
    expect(unticked.statusCode).toBe(400);
    expect(unticked.body).toContain('De veiligheidsadviseur wordt altijd over elke melding geïnformeerd');

    const refused = await admin.put('/api/v1/routing', { rules: [], alwaysInform: [] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ error: { id: string } }>().error.id).toBe('adviser_always_informed');
    expect((await admin.get('/api/v1/routing')).json<{ alwaysInform: string[] }>().alwaysInform).toEqual(['security_adviser']);

    // As if a database owner or an old version had stored it: the domain still informs the adviser.
    await t.admin.query("UPDATE organisation SET always_inform_roles = '{}' WHERE id = $1", [org.id]);
    const report = await reporter.post('/api/v1/incidents', reportBody());
    expect(report.statusCode).toBe(201);
    expect(await accessOf(adviser.id, report.json<{ id: string }>().id)).toBe('always_inform');
  });

  it('gives someone who newly becomes security adviser the incidents reported so far, not drafts', async () => {
    const org = await makeOrganisation(t.db);
    const reporter = await makeUser(t.db, org, ['employee']);
    const reported = await createIncident(t.db, { user: reporter, organisation: org });
    const draft = await createIncident(t.db, { user: reporter, organisation: org }, { draft: true });
    const newcomer = await makeUser(t.db, org, ['employee']);
    expect(await accessOf(newcomer.id, reported)).toBeUndefined();

    await withOrganisation(t.db, org.id, (tx) =>
      changeUser(tx, { organisationId: org.id, userId: null, originIp: null }, newcomer.id, {
        name: newcomer.name,
        email: newcomer.email,
        roles: ['security_adviser'],
      }),
    );
    expect(await accessOf(newcomer.id, reported)).toBe('always_inform');
    expect(await accessOf(newcomer.id, draft)).toBeUndefined();
    // Added as adviser from the start: the same.
    const added = await makeUser(t.db, org, ['security_adviser']);
    expect(await accessOf(added.id, reported)).toBe('always_inform');
    expect(await accessOf(added.id, draft)).toBeUndefined();
  });
});
