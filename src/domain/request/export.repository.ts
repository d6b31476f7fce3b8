import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';

/**
 * What Weerbaar holds about one person, table by table, for an access export. These queries
 * read everything; compile-export.ts decides what leaves and what is left out (and counts it).
 */

const incidentColumns = [
  'i.id',
  'i.number',
  'i.status',
  'i.level',
  'i.channel',
  'i.behaviours',
  'i.occurredAt',
  'i.place',
  'i.description',
  'i.witnesses',
  'i.perpetratorName',
  'i.perpetratorDetails',
  'i.reportedAt',
  'i.closedAt',
] as const;

export async function accountOf(tx: Tx, userId: string) {
  const user = await tx
    .selectFrom('appUser as u')
    .leftJoin('appUser as m', 'm.id', 'u.managerId')
    .select(['u.name', 'u.email', 'u.active', 'u.createdAt', 'u.deactivatedAt', 'u.totpEnabledAt', 'u.mailDigest', 'm.name as manager'])
    .where('u.id', '=', userId)
    .executeTakeFirstOrThrow();
  const roles = (await tx.selectFrom('userRole').select('role').where('userId', '=', userId).orderBy('role').execute()).map((r) => r.role);
  const sessions = await tx
    .selectFrom('session')
    .select(['createdAt', 'lastSeenAt', 'expiresAt', 'userAgent', 'originIp'])
    .where('userId', '=', userId)
    .orderBy('createdAt', 'desc')
    .limit(200)
    .execute();
  const tokens = await tx
    .selectFrom('apiToken')
    .select(['name', 'createdAt', 'expiresAt', 'lastUsedAt', 'revokedAt'])
    .where('userId', '=', userId)
    .orderBy('createdAt')
    .execute();
  return { user, roles, sessions, tokens };
}

export async function incidentsReportedBy(tx: Tx, userId: string) {
  return tx
    .selectFrom('incident as i')
    .select(incidentColumns)
    .where((eb) => eb.or([eb('i.reporterId', '=', userId), eb('i.onBehalfOfId', '=', userId)]))
    .orderBy('i.occurredAt')
    .execute();
}

export async function incidentsAffecting(tx: Tx, userId: string) {
  return tx
    .selectFrom('incident as i')
    .innerJoin('incidentAffected as a', 'a.incidentId', 'i.id')
    .select(incidentColumns)
    .where('a.userId', '=', userId)
    .orderBy('i.occurredAt')
    .execute();
}

/** How many register records are linked to each of these incidents. */
export async function perpetratorLinks(tx: Tx, incidentIds: readonly string[]): Promise<number> {
  if (incidentIds.length === 0) return 0;
  const row = await tx
    .selectFrom('incidentPerpetrator')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('incidentId', 'in', incidentIds)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Other affected persons than this one, on these incidents. */
export async function otherAffected(tx: Tx, incidentIds: readonly string[], userId: string | null): Promise<number> {
  if (incidentIds.length === 0) return 0;
  let query = tx
    .selectFrom('incidentAffected')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('incidentId', 'in', incidentIds);
  if (userId) query = query.where('userId', '<>', userId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

export async function aftercareAbout(tx: Tx, userId: string) {
  const conversations = await tx
    .selectFrom('aftercareConversation as c')
    .innerJoin('incident as i', 'i.id', 'c.incidentId')
    .select(['i.number', 'c.number as conversation', 'c.state', 'c.offeredAt', 'c.plannedAt', 'c.heldAt', 'c.notes'])
    .where('c.affectedUserId', '=', userId)
    .orderBy('i.number')
    .orderBy('c.number')
    .execute();
  const referrals = await tx
    .selectFrom('referral as r')
    .innerJoin('incident as i', 'i.id', 'r.incidentId')
    .innerJoin('contact as k', 'k.id', 'r.contactId')
    .select(['i.number', 'k.name as contact', 'r.note', 'r.createdAt'])
    .where('r.affectedUserId', '=', userId)
    .orderBy('r.createdAt')
    .execute();
  const consents = await tx
    .selectFrom('policeConsent as p')
    .innerJoin('incident as i', 'i.id', 'p.incidentId')
    .select(['i.number', 'p.given', 'p.how', 'p.givenAt', 'p.shareBeyondHandlers'])
    .where('p.affectedUserId', '=', userId)
    .orderBy('p.givenAt')
    .execute();
  return { conversations, referrals, consents };
}

/** Incidents the person was given to read for their work (routing, always informed, granted, as caregiver). */
export async function incidentsInformed(tx: Tx, userId: string) {
  return tx
    .selectFrom('incidentAccess as a')
    .innerJoin('incident as i', 'i.id', 'a.incidentId')
    .select(['i.number', 'a.reason', 'a.grantedAt'])
    .where('a.userId', '=', userId)
    .where('a.reason', 'in', ['routed', 'always_inform', 'granted', 'caregiver'])
    .orderBy('a.grantedAt')
    .execute();
}

export async function notificationsOf(tx: Tx, userId: string) {
  return tx
    .selectFrom('notification')
    .select(['kind', 'createdAt', 'readAt'])
    .where('userId', '=', userId)
    .orderBy('createdAt')
    .limit(1000)
    .execute();
}

/** What the person did in Weerbaar: how often each action, from their organisation's audit trail. */
export async function activityOf(tx: Tx, userId: string) {
  const { rows } = await sql<{ action: string; count: number; first: Date; last: Date }>`
    SELECT action, count(*)::int AS count, min(occurred_at) AS first, max(occurred_at) AS last
    FROM audit_event WHERE actor_user_id = ${userId}::uuid GROUP BY action ORDER BY action`.execute(tx);
  return rows;
}

export async function perpetratorRecord(tx: Tx, perpetratorId: string) {
  return tx
    .selectFrom('perpetrator')
    .select(['kind', 'name', 'aliases', 'dateOfBirth', 'address', 'emails', 'phones', 'socialAccounts', 'notes', 'createdAt', 'updatedAt'])
    .where('id', '=', perpetratorId)
    .executeTakeFirst();
}

/** The incidents linked to a register record (directly, or through a measure against it). */
export async function incidentsOfPerpetrator(tx: Tx, perpetratorId: string) {
  return tx
    .selectFrom('incident as i')
    .select(incidentColumns)
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('incidentPerpetrator as l')
            .select('l.incidentId')
            .whereRef('l.incidentId', '=', 'i.id')
            .where('l.perpetratorId', '=', perpetratorId),
        ),
        eb.exists(
          eb.selectFrom('measure as m').select('m.id').whereRef('m.incidentId', '=', 'i.id').where('m.perpetratorId', '=', perpetratorId),
        ),
      ]),
    )
    .orderBy('i.occurredAt')
    .execute();
}

