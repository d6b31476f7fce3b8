import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { createIncident, makeOrganisation, makeUser } from '../../../test/factories.js';
import { withOrganisation } from '../../db/database.js';
import type { NewIncidentInput } from '../incident/incident.schema.js';
import type { Organisation } from '../organisation/organisation.js';
import type { User } from '../user/user.js';
import { openCaseDuties } from './duties.js';

/**
 * Due moments with fixed clocks: weekends and Dutch public holidays are not working days.
 * Each test reports an incident of its own, of the level and injury it is about.
 */
describe('case duties computed from the moment of the report', () => {
  let t: TestDatabase;
  let org: Organisation;
  let councillor: User;

  beforeAll(async () => {
    t = await createTestDatabase();
    org = await makeOrganisation(t.db);
    councillor = await makeUser(t.db, org, ['council_member']);
    await makeUser(t.db, org, ['security_adviser']);
  });
  afterAll(() => t.close());

  const report = (overrides: Partial<NewIncidentInput>) =>
    createIncident(t.db, { user: councillor, organisation: org }, { injury: {}, ...overrides });
  const threat = () => report({ level: 'threat' });

  /** The duty of this kind as openCaseDuties opens it at `now` (any opened at the report itself is removed first). */
  const dueOf = async (incidentId: string, now: Date, kind: string) => {
    await t.admin.query('DELETE FROM deadline WHERE incident_id = $1 AND kind = $2', [incidentId, kind]);
    await withOrganisation(t.db, org.id, (tx) => openCaseDuties(tx, org.id, incidentId, now));
    return (await t.admin.query('SELECT due_at FROM deadline WHERE incident_id = $1 AND kind = $2', [incidentId, kind])).rows[0]?.due_at as
      Date | undefined;
  };

  it('verbal aggression without injury opens no police or inspectorate duty', async () => {
    const incidentId = await report({ level: 'verbal_aggression', behaviours: ['insult'] });
    expect(await dueOf(incidentId, new Date('2026-11-20T14:00:00Z'), 'police_report')).toBeUndefined();
    expect(await dueOf(incidentId, new Date('2026-11-20T14:00:00Z'), 'labour_inspectorate')).toBeUndefined();
  });

  it('a threat reported on Friday afternoon must reach the police by Tuesday afternoon', async () => {
    const incidentId = await threat();
    expect((await dueOf(incidentId, new Date('2026-11-20T14:00:00Z'), 'police_report'))?.toISOString()).toBe('2026-11-24T14:00:00.000Z');
  });

  it('reported the day before Christmas Eve, the 2 working days end after Boxing Day and the weekend', async () => {
    const incidentId = await threat();
    expect((await dueOf(incidentId, new Date('2026-12-23T09:00:00Z'), 'police_report'))?.toISOString()).toBe('2026-12-28T09:00:00.000Z');
  });

  it('before King’s Day and over Easter Monday', async () => {
    const incidentId = await threat();
    // Friday 24 April → Monday 27 April is King’s Day → Tuesday 28 and Wednesday 29.
    expect((await dueOf(incidentId, new Date('2026-04-24T10:00:00Z'), 'police_report'))?.toISOString()).toBe('2026-04-29T10:00:00.000Z');
    expect((await dueOf(incidentId, new Date('2026-04-03T10:00:00Z'), 'police_report'))?.toISOString()).toBe('2026-04-08T10:00:00.000Z');
  });

  it('serious harm: the inspectorate within 24 hours, weekend or not', async () => {
    const incidentId = await report({ level: 'threat', injury: { hospital: true } });
    expect((await dueOf(incidentId, new Date('2026-11-21T22:00:00Z'), 'labour_inspectorate'))?.toISOString()).toBe(
      '2026-11-22T22:00:00.000Z',
    );
  });
});
