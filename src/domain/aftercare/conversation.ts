import { z } from 'zod';
import type { Tx } from '../../db/database.js';
import { conflict, invalidField } from '../../errors.js';
import { requireOne } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { closeDeadlines } from '../deadline/deadline.repository.js';
import { notify } from '../notification/notify.js';
import { aftercarePolicy, relationTo, type AftercareAbility, type ConversationSubject } from './aftercare.policy.js';
import {
  insertReferral as insertReferralRow,
  lockConversation,
  markAnswered,
  markHeld,
  markOffered,
  markPlanned,
} from './aftercare.repository.js';
import { contactExists } from './contacts.repository.js';

export const CONVERSATION_STATES = ['planned', 'offered', 'accepted', 'declined', 'held'] as const;
export type ConversationState = (typeof CONVERSATION_STATES)[number];

export const conversationHeld = () => conflict('conversation_held', 'error.conversation_held');

/**
 * The conversation if the person may do this with it (otherwise 404, as if it did not exist),
 * locked for the change that follows, with its state as it is now.
 */
async function conversationFor(tx: Tx, who: SignedIn, id: string, ability: AftercareAbility): Promise<ConversationSubject> {
  const c = await requireOne(tx, who, aftercarePolicy, ability, id);
  return { ...c, state: await lockConversation(tx, id) };
}

const actor = (who: SignedIn) => ({ organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp });

/** A caregiver offers the conversation (again, after a decline: the offer can be repeated). */
export async function offerConversation(tx: Tx, who: SignedIn, id: string): Promise<void> {
  const c = await conversationFor(tx, who, id, 'offer');
  if (c.state === 'held') throw conversationHeld();
  await markOffered(tx, id, new Date());
  await notify(tx, who.organisation.id, [c.affectedUserId], 'aftercare_offered', { incidentId: c.incidentId, actorId: who.user.id });
  await audit(tx, actor(who), { action: 'aftercare.offer', objectType: 'aftercare_conversation', objectId: id });
}

/**
 * A caregiver plans the conversation at a date and time (not once it was declined: the offer
 * comes first again); the affected person hears of it. Planning again moves it.
 */
export async function planConversation(tx: Tx, who: SignedIn, id: string, at: Date): Promise<void> {
  const c = await conversationFor(tx, who, id, 'offer');
  if (c.state === 'held') throw conversationHeld();
  if (c.state === 'declined') throw conflict('conversation_declined', 'error.conversation_declined');
  await markPlanned(tx, id, at);
  await notify(tx, who.organisation.id, [c.affectedUserId], 'aftercare_planned', { incidentId: c.incidentId, actorId: who.user.id });
  await audit(tx, actor(who), { action: 'aftercare.plan', objectType: 'aftercare_conversation', objectId: id });
}

export const respondSchema = z.object({ answer: z.enum(['accept', 'decline'], { error: 'error.answer_invalid' }) });

/**
 * The affected person accepts or declines (or a caregiver records their answer). Declining is
 * respected: the duty to offer is fulfilled and its deadline closes.
 */
export async function respondToConversation(tx: Tx, who: SignedIn, id: string, answer: 'accept' | 'decline'): Promise<void> {
  const c = await conversationFor(tx, who, id, 'respond');
  if (c.state === 'held') throw conversationHeld();
  const now = new Date();
  await markAnswered(tx, id, answer, now);
  if (answer === 'decline') await closeDeadlines(tx, { subjectId: id }, { state: 'done', by: who.user.id, at: now });
  const others = relationTo(who, c) === 'affected' ? c.caregiverIds : [];
  await notify(tx, who.organisation.id, others, 'aftercare_answered', { incidentId: c.incidentId, actorId: who.user.id });
  await audit(tx, actor(who), { action: `aftercare.${answer}`, objectType: 'aftercare_conversation', objectId: id });
}

export const holdSchema = z.object({
  heldAt: z.iso.datetime({ offset: true, error: 'error.occurred_at_invalid' }).transform((v) => new Date(v)),
  notes: z
    .string()
    .trim()
    .max(20_000, 'error.text_too_long')
    .optional()
    .transform((v) => v || null),
  /** Signs that recovery stalls (third conversation): a referral to professional help follows. */
  stalledRecovery: z.boolean().default(false),
  referralContactId: z.uuid({ error: 'error.contact_unknown' }).optional(),
  referralNote: z.string().trim().max(2000, 'error.text_too_long').optional(),
});

export type HoldInput = z.output<typeof holdSchema>;

/** A caregiver records the conversation as held; this closes its deadline. */
export async function holdConversation(tx: Tx, who: SignedIn, id: string, data: HoldInput): Promise<void> {
  if (data.heldAt.getTime() > Date.now() + 5 * 60_000) throw invalidField('heldAt', 'error.occurred_at_future');
  if (data.stalledRecovery && !data.referralContactId) throw invalidField('referralContactId', 'error.referral_needed');
  const c = await conversationFor(tx, who, id, 'hold');
  await markHeld(tx, id, { heldAt: data.heldAt, heldBy: who.user.id, notes: data.notes, stalledRecovery: data.stalledRecovery });
  await closeDeadlines(tx, { subjectId: id }, { state: 'done', by: who.user.id, at: new Date() });
  if (data.referralContactId) {
    await addReferral(tx, who, c, data.referralContactId, data.referralNote ?? null);
  }
  await audit(tx, actor(who), { action: 'aftercare.hold', objectType: 'aftercare_conversation', objectId: id });
}

async function addReferral(tx: Tx, who: SignedIn, c: ConversationSubject, contactId: string, note: string | null) {
  if (!(await contactExists(tx, contactId))) throw invalidField('referralContactId', 'error.contact_unknown');
  await insertReferralRow(tx, {
    organisationId: who.organisation.id,
    incidentId: c.incidentId,
    affectedUserId: c.affectedUserId,
    conversationId: c.id,
    contactId,
    note,
    createdBy: who.user.id,
  });
}

export const referralSchema = z.object({
  contactId: z.uuid({ error: 'error.contact_unknown' }),
  note: z.string().trim().max(2000, 'error.text_too_long').optional(),
});

export type ReferralInput = z.output<typeof referralSchema>;

/** A caregiver records a referral to external help, at any moment in the plan. */
export async function referFromConversation(tx: Tx, who: SignedIn, id: string, data: ReferralInput): Promise<void> {
  const c = await conversationFor(tx, who, id, 'refer');
  await addReferral(tx, who, c, data.contactId, data.note ?? null);
  await audit(tx, actor(who), { action: 'aftercare.refer', objectType: 'aftercare_conversation', objectId: id });
}
