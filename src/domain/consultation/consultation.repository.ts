import type { Tx } from '../../db/database.js';
import type { Role } from '../user/roles.js';
import type { Consultation, ConsultationStatus } from './consultation.js';

/** Active people with one of the roles, but the asker. */
export async function peopleWithRoles(tx: Tx, roles: readonly Role[], except: string): Promise<string[]> {
  if (roles.length === 0) return [];
  const rows = await tx
    .selectFrom('userRole as r')
    .innerJoin('appUser as u', 'u.id', 'r.userId')
    .select('u.id')
    .distinct()
    .where('r.role', 'in', roles)
    .where('u.active', '=', true)
    .where('u.id', '!=', except)
    .execute();
  return rows.map((r) => r.id);
}

export async function insertConsultation(
  tx: Tx,
  organisationId: string,
  askerId: string,
  question: string,
  participants: readonly string[],
): Promise<string> {
  const row = await tx
    .insertInto('consultation')
    .values({ organisationId, askerId, question, status: 'open' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('consultationParticipant')
    .values(participants.map((userId) => ({ organisationId, consultationId: row.id, userId })))
    .execute();
  return row.id;
}

/** The facts the consultation policy decides on, for a set of consultations, in one query. */
export async function consultationFacts(
  tx: Tx,
  userId: string,
  ids: readonly string[],
): Promise<Map<string, { id: string; status: ConsultationStatus; askerId: string; participant: boolean }>> {
  const rows = await tx
    .selectFrom('consultation as c')
    .leftJoin('consultationParticipant as p', (j) => j.onRef('p.consultationId', '=', 'c.id').on('p.userId', '=', userId))
    .select(['c.id', 'c.status', 'c.askerId', 'p.userId'])
    .where('c.id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, status: r.status, askerId: r.askerId, participant: r.userId !== null }]));
}

/** Locks the consultation for a change (a reply, a report). */
export async function lockConsultation(tx: Tx, id: string): Promise<void> {
  await tx.selectFrom('consultation').select('id').where('id', '=', id).forUpdate().execute();
}

export async function findConsultation(tx: Tx, id: string): Promise<Consultation | undefined> {
  const c = await tx
    .selectFrom('consultation as c')
    .innerJoin('appUser as u', 'u.id', 'c.askerId')
    .select(['c.id', 'c.question', 'c.status', 'c.incidentId', 'c.createdAt', 'u.id as askerId', 'u.name as askerName'])
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!c) return undefined;
  const messages = await tx
    .selectFrom('consultationMessage as m')
    .innerJoin('appUser as u', 'u.id', 'm.authorId')
    .select(['m.id', 'm.body', 'm.createdAt', 'u.id as authorId', 'u.name as authorName'])
    .where('m.consultationId', '=', id)
    .orderBy('m.createdAt')
    .execute();
  return {
    id: c.id,
    question: c.question,
    status: c.status,
    incidentId: c.incidentId,
    createdAt: c.createdAt,
    asker: { id: c.askerId, name: c.askerName },
    messages: messages.map((m) => ({ id: m.id, body: m.body, createdAt: m.createdAt, author: { id: m.authorId, name: m.authorName } })),
  };
}

/** The consultations a person takes part in, newest first. */
export async function consultationsOf(tx: Tx, userId: string, limit = 100): Promise<Omit<Consultation, 'messages'>[]> {
  const rows = await tx
    .selectFrom('consultationParticipant as p')
    .innerJoin('consultation as c', 'c.id', 'p.consultationId')
    .innerJoin('appUser as u', 'u.id', 'c.askerId')
    .select(['c.id', 'c.question', 'c.status', 'c.incidentId', 'c.createdAt', 'u.id as askerId', 'u.name as askerName'])
    .where('p.userId', '=', userId)
    .orderBy('c.createdAt', 'desc')
    .limit(limit)
    .execute();
  return rows.map((c) => ({
    id: c.id,
    question: c.question,
    status: c.status,
    incidentId: c.incidentId,
    createdAt: c.createdAt,
    asker: { id: c.askerId, name: c.askerName },
  }));
}

export async function insertMessage(tx: Tx, organisationId: string, consultationId: string, authorId: string, body: string): Promise<void> {
  await tx.insertInto('consultationMessage').values({ organisationId, consultationId, authorId, body }).execute();
}

export async function otherParticipants(tx: Tx, consultationId: string, userId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('consultationParticipant')
    .select('userId')
    .where('consultationId', '=', consultationId)
    .where('userId', '!=', userId)
    .execute();
  return rows.map((p) => p.userId);
}

export async function updateConsultation(tx: Tx, id: string, change: { status: ConsultationStatus; incidentId?: string }): Promise<void> {
  await tx.updateTable('consultation').set(change).where('id', '=', id).execute();
}
