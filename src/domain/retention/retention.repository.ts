import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../db/database.js';
import { additive, parts, PER_DAY } from '../insight/insight.repository.js';
import { RETENTION_DEFAULTS, type HoldKind, type RetentionPeriods } from './retention.js';

/** SQL for the retention rules (docs/retention.md). Every statement runs inside one organisation. */

const org = sql`app_current_organisation()`;
const dayOf = (column: RawBuilder<unknown>) => sql`(${column} AT TIME ZONE 'Europe/Amsterdam')::date`;

export async function findPeriods(tx: Tx): Promise<RetentionPeriods> {
  const row = await tx
    .selectFrom('retentionPolicy')
    .select(['incidentYears', 'aftercareNoteMonths', 'perpetratorMonths', 'banYears', 'sessionWeeks', 'notificationWeeks'])
    .executeTakeFirst();
  return row ?? { ...RETENTION_DEFAULTS };
}

export async function savePeriods(tx: Tx, organisationId: string, periods: RetentionPeriods, updatedBy: string | null): Promise<void> {
  await tx
    .insertInto('retentionPolicy')
    .values({ organisationId, ...periods, updatedBy })
    .onConflict((oc) => oc.column('organisationId').doUpdateSet({ ...periods, updatedBy, updatedAt: new Date() }))
    .execute();
}

/** Whether an incident is held, and by what, at a date: its hold by hand, a running prosecution, a ban in force. */
const holdColumns = (incident: RawBuilder<unknown>, asOf: string) => sql`
  EXISTS (SELECT 1 FROM incident_hold h WHERE h.organisation_id = ${org} AND h.incident_id = ${incident}) AS manual,
  EXISTS (SELECT 1 FROM police_report p WHERE p.organisation_id = ${org} AND p.incident_id = ${incident}
    AND p.prosecution_status = 'pending') AS prosecution,
  EXISTS (SELECT 1 FROM measure b WHERE b.organisation_id = ${org} AND b.incident_id = ${incident} AND b.kind = 'ban'
    AND b.state IN ('decided', 'carried_out') AND (b.starts_on IS NULL OR b.starts_on <= ${asOf}::date)
    AND (b.ends_on IS NULL OR b.ends_on >= ${asOf}::date)) AS ban_in_force`;

interface HoldFlags {
  manual: boolean;
  prosecution: boolean;
  banInForce: boolean;
}

export const holdsOf = (flags: HoldFlags): HoldKind[] => [
  ...(flags.manual ? (['manual'] as const) : []),
  ...(flags.prosecution ? (['prosecution'] as const) : []),
  ...(flags.banInForce ? (['ban_in_force'] as const) : []),
];

export interface TermRow extends HoldFlags {
  id: string;
  number: number | null;
  since: string;
  due: string;
}

/** Closed incidents whose term ended on or before the date, with their holds. */
export async function closedPastTerm(tx: Tx, asOf: string, years: number): Promise<TermRow[]> {
  const { rows } = await sql<TermRow>`
    SELECT i.id, i.number, ${dayOf(sql`i.closed_at`)}::text AS since,
      (${dayOf(sql`i.closed_at`)} + make_interval(years => ${years}))::date::text AS due,
      ${holdColumns(sql`i.id`, asOf)}
    FROM incident i
    WHERE i.organisation_id = ${org} AND i.status = 'closed' AND i.closed_at IS NOT NULL
      AND ${dayOf(sql`i.closed_at`)} + make_interval(years => ${years}) <= ${asOf}::date
    ORDER BY i.closed_at, i.id`.execute(tx);
  return rows;
}

/** Open (reported, in progress) incidents without a change for the incident term, not yet put before the adviser. */
export async function openPastTerm(tx: Tx, asOf: string, years: number): Promise<TermRow[]> {
  const { rows } = await sql<TermRow>`
    SELECT i.id, i.number, ${dayOf(sql`i.updated_at`)}::text AS since,
      (${dayOf(sql`i.updated_at`)} + make_interval(years => ${years}))::date::text AS due,
      ${holdColumns(sql`i.id`, asOf)}
    FROM incident i
    WHERE i.organisation_id = ${org} AND i.status IN ('reported', 'in_progress')
      AND ${dayOf(sql`i.updated_at`)} + make_interval(years => ${years}) <= ${asOf}::date
      AND NOT EXISTS (SELECT 1 FROM retention_review r WHERE r.organisation_id = ${org} AND r.incident_id = i.id)
    ORDER BY i.updated_at, i.id`.execute(tx);
  return rows;
}

