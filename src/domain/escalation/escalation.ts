import { z } from 'zod';
import { withOrganisation, type Db } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import { parse } from '../../validation.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { canCase, canHandleCase } from '../case/case.policy.js';
import { canIncident } from '../incident/incident.policy.js';
import { visibleIncident } from '../incident/incident-queries.js';
import { addEvent } from '../incident/incident.repository.js';
import { injurySchema } from '../incident/incident.schema.js';
import { isSeriousHarm, openInspectorateDuty } from './duties.js';

const actor = (who: SignedIn) => ({ organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp });
const optionalDate = z.union([z.literal(''), z.iso.date({ error: 'error.date_invalid' })]).optional().transform((v) => v || null);

export interface Escalation {
  id: string;
  kind: 'labour_inspectorate' | 'kings_commissioner';
  doneAt: Date | null;
  how: string | null;
  reference: string | null;
}

export interface TriangleMark {
  meetingOn: string | null;
  note: string | null;
  discussedOn: string | null;
}

export interface SecurityMeasure {
  id: string;
  description: string;
  advisedBy: 'police' | 'prosecution' | 'other';
  ownCostCents: number;
  organisationCostCents: number;
  safetyNetRequestedOn: string | null;
  safetyNetCents: number | null;
  safetyNetStatus: 'requested' | 'granted' | 'refused' | null;
}

export interface EscalationView {
  canManage: boolean;
  escalations: Escalation[];
  triangle: TriangleMark | null;
  /** Only for the security-measure roles; undefined otherwise (never exported). */
  securityMeasures?: SecurityMeasure[];
}

/** Marks injury later on (by anyone who may add to the incident); serious harm opens the inspectorate duty at once. */
export function updateInjury(db: Db, who: SignedIn, incidentId: string, input: unknown): Promise<{ dutyOpened: boolean }> {
  const injury = parse(injurySchema, input);
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const { incident, access } = await visibleIncident(tx, who, incidentId);
    if (!canIncident(access, 'add_information')) throw notFound();
    await tx.updateTable('incident').set({
      injuryPhysical: injury.physical, injuryMental: injury.mental, injuryHospital: injury.hospital, injuryLastingHarm: injury.lastingHarm, injuryDeath: injury.death, updatedAt: new Date(),
    }).where('id', '=', incidentId).execute();
    await addEvent(tx, who.organisation.id, incidentId, who.user.id, 'injury_updated', { ...injury });
    const dutyOpened = isSeriousHarm(injury) && !isSeriousHarm(incident.injury) && incident.status !== 'draft';
    if (dutyOpened) await openInspectorateDuty(tx, who.organisation.id, incidentId, new Date());
    await audit(tx, actor(who), { action: 'incident.injury', objectType: 'incident', objectId: incidentId });
    return { dutyOpened };
  });
}

export const escalationDoneSchema = z.object({
  doneAt: z.iso.datetime({ offset: true, error: 'error.occurred_at_invalid' }).transform((v) => new Date(v)),
  how: z.string().trim().min(1, 'error.how_required').max(1000, 'error.text_too_long'),
  reference: z.string().trim().max(200, 'error.text_too_long').optional().transform((v) => v || null),
});

/** Records when and how the inspectorate or the King's Commissioner was informed; closes the duty. */
export function recordEscalation(db: Db, who: SignedIn, incidentId: string, kind: Escalation['kind'], input: unknown): Promise<void> {
  const data = parse(escalationDoneSchema, input);
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const { access } = await visibleIncident(tx, who, incidentId);
    if (!canHandleCase(access)) throw notFound();
    const updated = await tx.updateTable('escalation').set({ doneAt: data.doneAt, how: data.how, reference: data.reference, doneBy: who.user.id })
      .where('incidentId', '=', incidentId).where('kind', '=', kind).executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw new AppError(409, 'no_such_duty', 'error.no_such_duty');
    await tx.updateTable('deadline').set({ state: 'done', doneAt: new Date(), doneBy: who.user.id })
      .where('incidentId', '=', incidentId).where('kind', '=', kind).where('state', 'in', ['open', 'overdue']).execute();
    await addEvent(tx, who.organisation.id, incidentId, who.user.id, 'escalation_done', { kind });
    await audit(tx, actor(who), { action: `escalation.${kind}`, objectType: 'incident', objectId: incidentId });
  });
}

export const triangleSchema = z.object({
  meetingOn: optionalDate,
  note: z.string().trim().max(2000, 'error.text_too_long').optional().transform((v) => v || null),
  discussedOn: optionalDate,
});

