import { z } from 'zod';
import { withOrganisation, type Db, type Tx } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import { parse, isUuid } from '../../validation.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { completeDeadlineOf } from '../deadline/deadline.repository.js';
import { notify } from '../notification/notify.js';

export const CONVERSATION_STATES = ['planned', 'offered', 'accepted', 'declined', 'held'] as const;
export type ConversationState = (typeof CONVERSATION_STATES)[number];

interface ConversationRow {
  id: string;
  incidentId: string;
  affectedUserId: string;
  number: number;
  state: ConversationState;
  caregiverIds: string[];
}

/** The conversation if the person is one of its caregivers or the affected person; otherwise 404. */
async function conversationFor(tx: Tx, who: SignedIn, id: string): Promise<ConversationRow & { role: 'caregiver' | 'affected' }> {
  if (!isUuid(id)) throw notFound();
  const row = await tx.selectFrom('aftercareConversation').select(['id', 'incidentId', 'affectedUserId', 'number', 'state', 'caregiverIds']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound();
  if (row.caregiverIds.includes(who.user.id)) return { ...row, role: 'caregiver' };
  if (row.affectedUserId === who.user.id) return { ...row, role: 'affected' };
  throw notFound();
}

const actor = (who: SignedIn) => ({ organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp });

/** A caregiver offers the conversation (again, after a decline: the offer can be repeated). */
export function offerConversation(db: Db, who: SignedIn, id: string): Promise<void> {
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const c = await conversationFor(tx, who, id);
    if (c.role !== 'caregiver') throw notFound();
    if (c.state === 'held') throw new AppError(409, 'conversation_held', 'error.conversation_held');
    await tx.updateTable('aftercareConversation').set({ state: 'offered', offeredAt: new Date(), respondedAt: null }).where('id', '=', id).execute();
    await notify(tx, who.organisation.id, [c.affectedUserId], 'aftercare_offered', { incidentId: c.incidentId });
    await audit(tx, actor(who), { action: 'aftercare.offer', objectType: 'aftercare_conversation', objectId: id });
  });
}

/**
 * The affected person accepts or declines (or a caregiver records their answer). Declining is
 * respected: the duty to offer is fulfilled and its deadline closes.
 */
export function respondToConversation(db: Db, who: SignedIn, id: string, answer: 'accept' | 'decline'): Promise<void> {
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const c = await conversationFor(tx, who, id);
    if (c.state === 'held') throw new AppError(409, 'conversation_held', 'error.conversation_held');
    const now = new Date();
    await tx.updateTable('aftercareConversation').set({ state: answer === 'accept' ? 'accepted' : 'declined', respondedAt: now }).where('id', '=', id).execute();
    if (answer === 'decline') await completeDeadlineOf(tx, id, who.user.id, now);
    const others = c.role === 'affected' ? c.caregiverIds : [];
    await notify(tx, who.organisation.id, others, 'aftercare_answered', { incidentId: c.incidentId });
    await audit(tx, actor(who), { action: `aftercare.${answer}`, objectType: 'aftercare_conversation', objectId: id });
  });
}

export const holdSchema = z.object({
  heldAt: z.iso.datetime({ offset: true, error: 'error.occurred_at_invalid' }).transform((v) => new Date(v)),
  notes: z.string().trim().max(20_000, 'error.text_too_long').optional().transform((v) => v || null),
  /** Signs that recovery stalls (third conversation): a referral to professional help follows. */
  stalledRecovery: z.boolean().default(false),
  referralContactId: z.uuid({ error: 'error.contact_unknown' }).optional(),
  referralNote: z.string().trim().max(2000, 'error.text_too_long').optional(),
});

/** A caregiver records the conversation as held; this closes its deadline. */
export function holdConversation(db: Db, who: SignedIn, id: string, input: unknown): Promise<void> {
  const data = parse(holdSchema, input);
  if (data.heldAt.getTime() > Date.now() + 5 * 60_000) throw new AppError(400, 'validation_failed', 'error.occurred_at_future', { heldAt: 'error.occurred_at_future' });
  if (data.stalledRecovery && !data.referralContactId) {
    throw new AppError(400, 'validation_failed', 'error.referral_needed', { referralContactId: 'error.referral_needed' });
  }
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const c = await conversationFor(tx, who, id);
    if (c.role !== 'caregiver') throw notFound();
    await tx.updateTable('aftercareConversation')
      .set({ state: 'held', heldAt: data.heldAt, heldBy: who.user.id, notes: data.notes, stalledRecovery: data.stalledRecovery })
      .where('id', '=', id).execute();
    await completeDeadlineOf(tx, id, who.user.id, new Date());
    if (data.referralContactId) {
      await insertReferral(tx, who, { incidentId: c.incidentId, affectedUserId: c.affectedUserId, conversationId: id, contactId: data.referralContactId, note: data.referralNote ?? null });
    }
    await audit(tx, actor(who), { action: 'aftercare.hold', objectType: 'aftercare_conversation', objectId: id });
  });
}

async function insertReferral(tx: Tx, who: SignedIn, r: { incidentId: string; affectedUserId: string; conversationId: string | null; contactId: string; note: string | null }) {
  const contact = await tx.selectFrom('contact').select('id').where('id', '=', r.contactId).executeTakeFirst();
  if (!contact) throw new AppError(400, 'validation_failed', 'error.contact_unknown', { referralContactId: 'error.contact_unknown' });
  await tx.insertInto('referral').values({ organisationId: who.organisation.id, ...r, createdBy: who.user.id }).execute();
}

export const referralSchema = z.object({
  contactId: z.uuid({ error: 'error.contact_unknown' }),
  note: z.string().trim().max(2000, 'error.text_too_long').optional(),
});

/** A caregiver records a referral to external help, at any moment in the plan. */
export function referFromConversation(db: Db, who: SignedIn, id: string, input: unknown): Promise<void> {
  const data = parse(referralSchema, input);
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const c = await conversationFor(tx, who, id);
    if (c.role !== 'caregiver') throw notFound();
    await insertReferral(tx, who, { incidentId: c.incidentId, affectedUserId: c.affectedUserId, conversationId: id, contactId: data.contactId, note: data.note ?? null });
    await audit(tx, actor(who), { action: 'aftercare.refer', objectType: 'aftercare_conversation', objectId: id });
  });
}