export async function markReviewed(tx: Tx, organisationId: string, incidentId: string): Promise<void> {
  await tx
    .insertInto('retentionReview')
    .values({ organisationId, incidentId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The active security advisers of the organisation (who review open incidents past their term). */
export async function securityAdvisers(tx: Tx): Promise<string[]> {
  const rows = await tx
    .selectFrom('userRole')
    .innerJoin('appUser', (j) =>
      j.onRef('appUser.organisationId', '=', 'userRole.organisationId').onRef('appUser.id', '=', 'userRole.userId'),
    )
    .select('appUser.id')
    .where('userRole.role', '=', 'security_adviser')
    .where('appUser.active', '=', true)
    .execute();
  return rows.map((r) => r.id);
}

export interface BanRow extends TermRow {
  incidentId: string;
}

/** Bans whose end date lies the ban term before the date, on incidents without a hold. */
export async function bansPastTerm(tx: Tx, asOf: string, years: number): Promise<BanRow[]> {
  const { rows } = await sql<BanRow>`
    SELECT m.id, m.incident_id, i.number, m.ends_on::text AS since,
      (m.ends_on + make_interval(years => ${years}))::date::text AS due,
      ${holdColumns(sql`m.incident_id`, asOf)}
    FROM measure m JOIN incident i ON i.organisation_id = m.organisation_id AND i.id = m.incident_id
    WHERE m.organisation_id = ${org} AND m.kind = 'ban' AND m.ends_on IS NOT NULL
      AND m.ends_on + make_interval(years => ${years}) <= ${asOf}::date
    ORDER BY m.ends_on, m.id`.execute(tx);
  return rows;
}

export interface NoteRow extends TermRow {
  kind: 'aftercare_conversation' | 'referral';
}

/**
 * Aftercare notes (conversation notes and referral notes) of an affected person whose last
 * conversation on the incident lies the note term before the date.
 */
export async function notesPastTerm(tx: Tx, asOf: string, months: number): Promise<NoteRow[]> {
  const { rows } = await sql<NoteRow>`
    WITH last AS (
      SELECT c.incident_id, c.affected_user_id,
        max(${dayOf(sql`greatest(c.created_at, c.offered_at, c.planned_at, c.responded_at, c.held_at)`)}) AS day
      FROM aftercare_conversation c WHERE c.organisation_id = ${org}
      GROUP BY c.incident_id, c.affected_user_id),
    due AS (
      SELECT l.*, (l.day + make_interval(months => ${months}))::date AS due FROM last l
      WHERE l.day + make_interval(months => ${months}) <= ${asOf}::date),
    notes AS (
      SELECT 'aftercare_conversation' AS kind, c.id, c.incident_id, d.day, d.due FROM aftercare_conversation c
      JOIN due d ON d.incident_id = c.incident_id AND d.affected_user_id = c.affected_user_id
      WHERE c.organisation_id = ${org} AND c.notes IS NOT NULL
      UNION ALL
      SELECT 'referral', r.id, r.incident_id, d.day, d.due FROM referral r
      JOIN due d ON d.incident_id = r.incident_id AND d.affected_user_id = r.affected_user_id
      WHERE r.organisation_id = ${org} AND r.note IS NOT NULL)
    SELECT n.kind, n.id, i.number, n.day::text AS since, n.due::text AS due, ${holdColumns(sql`n.incident_id`, asOf)}
    FROM notes n JOIN incident i ON i.organisation_id = ${org} AND i.id = n.incident_id
    ORDER BY n.day, n.id`.execute(tx);
  return rows;
}

export async function clearNote(tx: Tx, kind: NoteRow['kind'], id: string): Promise<void> {
  if (kind === 'aftercare_conversation') await tx.updateTable('aftercareConversation').set({ notes: null }).where('id', '=', id).execute();
  else await tx.updateTable('referral').set({ note: null }).where('id', '=', id).execute();
}

/** Perpetrator records that no incident or measure (a ban is a measure) refers to, unchanged for the term, with no request of theirs open. */
export async function unreferencedPerpetrators(tx: Tx, asOf: string, months: number): Promise<TermRow[]> {
  const { rows } = await sql<TermRow>`
    SELECT p.id, NULL::int AS number, ${dayOf(sql`p.updated_at`)}::text AS since,
      (${dayOf(sql`p.updated_at`)} + make_interval(months => ${months}))::date::text AS due,
      false AS manual, false AS prosecution, false AS ban_in_force
    FROM perpetrator p
    WHERE p.organisation_id = ${org}
      AND NOT EXISTS (SELECT 1 FROM incident_perpetrator l WHERE l.organisation_id = ${org} AND l.perpetrator_id = p.id)
      AND NOT EXISTS (SELECT 1 FROM measure m WHERE m.organisation_id = ${org} AND m.perpetrator_id = p.id)
      -- A request from the person still being answered (issue 11 §2): the data stays until it is.
      AND NOT EXISTS (SELECT 1 FROM data_request r WHERE r.organisation_id = ${org} AND r.subject_perpetrator_id = p.id AND r.decision IS NULL)
      AND ${dayOf(sql`p.updated_at`)} + make_interval(months => ${months}) <= ${asOf}::date
    ORDER BY p.updated_at, p.id`.execute(tx);
  return rows;
}

export interface SimpleRow {
  id: string;
  since: string;
  due: string;
}

/** Sessions, tokens, notifications and delivered mails past their term (weeks). */
export async function simplePastTerm(
  tx: Tx,
  what: 'session' | 'api_token' | 'notification' | 'outbox_mail',
  asOf: string,
  weeks: number,
): Promise<SimpleRow[]> {
  const from = {
    session: sql`s.expires_at`,
    api_token: sql`least(coalesce(s.revoked_at, s.expires_at), s.expires_at)`,
    notification: sql`s.created_at`,
    outbox_mail: sql`s.created_at`,
  }[what];
  const extra = what === 'outbox_mail' ? sql`AND s.status IN ('sent', 'failed')` : sql``;
  const { rows } = await sql<SimpleRow>`
    SELECT s.id, ${dayOf(from)}::text AS since, (${dayOf(from)} + make_interval(weeks => ${weeks}))::date::text AS due
    FROM ${sql.table(what)} s
    WHERE s.organisation_id = ${org} AND ${dayOf(from)} + make_interval(weeks => ${weeks}) <= ${asOf}::date ${extra}
    ORDER BY 2, s.id`.execute(tx);
  return rows;
}

export async function deleteSimple(tx: Tx, what: 'session' | 'api_token' | 'notification' | 'outbox_mail', ids: readonly string[]) {
  if (ids.length === 0) return;
  await sql`DELETE FROM ${sql.table(what)} WHERE organisation_id = ${org} AND id = ANY(${ids}::uuid[])`.execute(tx);
}

export interface FigureRow {
  day: string;
  dimension: string;
  key: string;
  count: number;
}

/**
 * One incident's figures as the day summary counts them (the same branches, so a kept record
 * adds up with the stored and live counts), plus its aftercare: offered to how many, held how often.
 */
export async function incidentFigures(tx: Tx, incidentId: string): Promise<FigureRow[]> {
  const { rows } = await sql<FigureRow>`
    WITH v AS MATERIALIZED (
      SELECT i.organisation_id, i.id, i.level, i.channel, i.behaviours, i.targets, i.perpetrator_kind, i.status,
        i.occurred_at, i.online_platform, ${dayOf(sql`i.occurred_at`)} AS day
      FROM incident i WHERE i.organisation_id = ${org} AND i.id = ${incidentId}::uuid AND i.status <> 'draft'),
    ${parts(true)},
    care AS (
      SELECT v.day,
        count(DISTINCT c.affected_user_id) FILTER (WHERE c.state <> 'planned' OR c.offered_at IS NOT NULL) AS offered,
        count(*) FILTER (WHERE c.state = 'held') AS held
      FROM v JOIN aftercare_conversation c ON c.organisation_id = v.organisation_id AND c.incident_id = v.id GROUP BY v.day)
    SELECT day::text AS day, dimension, key, count::float8 AS count FROM (
      ${additive(PER_DAY)}
      UNION ALL SELECT day, 'aftercare_offered', 'all', offered FROM care
      UNION ALL SELECT day, 'aftercare_held', 'all', held FROM care) x
    WHERE count <> 0`.execute(tx);
  return rows;
}

/** Keeps what a deletion takes from the figures: before less after, as one anonymous record. */
export async function keepFigures(
  tx: Tx,
  organisationId: string,
  before: readonly FigureRow[],
  after: readonly FigureRow[],
): Promise<void> {
  const left = new Map(after.map((r) => [`${r.day}\u0000${r.dimension}\u0000${r.key}`, r.count]));
  const delta = before
    .map((r) => ({ ...r, count: r.count - (left.get(`${r.day}\u0000${r.dimension}\u0000${r.key}`) ?? 0) }))
    .filter((r) => r.count !== 0);
  if (delta.length === 0) return;
  const { rows } = await sql<{ id: string }>`SELECT gen_random_uuid()::text AS id`.execute(tx);
  const recordId = rows[0]!.id;
  await tx
    .insertInto('retainedFigure')
    .values(delta.map((r) => ({ organisationId, recordId, day: r.day, dimension: r.dimension, key: r.key, count: r.count })))
    .execute();
}

/** The files (evidence, letters) an incident or a measure names, to remove from the store after the commit. */
export async function filesOf(tx: Tx, by: { incidentId: string } | { measureId: string }) {
  if ('incidentId' in by) {
    const evidence = await tx.selectFrom('evidenceFile').select(['id', 'sha256']).where('incidentId', '=', by.incidentId).execute();
    const letters = await tx.selectFrom('letter').select(['id', 'sha256']).where('incidentId', '=', by.incidentId).execute();
    return { evidence, letters };
  }
  const letters = await tx.selectFrom('letter').select(['id', 'sha256']).where('measureId', '=', by.measureId).execute();
  return { evidence: [], letters };
}

/**
 * Deletes an incident and everything attached to it, children first. A table this list does
 * not know that still refers to the incident makes the delete fail (a foreign key): the caller
 * runs it in a savepoint and keeps the incident (reported as blocked).
 */
export async function deleteIncidentTree(tx: Tx, incidentId: string): Promise<void> {
  const id = sql`${incidentId}::uuid`;
  const consultations = sql`SELECT c.id FROM consultation c WHERE c.organisation_id = ${org} AND c.incident_id = ${id}`;
  const statements = [
    sql`DELETE FROM letter WHERE organisation_id = ${org} AND incident_id = ${id}`,
    sql`DELETE FROM evidence_file WHERE organisation_id = ${org} AND incident_id = ${id}`,
    sql`DELETE FROM online_message WHERE organisation_id = ${org} AND incident_id = ${id}`,
    sql`DELETE FROM referral WHERE organisation_id = ${org} AND incident_id = ${id}`,
    sql`DELETE FROM aftercare_conversation WHERE organisation_id = ${org} AND incident_id = ${id}`,
    sql`DELETE FROM deadline WHERE organisation_id = ${org} AND incident_id = ${id}`,
    sql`DELETE FROM notification WHERE organisation_id = ${org} AND (incident_id = ${id} OR consultation_id IN (${consultations}))`,
    sql`DELETE FROM consultation_message WHERE organisation_id = ${org} AND consultation_id IN (${consultations})`,
    sql`DELETE FROM consultation_participant WHERE organisation_id = ${org} AND consultation_id IN (${consultations})`,
    sql`DELETE FROM consultation WHERE organisation_id = ${org} AND incident_id = ${id}`,
    sql`DELETE FROM police_report WHERE organisation_id = ${org} AND incident_id = ${id}`,
    sql`DELETE FROM police_consent WHERE organisation_id = ${org} AND incident_id = ${id}`,
    sql`DELETE FROM damage_item WHERE organisation_id = ${org} AND incident_id = ${id}`,
    sql`DELETE FROM escalation WHERE organisation_id = ${org} AND incident_id = ${id}`,
    sql`DELETE FROM triangle_item WHERE organisation_id = ${org} AND incident_id = ${id}`,
    sql`DELETE FROM security_measure WHERE organisation_id = ${org} AND incident_id = ${id}`,
    sql`DELETE FROM measure WHERE organisation_id = ${org} AND incident_id = ${id}`,
    sql`DELETE FROM incident_perpetrator WHERE organisation_id = ${org} AND incident_id = ${id}`,
    // Append-only for the program: removed through the one function that may (migration 0018).
    sql`SELECT app_retention_delete_incident_events(${id})`,
    sql`DELETE FROM incident_affected WHERE organisation_id = ${org} AND incident_id = ${id}`,
    sql`DELETE FROM incident_access WHERE organisation_id = ${org} AND incident_id = ${id}`,
    // The stored summary's link names the incident's id: its day is recounted (the delete marks it).
    sql`DELETE FROM insight_day_link WHERE organisation_id = ${org} AND incident_id = ${id}`,
    sql`DELETE FROM incident WHERE organisation_id = ${org} AND id = ${id}`,
  ];
  for (const statement of statements) await statement.execute(tx);
}

/** Deletes one ban (a measure) with its letters and its duties. */
export async function deleteMeasure(tx: Tx, measureId: string): Promise<void> {
  const id = sql`${measureId}::uuid`;
  await sql`DELETE FROM letter WHERE organisation_id = ${org} AND measure_id = ${id}`.execute(tx);
  await sql`DELETE FROM deadline WHERE organisation_id = ${org} AND subject_id = ${id}`.execute(tx);
  await sql`DELETE FROM measure WHERE organisation_id = ${org} AND id = ${id}`.execute(tx);
}

export async function deletePerpetrator(tx: Tx, perpetratorId: string): Promise<void> {
  await sql`DELETE FROM perpetrator WHERE organisation_id = ${org} AND id = ${perpetratorId}::uuid`.execute(tx);
}

/** Whether any evidence or letter of any organisation still names the file. */
export async function fileInUse(tx: Tx, sha256: string): Promise<boolean> {
  const { rows } = await sql<{ used: boolean }>`SELECT app_stored_file_in_use(${sha256}) AS used`.execute(tx);
  return rows[0]?.used ?? true;
}

export async function organisationIds(tx: Tx): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`SELECT id FROM app_retention_organisations()`.execute(tx);
  return rows.map((r) => r.id);
}

/** Only one run per organisation at a time (several servers): false when another holds it. */
export async function lockOrganisationRun(tx: Tx, organisationId: string): Promise<boolean> {
  const { rows } = await sql<{ locked: boolean }>`
    SELECT pg_try_advisory_xact_lock(hashtextextended('retention:' || ${organisationId}, 0)) AS locked`.execute(tx);
  return rows[0]?.locked ?? false;
}

// ---- Holds by hand ----

export async function findHold(tx: Tx, incidentId: string) {
  return tx.selectFrom('incidentHold').select(['reason', 'placedBy', 'placedAt']).where('incidentId', '=', incidentId).executeTakeFirst();
}

export async function upsertHold(tx: Tx, values: { organisationId: string; incidentId: string; reason: string; placedBy: string }) {
  await tx
    .insertInto('incidentHold')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['organisationId', 'incidentId']).doUpdateSet({ reason: values.reason, placedBy: values.placedBy, placedAt: new Date() }),
    )
    .execute();
}

export async function removeHold(tx: Tx, incidentId: string): Promise<boolean> {
  const result = await tx.deleteFrom('incidentHold').where('incidentId', '=', incidentId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The automatic holds of one incident at a date. */
export async function automaticHolds(tx: Tx, incidentId: string, asOf: string): Promise<HoldKind[]> {
  const { rows } = await sql<HoldFlags>`SELECT ${holdColumns(sql`${incidentId}::uuid`, asOf)}`.execute(tx);
  return holdsOf({ ...rows[0]!, manual: false });
}
