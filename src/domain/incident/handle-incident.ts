import type { Tx } from '../../db/database.js';
import { conflict, invalidField } from '../../errors.js';
import { requireOne } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { notify } from '../notification/notify.js';
import { incidentPolicy } from './incident.policy.js';
import {
  addEvent,
  grantAccess,
  handlerIds,
  insertOnlineMessages,
  isActiveUser,
  touchIncident,
  updateIncidentStatus,
} from './incident.repository.js';
import type { NewOnlineMessage } from './incident.schema.js';
import { visibleIncident } from './incident-queries.js';
import { needsReason, nextStatus, type Transition } from './status.js';

const actor = (who: SignedIn) => ({ organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp });

export const transitionNotAllowed = () => conflict('transition_not_allowed', 'error.transition_not_allowed');

/**
 * Moves an incident on once it is reported: start, close, reopen (closing and reopening need
 * a reason). Every move is recorded. Sending a draft is the report itself: see protocol/incident-reported.
 */
export async function moveIncident(
  tx: Tx,
  who: SignedIn,
  id: string,
  transition: Exclude<Transition, 'submit'>,
  reason: string | undefined,
): Promise<void> {
  if (needsReason(transition) && !reason) throw invalidField('reason', 'error.reason_required');
  const { incident } = await visibleIncident(tx, who, id, 'handle');
  const to = nextStatus(incident.status, transition);
  if (!to) throw transitionNotAllowed();
  await updateIncidentStatus(tx, id, { status: to, closedAt: to === 'closed' ? new Date() : null });
  await addEvent(tx, who.organisation.id, id, who.user.id, 'status_changed', {
    from: incident.status,
    to,
    transition,
    ...(reason ? { reason } : {}),
  });
  await audit(tx, actor(who), { action: `incident.${transition}`, objectType: 'incident', objectId: id });
}

/** Adds a message to the running log of an online incident (messages that keep coming). */
export async function addOnlineMessage(tx: Tx, who: SignedIn, id: string, data: NewOnlineMessage): Promise<string> {
  if (!data.url && !data.content) throw invalidField('content', 'error.message_empty');
  await requireOne(tx, who, incidentPolicy, 'add_information', id);
  const [messageId] = await insertOnlineMessages(tx, who.organisation.id, id, who.user.id, [
    { sentAt: data.sentAt, account: data.account ?? null, url: data.url ?? null, content: data.content ?? null },
  ]);
  await touchIncident(tx, id);
  await addEvent(tx, who.organisation.id, id, who.user.id, 'online_message_added', { messageId });
  // Messages that keep coming matter to the handlers: tell them (the mail says only "updated").
  await notify(tx, who.organisation.id, await handlerIds(tx, id, who.user.id), 'online_message_added', {
    incidentId: id,
    actorId: who.user.id,
  });
  await audit(tx, actor(who), { action: 'incident.online_message', objectType: 'incident', objectId: id });
  return messageId!;
}

/** Gives a named person of the organisation access to one incident; logged and notified. */
export async function grantExtraAccess(tx: Tx, who: SignedIn, id: string, userId: string): Promise<void> {
  const { incident } = await visibleIncident(tx, who, id, 'grant_access');
  if (!(await isActiveUser(tx, userId))) throw invalidField('userId', 'error.user_unknown');
  const granted = await grantAccess(tx, who.organisation.id, id, incident.occurredAt, new Map([[userId, 'granted' as const]]), who.user.id);
  if (granted.length === 0) return;
  await notify(tx, who.organisation.id, granted, 'access_granted', { incidentId: id, actorId: who.user.id });
  await addEvent(tx, who.organisation.id, id, who.user.id, 'access_granted', { userId });
  await audit(tx, actor(who), { action: 'incident.grant_access', objectType: 'incident', objectId: id });
}
