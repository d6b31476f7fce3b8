import { z } from 'zod';
import { withOrganisation, type Db, type Tx } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import { parse, isUuid } from '../../validation.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { newIncidentSchema, type NewIncidentInput } from '../incident/incident.schema.js';
import { reportInTransaction, takeIncidentNumber } from '../incident/report-incident.js';
import { notify } from '../notification/notify.js';
import type { PersonRef } from '../incident/incident.js';

/**
 * The consult path (PRODUCT.md §2): an office holder in doubt whether something crosses the
 * line asks the mayor and/or the clerk, who answer here; together they decide on a report.
 */
export const CONSULTED_ROLES = ['mayor', 'clerk'] as const;

export const askSchema = z.object({
  question: z.string().trim().min(1, 'error.question_required').max(10_000, 'error.text_too_long'),
  ask: z.array(z.enum(CONSULTED_ROLES, { error: 'error.consult_role' })).min(1, 'error.consult_role').transform((r) => [...new Set(r)]),
});
export const answerSchema = z.object({
  body: z.string().trim().min(1, 'error.answer_required').max(10_000, 'error.text_too_long'),
});

export interface Consultation {
  id: string;
  question: string;
  status: 'open' | 'answered' | 'converted' | 'closed';
  asker: PersonRef;
  incidentId: string | null;
  createdAt: Date;
  messages: { id: string; author: PersonRef; body: string; createdAt: Date }[];
}

const actor = (who: SignedIn) => ({ organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp });

export function askConsultation(db: Db, who: SignedIn, input: unknown): Promise<string> {
  const data = parse(askSchema, input);
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const consulted = await tx
      .selectFrom('userRole as r')
      .innerJoin('appUser as u', 'u.id', 'r.userId')
      .select('u.id')
      .distinct()
      .where('r.role', 'in', data.ask)
      .where('u.active', '=', true)
      .where('u.id', '!=', who.user.id)
      .execute();
    if (consulted.length === 0) throw new AppError(400, 'validation_failed', 'error.nobody_to_consult', { ask: 'error.nobody_to_consult' });
    const row = await tx
      .insertInto('consultation')
      .values({ organisationId: who.organisation.id, askerId: who.user.id, question: data.question, status: 'open' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const participants = [who.user.id, ...consulted.map((c) => c.id)];
    await tx.insertInto('consultationParticipant').values(participants.map((userId) => ({ organisationId: who.organisation.id, consultationId: row.id, userId }))).execute();
    await notify(tx, who.organisation.id, consulted.map((c) => c.id), 'consultation_asked', { consultationId: row.id });
    await audit(tx, actor(who), { action: 'consultation.ask', objectType: 'consultation', objectId: row.id });
    return row.id;
  });
}

async function participantCheck(tx: Tx, who: SignedIn, id: string) {
  if (!isUuid(id)) throw notFound();
  const row = await tx
    .selectFrom('consultationParticipant')
    .select('userId')
    .where('consultationId', '=', id)
    .where('userId', '=', who.user.id)
    .executeTakeFirst();
  if (!row) throw notFound();
}

export function getConsultation(db: Db, who: SignedIn, id: string): Promise<Consultation> {
  return withOrganisation(db, who.organisation.id, async (tx) => {
    await participantCheck(tx, who, id);
    const c = await tx
      .selectFrom('consultation as c')
      .innerJoin('appUser as u', 'u.id', 'c.askerId')
      .select(['c.id', 'c.question', 'c.status', 'c.incidentId', 'c.createdAt', 'u.id as askerId', 'u.name as askerName'])
      .where('c.id', '=', id)
      .executeTakeFirstOrThrow();
    const messages = await tx
      .selectFrom('consultationMessage as m')
      .innerJoin('appUser as u', 'u.id', 'm.authorId')
      .select(['m.id', 'm.body', 'm.createdAt', 'u.id as authorId', 'u.name as authorName'])
      .where('m.consultationId', '=', id)
      .orderBy('m.createdAt')
      .execute();
    return {
      id: c.id, question: c.question, status: c.status, incidentId: c.incidentId, createdAt: c.createdAt,
      asker: { id: c.askerId, name: c.askerName },
      messages: messages.map((m) => ({ id: m.id, body: m.body, createdAt: m.createdAt, author: { id: m.authorId, name: m.authorName } })),
    };
  });
}

export function listConsultations(db: Db, who: SignedIn): Promise<Omit<Consultation, 'messages'>[]> {
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const rows = await tx
      .selectFrom('consultationParticipant as p')
      .innerJoin('consultation as c', 'c.id', 'p.consultationId')
      .innerJoin('appUser as u', 'u.id', 'c.askerId')
      .select(['c.id', 'c.question', 'c.status', 'c.incidentId', 'c.createdAt', 'u.id as askerId', 'u.name as askerName'])
      .where('p.userId', '=', who.user.id)
      .orderBy('c.createdAt', 'desc')
      .limit(100)
      .execute();
    return rows.map((c) => ({ id: c.id, question: c.question, status: c.status, incidentId: c.incidentId, createdAt: c.createdAt, asker: { id: c.askerId, name: c.askerName } }));
  });
}

/** A reply by any participant; an answer from a consulted person marks it answered. */
export function answerConsultation(db: Db, who: SignedIn, id: string, input: unknown): Promise<void> {
  const data = parse(answerSchema, input);
  return withOrganisation(db, who.organisation.id, async (tx) => {
    await participantCheck(tx, who, id);
    const c = await tx.selectFrom('consultation').select(['askerId', 'status']).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    if (c.status === 'converted' || c.status === 'closed') throw new AppError(409, 'consultation_closed', 'error.consultation_closed');
    await tx.insertInto('consultationMessage').values({ organisationId: who.organisation.id, consultationId: id, authorId: who.user.id, body: data.body }).execute();
    const others = (await tx.selectFrom('consultationParticipant').select('userId').where('consultationId', '=', id).where('userId', '!=', who.user.id).execute()).map((p) => p.userId);
    if (who.user.id !== c.askerId) await tx.updateTable('consultation').set({ status: 'answered' }).where('id', '=', id).execute();
    await notify(tx, who.organisation.id, others, who.user.id === c.askerId ? 'consultation_asked' : 'consultation_answered', { consultationId: id });
    await audit(tx, actor(who), { action: 'consultation.answer', objectType: 'consultation', objectId: id });
  });
}

/** The asker turns the consultation into a report; the two stay linked. */
export async function reportFromConsultation(db: Db, who: SignedIn, id: string, input: NewIncidentInput): Promise<string> {
  const data = parse(newIncidentSchema, input);
  const number = await takeIncidentNumber(db, who.organisation.id);
  return withOrganisation(db, who.organisation.id, async (tx) => {
    await participantCheck(tx, who, id);
    const c = await tx.selectFrom('consultation').select(['askerId', 'status']).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    if (c.askerId !== who.user.id) throw notFound();
    if (c.status === 'converted') throw new AppError(409, 'consultation_closed', 'error.consultation_closed');
    const incidentId = await reportInTransaction(tx, who, data, number);
    await tx.updateTable('consultation').set({ status: 'converted', incidentId }).where('id', '=', id).execute();
    await audit(tx, actor(who), { action: 'consultation.convert', objectType: 'consultation', objectId: id });
    return incidentId;
  });
}
