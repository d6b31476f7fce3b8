import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../../db/database.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { actAs, createIncident, makeOrganisation, makeUser, signedInAs } from '../../../test/factories.js';
import { runInsightSummaryRound } from '../../jobs/insight-summary.js';
import { verifyAuditChain } from '../audit/audit.js';
import { localEvidenceStore, type EvidenceStore } from '../evidence/evidence-store.js';
import { councilReport } from '../insight/council-report.js';
import { figuresFor } from '../insight/figures.js';
import type { Organisation } from '../organisation/organisation.js';
import type { User } from '../user/user.js';
import { liftHold, placeHold } from './hold.js';
import { runRetention, runRetentionFor } from './run-retention.js';

/**
 * Retention (issue 11 §1) on a real database with a fixed date (`asOf`): what goes, what stays
 * held, what is put before the adviser, that the audit chain holds and the figures stay.
 */
describe('retention run', () => {
  let t: TestDatabase;
  let store: EvidenceStore;
  const storeDir = path.join(os.tmpdir(), `wb-retention-${process.pid}-${Date.now()}`);
  const AS_OF = '2026-12-01';

  interface World {
    org: Organisation;
    adviser: User;
    reporter: User;
  }
  const world = async (name: string): Promise<World> => {
    const org = await makeOrganisation(t.db, name);
    const adviser = await makeUser(t.db, org, ['security_adviser']);
    const reporter = await makeUser(t.db, org, ['employee']);
    return { org, adviser, reporter };
  };
  const report = (w: World, occurredAt = '2019-03-10T10:00:00+01:00', extra: Record<string, unknown> = {}) =>
    createIncident(t.db, { user: w.reporter, organisation: w.org }, { occurredAt, ...extra });
  const close = async (id: string, closedAt = '2019-06-01T12:00:00+02:00') =>
    t.admin.query(`UPDATE incident SET status = 'closed', closed_at = $2, updated_at = $2 WHERE id = $1`, [id, closedAt]);
  const exists = async (table: string, column: string, id: string) =>
    (await t.admin.query(`SELECT 1 FROM ${table} WHERE ${column} = $1`, [id])).rowCount! > 0;
  const addEvidence = async (w: World, incidentId: string, content: string) => {
    const { sha256, size } = await store.put(Buffer.from(content));
    await t.admin.query(
      `INSERT INTO evidence_file (organisation_id, incident_id, sha256, size_bytes, media_type, file_name, uploaded_by)
       VALUES ($1, $2, $3, $4, 'text/plain', 'bewijs.txt', $5)`,
      [w.org.id, incidentId, sha256, size, w.reporter.id],
    );
    return path.join(storeDir, sha256.slice(0, 2), sha256);
  };
  const run = (w: World, dryRun = false, asOf = AS_OF) => runRetentionFor(t.db, store, w.org.id, { asOf, dryRun });

  beforeAll(async () => {
    t = await createTestDatabase();
    store = localEvidenceStore(storeDir);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a dry run lists what would go and deletes nothing; the real run deletes rows and files, audited by id', async () => {
    const w = await world('Gemeente Droog');
    const old = await report(w);
    await close(old);
    const file = await addEvidence(w, old, `bewijs ${old}`);
    const recent = await report(w, '2026-10-01T10:00:00+02:00');
    await close(recent, '2026-10-05T12:00:00+02:00');
    const auditBefore = (await t.admin.query(`SELECT count(*)::int AS n FROM audit_event`)).rows[0].n;

    const dry = (await run(w, true))!;
    expect(dry.dryRun).toBe(true);
    expect(dry.deleted.filter((i) => i.kind === 'incident').map((i) => i.id)).toEqual([old]);
    expect(dry.deleted[0]).toMatchObject({ rule: 'incident_closed', since: '2019-06-01', due: '2024-06-01' });
    expect(dry.files).toBe(1);
    expect(await exists('incident', 'id', old)).toBe(true);
    expect(await exists('evidence_file', 'incident_id', old)).toBe(true);
    expect(existsSync(file)).toBe(true);
    expect((await t.admin.query(`SELECT count(*)::int AS n FROM audit_event`)).rows[0].n).toBe(auditBefore);
    expect((await t.admin.query(`SELECT count(*)::int AS n FROM retained_figure WHERE organisation_id = $1`, [w.org.id])).rows[0].n).toBe(
      0,
    );

    const real = (await run(w))!;
    expect(real.deleted.filter((i) => i.kind === 'incident').map((i) => i.id)).toEqual([old]);
    for (const [table, column] of [
      ['incident', 'id'],
      ['evidence_file', 'incident_id'],
      ['incident_access', 'incident_id'],
      ['incident_affected', 'incident_id'],
      ['incident_event', 'incident_id'],
      ['deadline', 'incident_id'],
      ['aftercare_conversation', 'incident_id'],
      ['notification', 'incident_id'],
    ] as const)
      expect(await exists(table, column, old), table).toBe(false);
    expect(existsSync(file)).toBe(false);
    expect(await exists('incident', 'id', recent)).toBe(true);

    const audited = await t.admin.query(
      `SELECT action, object_type, object_id, actor_user_id FROM audit_event WHERE action LIKE 'retention.%' AND organisation_id = $1 ORDER BY seq`,
      [w.org.id],
    );
    expect(audited.rows).toContainEqual({
      action: 'retention.incident_closed',
      object_type: 'incident',
      object_id: old,
      actor_user_id: null,
    });
    expect(audited.rows.some((r: { object_type: string }) => r.object_type === 'evidence_file')).toBe(true);
    expect(await verifyAuditChain(t.owner)).toMatchObject({ intact: true });

    // Nothing is left to do at the same date.
    expect((await run(w))!.deleted).toEqual([]);
  });

  it('keeps a file another incident still names (files are stored once by content)', async () => {
    const w = await world('Gemeente Gedeeld');
    const old = await report(w);
    await close(old);
    const kept = await report(w, '2026-10-01T10:00:00+02:00');
    const file = await addEvidence(w, old, 'hetzelfde bestand');
    await addEvidence(w, kept, 'hetzelfde bestand');
    await run(w);
    expect(await exists('incident', 'id', old)).toBe(false);
    expect(existsSync(file)).toBe(true);
  });

  it('holds stop deletion: by hand until lifted, a running prosecution, a ban in force', async () => {
    const w = await world('Gemeente Vast');
    const [manual, prosecuted, banned] = [await report(w), await report(w), await report(w)];
    for (const id of [manual, prosecuted, banned]) await close(id);
    await actAs(t.db, { user: w.adviser, organisation: w.org }, (tx, me) =>
      placeHold(tx, me, manual, { reason: 'Civiele procedure loopt' }),
    );
    const consent = await t.admin.query(
      `INSERT INTO police_consent (organisation_id, incident_id, affected_user_id, given, how, given_at, recorded_by)
       VALUES ($1, $2, $3, true, 'mondeling', now(), $3) RETURNING id`,
      [w.org.id, prosecuted, w.reporter.id],
    );
    await t.admin.query(
      `INSERT INTO police_report (organisation_id, incident_id, consent_id, filed_on, filed_by, prosecution_status)
       VALUES ($1, $2, $3, '2019-05-01', $4, 'pending')`,
      [w.org.id, prosecuted, consent.rows[0].id, w.adviser.id],
    );
    await t.admin.query(
      `INSERT INTO measure (organisation_id, incident_id, kind, state, reasons, starts_on, ends_on, proposed_by)
       VALUES ($1, $2, 'ban', 'decided', 'Herhaald', '2019-06-01', '2027-06-01', $3)`,
      [w.org.id, banned, w.adviser.id],
    );

    const result = (await run(w))!;
    expect(result.deleted.filter((i) => i.kind === 'incident')).toEqual([]);
    const holds = Object.fromEntries(result.held.map((h) => [h.id, h.holds]));
    expect(holds).toEqual({ [manual]: ['manual'], [prosecuted]: ['prosecution'], [banned]: ['ban_in_force'] });
    for (const id of [manual, prosecuted, banned]) expect(await exists('incident', 'id', id)).toBe(true);

    // Lifted by hand: the next run deletes it; the ban's end date passed: so does that one.
    await actAs(t.db, { user: w.adviser, organisation: w.org }, (tx, me) => liftHold(tx, me, manual));
    const later = (await run(w, false, '2027-07-01'))!;
    expect(
      later.deleted
        .filter((i) => i.kind === 'incident')
        .map((i) => i.id)
        .sort(),
    ).toEqual([manual, banned].sort());
    expect(await exists('incident', 'id', prosecuted)).toBe(true);
    const audited = await t.admin.query(`SELECT action FROM audit_event WHERE object_id = $1 ORDER BY seq`, [manual]);
    expect(audited.rows.map((r: { action: string }) => r.action)).toEqual(
      expect.arrayContaining(['retention.hold_placed', 'retention.hold_lifted', 'retention.incident_closed']),
    );
  });

  it('open incidents past their term are put before the adviser once, never deleted', async () => {
    const w = await world('Gemeente Open');
    const open = await report(w);
    await t.admin.query(`UPDATE incident SET status = 'in_progress', updated_at = '2019-04-01T10:00:00Z' WHERE id = $1`, [open]);

    const result = (await run(w))!;
    expect(result.flagged.map((i) => [i.id, i.rule])).toEqual([[open, 'open_incident_review']]);
    expect(result.deleted.filter((i) => i.kind === 'incident')).toEqual([]);
    expect(await exists('incident', 'id', open)).toBe(true);
    const told = await t.admin.query(`SELECT user_id FROM notification WHERE incident_id = $1 AND kind = 'retention_review'`, [open]);
    expect(told.rows.map((r: { user_id: string }) => r.user_id)).toEqual([w.adviser.id]);

    expect((await run(w))!.flagged).toEqual([]);
    expect(await exists('incident', 'id', open)).toBe(true);
  });

  it('deletes a perpetrator nothing refers to any more, old notifications and expired sessions', async () => {
    const w = await world('Gemeente Dader');
    const old = await report(w);
    await close(old);
    const perpetrator = await t.admin.query(
      `INSERT INTO perpetrator (organisation_id, kind, name, created_by, updated_at) VALUES ($1, 'person', 'J. Jansen', $2, '2019-05-01') RETURNING id`,
      [w.org.id, w.adviser.id],
    );
    const fresh = await t.admin.query(
      `INSERT INTO perpetrator (organisation_id, kind, name, created_by, updated_at) VALUES ($1, 'person', 'K. Nieuw', $2, '2026-11-20') RETURNING id`,
      [w.org.id, w.adviser.id],
    );
    await t.admin.query(
      `INSERT INTO incident_perpetrator (organisation_id, incident_id, perpetrator_id, linked_by) VALUES ($1, $2, $3, $4)`,
      [w.org.id, old, perpetrator.rows[0].id, w.adviser.id],
    );
    await t.admin.query(
      `INSERT INTO notification (organisation_id, user_id, kind, created_at) VALUES ($1, $2, 'case_role_changed', '2026-01-01')`,
      [w.org.id, w.adviser.id],
    );
    await t.admin.query(
      `INSERT INTO session (organisation_id, user_id, token_hash, csrf_token, stage, expires_at, ends_at)
       VALUES ($1, $2, 'x', 'y', 'complete', '2026-01-01', '2026-01-01')`,
      [w.org.id, w.adviser.id],
    );

    const result = (await run(w))!;
    const kinds = result.deleted.map((i) => i.kind);
    expect(kinds).toEqual(expect.arrayContaining(['incident', 'perpetrator', 'notification', 'session']));
    expect(await exists('perpetrator', 'id', perpetrator.rows[0].id)).toBe(false);
    expect(await exists('perpetrator', 'id', fresh.rows[0].id)).toBe(true);
    expect(
      (await t.admin.query(`SELECT 1 FROM session WHERE organisation_id = $1 AND expires_at < '2026-02-01'`, [w.org.id])).rowCount,
    ).toBe(0);
  });

  it('erases aftercare notes a shorter term after the last conversation, keeping the conversation', async () => {
    const w = await world('Gemeente Nazorg');
    const incident = await report(w, '2025-01-10T10:00:00+01:00', { affectedUserIds: [w.reporter.id] });
    await t.admin.query(
      `UPDATE aftercare_conversation SET notes = 'Slaapt slecht', created_at = '2025-01-10', held_at = '2025-01-11', state = 'held' WHERE incident_id = $1`,
      [incident],
    );
    const count = (await t.admin.query(`SELECT count(*)::int AS n FROM aftercare_conversation WHERE incident_id = $1`, [incident])).rows[0]
      .n;
    expect(count).toBeGreaterThan(0);
    await run(w);
    const left = await t.admin.query(`SELECT notes FROM aftercare_conversation WHERE incident_id = $1`, [incident]);
    expect(left.rows.length).toBe(count);
    expect(left.rows.every((r: { notes: string | null }) => r.notes === null)).toBe(true);
  });

  it("keeps a year's figures and council report the same after its incidents are deleted", async () => {
    const w = await world('Gemeente Cijfers');
    const council = await makeUser(t.db, w.org, ['council_member']);
    const ids = [
      await report(w, '2019-03-10T10:00:00+01:00', { affectedUserIds: [council.id] }),
      await report(w, '2019-03-10T15:00:00+01:00', { level: 'physical_violence', channel: 'face_to_face', behaviours: ['hitting'] }),
      await report(w, '2019-08-02T09:00:00+02:00'),
    ];
    for (const id of ids.slice(0, 2)) await close(id);
    // A handled case: its duties were done (on time and late). Duties still open when an incident
    // goes are nobody's any more and leave the "open now" count (docs/retention.md).
    await t.admin.query(`UPDATE deadline SET state = 'done', done_at = due_at - interval '1 hour' WHERE incident_id = $1`, [ids[0]]);
    await t.admin.query(`UPDATE deadline SET state = 'done', done_at = due_at + interval '1 day' WHERE incident_id = $1`, [ids[1]]);
    await t.admin.query(
      `INSERT INTO measure (organisation_id, incident_id, kind, state, reasons, proposed_by) VALUES ($1, $2, 'written_warning', 'carried_out', 'x', $3)`,
      [w.org.id, ids[1], w.adviser.id],
    );
    await t.admin.query(`UPDATE aftercare_conversation SET state = 'held', held_at = '2019-03-11' WHERE incident_id = $1`, [ids[0]]);
    const me = signedInAs(w.adviser, w.org);
    const figures = () => withOrganisation(t.db, w.org.id, (tx) => figuresFor(tx, me, { from: '2019-01-01', to: '2019-12-31' }));
    const report2019 = () => withOrganisation(t.db, w.org.id, (tx) => councilReport(tx, me, 2019));

    while ((await runInsightSummaryRound(t.db)) > 0);
    const before = await figures();
    const reportBefore = await report2019();
    expect(before.total).toBe(3);

    const result = (await run(w))!;
    expect(result.deleted.filter((i) => i.kind === 'incident')).toHaveLength(2);
    expect(await exists('incident', 'id', ids[0]!)).toBe(false);

    // Counted live (the days are dirty after the delete) and from the stored summary again.
    expect(await figures()).toEqual(before);
    expect(await report2019()).toEqual(reportBefore);
    while ((await runInsightSummaryRound(t.db)) > 0);
    expect(await figures()).toEqual(before);
    expect(await report2019()).toEqual(reportBefore);

    // The kept record holds counts only: no id of the incident, no person, no text.
    const kept = await t.admin.query(`SELECT * FROM retained_figure WHERE organisation_id = $1`, [w.org.id]);
    const text = JSON.stringify(kept.rows);
    for (const id of [...ids, council.id, w.reporter.id]) expect(text).not.toContain(id);
    expect(text).not.toContain('Facebook');
  });

  it('deletes a ban the ban term after its end, keeps the incident, and the figures still count the ban', async () => {
    const w = await world('Gemeente Verbod');
    const incident = await report(w, '2019-05-10T10:00:00+02:00');
    const ban = await t.admin.query(
      `INSERT INTO measure (organisation_id, incident_id, kind, state, reasons, starts_on, ends_on, proposed_by)
       VALUES ($1, $2, 'ban', 'ended', 'Herhaald', '2019-06-01', '2020-01-01', $3) RETURNING id`,
      [w.org.id, incident, w.adviser.id],
    );
    const me = signedInAs(w.adviser, w.org);
    const figures = () => withOrganisation(t.db, w.org.id, (tx) => figuresFor(tx, me, { from: '2019-01-01', to: '2019-12-31' }));
    while ((await runInsightSummaryRound(t.db)) > 0);
    const before = await figures();

    const result = (await run(w))!;
    expect(result.deleted.filter((i) => i.rule === 'ban_ended').map((i) => i.id)).toEqual([ban.rows[0].id]);
    expect(await exists('measure', 'id', ban.rows[0].id)).toBe(false);
    expect(await exists('incident', 'id', incident)).toBe(true);
    expect(await figures()).toEqual(before);
  });

  it('leaves another organisation untouched when run for one', async () => {
    const a = await world('Gemeente A');
    const b = await world('Gemeente B');
    const inA = await report(a);
    const inB = await report(b);
    await close(inA);
    await close(inB);
    const results = await runRetention(t.db, store, { asOf: AS_OF, dryRun: false, organisationId: a.org.id });
    expect(results.map((r) => r.organisationId)).toEqual([a.org.id]);
    expect(await exists('incident', 'id', inA)).toBe(false);
    expect(await exists('incident', 'id', inB)).toBe(true);
    expect(await verifyAuditChain(t.owner)).toMatchObject({ intact: true });
  });
});