export async function measuresAgainst(tx: Tx, perpetratorId: string) {
  return tx
    .selectFrom('measure as m')
    .innerJoin('incident as i', 'i.id', 'm.incidentId')
    .select([
      'i.number',
      'm.id',
      'm.kind',
      'm.state',
      'm.facts',
      'm.reasons',
      'm.startsOn',
      'm.endsOn',
      'm.hearing',
      'm.hearingStatement',
      'm.decidedAt',
      'm.advice',
      'm.decisionNote',
    ])
    .where('m.perpetratorId', '=', perpetratorId)
    .orderBy('m.proposedAt')
    .execute();
}

export async function lettersTo(tx: Tx, measureIds: readonly string[]) {
  if (measureIds.length === 0) return [];
  return tx
    .selectFrom('letter')
    .select(['kind', 'format', 'createdAt'])
    .where('measureId', 'in', measureIds)
    .orderBy('createdAt')
    .execute();
}

export async function disruptionsBy(tx: Tx, perpetratorId: string) {
  const rows = await tx
    .selectFrom('disruption as d')
    .innerJoin('meeting as m', 'm.id', 'd.meetingId')
    .select(['d.id', 'd.description', 'm.title', 'm.date'])
    .where('d.perpetratorId', '=', perpetratorId)
    .orderBy('d.createdAt')
    .execute();
  const entries =
    rows.length === 0
      ? []
      : await tx
          .selectFrom('disruptionEntry')
          .select(['disruptionId', 'kind', 'at'])
          .where(
            'disruptionId',
            'in',
            rows.map((r) => r.id),
          )
          .where('kind', '<>', 'report_decision')
          .orderBy('seq')
          .execute();
  return rows.map((r) => ({ ...r, entries: entries.filter((e) => e.disruptionId === r.id) }));
}

/** How many of each thing that an export about these incidents leaves out there are. */
export async function attachedCounts(tx: Tx, incidentIds: readonly string[]) {
  const zero = { aftercare: 0, evidence: 0, consultations: 0, policeReports: 0, securityMeasures: 0, triangle: 0 };
  if (incidentIds.length === 0) return zero;
  const ids = sql`${incidentIds}::uuid[]`;
  const { rows } = await sql<typeof zero>`
    SELECT
      (SELECT count(*) FROM aftercare_conversation WHERE incident_id = ANY(${ids}))::int
        + (SELECT count(*) FROM referral WHERE incident_id = ANY(${ids}))::int AS aftercare,
      (SELECT count(*) FROM evidence_file WHERE incident_id = ANY(${ids}))::int AS evidence,
      (SELECT count(*) FROM consultation WHERE incident_id = ANY(${ids}))::int AS consultations,
      (SELECT count(*) FROM police_report WHERE incident_id = ANY(${ids}))::int AS police_reports,
      (SELECT count(*) FROM security_measure WHERE incident_id = ANY(${ids}))::int AS security_measures,
      (SELECT count(*) FROM triangle_item WHERE incident_id = ANY(${ids}))::int AS triangle`.execute(tx);
  return rows[0] ?? zero;
}
