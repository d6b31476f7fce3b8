import type { Tx } from '../../db/database.js';
import type { AccessReason } from '../incident/incident.js';
import type { Status as IncidentStatus } from '../incident/norm.js';
import type { Role } from '../user/roles.js';
import type { AftercareTimings } from './aftercare-settings.js';
import type { CaregiverRule } from './caregivers.js';
import type { ConversationState } from './conversation.js';

/** The facts of a set of conversations with the caller's access to their incidents (for the aftercare policy). */
export async function conversationFacts(tx: Tx, userId: string, ids: readonly string[]) {
  const rows = await tx
    .selectFrom('aftercareConversation as c')
    .innerJoin('incident as i', 'i.id', 'c.incidentId')
    .leftJoin('incidentAccess as a', (join) => join.onRef('a.incidentId', '=', 'c.incidentId').on('a.userId', '=', userId))
    .select(['c.id', 'c.incidentId', 'c.affectedUserId', 'c.caregiverIds', 'c.state', 'i.status as incidentStatus', 'a.reason'])
    .where('c.id', 'in', ids)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    incidentId: r.incidentId,
    affectedUserId: r.affectedUserId,
    caregiverIds: r.caregiverIds,
    state: r.state as ConversationState,
    // Enum columns are plain strings in schema.ts; the database allows only these values.
    incidentStatus: r.incidentStatus as IncidentStatus,
    access: (r.reason ?? undefined) as AccessReason | undefined,
  }));
}

/** Locks the conversation for the change that follows, and reads its state then. */
export async function lockConversation(tx: Tx, id: string): Promise<ConversationState> {
  const row = await tx.selectFrom('aftercareConversation').select('state').where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
  return row.state;
}

/** Every conversation of an incident, with its deadline, by affected person and number. */
export async function conversationsOfIncident(tx: Tx, incidentId: string) {
  return tx
    .selectFrom('aftercareConversation as c')
    .leftJoin('deadline as d', (j) => j.onRef('d.subjectId', '=', 'c.id'))
    .select([
      'c.id',
      'c.incidentId',
      'c.affectedUserId',
      'c.number',
      'c.state',
      'c.caregiverIds',
      'c.offeredAt',
      'c.plannedAt',
      'c.respondedAt',
      'c.heldAt',
      'c.heldBy',
      'c.notes',
      'c.stalledRecovery',
      'd.id as deadlineId',
      'd.dueAt',
      'd.notBefore',
      'd.state as deadlineState',
    ])
    .where('c.incidentId', '=', incidentId)
    .orderBy('c.affectedUserId')
    .orderBy('c.number')
    .execute();
}

export type ConversationRow = Awaited<ReturnType<typeof conversationsOfIncident>>[number];

/** The referrals of an incident, with the contact's name. */
export async function referralsOfIncident(tx: Tx, incidentId: string) {
  return tx
    .selectFrom('referral as r')
    .innerJoin('contact as k', 'k.id', 'r.contactId')
    .select(['r.id', 'r.affectedUserId', 'r.note', 'r.createdAt', 'r.createdBy', 'k.name as contactName'])
    .where('r.incidentId', '=', incidentId)
    .orderBy('r.createdAt')
    .execute();
}

export type ReferralRow = Awaited<ReturnType<typeof referralsOfIncident>>[number];

/** Names of people, by id. */
export async function peopleNames(tx: Tx, ids: readonly string[]): Promise<Map<string, { id: string; name: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .selectFrom('appUser')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((p) => [p.id, p]));
}

export async function markOffered(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.updateTable('aftercareConversation').set({ state: 'offered', offeredAt: at, respondedAt: null }).where('id', '=', id).execute();
}

/** The date and time the conversation is planned for. */
export async function markPlanned(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.updateTable('aftercareConversation').set({ plannedAt: at }).where('id', '=', id).execute();
}

export async function markAnswered(tx: Tx, id: string, answer: 'accept' | 'decline', at: Date): Promise<void> {
  await tx
    .updateTable('aftercareConversation')
    .set({ state: answer === 'accept' ? 'accepted' : 'declined', respondedAt: at })
    .where('id', '=', id)
    .execute();
}

export async function markHeld(
  tx: Tx,
  id: string,
  held: { heldAt: Date; heldBy: string; notes: string | null; stalledRecovery: boolean },
): Promise<void> {
  await tx
    .updateTable('aftercareConversation')
    .set({ state: 'held', ...held })
    .where('id', '=', id)
    .execute();
}

export interface NewReferral {
  organisationId: string;
  incidentId: string;
  affectedUserId: string;
  conversationId: string | null;
  contactId: string;
  note: string | null;
  createdBy: string;
}

export async function insertReferral(tx: Tx, referral: NewReferral): Promise<void> {
  await tx.insertInto('referral').values(referral).execute();
}

// Planning.

export async function affectedOf(tx: Tx, incidentId: string): Promise<string[]> {
  return (await tx.selectFrom('incidentAffected').select('userId').where('incidentId', '=', incidentId).execute()).map((r) => r.userId);
}

/** The affected people that already have a plan for this incident. */
export async function plannedFor(tx: Tx, incidentId: string): Promise<Set<string>> {
  return new Set(
    (await tx.selectFrom('aftercareConversation').select('affectedUserId').where('incidentId', '=', incidentId).execute()).map(
      (r) => r.affectedUserId,
    ),
  );
}

/** The three conversations of one affected person; their ids by number. */
export async function insertConversations(
  tx: Tx,
  organisationId: string,
  incidentId: string,
  affectedUserId: string,
  caregiverIds: string[],
): Promise<Map<number, string>> {
  const rows = await tx
    .insertInto('aftercareConversation')
    .values([1, 2, 3].map((number) => ({ organisationId, incidentId, affectedUserId, number, caregiverIds })))
    .returning(['id', 'number'])
    .execute();
  return new Map(rows.map((r) => [r.number, r.id]));
}

// Settings.

export async function readTimings(tx: Tx): Promise<AftercareTimings> {
  const org = await tx
    .selectFrom('organisation')
    .select(['aftercareFirstHours', 'aftercareSecondHours', 'aftercareThirdFromDays', 'aftercareThirdUntilDays'])
    .executeTakeFirstOrThrow();
  return {
    firstHours: org.aftercareFirstHours,
    secondHours: org.aftercareSecondHours,
    thirdFromDays: org.aftercareThirdFromDays,
    thirdUntilDays: org.aftercareThirdUntilDays,
  };
}

export async function readCaregiverRules(tx: Tx): Promise<{ affectedRole: string; caregiverRoles: string[]; caregiverManager: boolean }[]> {
  return tx.selectFrom('caregiverRule').select(['affectedRole', 'caregiverRoles', 'caregiverManager']).orderBy('position').execute();
}

export async function writeTimings(tx: Tx, t: AftercareTimings): Promise<void> {
  await tx
    .updateTable('organisation')
    .set({
      aftercareFirstHours: t.firstHours,
      aftercareSecondHours: t.secondHours,
      aftercareThirdFromDays: t.thirdFromDays,
      aftercareThirdUntilDays: t.thirdUntilDays,
    })
    .execute();
}

/** Replaces the organisation's caregiver rules; their order is their priority. */
export async function replaceCaregiverRules(
  tx: Tx,
  organisationId: string,
  rules: readonly (CaregiverRule & { affectedRole: Role })[],
): Promise<void> {
  await tx.deleteFrom('caregiverRule').execute();
  if (rules.length > 0) {
    await tx
      .insertInto('caregiverRule')
      .values(rules.map((r, position) => ({ organisationId, position, ...r })))
      .execute();
  }
}
