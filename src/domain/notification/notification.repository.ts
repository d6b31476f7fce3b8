import type { DeadlineKind } from '../deadline/deadline.js';
import type { Channel, Level } from '../incident/norm.js';
import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { InboxItem, NotificationKind } from './notification.js';

/** The active people among ids, with their address. */
export async function activeRecipients(tx: Tx, userIds: readonly string[]): Promise<{ id: string; email: string; mailDigest: boolean }[]> {
  if (userIds.length === 0) return [];
  return tx.selectFrom('appUser').select(['id', 'email', 'mailDigest']).where('id', 'in', userIds).where('active', '=', true).execute();
}

/** The people whose daily digest is due (not sent since `since`), locked until the transaction ends; across organisations. */
export async function takeDueDigests(tx: Tx, since: Date, batch: number): Promise<{ organisationId: string; id: string }[]> {
  const { rows } = await sql<{
    organisationId: string;
    id: string;
  }>`SELECT organisation_id, id FROM app_due_digests(${since}, ${batch})`.execute(tx);
  return rows;
}

/** A person's address, unread count and unread items that arrived since their last digest. */
export async function digestFacts(
  tx: Tx,
  userId: string,
): Promise<{ email: string; unread: number; fresh: number; lastSentAt: Date | null }> {
  const row = await sql<{ email: string; unread: string; fresh: string; digest_sent_at: Date | null }>`
    SELECT u.email, u.digest_sent_at,
           (SELECT count(*) FROM notification n WHERE n.user_id = u.id AND n.read_at IS NULL) AS unread,
           (SELECT count(*) FROM notification n WHERE n.user_id = u.id AND n.read_at IS NULL
              AND n.created_at > coalesce(u.digest_sent_at, '-infinity')) AS fresh
    FROM app_user u WHERE u.id = ${userId}::uuid`.execute(tx);
  const r = row.rows[0]!;
  return { email: r.email, unread: Number(r.unread), fresh: Number(r.fresh), lastSentAt: r.digest_sent_at };
}

export async function markDigestSent(tx: Tx, userId: string, at: Date): Promise<void> {
  await tx.updateTable('appUser').set({ digestSentAt: at }).where('id', '=', userId).execute();
}

/** How many unread inbox items each of these people has (those with none are left out). */
export async function unreadCounts(tx: Tx, userIds: readonly string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('notification')
    .select(['userId', (eb) => eb.fn.countAll<string>().as('n')])
    .where('userId', 'in', userIds)
    .where('readAt', 'is', null)
    .groupBy('userId')
    .execute();
  return new Map(rows.map((r) => [r.userId, Number(r.n)]));
}

export async function insertNotifications(
  tx: Tx,
  organisationId: string,
  userIds: readonly string[],
  kind: NotificationKind,
  target: { incidentId: string | null; consultationId: string | null; deadlineId: string | null; actorId: string | null },
): Promise<void> {
  if (userIds.length === 0) return;
  await tx
    .insertInto('notification')
    .values(userIds.map((userId) => ({ organisationId, userId, kind, ...target })))
    .execute();
}

export async function insertOutboxMails(
  tx: Tx,
  organisationId: string,
  mails: readonly { userId: string; toAddress: string; subject: string; body: string }[],
): Promise<void> {
  if (mails.length === 0) return;
  await tx
    .insertInto('outboxMail')
    .values(mails.map((m) => ({ organisationId, ...m })))
    .execute();
}

/** A person's notifications, newest first; those about incidents they lost access to drop out. */
export async function inboxOf(tx: Tx, userId: string, limit: number): Promise<InboxItem[]> {
  const rows = await tx
    .selectFrom('notification as n')
    .leftJoin('incidentAccess as a', (j) => j.onRef('a.incidentId', '=', 'n.incidentId').on('a.userId', '=', userId))
    .leftJoin('incident as i', 'i.id', 'a.incidentId')
    .leftJoin('appUser as actor', 'actor.id', 'n.actorId')
    .leftJoin('deadline as d', 'd.id', 'n.deadlineId')
    .select([
      'n.id',
      'n.kind',
      'n.incidentId',
      'i.number',
      'i.level',
      'i.channel',
      'n.consultationId',
      'd.id as deadlineId',
      'd.kind as deadlineKind',
      'd.subjectId as deadlineSubjectId',
      'n.createdAt',
      'n.readAt',
      'actor.id as actorId',
      'actor.name as actorName',
    ])
    .where('n.userId', '=', userId)
    .where((eb) => eb.or([eb('n.incidentId', 'is', null), eb('a.userId', 'is not', null)]))
    .orderBy('n.createdAt', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as NotificationKind,
    incidentId: r.incidentId,
    incidentNumber: r.number ?? null,
    incidentLevel: (r.level ?? null) as Level | null,
    incidentChannel: (r.channel ?? null) as Channel | null,
    consultationId: r.consultationId,
    deadline:
      r.deadlineId && r.deadlineKind ? { id: r.deadlineId, kind: r.deadlineKind as DeadlineKind, subjectId: r.deadlineSubjectId } : null,
    actor: r.actorId && r.actorName ? { id: r.actorId, name: r.actorName } : null,
    createdAt: r.createdAt,
    read: r.readAt !== null,
  }));
}

/** Marks a person's unread notifications read: all, some by id, or those about one incident or consultation. */
export async function markRead(
  tx: Tx,
  userId: string,
  which: { ids?: readonly string[]; incidentId?: string; consultationId?: string },
): Promise<void> {
  let query = tx.updateTable('notification').set({ readAt: new Date() }).where('userId', '=', userId).where('readAt', 'is', null);
  if (which.ids) query = query.where('id', 'in', which.ids);
  if (which.incidentId) query = query.where('incidentId', '=', which.incidentId);
  if (which.consultationId) query = query.where('consultationId', '=', which.consultationId);
  await query.execute();
}

export async function countUnread(tx: Tx, userId: string): Promise<number> {
  const row = await tx
    .selectFrom('notification')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('userId', '=', userId)
    .where('readAt', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
