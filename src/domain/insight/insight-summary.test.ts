import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { actAs, createIncident, makeOrganisation, makeUser, signedInAs } from '../../../test/factories.js';
import { withOrganisation, type Tx } from '../../db/database.js';
import { runInsightSummaryRound } from '../../jobs/insight-summary.js';
import type { Organisation } from '../organisation/organisation.js';
import { linkPerpetrator } from '../perpetrator/link-perpetrator.js';
import { createPerpetrator } from '../perpetrator/manage-perpetrator.js';
import { newPerpetratorSchema } from '../perpetrator/perpetrator.schema.js';
import type { User } from '../user/user.js';
import { figuresFor, liveFiguresFor, statistics } from './figures.js';
import type { Figures, InsightFilter } from './insight.js';

const YEAR: InsightFilter = { from: '2026-01-01', to: '2026-12-31' };
const NOW = new Date('2026-12-15T12:00:00+01:00');

/**
 * The stored day summary (migration 0011) answers exactly what counting live answers, at every
 * moment: before it is filled, after, and right after a change that it has not counted yet.
 */
describe('the day summary for viewers who see the whole organisation', () => {
  let t: TestDatabase;
  let org: Organisation;
  let adviser: User;
  let councillor: User;
  let employee: User;
  const incidents: string[] = [];

  const as = (user: User) => ({ user, organisation: org });
  const summarised = (user: User, filter = YEAR): Promise<Figures> =>
    withOrganisation(t.db, org.id, (tx) => figuresFor(tx, signedInAs(user, org), filter, NOW));
  const live = (user: User, filter = YEAR): Promise<Figures> =>
    withOrganisation(t.db, org.id, (tx) => liveFiguresFor(tx, signedInAs(user, org), filter, NOW));
  const storedDays = async () =>
    (
      await withOrganisation(t.db, org.id, (tx) =>
        sql<{ day: string }>`SELECT DISTINCT day::text AS day FROM insight_day_count ORDER BY day`.execute(tx),
      )
    ).rows.map((r) => r.day);
  const dirty = async () =>
    (
      await withOrganisation(t.db, org.id, (tx) =>
        sql<{ day: string }>`SELECT day::text AS day FROM insight_day_dirty ORDER BY day`.execute(tx),
      )
    ).rows.map((r) => r.day);

  beforeAll(async () => {
    t = await createTestDatabase();
    org = await makeOrganisation(t.db, 'Gemeente Samenvatting');
    adviser = await makeUser(t.db, org, ['security_adviser']);
    await makeUser(t.db, org, ['clerk']);
    await makeUser(t.db, org, ['mayor']);
    councillor = await makeUser(t.db, org, ['council_member']);
    employee = await makeUser(t.db, org, ['employee']);
    incidents.push(
      await createIncident(t.db, as(councillor), {
        occurredAt: '2026-03-10T21:00:00+01:00',
        channel: 'social_media',
        behaviours: ['threat_of_violence', 'intimidation'],
        targets: ['self', 'family'],
      }),
      await createIncident(t.db, as(councillor), { occurredAt: '2026-03-10T23:30:00+01:00', channel: 'email', level: 'verbal_aggression' }),
      await createIncident(t.db, as(employee), {
        occurredAt: '2026-05-02T10:00:00+02:00',
        channel: 'face_to_face',
        level: 'physical_violence',
        behaviours: ['hitting'],
        perpetrator: { kind: 'person' },
        injury: { physical: true },
      }),
    );
    await createIncident(t.db, as(employee), { occurredAt: '2026-06-01T10:00:00+02:00', draft: true });
    // A perpetrator in the register behind incidents on two different days: a repeat only over the period.
    await actAs(t.db, as(adviser), async (tx, me) => {
      const perpetratorId = await createPerpetrator(
        tx,
        me,
        newPerpetratorSchema.parse({ kind: 'person', name: 'Jan Herhaal', incidentId: incidents[0] }),
      );
      await linkPerpetrator(tx, me, incidents[2]!, { perpetratorId });
    });
  });
  afterAll(() => t.close());

  it('a change queues the days it touches, drafts queue nothing, and a round counts and stores them', async () => {
    expect(await dirty()).toEqual(['2026-03-10', '2026-05-02']);
    expect(await storedDays()).toEqual([]);
    const before = await summarised(adviser);
    expect(before.total).toBe(3);
    expect(before.repeat).toMatchObject({ perpetrators: 1, incidents: 2 });

    expect(await runInsightSummaryRound(t.db)).toBe(2);
    expect(await dirty()).toEqual([]);
    expect(await storedDays()).toEqual(['2026-03-10', '2026-05-02']);
    // Stored and live agree in every figure, the repeat perpetrator across two stored days included.
    expect(await summarised(adviser)).toEqual(before);
    expect(await summarised(adviser)).toEqual(await live(adviser));
  });

  it('a stored day that changes is counted live at once, in the same transaction as the change', async () => {
    await runInsightSummaryRound(t.db);
    await withOrganisation(t.db, org.id, async (tx) => {
      await sql`INSERT INTO measure (organisation_id, incident_id, kind, state, reasons, proposed_by, proposed_at, starts_on, ends_on)
        VALUES (${org.id}, ${incidents[0]}, 'ban', 'decided', 'Herhaalde bedreiging', ${adviser.id}, now(), '2026-03-11', '2027-03-11')`.execute(
        tx,
      );
      const inside = await figuresFor(tx, signedInAs(adviser, org), YEAR, NOW);
      expect(inside.handling.measuresByKind.find((c) => c.key === 'ban')?.count).toBe(1);
      expect(inside.handling.bansInForce).toBe(1);
    });
    expect(await dirty()).toEqual(['2026-03-10']);
    expect(await summarised(adviser)).toEqual(await live(adviser));
    await runInsightSummaryRound(t.db);
    expect(await dirty()).toEqual([]);
    expect(await summarised(adviser)).toEqual(await live(adviser));
  });

  it('moving an incident to another day, and a role change of someone affected, queue both days', async () => {
    await runInsightSummaryRound(t.db);
    await withOrganisation(t.db, org.id, (tx) =>
      sql`UPDATE incident SET occurred_at = '2026-07-01T12:00:00+02:00' WHERE id = ${incidents[1]}`.execute(tx),
    );
    expect(await dirty()).toEqual(['2026-03-10', '2026-07-01']);
    expect((await summarised(adviser)).by.month.find((c) => c.key === '2026-07')?.count).toBe(1);
    await runInsightSummaryRound(t.db);
    await withOrganisation(t.db, org.id, (tx) =>
      sql`INSERT INTO user_role (organisation_id, user_id, role) VALUES (${org.id}, ${councillor.id}, 'alderman')`.execute(tx),
    );
    expect(await dirty()).toEqual(['2026-03-10', '2026-07-01']);
    expect((await summarised(adviser)).by.role.find((c) => c.key === 'alderman')?.count).toBe(2);
    await runInsightSummaryRound(t.db);
    expect(await summarised(adviser)).toEqual(await live(adviser));
  });

  it('a day with a change on its way is left for the next round, never counted without it', async () => {
    await runInsightSummaryRound(t.db);
    const touch = (tx: Tx, reason: string) =>
      sql`INSERT INTO measure (organisation_id, incident_id, kind, state, reasons, proposed_by, proposed_at)
        VALUES (${org.id}, ${incidents[2]}, 'oral_warning', 'proposed', ${reason}, ${adviser.id}, now())`.execute(tx);
    await withOrganisation(t.db, org.id, (tx) => touch(tx, 'Eerste'));
    await withOrganisation(t.db, org.id, async (tx) => {
      await touch(tx, 'Tweede, nog niet vastgelegd');
      // The writer holds the day until it commits: the round skips it.
      expect(await runInsightSummaryRound(t.db)).toBe(0);
    });
    expect(await dirty()).toEqual(['2026-05-02']);
    expect(await runInsightSummaryRound(t.db)).toBe(1);
    const f = await summarised(adviser);
    expect(f.handling.measuresByKind.find((c) => c.key === 'oral_warning')?.count).toBe(2);
    expect(f).toEqual(await live(adviser));
  });

  it('someone who may not open every incident is never counted from the summary', async () => {
    await runInsightSummaryRound(t.db);
    // An adviser who arrives after the reports is informed of all of them (seed 001 §5.1), and counts them from the summary.
    const newAdviser = await makeUser(t.db, org, ['security_adviser']);
    expect(await summarised(newAdviser)).toEqual(await summarised(adviser));
    // A clerk who arrives later sees only what is routed to them from then on.
    const clerk = await makeUser(t.db, org, ['clerk']);
    await createIncident(t.db, as(councillor), { occurredAt: '2026-09-09T09:00:00+02:00' });
    await runInsightSummaryRound(t.db);
    const f = await summarised(clerk);
    expect(f.total).toBe(1);
    expect(f).toEqual(await live(clerk));
    // The adviser informed of everything still sees the whole, from the summary.
    expect((await summarised(adviser)).total).toBe(4);
  });

  it('filters and the statistics API give what counting live gives', async () => {
    await runInsightSummaryRound(t.db);
    for (const filter of [
      { ...YEAR, level: 'threat' as const },
      { ...YEAR, group: 'employee' as const },
      { from: '2026-03-10', to: '2026-03-10' },
    ])
      expect(await summarised(adviser, filter)).toEqual(await live(adviser, filter));
    const s = await withOrganisation(t.db, org.id, (tx) => statistics(tx, signedInAs(adviser, org), YEAR, 'behaviour'));
    expect(s.total).toBe(4);
    expect(s.data.find((c) => c.key === 'hitting')).toEqual({ key: 'hitting', count: 1 });
  });
});
