import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { createIncident, makeOrganisation, makeUser, signedInAs } from '../../../test/factories.js';
import { withOrganisation } from '../../db/database.js';
import type { Organisation } from '../organisation/organisation.js';
import type { User } from '../user/user.js';
import { insightFigures, statistics } from './figures.js';
import type { Count, Figures, InsightFilter } from './insight.js';

const YEAR_2026: InsightFilter = { from: '2026-01-01', to: '2026-12-31' };
const nonZero = (counts: Count[]) => Object.fromEntries(counts.filter((c) => c.count > 0).map((c) => [c.key, c.count]));

/** A known set of incidents, counted per dimension, for viewers who see all, some or none of them. */
describe('figures count the incidents the viewer may see', () => {
  let t: TestDatabase;
  let org: Organisation;
  let adviser: User;
  let clerk: User;
  let councillor: User;

  beforeAll(async () => {
    t = await createTestDatabase();
    org = await makeOrganisation(t.db);
    adviser = await makeUser(t.db, org, ['security_adviser']);
    clerk = await makeUser(t.db, org, ['clerk']);
    await makeUser(t.db, org, ['mayor']);
    councillor = await makeUser(t.db, org, ['council_member']);
    const colleague = await makeUser(t.db, org, ['council_member']);
    const employee = await makeUser(t.db, org, ['employee']);
    const as = (user: User) => ({ user, organisation: org });
    await createIncident(t.db, as(councillor), {
      occurredAt: '2026-03-10T21:00:00+01:00',
      channel: 'social_media',
      level: 'threat',
      behaviours: ['threat_of_violence', 'intimidation'],
      targets: ['self', 'family'],
    });
    await createIncident(t.db, as(councillor), {
      occurredAt: '2026-03-31T23:30:00+02:00',
      channel: 'email',
      level: 'verbal_aggression',
      behaviours: ['insult'],
      perpetrator: { kind: 'collective' },
    });
    await createIncident(t.db, as(employee), {
      occurredAt: '2026-05-02T10:00:00+02:00',
      channel: 'face_to_face',
      level: 'physical_violence',
      behaviours: ['hitting'],
      perpetrator: { kind: 'person' },
      injury: { physical: true },
    });
    await createIncident(t.db, as(employee), { occurredAt: '2026-06-01T10:00:00+02:00', draft: true });
    await createIncident(t.db, as(colleague), { occurredAt: '2025-06-01T10:00:00+02:00' });
    // Either side of New Year in Amsterdam: the second is 2025 in UTC but 2026 here.
    await createIncident(t.db, as(colleague), { occurredAt: '2025-12-31T23:59:00+01:00' });
    await createIncident(t.db, as(colleague), { occurredAt: '2026-01-01T00:30:00+01:00' });
  });
  afterAll(() => t.close());

  const figures = (user: User, filter: InsightFilter = YEAR_2026, now?: Date): Promise<Figures> =>
    withOrganisation(t.db, org.id, (tx) => insightFigures(tx, signedInAs(user, org), filter, now));

  it('the security adviser, informed of everything, counts every reported incident of the period by each dimension', async () => {
    const f = await figures(adviser);
    expect(f.total).toBe(4);
    expect(f.online).toBe(3);
    expect(nonZero(f.by.level)).toEqual({ threat: 2, verbal_aggression: 1, physical_violence: 1 });
    expect(f.by.level.map((c) => c.key)).toEqual(['emotional', 'verbal_aggression', 'threat', 'physical_violence']);
    expect(nonZero(f.by.behaviour)).toEqual({ threat_of_violence: 2, intimidation: 1, insult: 1, hitting: 1 });
    expect(nonZero(f.by.channel)).toEqual({ social_media: 2, email: 1, face_to_face: 1 });
    expect(nonZero(f.by.month)).toEqual({ '2026-01': 1, '2026-03': 2, '2026-05': 1 });
    expect(f.by.month).toHaveLength(12);
    expect(nonZero(f.by.target)).toEqual({ self: 4, family: 1 });
    expect(nonZero(f.by.perpetrator_kind)).toEqual({ person: 1, collective: 1, unknown: 2 });
    expect(nonZero(f.by.role)).toEqual({ council_member: 3, employee: 1 });
    expect(nonZero(f.by.role_category)).toEqual({ council: 3, employees: 1 });
    expect(nonZero(f.by.group)).toEqual({ office_holder: 3, employee: 1 });
    expect(nonZero(f.by.status)).toEqual({ reported: 4 });
    expect(f.repeat.bothGroups).toBe(0);
  });

  it('the clerk counts only the office holders’ incidents routed to them, never the employee’s', async () => {
    const f = await figures(clerk);
    expect(f.total).toBe(3);
    expect(nonZero(f.by.role)).toEqual({ council_member: 3 });
    expect(nonZero(f.by.level)).toEqual({ threat: 2, verbal_aggression: 1 });
  });

  it('filters by level, channel and group affected, and counts the period of last year', async () => {
    expect((await figures(adviser, { ...YEAR_2026, level: 'threat' })).total).toBe(2);
    expect((await figures(adviser, { ...YEAR_2026, channel: 'email' })).total).toBe(1);
    expect((await figures(adviser, { ...YEAR_2026, group: 'employee' })).total).toBe(1);
    expect((await figures(adviser, { ...YEAR_2026, group: 'office_holder' })).total).toBe(3);
    expect((await figures(adviser, { from: '2025-01-01', to: '2025-12-31' })).total).toBe(2);
  });

  it('the protocol on time: a labour-inspectorate notice still open after its 24 hours is overdue', async () => {
    const later = new Date(Date.now() + 3 * 86_400_000);
    const f = await figures(adviser, YEAR_2026, later);
    expect(f.onTime.labourInspectorate).toEqual({ onTime: 0, late: 0, overdue: 1 });
    expect(f.onTime.perpetratorResponse.overdue).toBe(4);
    expect(f.onTime.overdueDeadlines).toBeGreaterThanOrEqual(5);
    expect((await figures(adviser)).onTime.labourInspectorate.overdue).toBe(0);
  });

  it('one breakdown for programs, with the total of incidents beside it', async () => {
    const s = await withOrganisation(t.db, org.id, (tx) => statistics(tx, signedInAs(adviser, org), YEAR_2026, 'behaviour'));
    expect(s.total).toBe(4);
    expect(s.data.find((c) => c.key === 'threat_of_violence')).toEqual({ key: 'threat_of_violence', count: 2 });
  });

  it('a council member has no figures here (404), and another organisation’s adviser counts none of these', async () => {
    await expect(figures(councillor)).rejects.toMatchObject({ status: 404 });
    const other = await makeOrganisation(t.db, 'Gemeente Elders');
    const otherAdviser = await makeUser(t.db, other, ['security_adviser']);
    const f = await withOrganisation(t.db, other.id, (tx) => insightFigures(tx, signedInAs(otherAdviser, other), YEAR_2026));
    expect(f.total).toBe(0);
  });
});
