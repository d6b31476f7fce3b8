import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { AssessmentKind, Precaution, PrecautionKind, Questionnaire, RiskAssessment, RiskLevel } from './risk-assessment.js';

export async function insertAssessment(
  tx: Tx,
  row: {
    organisationId: string;
    kind: AssessmentKind;
    title: string;
    startsAt: Date;
    location: string | null;
    chair: string | null;
    hostId: string | null;
    createdBy: string;
  },
): Promise<string> {
  return (await tx.insertInto('riskAssessment').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

function assessments(tx: Tx) {
  return tx
    .selectFrom('riskAssessment as r')
    .innerJoin('appUser as c', 'c.id', 'r.createdBy')
    .leftJoin('appUser as h', 'h.id', 'r.hostId')
    .select([
      'r.id',
      'r.kind',
      'r.title',
      'r.startsAt',
      'r.location',
      'r.chair',
      'r.hostId',
      'h.name as hostName',
      'r.topic',
      'r.sensitivity',
      'r.expectedAttendance',
      'r.access',
      'r.earlierIncidents',
      'r.livestream',
      'r.level',
      'r.assessedAt',
      'r.evaluation',
      'r.evaluatedAt',
      'c.id as creatorId',
      'c.name as creatorName',
      'r.createdAt',
      sql<string[]>`coalesce((SELECT array_agg(p.perpetrator_id ORDER BY p.perpetrator_id) FROM risk_assessment_perpetrator p
        WHERE p.assessment_id = r.id), '{}')`.as('perpetratorIds'),
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof assessments>['execute']>>[number];

function toAssessment(r: Row): RiskAssessment {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    startsAt: r.startsAt,
    location: r.location,
    chair: r.chair,
    host: r.hostId && r.hostName ? { id: r.hostId, name: r.hostName } : null,
    topic: r.topic,
    sensitivity: r.sensitivity,
    expectedAttendance: r.expectedAttendance,
    access: r.access,
    earlierIncidents: r.earlierIncidents,
    livestream: r.livestream,
    expectedPerpetratorIds: r.perpetratorIds,
    level: r.level,
    assessedAt: r.assessedAt,
    evaluation: r.evaluation,
    evaluatedAt: r.evaluatedAt,
    createdBy: { id: r.creatorId, name: r.creatorName },
    createdAt: r.createdAt,
  };
}

export async function findAssessment(tx: Tx, id: string): Promise<RiskAssessment | undefined> {
  const row = await assessments(tx).where('r.id', '=', id).executeTakeFirst();
  return row && toAssessment(row);
}

/** Locks the assessment while it changes, so two people deciding at once do not overwrite each other. */
export async function lockAssessment(tx: Tx, id: string): Promise<boolean> {
  return (await tx.selectFrom('riskAssessment').select('id').where('id', '=', id).forUpdate().executeTakeFirst()) !== undefined;
}

/** Assessments from `since` on (coming ones first by date), and the latest earlier ones. */
export async function listAssessments(tx: Tx, limit = 200): Promise<RiskAssessment[]> {
  return (await assessments(tx).orderBy('r.startsAt', 'desc').orderBy('r.createdAt', 'desc').limit(limit).execute()).map(toAssessment);
}

/** Conversations between two moments; of one host when given. */
export async function conversationsBetween(tx: Tx, from: Date, until: Date, hostId?: string): Promise<RiskAssessment[]> {
  let query = assessments(tx).where('r.kind', '=', 'conversation').where('r.startsAt', '>=', from).where('r.startsAt', '<', until);
  if (hostId) query = query.where('r.hostId', '=', hostId);
  return (await query.orderBy('r.startsAt').execute()).map(toAssessment);
}

export async function saveQuestionnaire(
  tx: Tx,
  id: string,
  q: Questionnaire,
  level: RiskLevel,
  perpetratorIds: readonly string[],
  by: { organisationId: string; userId: string; at: Date },
): Promise<void> {
  await tx
    .updateTable('riskAssessment')
    .set({
      topic: q.topic,
      sensitivity: q.sensitivity,
      expectedAttendance: q.expectedAttendance,
      access: q.access,
      earlierIncidents: q.earlierIncidents,
      livestream: q.livestream,
      location: q.location,
      chair: q.chair,
      level,
      assessedAt: by.at,
      assessedBy: by.userId,
    })
    .where('id', '=', id)
    .execute();
  await tx.deleteFrom('riskAssessmentPerpetrator').where('assessmentId', '=', id).execute();
  if (perpetratorIds.length > 0)
    await tx
      .insertInto('riskAssessmentPerpetrator')
      .values(perpetratorIds.map((perpetratorId) => ({ organisationId: by.organisationId, assessmentId: id, perpetratorId })))
      .execute();
}

/** Adds precautions that are not on the assessment yet; those already there keep their decision. */
export async function addPrecautions(
  tx: Tx,
  organisationId: string,
  assessmentId: string,
  kinds: readonly PrecautionKind[],
  suggested: boolean,
): Promise<void> {
  if (kinds.length === 0) return;
  await tx
    .insertInto('riskPrecaution')
    .values(kinds.map((kind) => ({ organisationId, assessmentId, kind, suggested })))
    .onConflict((oc) => oc.columns(['organisationId', 'assessmentId', 'kind']).doNothing())
    .execute();
}

/** A conversation's precautions are arranged when it is marked: taken, owned by whoever marked it. */
export async function insertTakenPrecautions(
  tx: Tx,
  row: { organisationId: string; assessmentId: string; kinds: readonly PrecautionKind[]; ownerId: string; at: Date },
): Promise<void> {
  await tx
    .insertInto('riskPrecaution')
    .values(
      row.kinds.map((kind) => ({
        organisationId: row.organisationId,
        assessmentId: row.assessmentId,
        kind,
        suggested: false,
        decision: 'taken' as const,
        ownerId: row.ownerId,
        decidedBy: row.ownerId,
        decidedAt: row.at,
      })),
    )
    .execute();
}

export async function precautionsOf(tx: Tx, assessmentIds: readonly string[]): Promise<Map<string, Precaution[]>> {
  const result = new Map<string, Precaution[]>(assessmentIds.map((id) => [id, []]));
  if (assessmentIds.length === 0) return result;
  const rows = await tx
    .selectFrom('riskPrecaution as p')
    .leftJoin('appUser as o', 'o.id', 'p.ownerId')
    .select([
      'p.id',
      'p.assessmentId',
      'p.kind',
      'p.suggested',
      'p.decision',
      'o.id as ownerId',
      'o.name as ownerName',
      'p.note',
      'p.decidedAt',
      'p.doneAt',
    ])
    .where('p.assessmentId', 'in', assessmentIds)
    .orderBy('p.createdAt')
    .orderBy('p.kind')
    .execute();
  for (const r of rows)
    result.get(r.assessmentId)!.push({
      id: r.id,
      kind: r.kind as PrecautionKind,
      suggested: r.suggested,
      decision: r.decision,
      owner: r.ownerId && r.ownerName ? { id: r.ownerId, name: r.ownerName } : null,
      note: r.note,
      decidedAt: r.decidedAt,
      doneAt: r.doneAt,
    });
  return result;
}

export async function findPrecaution(tx: Tx, id: string) {
  return tx
    .selectFrom('riskPrecaution')
    .select(['id', 'assessmentId', 'kind', 'decision', 'doneAt'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function decidePrecaution(
  tx: Tx,
  id: string,
  decision: { decision: 'taken' | 'declined'; ownerId: string | null; note: string | null; by: string; at: Date },
): Promise<void> {
  await tx
    .updateTable('riskPrecaution')
    .set({ decision: decision.decision, ownerId: decision.ownerId, note: decision.note, decidedBy: decision.by, decidedAt: decision.at })
    .where('id', '=', id)
    .execute();
}

export async function markPrecautionDone(tx: Tx, id: string, by: string, at: Date): Promise<void> {
  await tx.updateTable('riskPrecaution').set({ doneBy: by, doneAt: at }).where('id', '=', id).execute();
}

export async function saveEvaluation(tx: Tx, id: string, evaluation: string, by: string, at: Date): Promise<void> {
  await tx.updateTable('riskAssessment').set({ evaluation, evaluatedAt: at, evaluatedBy: by }).where('id', '=', id).execute();
}

export async function linkIncidents(tx: Tx, organisationId: string, assessmentId: string, incidentIds: readonly string[], by: string) {
  if (incidentIds.length === 0) return;
  await tx
    .insertInto('riskAssessmentIncident')
    .values(incidentIds.map((incidentId) => ({ organisationId, assessmentId, incidentId, linkedBy: by })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The incidents linked to an assessment, by number. */
export async function incidentsOf(tx: Tx, assessmentId: string): Promise<{ id: string; number: number | null }[]> {
  return tx
    .selectFrom('riskAssessmentIncident as l')
    .innerJoin('incident as i', 'i.id', 'l.incidentId')
    .select(['i.id', 'i.number'])
    .where('l.assessmentId', '=', assessmentId)
    .orderBy('i.number')
    .execute();
}

/** The incident with this number in the organisation, if any. */
export async function incidentByNumber(tx: Tx, number: number): Promise<string | undefined> {
  return (await tx.selectFrom('incident').select('id').where('number', '=', number).executeTakeFirst())?.id;
}

/** Which of these ids are perpetrators in the register (not merged away). */
export async function knownPerpetrators(tx: Tx, ids: readonly string[]): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return [];
  return tx.selectFrom('perpetrator').select(['id', 'name']).where('id', 'in', ids).where('mergedInto', 'is', null).execute();
}

/** Whether this person is an active member of the organisation (a host, an owner). */
export async function isActivePerson(tx: Tx, id: string): Promise<boolean> {
  return (await tx.selectFrom('appUser').select('id').where('id', '=', id).where('active', '=', true).executeTakeFirst()) !== undefined;
}

/** The register's records (not merged away), by name, to choose expected visitors from. */
export async function perpetratorChoices(tx: Tx, limit = 500): Promise<{ id: string; name: string }[]> {
  return tx.selectFrom('perpetrator').select(['id', 'name']).where('mergedInto', 'is', null).orderBy('name').limit(limit).execute();
}

export async function activePeople(tx: Tx): Promise<{ id: string; name: string }[]> {
  return tx.selectFrom('appUser').select(['id', 'name']).where('active', '=', true).orderBy('name').execute();
}
