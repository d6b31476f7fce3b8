import type { Tx } from '../../db/database.js';
import type { SignedIn } from '../auth/session.js';
import { countUnread, inboxOf, markRead } from './notification.repository.js';
import type { InboxItem } from './notification.js';

export type { InboxItem } from './notification.js';

/** The caller's notifications, newest first. Items about incidents they lost access to drop out. */
export function listInbox(tx: Tx, who: SignedIn, limit = 50): Promise<InboxItem[]> {
  return inboxOf(tx, who.user.id, limit);
}

export async function markInboxRead(tx: Tx, who: SignedIn, ids: readonly string[] | 'all'): Promise<void> {
  if (ids !== 'all' && ids.length === 0) return;
  await markRead(tx, who.user.id, ids === 'all' ? {} : { ids });
}

export function unreadCount(tx: Tx, who: SignedIn): Promise<number> {
  return countUnread(tx, who.user.id);
}

/** Marks the caller's notifications about one incident or consultation read (on opening it). */
export async function markInboxReadFor(tx: Tx, who: SignedIn, target: { incidentId?: string; consultationId?: string }): Promise<void> {
  if (target.incidentId) await markRead(tx, who.user.id, { incidentId: target.incidentId });
  else if (target.consultationId) await markRead(tx, who.user.id, { consultationId: target.consultationId });
}