/** Marks the incident for the next triangle meeting (mayor, chief prosecutor, police chief). */
export function markForTriangle(db: Db, who: SignedIn, incidentId: string, input: unknown): Promise<void> {
  const data = parse(triangleSchema, input);
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const { access } = await visibleIncident(tx, who, incidentId);
    if (!canHandleCase(access)) throw notFound();
    await tx.insertInto('triangleItem').values({ organisationId: who.organisation.id, incidentId, ...data, markedBy: who.user.id })
      .onConflict((oc) => oc.columns(['organisationId', 'incidentId']).doUpdateSet({ meetingOn: data.meetingOn, note: data.note, discussedOn: data.discussedOn })).execute();
    await addEvent(tx, who.organisation.id, incidentId, who.user.id, 'triangle_marked', {});
    await audit(tx, actor(who), { action: 'triangle.mark', objectType: 'incident', objectId: incidentId });
  });
}

export function unmarkTriangle(db: Db, who: SignedIn, incidentId: string): Promise<void> {
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const { access } = await visibleIncident(tx, who, incidentId);
    if (!canHandleCase(access)) throw notFound();
    await tx.deleteFrom('triangleItem').where('incidentId', '=', incidentId).execute();
    await audit(tx, actor(who), { action: 'triangle.unmark', objectType: 'incident', objectId: incidentId });
  });
}

export interface TriangleListItem extends TriangleMark {
  incidentId: string;
  number: number;
  level: string;
  occurredAt: Date;
}

/** The incidents marked for the triangle that the viewer may see, next meeting first. */
export function triangleList(db: Db, who: SignedIn): Promise<TriangleListItem[]> {
  if (!canCase(who.user.roles, 'triangle.list')) throw notFound();
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const rows = await tx
      .selectFrom('triangleItem as t')
      .innerJoin('incident as i', 'i.id', 't.incidentId')
      .innerJoin('incidentAccess as a', (j) => j.onRef('a.incidentId', '=', 't.incidentId').on('a.userId', '=', who.user.id))
      .select(['t.incidentId', 'i.number', 'i.level', 'i.occurredAt', 't.meetingOn', 't.note', 't.discussedOn'])
      .orderBy('t.discussedOn', (ob) => ob.nullsFirst())
      .orderBy('t.meetingOn')
      .execute();
    return rows;
  });
}

export const securityMeasureSchema = z.object({
  description: z.string().trim().min(1, 'error.description_required').max(2000, 'error.text_too_long'),
  advisedBy: z.enum(['police', 'prosecution', 'other'], { error: 'error.invalid' }),
  ownCostCents: z.coerce.number({ error: 'error.amount' }).int('error.amount').min(0, 'error.amount').default(0),
  organisationCostCents: z.coerce.number({ error: 'error.amount' }).int('error.amount').min(0, 'error.amount').default(0),
  safetyNetRequestedOn: optionalDate,
  safetyNetCents: z.coerce.number({ error: 'error.amount' }).int('error.amount').min(0, 'error.amount').optional().nullable(),
  safetyNetStatus: z.enum(['requested', 'granted', 'refused']).optional().nullable(),
});

/** Security measures advised by police or prosecution, with the cost split (seed 003). */
export function addSecurityMeasure(db: Db, who: SignedIn, incidentId: string, input: unknown): Promise<string> {
  if (!canCase(who.user.roles, 'security_measure.manage')) throw notFound();
  const data = parse(securityMeasureSchema, input);
  return withOrganisation(db, who.organisation.id, async (tx) => {
    await visibleIncident(tx, who, incidentId);
    const row = await tx.insertInto('securityMeasure').values({
      organisationId: who.organisation.id, incidentId, ...data, safetyNetCents: data.safetyNetCents ?? null, safetyNetStatus: data.safetyNetStatus ?? null, createdBy: who.user.id,
    }).returning('id').executeTakeFirstOrThrow();
    await audit(tx, actor(who), { action: 'security_measure.create', objectType: 'incident', objectId: incidentId });
    return row.id;
  });
}

export function getEscalations(db: Db, who: SignedIn, incidentId: string): Promise<EscalationView> {
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const { access } = await visibleIncident(tx, who, incidentId);
    const canManage = canHandleCase(access);
    const escalations = canManage
      ? await tx.selectFrom('escalation').select(['id', 'kind', 'doneAt', 'how', 'reference']).where('incidentId', '=', incidentId).orderBy('createdAt').execute()
      : [];
    const triangle = canManage
      ? ((await tx.selectFrom('triangleItem').select(['meetingOn', 'note', 'discussedOn']).where('incidentId', '=', incidentId).executeTakeFirst()) ?? null)
      : null;
    const view: EscalationView = { canManage, escalations, triangle };
    if (canCase(who.user.roles, 'security_measure.manage')) {
      view.securityMeasures = await tx.selectFrom('securityMeasure')
        .select(['id', 'description', 'advisedBy', 'ownCostCents', 'organisationCostCents', 'safetyNetRequestedOn', 'safetyNetCents', 'safetyNetStatus'])
        .where('incidentId', '=', incidentId).orderBy('createdAt').execute();
    }
    return view;
  });
}
