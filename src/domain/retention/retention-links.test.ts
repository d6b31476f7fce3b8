import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { createIncident, makeOrganisation, makeUser } from '../../../test/factories.js';
import { verifyAuditChain } from '../audit/audit.js';
import { localEvidenceStore } from '../evidence/evidence-store.js';
import { runRetentionFor } from './run-retention.js';

/**
 * Records that point at an incident or a perpetrator from elsewhere — the council-meeting
 * disruption log (append-only) and risk assessments — must not stop retention: the incident
 * or the perpetrator record goes, the log and the assessment stay, without the link.
 * Found when the retention run met an incident made from a disrupted meeting.
 */
describe('retention and the records that refer to an incident or perpetrator', () => {
  let t: TestDatabase;
  const store = localEvidenceStore(path.join(os.tmpdir(), `wb-retention-links-${process.pid}-${Date.now()}`));

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('deletes an old incident made from a disruption log and linked to a risk assessment; the log and the assessment stay', async () => {
    const org = await makeOrganisation(t.db, 'Gemeente Oud');
    const clerk = await makeUser(t.db, org, ['clerk']);
    const incident = await createIncident(t.db, { user: clerk, organisation: org }, { occurredAt: '2019-03-10T20:15:00+01:00' });
    await t.admin.query(`UPDATE incident SET status = 'closed', closed_at = '2019-06-01', updated_at = '2019-06-01' WHERE id = $1`, [
      incident,
    ]);
    const perpetrator = (
      await t.admin.query(
        `INSERT INTO perpetrator (organisation_id, kind, name, created_by, created_at, updated_at)
         VALUES ($1, 'person', 'Man in grijze jas', $2, '2019-03-11', '2019-03-11') RETURNING id`,
        [org.id, clerk.id],
      )
    ).rows[0].id;
    const meeting = (
      await t.admin.query(
        `INSERT INTO meeting (organisation_id, title, date, chair, created_by) VALUES ($1, 'Raad', '2019-03-10', 'Bos', $2) RETURNING id`,
        [org.id, clerk.id],
      )
    ).rows[0].id;
    const disruption = (
      await t.admin.query(
        `INSERT INTO disruption (organisation_id, meeting_id, description, perpetrator_id, created_by) VALUES ($1, $2, 'Roepen', $3, $4) RETURNING id`,
        [org.id, meeting, perpetrator, clerk.id],
      )
    ).rows[0].id;
    await t.admin.query(
      `INSERT INTO disruption_entry (organisation_id, disruption_id, kind, at, order_number, logged_by) VALUES ($1, $2, 'order_to_leave', '2019-03-10T20:15:00+01', 1, $3)`,
      [org.id, disruption, clerk.id],
    );
    await t.admin.query(`INSERT INTO disruption_incident (organisation_id, disruption_id, incident_id) VALUES ($1, $2, $3)`, [
      org.id,
      disruption,
      incident,
    ]);
    const assessment = (
      await t.admin.query(
        `INSERT INTO risk_assessment (organisation_id, kind, title, starts_at, created_by) VALUES ($1, 'group_meeting', 'Avond', '2019-03-10T19:30:00+01', $2) RETURNING id`,
        [org.id, clerk.id],
      )
    ).rows[0].id;
    await t.admin.query(
      `INSERT INTO risk_assessment_incident (organisation_id, assessment_id, incident_id, linked_by) VALUES ($1, $2, $3, $4)`,
      [org.id, assessment, incident, clerk.id],
    );
    await t.admin.query(`INSERT INTO risk_assessment_perpetrator (organisation_id, assessment_id, perpetrator_id) VALUES ($1, $2, $3)`, [
      org.id,
      assessment,
      perpetrator,
    ]);

    const result = (await runRetentionFor(t.db, store, org.id, { asOf: '2026-12-01', dryRun: false }))!;
    expect(result.blocked).toEqual([]);
    expect(result.deleted.map((d) => [d.kind, d.id])).toEqual(
      expect.arrayContaining([
        ['incident', incident],
        ['perpetrator', perpetrator],
      ]),
    );
    const count = async (query: string, id: string) => (await t.admin.query(query, [id])).rowCount;
    expect(await count('SELECT 1 FROM incident WHERE id = $1', incident)).toBe(0);
    expect(await count('SELECT 1 FROM disruption_incident WHERE incident_id = $1', incident)).toBe(0);
    expect(await count('SELECT 1 FROM risk_assessment_incident WHERE incident_id = $1', incident)).toBe(0);
    // The log of what happened at the meeting, and the assessment, stay.
    expect(await count('SELECT 1 FROM disruption_entry WHERE disruption_id = $1', disruption)).toBe(1);
    expect(await count('SELECT 1 FROM risk_assessment WHERE id = $1', assessment)).toBe(1);

    // The perpetrator record, referred to by no incident or measure, went too; the log keeps no link to it.
    expect(await count('SELECT 1 FROM perpetrator WHERE id = $1', perpetrator)).toBe(0);
    expect((await t.admin.query('SELECT perpetrator_id FROM disruption WHERE id = $1', [disruption])).rows[0].perpetrator_id).toBeNull();
    expect(await count('SELECT 1 FROM risk_assessment_perpetrator WHERE assessment_id = $1', assessment)).toBe(0);
    expect(await verifyAuditChain(t.owner)).toMatchObject({ intact: true });
  });
});
