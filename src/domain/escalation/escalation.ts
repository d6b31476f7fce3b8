import { z } from 'zod';
import { cents, requiredText } from '../../validation.js';
import type { Tx } from '../../db/database.js';
import { conflict } from '../../errors.js';
import { can, requireOne, requireRole } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { casePolicy, caseRolePolicy, type CaseSubject } from '../case/case.policy.js';
import { closeDeadlines } from '../deadline/deadline.repository.js';
import { addEvent } from '../incident/incident.repository.js';
import type { injurySchema } from '../incident/incident.schema.js';
import { isSeriousHarm, openInspectorateDuty } from './duties.js';
import {
  completeEscalation,
  deleteTriangle,
  escalationsOf,
  insertSecurityMeasure,
  levelAndInjury,
  securityMeasuresOf,
  setInjury,
  triangleItemsVisibleTo,
  triangleOf,
  upsertTriangle,
  type EscalationKind,
  type EscalationRow,
  type SecurityMeasureRow,
  type TriangleListRow,
  type TriangleRow,
} from './escalation.repository.js';

const actor = (who: SignedIn) => ({ organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp });
const optionalDate = z
  .union([z.literal(''), z.iso.date({ error: 'error.date_invalid' })])
  .optional()
  .transform((v) => v || null);

export type Escalation = EscalationRow;
export type TriangleMark = TriangleRow;
export type SecurityMeasure = SecurityMeasureRow;
export type { EscalationKind };
export const ESCALATION_KINDS = ['labour_inspectorate', 'kings_commissioner'] as const satisfies readonly EscalationKind[];

export interface EscalationView {
  canManage: boolean;
  escalations: Escalation[];
  triangle: TriangleMark | null;
  /** Only for the security-measure roles; undefined otherwise (never exported). */
  securityMeasures?: SecurityMeasure[];
}

/** No escalation of that kind was opened on the incident. */
export const noSuchDuty = () => conflict('no_such_duty', 'error.no_such_duty');

/** Marks injury later on (by anyone who may add to the incident); serious harm opens the inspectorate duty at once. */
export async function updateInjury(
  tx: Tx,
  who: SignedIn,
  incidentId: string,
  injury: z.output<typeof injurySchema>,
): Promise<{ dutyOpened: boolean }> {
  const subject = await requireOne(tx, who, casePolicy, 'injury.update', incidentId);
  const before = (await levelAndInjury(tx, incidentId)).injury;
  await setInjury(tx, incidentId, injury, new Date());
  await addEvent(tx, who.organisation.id, incidentId, who.user.id, 'injury_updated', { ...injury });
  const dutyOpened = isSeriousHarm(injury) && !isSeriousHarm(before) && subject.status !== 'draft';
  if (dutyOpened) await openInspectorateDuty(tx, who.organisation.id, incidentId, new Date());
  await audit(tx, actor(who), { action: 'incident.injury', objectType: 'incident', objectId: incidentId });
  return { dutyOpened };
}

export const escalationDoneSchema = z.object({
  doneAt: z.iso.datetime({ offset: true, error: 'error.occurred_at_invalid' }).transform((v) => new Date(v)),
  how: requiredText(1000, 'error.how_required'),
  reference: z
    .string()
    .trim()
    .max(200, 'error.text_too_long')
    .optional()
    .transform((v) => v || null),
});

/** Records when and how the inspectorate or the King's Commissioner was informed; closes the duty. */
export async function recordEscalation(
  tx: Tx,
  who: SignedIn,
  incidentId: string,
  kind: Escalation['kind'],
  data: z.output<typeof escalationDoneSchema>,
): Promise<void> {
  await requireOne(tx, who, casePolicy, 'duty.record', incidentId);
  if (!(await completeEscalation(tx, incidentId, kind, { ...data, doneBy: who.user.id }))) throw noSuchDuty();
  await closeDeadlines(tx, { incidentId, kind }, { state: 'done', by: who.user.id, at: new Date() });
  await addEvent(tx, who.organisation.id, incidentId, who.user.id, 'escalation_done', { kind });
  await audit(tx, actor(who), { action: `escalation.${kind}`, objectType: 'incident', objectId: incidentId });
}

