import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { createIncident, makeOrganisation, makeUser, signedInAs } from '../../../test/factories.js';
import { insertIncidents, insertPeople } from '../../bench/dataset.js';
import { withOrganisation, withoutOrganisation } from '../../db/database.js';
import { runBenchmarkRefresh } from '../../jobs/benchmark-refresh.js';
import type { Organisation } from '../organisation/organisation.js';
import type { User } from '../user/user.js';
import type { BenchmarkProfile } from './benchmark.js';
import { benchmarkFor, changeBenchmarkSettings } from './benchmark-figures.js';
import { figuresFor } from './figures.js';
import { groupCounts, ownCounts } from './benchmark.repository.js';

/** The job counts after the incidents' deadlines fell due (so every aftercare duty counts). */
const NOW = new Date('2027-01-15T12:00:00Z');
const YEAR = 2026;
const profile = (over: Partial<BenchmarkProfile> = {}): BenchmarkProfile => ({
  participating: true,
  kind: 'municipality',
  sizeClass: '20k_50k',
  officeHolders: 30,
  employees: 400,
  ...over,
});

describe('benchmark figures: the daily count and the group rule', () => {
  let t: TestDatabase;
  let org: Organisation;
  let adviser: User;
  let admin: User;
  const others: { org: Organisation; admin: User }[] = [];

  const optIn = (o: Organisation, a: User, p: BenchmarkProfile) =>
    withOrganisation(t.db, o.id, (tx) =>
      changeBenchmarkSettings(tx, signedInAs(a, o), { organisationId: o.id, userId: a.id, originIp: null }, p, NOW),
    );
  const benchmark = () => withOrganisation(t.db, org.id, (tx) => benchmarkFor(tx, signedInAs(adviser, org), YEAR));

  /** Another organisation with `count` incidents in 2026, filled as the benchmark fills (set-based SQL). */
  async function otherOrganisation(name: string, count: number) {
    const o = await makeOrganisation(t.db, name);
    const a = await makeUser(t.db, o, ['admin']);
    const reporters = await insertPeople(t.owner, { organisationId: o.id, count: 3, role: 'council_member', prefix: `raad-${o.slug}` });
    await insertIncidents(t.owner, {
      organisationId: o.id,
      count,
      reporterIds: reporters.map((r) => r.id),
      now: new Date('2026-12-20T00:00:00Z'),
      days: 300,
      seed: count,
    });
    return { org: o, admin: a };
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    org = await makeOrganisation(t.db, 'Gemeente Eigen');
    adviser = await makeUser(t.db, org, ['security_adviser']);
    admin = await makeUser(t.db, org, ['admin']);
    await makeUser(t.db, org, ['clerk']);
    await makeUser(t.db, org, ['mayor']);
    const councillor = await makeUser(t.db, org, ['council_member']);
    const employee = await makeUser(t.db, org, ['employee']);
    const as = (user: User) => ({ user, organisation: org });
    const threat = await createIncident(t.db, as(councillor), {
      occurredAt: '2026-03-10T21:00:00+01:00',
      channel: 'social_media',
      level: 'threat',
    });
    await createIncident(t.db, as(councillor), {
      occurredAt: '2026-04-02T09:00:00+02:00',
      channel: 'email',
      level: 'verbal_aggression',
      behaviours: ['insult'],
    });
    await createIncident(t.db, as(employee), {
      occurredAt: '2026-05-02T10:00:00+02:00',
      channel: 'face_to_face',
      level: 'physical_violence',
      behaviours: ['hitting'],
    });
    await createIncident(t.db, as(employee), { occurredAt: '2026-06-01T10:00:00+02:00', draft: true });
    // New Year's Eve in Amsterdam is 2025; just after midnight is 2026 although UTC still says 2025.
    await createIncident(t.db, as(councillor), { occurredAt: '2025-12-31T23:59:00+01:00', channel: 'phone' });
    await createIncident(t.db, as(councillor), { occurredAt: '2026-01-01T00:30:00+01:00', channel: 'phone', level: 'emotional' });
    // One police report on the threat, and its first aftercare conversation held in time.
    const consent = await t.admin.query(
      `INSERT INTO police_consent (organisation_id, incident_id, affected_user_id, given, how, given_at, recorded_by)
       VALUES ($1, $2, $3, true, 'mondeling', now(), $4) RETURNING id`,
      [org.id, threat, councillor.id, adviser.id],
    );
    for (let i = 0; i < 2; i++)
      await t.admin.query(
        `INSERT INTO police_report (organisation_id, incident_id, consent_id, filed_on, filed_by) VALUES ($1, $2, $3, '2026-03-11', $4)`,
        [org.id, threat, consent.rows[0].id, adviser.id],
      );
    await t.admin.query(
      `UPDATE deadline SET state = 'done', done_at = due_at - interval '1 hour' WHERE incident_id = $1 AND kind = 'aftercare_1'`,
      [threat],
    );
    for (const [name, count] of [
      ['Gemeente Een', 40],
      ['Gemeente Twee', 25],
      ['Gemeente Drie', 60],
      ['Gemeente Vier', 12],
      ['Gemeente Vijf', 33],
    ] as const)
      others.push(await otherOrganisation(name, count));
  });
  afterAll(() => t.close());

  it('an organisation that did not opt in is not counted, and its adviser is told how to take part', async () => {
    expect(await runBenchmarkRefresh(t.db, NOW)).toBe(0);
    const b = await benchmark();
    expect(b.profile.participating).toBe(false);
    expect(b.own).toBeNull();
    expect(b.group).toBeNull();
  });

  it('opting in counts the organisation’s own years at once: the same numbers as its dashboard', async () => {
    await optIn(org, admin, profile());
    const counts = await withOrganisation(t.db, org.id, (tx) => ownCounts(tx, YEAR));
    expect(counts).toMatchObject({
      incidents: 4,
      officeHolderIncidents: 3,
      employeeIncidents: 1,
      levels: { emotional: 1, verbal_aggression: 1, threat: 1, physical_violence: 1 },
      online: 2,
      policeReported: 1,
      aftercareOnTime: 1,
    });
    const dashboard = await withOrganisation(t.db, org.id, (tx) =>
      figuresFor(tx, signedInAs(adviser, org), { from: '2026-01-01', to: '2026-12-31' }, NOW),
    );
    const count = (dimension: 'level' | 'group', key: string) => dashboard.by[dimension].find((c) => c.key === key)!.count;
    expect(counts!.incidents).toBe(dashboard.total);
    expect(counts!.online).toBe(dashboard.online);
    expect(counts!.officeHolderIncidents).toBe(count('group', 'office_holder'));
    expect(counts!.employeeIncidents).toBe(count('group', 'employee'));
    expect(counts!.levels.threat).toBe(count('level', 'threat'));
    const aftercare = dashboard.onTime.aftercare;
    expect(counts!.aftercareOnTime).toBe(aftercare.onTime);
    expect(counts!.aftercareDue).toBe(aftercare.onTime + aftercare.late + aftercare.overdue);
    expect(counts!.aftercareDue).toBeGreaterThan(1);
    const last = await withOrganisation(t.db, org.id, (tx) => ownCounts(tx, 2025));
    expect(last?.incidents).toBe(1);
    // Years without incidents have a row of zeros: the headcounts still count in a group.
    expect((await withOrganisation(t.db, org.id, (tx) => ownCounts(tx, 2023)))?.incidents).toBe(0);
    const own = (await benchmark()).own!;
    expect(own.incidentsPerOfficeHolder).toEqual({ value: 0.1 });
    expect(own.incidentsPer1000Employees).toEqual({ value: 2.5 });
    expect(own.onlineShare).toEqual({ value: 50 });
    expect(own.policeReportRate).toEqual({ value: 25 });
  });

  it('with four other participants there is no group figure; a fifth makes one, summed over the five', async () => {
    for (const o of others.slice(0, 4)) await optIn(o.org, o.admin, profile({ officeHolders: 25, employees: 300 }));
    // Participants of another kind or size class, and an organisation that did not opt in, are in no group.
    await optIn(others[4]!.org, others[4]!.admin, profile({ sizeClass: '50k_100k' }));
    const outsider = await otherOrganisation('Gemeente Niet', 80);
    await withOrganisation(t.db, outsider.org.id, (tx) =>
      changeBenchmarkSettings(
        tx,
        signedInAs(outsider.admin, outsider.org),
        { organisationId: outsider.org.id, userId: null, originIp: null },
        {
          ...profile(),
          participating: false,
        },
      ),
    );
    await runBenchmarkRefresh(t.db, NOW);
    expect((await benchmark()).group).toBeNull();
    expect(await withOrganisation(t.db, org.id, (tx) => groupCounts(tx, YEAR))).toBeUndefined();

    await optIn(others[4]!.org, others[4]!.admin, profile({ officeHolders: 25, employees: 300 }));
    await runBenchmarkRefresh(t.db, NOW);
    const group = await withOrganisation(t.db, org.id, (tx) => groupCounts(tx, YEAR));
    const ids = others.map((o) => o.org.id);
    const expected = (
      await t.admin.query(
        `SELECT count(*)::int AS incidents, count(*) FILTER (WHERE level = 'threat')::int AS threat,
           count(*) FILTER (WHERE channel IN ('email', 'social_media'))::int AS online
         FROM incident WHERE organisation_id = ANY($1) AND status <> 'draft'
           AND occurred_at >= '2026-01-01T00:00:00+01:00' AND occurred_at < '2027-01-01T00:00:00+01:00'`,
        [ids],
      )
    ).rows[0];
    expect(group).toMatchObject({
      organisations: 5,
      officeHolders: 125,
      employees: 1500,
      incidents: 170,
      levels: expect.objectContaining({ threat: expected.threat }),
      online: expected.online,
      officeHolderIncidents: 170,
      employeeIncidents: 0,
    });
    expect(expected.incidents).toBe(170);
    const b = await benchmark();
    expect(b.group?.organisations).toBe(5);
    expect(b.group?.figures.incidentsPerOfficeHolder).toEqual({ value: Math.round((170 / 125) * 100) / 100 });
    // Nothing affected employees in the group: zero is shown, not suppressed.
    expect(b.group?.figures.incidentsPer1000Employees).toEqual({ value: 0 });
    // The group is the others: each of them sees a group without itself, of the same five minus one plus us.
    const seenByOne = await withOrganisation(t.db, others[0]!.org.id, (tx) => groupCounts(tx, YEAR));
    expect(seenByOne).toMatchObject({ organisations: 5, incidents: 170 - 40 + 4 });
  });

  it('the group answers sums and a number of organisations only: no id or name of any of them', async () => {
    const { rows, fields } = await withOrganisation(t.db, org.id, async (tx) => {
      return sql`SELECT * FROM app_benchmark_group(${YEAR}::int, 0)`
        .execute(tx)
        .then((r) => ({ rows: r.rows, fields: Object.keys(r.rows[0] ?? {}) }));
    });
    expect(rows).toHaveLength(1);
    expect(fields).toEqual([
      'organisations',
      'officeHolders',
      'employees',
      'incidents',
      'officeHolderIncidents',
      'employeeIncidents',
      'levelEmotional',
      'levelVerbalAggression',
      'levelThreat',
      'levelPhysicalViolence',
      'online',
      'policeReported',
      'aftercareOnTime',
      'aftercareDue',
    ]);
    const text = JSON.stringify(rows);
    for (const o of others) {
      expect(text).not.toContain(o.org.id);
      expect(text).not.toContain(o.org.name);
    }
  });

  it('row-level security: the program reads only its own counts, writes none, and cannot count another organisation', async () => {
    const visible = await withOrganisation(t.db, org.id, async (tx) => {
      return (await sql<{ organisationId: string }>`SELECT DISTINCT organisation_id FROM benchmark_figures`.execute(tx)).rows;
    });
    expect(visible.map((r) => r.organisationId)).toEqual([org.id]);
    await expect(
      withOrganisation(t.db, org.id, (tx) => sql`INSERT INTO benchmark_figures SELECT * FROM benchmark_figures`.execute(tx)),
    ).rejects.toThrow(/permission denied/);
    await expect(
      withOrganisation(t.db, org.id, (tx) =>
        sql`SELECT app_refresh_benchmark(2026, 2026, now(), '{}', '{}', ${others[0]!.org.id}::uuid)`.execute(tx),
      ),
    ).rejects.toThrow(/another organisation/);
    // Without an organisation the program sees no counts at all; only the function reads across.
    const none = await withoutOrganisation(t.db, async (tx) => (await sql`SELECT * FROM benchmark_figures`.execute(tx)).rows);
    expect(none).toEqual([]);
  });

  it('a group is never smaller than five others, whatever the caller asks', async () => {
    await optIn(others[1]!.org, others[1]!.admin, { ...profile(), participating: false });
    expect(
      (await t.admin.query('SELECT count(*)::int AS n FROM benchmark_figures WHERE organisation_id = $1', [others[1]!.org.id])).rows[0].n,
    ).toBe(0);
    const rows = await withOrganisation(
      t.db,
      org.id,
      async (tx) => (await sql`SELECT * FROM app_benchmark_group(${YEAR}::int, 1)`.execute(tx)).rows,
    );
    expect(rows).toEqual([]);
    expect((await benchmark()).group).toBeNull();
  });

  it('taking part needs kind, size class and both headcounts', async () => {
    await expect(optIn(org, admin, profile({ kind: null, employees: null }))).rejects.toMatchObject({
      status: 400,
      fields: { kind: 'benchmark.error.kind', employees: 'benchmark.error.employees' },
    });
  });
});
