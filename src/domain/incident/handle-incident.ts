import { withOrganisation, type Db } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import { parse } from '../../validation.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { notify } from '../notification/notify.js';
import { canIncident } from './incident.policy.js';
import { addEvent, grantAccess } from './incident.repository.js';
import { onlineMessageSchema, transitionSchema, type OnlineMessageInput } from './incident.schema.js';
import { visibleIncident } from './incident-queries.js';
import { needsReason, nextStatus } from './status.js';
import { submitDraft } from './report-incident.js';

const actor = (who: SignedIn) => ({ organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp });

/** Moves an incident through its states; closing and reopening need a reason. Every move is recorded. */
export async function changeStatus(db: Db, who: SignedIn, id: string, input: unknown): Promise<void> {
  const { transition, reason } = parse(transitionSchema, input);
  if (transition === 'submit') return submitDraft(db, who, id);
  if (needsReason(transition) && !reason) throw new AppError(400, 'validation_failed', 'error.reason_required', { reason: 'error.reason_required' });
  await withOrganisation(db, who.organisation.id, async (tx) => {
    const { incident, access } = await visibleIncident(tx, who, id);
    if (!canIncident(access, 'handle')) throw notFound();
    const to = nextStatus(incident.status, transition);
    if (!to) throw new AppError(409, 'transition_not_allowed', 'error.transition_not_allowed');
    const now = new Date();
    await tx.updateTable('incident').set({ status: to, updatedAt: now, closedAt: to === 'closed' ? now : null }).where('id', '=', id).execute();
    await addEvent(tx, who.organisation.id, id, who.user.id, 'status_changed', { from: incident.status, to, transition, ...(reason ? { reason } : {}) });
    await audit(tx, actor(who), { action: `incident.${transition}`, objectType: 'incident', objectId: id });
  });
}

/** Adds a message to the running log of an online incident (messages that keep coming). */
export async function addOnlineMessage(db: Db, who: SignedIn, id: string, input: OnlineMessageInput): Promise<string> {
  const data = parse(onlineMessageSchema, input);
  if (!data.url && !data.content) throw new AppError(400, 'validation_failed', 'error.message_empty', { content: 'error.message_empty' });
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const { access } = await visibleIncident(tx, who, id);
    if (!canIncident(access, 'add_information')) throw notFound();
    const row = await tx
      .insertInto('onlineMessage')
      .values({ organisationId: who.organisation.id, incidentId: id, sentAt: data.sentAt, account: data.account ?? null, url: data.url ?? null, content: data.content ?? null, addedBy: who.user.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.updateTable('incident').set({ updatedAt: new Date() }).where('id', '=', id).execute();
    await addEvent(tx, who.organisation.id, id, who.user.id, 'online_message_added', { messageId: row.id });
    // Messages that keep coming matter to the handlers: tell them (the mail says only "updated").
    const handlers = await tx.selectFrom('incidentAccess').select('userId').where('incidentId', '=', id)
      .where('reason', 'in', ['routed', 'always_inform', 'granted']).where('userId', '!=', who.user.id).execute();
    await notify(tx, who.organisation.id, handlers.map((h) => h.userId), 'online_message_added', { incidentId: id });
    await audit(tx, actor(who), { action: 'incident.online_message', objectType: 'incident', objectId: id });
    return row.id;
  });
}

/** Gives a named person of the organisation access to one incident; logged and notified. */
export async function grantExtraAccess(db: Db, who: SignedIn, id: string, userId: string): Promise<void> {
  await withOrganisation(db, who.organisation.id, async (tx) => {
    const { incident, access } = await visibleIncident(tx, who, id);
    if (!canIncident(access, 'grant_access')) throw notFound();
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(userId)) {
      throw new AppError(400, 'validation_failed', 'error.user_unknown', { userId: 'error.user_unknown' });
    }
    const person = await tx.selectFrom('appUser').select(['id', 'active']).where('id', '=', userId).executeTakeFirst();
    if (!person?.active) throw new AppError(400, 'validation_failed', 'error.user_unknown', { userId: 'error.user_unknown' });
    const granted = await grantAccess(tx, who.organisation.id, id, incident.occurredAt, new Map([[userId, 'granted' as const]]), who.user.id);
    if (granted.length === 0) return;
    await notify(tx, who.organisation.id, granted, 'access_granted', { incidentId: id });
    await addEvent(tx, who.organisation.id, id, who.user.id, 'access_granted', { userId });
    await audit(tx, actor(who), { action: 'incident.grant_access', objectType: 'incident', objectId: id });
  });
}
