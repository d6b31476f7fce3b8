import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import { ZONE } from '../../time/amsterdam.js';
import type { DeadlineKind } from '../deadline/deadline.js';
import type { Behaviour } from '../incident/norm.js';
import type { AnonymisedIncident, CouncilTerm, Invitee, SessionKind, Topic, TrainingSession } from './training.js';

export async function insertTerm(tx: Tx, row: { organisationId: string; startsOn: string; recordedBy: string }): Promise<string> {
  return (await tx.insertInto('councilTerm').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function findTermOn(tx: Tx, startsOn: string): Promise<{ id: string } | undefined> {
  return tx.selectFrom('councilTerm').select('id').where('startsOn', '=', startsOn).executeTakeFirst();
}

/** The terms, the latest first. */
export function terms(tx: Tx): Promise<CouncilTerm[]> {
  return tx.selectFrom('councilTerm').select(['id', 'startsOn', 'recordedAt']).orderBy('startsOn', 'desc').execute();
}

/** The term a day falls in: the latest that started on or before it. */
export function termOf(tx: Tx, day: string): Promise<CouncilTerm | undefined> {
  return tx
    .selectFrom('councilTerm')
    .select(['id', 'startsOn', 'recordedAt'])
    .where('startsOn', '<=', day)
    .orderBy('startsOn', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertSession(
  tx: Tx,
  row: {
    organisationId: string;
    kind: SessionKind;
    title: string;
    plannedOn: string;
    location: string | null;
    topics: Topic[];
    description: string | null;
    provider: string | null;
    withOfficials: boolean;
    termId: string | null;
    createdBy: string;
  },
): Promise<string> {
  return (await tx.insertInto('trainingSession').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

function sessions(tx: Tx) {
  return tx
    .selectFrom('trainingSession as s')
    .innerJoin('appUser as c', 'c.id', 's.createdBy')
    .select([
      's.id',
      's.kind',
      's.title',
      's.plannedOn',
      's.location',
      's.topics',
      's.description',
      's.provider',
      's.withOfficials',
      's.termId',
      's.heldAt',
      's.agreements',
      's.adjustProtocol',
      'c.id as creatorId',
      'c.name as creatorName',
      's.createdAt',
    ]);
}
type Row = Awaited<ReturnType<ReturnType<typeof sessions>['execute']>>[number];

function toSession(r: Row): TrainingSession {
  const { creatorId, creatorName, ...s } = r;
  return { ...s, topics: s.topics as Topic[], createdBy: { id: creatorId, name: creatorName } };
}

export async function findSession(tx: Tx, id: string): Promise<TrainingSession | undefined> {
  const row = await sessions(tx).where('s.id', '=', id).executeTakeFirst();
  return row && toSession(row);
}

/** Locks the session while attendance or a discussed incident is recorded. */
export async function lockSession(tx: Tx, id: string): Promise<boolean> {
  return (await tx.selectFrom('trainingSession').select('id').where('id', '=', id).forUpdate().executeTakeFirst()) !== undefined;
}

/** Sessions, the latest planned first. */
export async function listSessions(tx: Tx, limit = 300): Promise<TrainingSession[]> {
  return (await sessions(tx).orderBy('s.plannedOn', 'desc').orderBy('s.createdAt', 'desc').limit(limit).execute()).map(toSession);
}

/** Sessions of a kind planned in a calendar year. */
export async function sessionsOfYear(tx: Tx, year: number, kind?: SessionKind): Promise<TrainingSession[]> {
  let query = sessions(tx).where('s.plannedOn', '>=', `${year}-01-01`).where('s.plannedOn', '<=', `${year}-12-31`);
  if (kind) query = query.where('s.kind', '=', kind);
  return (await query.orderBy('s.plannedOn').execute()).map(toSession);
}

/** The sessions a person is invited to, with whether they attended. */
export async function sessionsOf(tx: Tx, userId: string): Promise<(TrainingSession & { attended: boolean | null })[]> {
  const rows = await sessions(tx)
    .innerJoin('trainingInvitee as i', 'i.sessionId', 's.id')
    .select('i.attended')
    .where('i.userId', '=', userId)
    .orderBy('s.plannedOn')
    .execute();
  return rows.map((r) => ({ ...toSession(r), attended: r.attended }));
}

/** Who is invited to each session, by name. */
export async function inviteesOf(tx: Tx, sessionIds: readonly string[]): Promise<Map<string, Invitee[]>> {
  const result = new Map<string, Invitee[]>(sessionIds.map((id) => [id, []]));
  if (sessionIds.length === 0) return result;
  const rows = await tx
    .selectFrom('trainingInvitee as i')
    .innerJoin('appUser as u', 'u.id', 'i.userId')
    .select(['i.sessionId', 'u.id', 'u.name', 'i.attended'])
    .where('i.sessionId', 'in', sessionIds)
    .orderBy('u.name')
    .execute();
  for (const r of rows) result.get(r.sessionId)!.push({ id: r.id, name: r.name, attended: r.attended });
  return result;
}

export async function invite(tx: Tx, organisationId: string, sessionId: string, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return;
  await tx
    .insertInto('trainingInvitee')
    .values(userIds.map((userId) => ({ organisationId, sessionId, userId, attended: null })))
    .onConflict((oc) => oc.columns(['organisationId', 'sessionId', 'userId']).doNothing())
    .execute();
}

/** Attendance: those named attended, every other invitee did not. */
export async function recordAttendance(tx: Tx, sessionId: string, attendedIds: readonly string[]): Promise<void> {
  await tx
    .updateTable('trainingInvitee')
    .set({ attended: attendedIds.length === 0 ? sql<boolean>`false` : sql<boolean>`user_id = ANY(${[...attendedIds]}::uuid[])` })
    .where('sessionId', '=', sessionId)
    .execute();
}

export async function markHeld(
  tx: Tx,
  id: string,
  held: { by: string; at: Date; agreements: string | null; adjustProtocol: boolean },
): Promise<void> {
  await tx
    .updateTable('trainingSession')
    .set({ heldAt: held.at, heldBy: held.by, agreements: held.agreements, adjustProtocol: held.adjustProtocol })
    .where('id', '=', id)
    .execute();
}

/** Which of these ids are active people of the organisation. */
export async function activePeople(tx: Tx, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  return (await tx.selectFrom('appUser').select('id').where('id', 'in', ids).where('active', '=', true).execute()).map((r) => r.id);
}

/** The active people holding any of these roles. */
export async function peopleWithRoles(tx: Tx, roles: readonly string[]): Promise<{ id: string; name: string; roles: string[] }[]> {
  const rows = await tx
    .selectFrom('appUser as u')
    .innerJoin('userRole as r', 'r.userId', 'u.id')
    .select(['u.id', 'u.name', 'r.role'])
    .where('u.active', '=', true)
    .orderBy('u.name')
    .execute();
  const byId = new Map<string, { id: string; name: string; roles: string[] }>();
  for (const r of rows) {
    const person = byId.get(r.id) ?? { id: r.id, name: r.name, roles: [] };
    person.roles.push(r.role);
    byId.set(r.id, person);
  }
  return [...byId.values()].filter((p) => p.roles.some((role) => roles.includes(role)));
}

export async function linkIncident(tx: Tx, row: { organisationId: string; sessionId: string; incidentId: string; linkedBy: string }) {
  await tx
    .insertInto('trainingSessionIncident')
    .values(row)
    .onConflict((oc) => oc.columns(['organisationId', 'sessionId', 'incidentId']).doNothing())
    .execute();
}

/** The incidents a session discussed, as the session shows them: what kind of case, never who or what was said. */
export async function anonymisedIncidents(tx: Tx, sessionId: string): Promise<AnonymisedIncident[]> {
  const rows = await tx
    .selectFrom('trainingSessionIncident as l')
    .innerJoin('incident as i', 'i.id', 'l.incidentId')
    .select([
      'l.id',
      'i.level',
      'i.channel',
      'i.behaviours',
      sql<string>`to_char(i.occurred_at AT TIME ZONE ${ZONE}, 'YYYY-MM')`.as('month'),
    ])
    .where('l.sessionId', '=', sessionId)
    .orderBy('month')
    .orderBy('l.linkedAt')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    level: r.level,
    channel: r.channel,
    month: r.month,
    behaviours: ([...r.behaviours] as Behaviour[]).sort(),
  }));
}

/** Whether a deadline of this kind about the subject was ever made with this due moment (so a second run makes none). */
export async function deadlineExists(tx: Tx, subjectId: string, kind: DeadlineKind, dueAt: Date): Promise<boolean> {
  return (
    (await tx
      .selectFrom('deadline')
      .select('id')
      .where('subjectId', '=', subjectId)
      .where('kind', '=', kind)
      .where('dueAt', '=', dueAt)
      .executeTakeFirst()) !== undefined
  );
}

/** The open (or overdue) organisation deadlines of a kind, about one subject or any. */
export async function openDeadlineIds(tx: Tx, kind: DeadlineKind, subjectId?: string): Promise<string[]> {
  let query = tx
    .selectFrom('deadline')
    .select('id')
    .where('kind', '=', kind)
    .where('incidentId', 'is', null)
    .where('state', 'in', ['open', 'overdue']);
  if (subjectId !== undefined) query = query.where('subjectId', '=', subjectId);
  return (await query.execute()).map((r) => r.id);
}

/** Start-of-term sessions planned before their term was recorded join it; answers whether one of them was held. */
export async function adoptTermSessions(tx: Tx, termId: string, startsOn: string): Promise<boolean> {
  await tx
    .updateTable('trainingSession')
    .set({ termId })
    .where('kind', '=', 'term_start')
    .where('termId', 'is', null)
    .where('plannedOn', '>=', startsOn)
    .execute();
  const held = await tx
    .selectFrom('trainingSession')
    .select('id')
    .where('termId', '=', termId)
    .where('kind', '=', 'term_start')
    .where('heldAt', 'is not', null)
    .executeTakeFirst();
  return held !== undefined;
}

/** The register's open (or overdue) deadlines, the soonest first. */
export async function openRegisterDeadlines(tx: Tx): Promise<{ kind: DeadlineKind; dueAt: Date }[]> {
  const rows = await tx
    .selectFrom('deadline')
    .select(['kind', 'dueAt'])
    .where('kind', 'in', ['term_start_session', 'casuistry_session'])
    .where('incidentId', 'is', null)
    .where('state', 'in', ['open', 'overdue'])
    .orderBy('dueAt')
    .execute();
  return rows.map((r) => ({ kind: r.kind as DeadlineKind, dueAt: r.dueAt }));
}
