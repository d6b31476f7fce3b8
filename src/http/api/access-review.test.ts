import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCaller, type ApiCaller } from '../../../test/api.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { actAs, makeOrganisation } from '../../../test/factories.js';
import { buildTestServer } from '../../../test/http.js';
import { startAccessReview } from '../../domain/accountability/access-review.js';
import { verifyAuditChain } from '../../domain/audit/audit.js';
import type { Organisation } from '../../domain/organisation/organisation.js';
import { ROLES, type Role } from '../../domain/user/roles.js';
import { runDeadlineRound } from '../../jobs/deadline-watcher.js';

const NOWHERE = '00000000-0000-4000-8000-000000000000';
const DAY = 24 * 3_600_000;
const READS: Record<Role, boolean> = {
  mayor: false,
  alderman: false,
  council_member: false,
  group_member: false,
  clerk: false,
  municipal_secretary: false,
  security_adviser: false,
  employee: false,
  admin: true,
  privacy_officer: true,
};

interface Line {
  id: string;
  role: Role;
  decision: string;
}
interface Person {
  user: { id: string; name: string; active: boolean };
  lines: Line[];
  opened: { objectType: string; objects: number }[];
}

/** The yearly access review (issue 11 §3): lines per person and role, decided by an administrator, due yearly. */
describe('the yearly access review through the API', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  const as = {} as Record<Role, ApiCaller>;
  let secondAdmin: ApiCaller;
  let clerkAndEmployee: ApiCaller;
  let stranger: ApiCaller;
  let reviewId: string;
  let dueAt: Date;

  const read = async (caller: ApiCaller, id = reviewId) => {
    const response = await caller.get(`/api/v1/access-reviews/${id}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { state: string; pending: number; dueAt: string; people: Person[] };
  };
  const lineOf = async (caller: ApiCaller, role: Role) => {
    const person = (await read(as.admin)).people.find((p) => p.user.id === caller.user.id)!;
    return person.lines.find((l) => l.role === role)!;
  };
  const decide = (caller: ApiCaller, lineId: string, decision: string) =>
    caller.post(`/api/v1/access-review-lines/${lineId}`, { decision });
  const tasks = async (caller: ApiCaller) =>
    ((await caller.get('/api/v1/tasks')).json().data as { kind: string; subjectId: string; state: string; dueAt: string }[]).filter(
      (d) => d.kind === 'access_review',
    );

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db, 'Gemeente Review');
    for (const role of ROLES) as[role] = await makeCaller(app, t.db, org, [role], `Persoon ${role}`);
    secondAdmin = await makeCaller(app, t.db, org, ['admin'], 'Tweede beheerder');
    clerkAndEmployee = await makeCaller(app, t.db, org, ['clerk', 'employee'], 'Griffier en medewerker');
    stranger = await makeCaller(app, t.db, await makeOrganisation(t.db, 'Gemeente Elders'), ['admin', 'privacy_officer'], 'Elders');
    // Something opened in the year before the review: the adviser reads a perpetrator's record twice.
    const made = await as.security_adviser.post('/api/v1/perpetrators', { kind: 'person', name: 'Karel Dader', aliases: [] });
    expect(made.statusCode, made.body).toBe(201);
    for (let i = 0; i < 2; i++) expect((await as.mayor.get(`/api/v1/perpetrators/${made.json().id}`)).statusCode).toBe(200);

    const now = new Date();
    reviewId = await actAs(t.db, { user: as.admin.user, organisation: org }, (tx, me) => startAccessReview(tx, me, now));
    dueAt = new Date(now.getTime() + 30 * DAY);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('answers 401 signed out, and 404 to every role but the administrator and the privacy officer, and to another organisation', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/access-reviews'],
      ['POST', '/api/v1/access-reviews'],
      ['GET', `/api/v1/access-reviews/${NOWHERE}`],
      ['POST', `/api/v1/access-review-lines/${NOWHERE}`],
    ] as const)
      expect((await app.inject({ method, url, ...(method === 'POST' ? { payload: {} } : {}) })).statusCode, url).toBe(401);
    const line = await lineOf(as.clerk, 'clerk');
    for (const role of ROLES) {
      const caller = as[role];
      expect((await caller.get('/api/v1/access-reviews')).statusCode, role).toBe(READS[role] ? 200 : 404);
      expect((await caller.get(`/api/v1/access-reviews/${reviewId}`)).statusCode, role).toBe(READS[role] ? 200 : 404);
      if (role !== 'admin') {
        // Only the administrator decides; for everyone else, not even bad input is answered.
        expect((await caller.post('/api/v1/access-reviews', {})).statusCode, role).toBe(404);
        expect((await decide(caller, line.id, 'nonsense')).statusCode, role).toBe(404);
      }
    }
    expect((await stranger.get(`/api/v1/access-reviews/${reviewId}`)).statusCode).toBe(404);
    expect((await decide(stranger, line.id, 'confirmed')).statusCode).toBe(404);
    expect((await stranger.get('/api/v1/access-reviews')).json().data).toEqual([]);
    expect((await lineOf(as.clerk, 'clerk')).decision).toBe('pending');
  });

  it('lists every active person with each role as a line, and how many objects of each type they opened in the year', async () => {
    const review = await read(as.privacy_officer);
    expect(review.state).toBe('open');
    expect(review.pending).toBe(ROLES.length + 3);
    const both = review.people.find((p) => p.user.id === clerkAndEmployee.user.id)!;
    expect(both.lines.map((l) => l.role).sort()).toEqual(['clerk', 'employee']);
    const mayor = review.people.find((p) => p.user.id === as.mayor.user.id)!;
    expect(mayor.opened).toEqual([{ objectType: 'perpetrator', objects: 1 }]);
    expect(review.people.find((p) => p.user.id === as.employee.user.id)!.opened).toEqual([]);
    // Starting again while it runs gives the same review.
    const again = await as.admin.post('/api/v1/access-reviews', {});
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(reviewId);
  });

  it('is a deadline of the administrators: reminded before it is due and overdue after, on a fixed clock', async () => {
    for (const admin of [as.admin, secondAdmin]) expect(await tasks(admin)).toMatchObject([{ subjectId: reviewId, state: 'open' }]);
    expect(new Date((await tasks(as.admin))[0]!.dueAt).getTime()).toBe(dueAt.getTime());
    expect(await tasks(as.privacy_officer)).toEqual([]);
    expect(await runDeadlineRound(t.db, new Date(dueAt.getTime() - 2 * DAY))).toEqual({ reminded: 0, overdue: 0 });
    expect(await runDeadlineRound(t.db, new Date(dueAt.getTime() - 3_600_000))).toEqual({ reminded: 1, overdue: 0 });
    const inbox = (await secondAdmin.get('/api/v1/inbox')).json().data as { kind: string }[];
    expect(inbox.map((n) => n.kind)).toContain('task_reminder');
    expect(await runDeadlineRound(t.db, new Date(dueAt.getTime() + 60_000))).toEqual({ reminded: 0, overdue: 1 });
    expect((await tasks(as.admin))[0]!.state).toBe('overdue');
  });

  it('revokes a role through the role change (the role goes, the others hear of it); the last role closes the account', async () => {
    const before = ((await as.privacy_officer.get('/api/v1/inbox')).json().data as { kind: string }[]).length;
    const revoked = await decide(as.admin, (await lineOf(clerkAndEmployee, 'clerk')).id, 'revoked');
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ decision: 'revoked', nextReviewId: null });
    const roles = await t.admin.query('SELECT role FROM user_role WHERE user_id = $1', [clerkAndEmployee.user.id]);
    expect(roles.rows.map((r) => r.role)).toEqual(['employee']);
    const inbox = (await as.privacy_officer.get('/api/v1/inbox')).json().data as { kind: string }[];
    expect(inbox.length).toBe(before + 1);
    expect(inbox.map((n) => n.kind)).toContain('case_role_changed');
    expect((await t.admin.query(`SELECT 1 FROM audit_event WHERE action = 'access_review.revoke'`)).rowCount).toBe(1);

    expect((await decide(as.admin, (await lineOf(as.group_member, 'group_member')).id, 'revoked')).statusCode).toBe(200);
    const closed = await t.admin.query('SELECT active FROM app_user WHERE id = $1', [as.group_member.user.id]);
    expect(closed.rows[0].active).toBe(false);

    // Decided is decided.
    expect((await decide(as.admin, (await lineOf(clerkAndEmployee, 'clerk')).id, 'confirmed')).statusCode).toBe(409);
  });

  it('lets nobody decide their own roles while another administrator can', async () => {
    const own = await decide(as.admin, (await lineOf(as.admin, 'admin')).id, 'confirmed');
    expect(own.statusCode).toBe(400);
    expect(own.json().error.id).toBe('access_review_own_line');
    expect((await decide(as.admin, (await lineOf(as.admin, 'admin')).id, 'revoked')).statusCode).toBe(400);
  });

  it('completes when every line is decided, closes its deadline and plans next year’s, due a year later', async () => {
    const review = await read(as.admin);
    let last: { nextReviewId: string | null } | undefined;
    for (const person of review.people)
      for (const line of person.lines.filter((l) => l.decision === 'pending')) {
        const decider = person.user.id === as.admin.user.id ? secondAdmin : as.admin;
        const response = await decide(decider, line.id, 'confirmed');
        expect(response.statusCode, `${person.user.name} ${line.role}: ${response.body}`).toBe(200);
        last = response.json();
      }
    const completed = await read(as.privacy_officer);
    expect(completed.state).toBe('completed');
    expect(completed.pending).toBe(0);
    expect(last?.nextReviewId).toMatch(/^[0-9a-f-]{36}$/);

    const next = await read(as.admin, last!.nextReviewId!);
    expect(next.state).toBe('planned');
    expect(next.people).toEqual([]);
    const year = new Date(dueAt);
    year.setUTCFullYear(year.getUTCFullYear() + 1);
    expect(new Date(next.dueAt).getTime()).toBe(year.getTime());

    const deadlines = await tasks(as.admin);
    expect(deadlines.find((d) => d.subjectId === reviewId)?.state).toBe('done');
    expect(deadlines.find((d) => d.subjectId === last!.nextReviewId)).toMatchObject({ state: 'open', dueAt: year.toISOString() });
    expect((await decide(as.admin, review.people[0]!.lines[0]!.id, 'revoked')).statusCode).toBe(409);

    // Every decision went on the trail, and the chain holds.
    expect(
      (await t.admin.query(`SELECT 1 FROM audit_event WHERE action = 'access_review.complete' AND object_id = $1`, [reviewId])).rowCount,
    ).toBe(1);
    expect(await verifyAuditChain(t.owner, org.id)).toMatchObject({ intact: true });

    // Starting the planned review fills it with lines.
    const started = await as.admin.post('/api/v1/access-reviews', {});
    expect(started.json().id).toBe(last!.nextReviewId);
    expect((await read(as.admin, last!.nextReviewId!)).people.length).toBeGreaterThan(0);
  });
});
