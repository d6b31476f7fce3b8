import { withOrganisation, type Db } from '../../db/database.js';
import type { SignedIn } from '../auth/session.js';
import type { NotificationKind } from './notify.js';

export interface InboxItem {
  id: string;
  kind: NotificationKind;
  incidentId: string | null;
  incidentNumber: number | null;
  consultationId: string | null;
  createdAt: Date;
  read: boolean;
}

/** The caller's notifications, newest first. Items about incidents they lost access to drop out. */
export function listInbox(db: Db, who: SignedIn, limit = 50): Promise<InboxItem[]> {
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const rows = await tx
      .selectFrom('notification as n')
      .leftJoin('incidentAccess as a', (j) => j.onRef('a.incidentId', '=', 'n.incidentId').on('a.userId', '=', who.user.id))
      .leftJoin('incident as i', 'i.id', 'a.incidentId')
      .select(['n.id', 'n.kind', 'n.incidentId', 'i.number', 'n.consultationId', 'n.createdAt', 'n.readAt'])
      .where('n.userId', '=', who.user.id)
      .where((eb) => eb.or([eb('n.incidentId', 'is', null), eb('a.userId', 'is not', null)]))
      .orderBy('n.createdAt', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id, kind: r.kind as NotificationKind, incidentId: r.incidentId, incidentNumber: r.number ?? null,
      consultationId: r.consultationId, createdAt: r.createdAt, read: r.readAt !== null,
    }));
  });
}

export function markInboxRead(db: Db, who: SignedIn, ids: readonly string[] | 'all'): Promise<void> {
  return withOrganisation(db, who.organisation.id, async (tx) => {
    let query = tx.updateTable('notification').set({ readAt: new Date() }).where('userId', '=', who.user.id).where('readAt', 'is', null);
    if (ids !== 'all') {
      if (ids.length === 0) return;
      query = query.where('id', 'in', ids);
    }
    await query.execute();
  });
}

export function unreadCount(db: Db, who: SignedIn): Promise<number> {
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const row = await tx.selectFrom('notification').select((eb) => eb.fn.countAll<string>().as('n')).where('userId', '=', who.user.id).where('readAt', 'is', null).executeTakeFirst();
    return Number(row?.n ?? 0);
  });
}

/** Marks the caller's notifications about one incident or consultation read (on opening it). */
export function markInboxReadFor(db: Db, who: SignedIn, target: { incidentId?: string; consultationId?: string }): Promise<void> {
  return withOrganisation(db, who.organisation.id, async (tx) => {
    let query = tx.updateTable('notification').set({ readAt: new Date() }).where('userId', '=', who.user.id).where('readAt', 'is', null);
    if (target.incidentId) query = query.where('incidentId', '=', target.incidentId);
    else if (target.consultationId) query = query.where('consultationId', '=', target.consultationId);
    else return;
    await query.execute();
  });
}