export const triangleSchema = z.object({
  meetingOn: optionalDate,
  note: z
    .string()
    .trim()
    .max(2000, 'error.text_too_long')
    .optional()
    .transform((v) => v || null),
  discussedOn: optionalDate,
});

/** Marks the incident for the next triangle meeting (mayor, chief prosecutor, police chief). */
export async function markForTriangle(tx: Tx, who: SignedIn, incidentId: string, data: z.output<typeof triangleSchema>): Promise<void> {
  await requireOne(tx, who, casePolicy, 'triangle.mark', incidentId);
  await upsertTriangle(tx, { organisationId: who.organisation.id, incidentId, ...data, markedBy: who.user.id });
  await addEvent(tx, who.organisation.id, incidentId, who.user.id, 'triangle_marked', {});
  await audit(tx, actor(who), { action: 'triangle.mark', objectType: 'incident', objectId: incidentId });
}

export async function unmarkTriangle(tx: Tx, who: SignedIn, incidentId: string): Promise<void> {
  await requireOne(tx, who, casePolicy, 'triangle.mark', incidentId);
  await deleteTriangle(tx, incidentId);
  await audit(tx, actor(who), { action: 'triangle.unmark', objectType: 'incident', objectId: incidentId });
}

export type TriangleListItem = TriangleListRow;

/** The incidents marked for the triangle that the viewer may see, next meeting first. */
export async function triangleList(tx: Tx, who: SignedIn): Promise<TriangleListItem[]> {
  requireRole(caseRolePolicy, who, 'triangle.list');
  return triangleItemsVisibleTo(tx, who.user.id);
}

export const securityMeasureSchema = z.object({
  description: requiredText(2000, 'error.description_required'),
  advisedBy: z.enum(['police', 'prosecution', 'other'], { error: 'error.invalid' }),
  ownCostCents: cents().default(0),
  organisationCostCents: cents().default(0),
  safetyNetRequestedOn: optionalDate,
  safetyNetCents: cents().optional().nullable(),
  safetyNetStatus: z.enum(['requested', 'granted', 'refused']).optional().nullable(),
});

/** Security measures advised by police or prosecution, with the cost split (seed 003). */
export async function addSecurityMeasure(
  tx: Tx,
  who: SignedIn,
  incidentId: string,
  data: z.output<typeof securityMeasureSchema>,
): Promise<string> {
  await requireOne(tx, who, casePolicy, 'security_measure.manage', incidentId);
  const id = await insertSecurityMeasure(tx, {
    organisationId: who.organisation.id,
    incidentId,
    ...data,
    safetyNetCents: data.safetyNetCents ?? null,
    safetyNetStatus: data.safetyNetStatus ?? null,
    createdBy: who.user.id,
  });
  await audit(tx, actor(who), { action: 'security_measure.create', objectType: 'incident', objectId: incidentId });
  return id;
}

export async function getEscalations(tx: Tx, who: SignedIn, incidentId: string): Promise<EscalationView> {
  return escalationsOfCase(tx, who, await requireOne(tx, who, casePolicy, 'view', incidentId));
}

/** getEscalations for a case whose facts the caller already has. */
export async function escalationsOfCase(tx: Tx, who: SignedIn, subject: CaseSubject): Promise<EscalationView> {
  const canManage = can(casePolicy, who, 'duty.record', subject);
  const view: EscalationView = {
    canManage,
    escalations: canManage ? await escalationsOf(tx, subject.incidentId) : [],
    triangle: can(casePolicy, who, 'triangle.mark', subject) ? await triangleOf(tx, subject.incidentId) : null,
  };
  if (can(casePolicy, who, 'security_measure.manage', subject)) view.securityMeasures = await securityMeasuresOf(tx, subject.incidentId);
  return view;
}
