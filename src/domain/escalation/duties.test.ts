import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCaller, reportBody } from '../../../test/api.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeOrganisation } from '../../../test/factories.js';
import { buildTestServer } from '../../../test/http.js';
import { withOrganisation } from '../../db/database.js';
import { openCaseDuties } from './duties.js';

/** Due moments with fixed clocks: weekends and Dutch public holidays are not working days. */
describe('case duties computed from the moment of the report', () => {
  let t: TestDatabase;
  let organisationId = '';
  let incidentId = '';

  beforeAll(async () => {
    t = await createTestDatabase();
    const app = await buildTestServer(t.db);
    const org = await makeOrganisation(t.db);
    organisationId = org.id;
    const councillor = await makeCaller(app, t.db, org, ['council_member']);
    await makeCaller(app, t.db, org, ['security_adviser']);
    incidentId = (
      await councillor.post('/api/v1/incidents', reportBody({ level: 'verbal_aggression', behaviours: ['insult'], injury: {} }))
    ).json().id;
    await app.close();
  });
  afterAll(() => t.close());

  const dueOf = async (now: Date, kind: string) => {
    await t.admin.query('DELETE FROM deadline WHERE incident_id = $1 AND kind = $2', [incidentId, kind]);
    await withOrganisation(t.db, organisationId, (tx) => openCaseDuties(tx, organisationId, incidentId, now));
    return (await t.admin.query('SELECT due_at FROM deadline WHERE incident_id = $1 AND kind = $2', [incidentId, kind])).rows[0]?.due_at as
      Date | undefined;
  };

  it('verbal aggression without injury opens no police or inspectorate duty', async () => {
    expect(await dueOf(new Date('2026-11-20T14:00:00Z'), 'police_report')).toBeUndefined();
    expect(await dueOf(new Date('2026-11-20T14:00:00Z'), 'labour_inspectorate')).toBeUndefined();
  });

  it('a threat reported on Friday afternoon must reach the police by Tuesday afternoon', async () => {
    await t.admin.query("UPDATE incident SET level = 'threat' WHERE id = $1", [incidentId]);
    expect((await dueOf(new Date('2026-11-20T14:00:00Z'), 'police_report'))?.toISOString()).toBe('2026-11-24T14:00:00.000Z');
  });

  it('reported the day before Christmas Eve, the 2 working days end after Boxing Day and the weekend', async () => {
    expect((await dueOf(new Date('2026-12-23T09:00:00Z'), 'police_report'))?.toISOString()).toBe('2026-12-28T09:00:00.000Z');
  });

  it('before King’s Day and over Easter Monday', async () => {
    // Friday 24 April → Monday 27 April is King’s Day → Tuesday 28 and Wednesday 29.
    expect((await dueOf(new Date('2026-04-24T10:00:00Z'), 'police_report'))?.toISOString()).toBe('2026-04-29T10:00:00.000Z');
    expect((await dueOf(new Date('2026-04-03T10:00:00Z'), 'police_report'))?.toISOString()).toBe('2026-04-08T10:00:00.000Z');
  });

  it('serious harm: the inspectorate within 24 hours, weekend or not', async () => {
    await t.admin.query('UPDATE incident SET injury_hospital = true WHERE id = $1', [incidentId]);
    expect((await dueOf(new Date('2026-11-21T22:00:00Z'), 'labour_inspectorate'))?.toISOString()).toBe('2026-11-22T22:00:00.000Z');
  });
});
