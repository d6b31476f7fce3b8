import type { Tx } from '../../db/database.js';
import { conflict, invalidField, notFound } from '../../errors.js';
import { can, requireOne } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import type { NewIncident } from '../incident/incident.schema.js';
import { notify } from '../notification/notify.js';
import { reportIncident } from '../protocol/incident-reported.js';
import type { Answer, Ask, Consultation } from './consultation.js';
import { consultationPolicy } from './consultation.policy.js';
import {
  consultationsOf,
  findConsultation,
  insertConsultation,
  insertMessage,
  lockConsultation,
  otherParticipants,
  peopleWithRoles,
  updateConsultation,
} from './consultation.repository.js';

/** The consult path's use cases: ask, read, answer, and turn into a report (the asker). */
export const consultationClosed = () => conflict('consultation_closed', 'error.consultation_closed');

const actor = (who: SignedIn) => ({ organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp });

export async function askConsultation(tx: Tx, who: SignedIn, data: Ask): Promise<string> {
  const consulted = await peopleWithRoles(tx, data.ask, who.user.id);
  if (consulted.length === 0) throw invalidField('ask', 'error.nobody_to_consult');
  const id = await insertConsultation(tx, who.organisation.id, who.user.id, data.question, [who.user.id, ...consulted]);
  await notify(tx, who.organisation.id, consulted, 'consultation_asked', { consultationId: id, actorId: who.user.id });
  await audit(tx, actor(who), { action: 'consultation.ask', objectType: 'consultation', objectId: id });
  return id;
}

export async function getConsultation(tx: Tx, who: SignedIn, id: string): Promise<Consultation> {
  await requireOne(tx, who, consultationPolicy, 'view', id);
  const found = await findConsultation(tx, id);
  if (!found) throw notFound();
  return found;
}

export function listConsultations(tx: Tx, who: SignedIn): Promise<Omit<Consultation, 'messages'>[]> {
  return consultationsOf(tx, who.user.id);
}

/** A reply by any participant; an answer from a consulted person marks it answered. */
export async function answerConsultation(tx: Tx, who: SignedIn, id: string, data: Answer): Promise<void> {
  await lockConsultation(tx, id);
  const c = await requireOne(tx, who, consultationPolicy, 'view', id);
  if (!can(consultationPolicy, who, 'answer', c)) throw consultationClosed();
  await insertMessage(tx, who.organisation.id, id, who.user.id, data.body);
  const asker = who.user.id === c.askerId;
  if (!asker) await updateConsultation(tx, id, { status: 'answered' });
  await notify(
    tx,
    who.organisation.id,
    await otherParticipants(tx, id, who.user.id),
    asker ? 'consultation_asked' : 'consultation_answered',
    { consultationId: id, actorId: who.user.id },
  );
  await audit(tx, actor(who), { action: 'consultation.answer', objectType: 'consultation', objectId: id });
}

/** The asker turns the consultation into a report, through the protocol like any report; the two stay linked. */
export async function reportFromConsultation(tx: Tx, who: SignedIn, id: string, data: NewIncident): Promise<string> {
  await lockConsultation(tx, id);
  const c = await requireOne(tx, who, consultationPolicy, 'view', id);
  // Only the asker may; for anyone else there is nothing to convert (404).
  if (c.askerId !== who.user.id) throw notFound();
  if (!can(consultationPolicy, who, 'report', c)) throw consultationClosed();
  const incidentId = await reportIncident(tx, who, data);
  await updateConsultation(tx, id, { status: 'converted', incidentId });
  await audit(tx, actor(who), { action: 'consultation.convert', objectType: 'consultation', objectId: id });
  return incidentId;
}
