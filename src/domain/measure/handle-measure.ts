import type { z } from 'zod';
import type { Tx } from '../../db/database.js';
import { conflict, invalidField, notFound } from '../../errors.js';
import { can, requireOne } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { incidentPolicy } from '../incident/incident.policy.js';
import { addEvent, findIncident } from '../incident/incident.repository.js';
import { actorOf } from '../perpetrator/perpetrator-access.js';
import { isInForce, letterKindOf, nextState, type MeasureAction } from './measure.js';
import { planBanEnd } from './measure-deadlines.js';
import { askForDecision, decisionTaken } from './measure-decision.js';
import { closeDeadlines } from '../deadline/deadline.repository.js';
import { measurePolicy, stepInOtherState, type MeasureStep, type MeasureSubject } from './measure.policy.js';
import { insertMeasure, linkedPerpetrators, lockMeasure, updateMeasure, type MeasureHead } from './measure.repository.js';
import type { decideSchema, factsSchema, hearingSchema, proposeSchema, rejectSchema } from './measure.schema.js';

const wrongState = () => conflict('measure_state', 'error.measure_state');

/** Proposes a measure on an incident the person handles; returns its id. */
export async function proposeMeasure(tx: Tx, who: SignedIn, incidentId: string, data: z.output<typeof proposeSchema>): Promise<string> {
  await requireOne(tx, who, incidentPolicy, 'handle', incidentId);
  const incident = await findIncident(tx, incidentId);
  if (!incident) throw notFound();
  const linked = await linkedPerpetrators(tx, incidentId);
  if (data.perpetratorId && !linked.some((p) => p.id === data.perpetratorId))
    throw invalidField('perpetratorId', 'error.measure_perpetrator_unknown');
  // With one perpetrator in the register for this incident, the measure is against them.
  const perpetratorId = data.perpetratorId ?? (linked.length === 1 ? linked[0]!.id : null);
  // A ban names who may not enter: without a name the front desk cannot keep it.
  if (data.kind === 'ban' && !perpetratorId && !incident.perpetrator?.name) throw invalidField('perpetratorId', 'error.ban_needs_name');
  const id = await insertMeasure(tx, {
    organisationId: who.organisation.id,
    incidentId,
    perpetratorId,
    kind: data.kind,
    details: data.details,
    facts: data.facts ?? null,
    advice: data.advice,
    reasons: data.reasons,
    startsOn: data.startsOn,
    endsOn: data.endsOn,
    proposedBy: who.user.id,
  });
  await addEvent(tx, who.organisation.id, incidentId, who.user.id, 'measure_proposed', { measureId: id });
  await askForDecision(tx, who, { id, incidentId, kind: data.kind }, incident.occurredAt, new Date());
  await audit(tx, actorOf(who), { action: 'measure.propose', objectType: 'measure', objectId: id });
  return id;
}

/**
 * The measure, locked for the change, when the step is the person's: 404 when it never is
 * (not a handler of its incident, not the one who decides), 409 when it is but not in this state.
 */
async function measureFor(tx: Tx, who: SignedIn, id: string, step: MeasureStep): Promise<MeasureHead> {
  const subject: MeasureSubject = await requireOne(tx, who, measurePolicy, 'view', id);
  const m = await lockMeasure(tx, id);
  if (!m) throw notFound();
  // The state as locked, not as read a moment before.
  const locked = { ...subject, state: m.state };
  if (!can(measurePolicy, who, step, locked)) throw stepInOtherState(who, locked, step) ? wrongState() : notFound();
  return m;
}

/** Records hoor en wederhoor: what the perpetrator said, or why hearing them was not possible. */
export async function recordHearing(tx: Tx, who: SignedIn, id: string, data: z.output<typeof hearingSchema>): Promise<void> {
  const m = await measureFor(tx, who, id, 'hearing');
  await updateMeasure(tx, id, { hearing: data.hearing, hearingStatement: data.statement });
  await addEvent(tx, who.organisation.id, m.incidentId, who.user.id, 'measure_hearing', { measureId: id });
  await audit(tx, actorOf(who), { action: 'measure.hearing', objectType: 'measure', objectId: id });
}

async function transition(
  tx: Tx,
  who: SignedIn,
  m: MeasureHead,
  action: MeasureAction,
  set: Parameters<typeof updateMeasure>[2],
): Promise<void> {
  const to = nextState(m.state, action);
  if (!to) throw wrongState();
  await updateMeasure(tx, m.id, { ...set, state: to });
  await addEvent(tx, who.organisation.id, m.incidentId, who.user.id, `measure_${to}`, { measureId: m.id });
  await audit(tx, actorOf(who), { action: `measure.${action}`, objectType: 'measure', objectId: m.id });
}

/**
 * Decides a proposed measure (mayor or secretary; a ban only the mayor). Both sides must have
 * been heard first. The first decision answers the perpetrator: the 24-hour duty closes. A ban
 * gets a deadline at its end.
 */
export async function decideMeasure(tx: Tx, who: SignedIn, id: string, data: z.output<typeof decideSchema>): Promise<void> {
  const m = await measureFor(tx, who, id, 'decide');
  if (!m.hearing) throw conflict('hearing_required', 'error.hearing_required', 'hearing');
  const now = new Date();
  await transition(tx, who, m, 'decide', { decidedBy: who.user.id, decidedAt: now, decisionNote: data.note });
  // Before the ban's end is planned: that deadline is about the same measure.
  await decisionTaken(tx, who, m, now);
  await closeDeadlines(tx, { incidentId: m.incidentId, kind: 'perpetrator_response' }, { state: 'done', by: who.user.id, at: now });
  if (m.kind === 'ban' && m.endsOn)
    await planBanEnd(tx, who.organisation.id, { id: m.id, incidentId: m.incidentId, endsOn: m.endsOn }, who.user.id, now);
}

/** Rejects a proposed measure, with a reason; by those who could have decided it. */
export async function rejectMeasure(tx: Tx, who: SignedIn, id: string, data: z.output<typeof rejectSchema>): Promise<void> {
  const m = await measureFor(tx, who, id, 'reject');
  const now = new Date();
  await transition(tx, who, m, 'reject', { decidedBy: who.user.id, decidedAt: now, decisionNote: data.note });
  await decisionTaken(tx, who, m, now);
}

/** Records that a decided measure was carried out (the warning given, the letter sent). */
export async function carryOutMeasure(tx: Tx, who: SignedIn, id: string): Promise<void> {
  const m = await measureFor(tx, who, id, 'carry_out');
  const now = new Date();
  await transition(tx, who, m, 'carry_out', { carriedOutAt: now });
  await closeDeadlines(tx, { incidentId: m.incidentId, kind: 'perpetrator_response' }, { state: 'done', by: who.user.id, at: now });
}

/**
 * Ends a measure in force; its end deadline closes. A ban that has not yet run its course is
 * the mayor's decision to lift: for anyone else that is not there (404).
 */
export async function endMeasure(tx: Tx, who: SignedIn, id: string): Promise<void> {
  const m = await measureFor(tx, who, id, 'end');
  const now = new Date();
  await transition(tx, who, m, 'end', { endedAt: now });
  await closeDeadlines(tx, { subjectId: m.id }, { state: 'done', by: who.user.id, at: now });
}

/**
 * Writes the facts for the letter of a written warning or ban (issue 11 §4): while it is
 * proposed (with the hearing) or in force (before the letter). Whoever handles the incident
 * and may hear or make the letter; other kinds send no letter (409).
 */
export async function recordFacts(tx: Tx, who: SignedIn, id: string, data: z.output<typeof factsSchema>): Promise<void> {
  const subject: MeasureSubject = await requireOne(tx, who, measurePolicy, 'view', id);
  const m = await lockMeasure(tx, id);
  if (!m) throw notFound();
  if (!letterKindOf(m.kind)) throw conflict('no_letter', 'error.no_letter');
  const locked = { ...subject, state: m.state };
  if (!can(measurePolicy, who, 'hearing', locked) && !can(measurePolicy, who, 'letter', locked)) {
    throw m.state === 'proposed' || isInForce(m.state) ? notFound() : wrongState();
  }
  await updateMeasure(tx, id, { facts: data.facts });
  await addEvent(tx, who.organisation.id, m.incidentId, who.user.id, 'measure_facts', { measureId: id });
  await audit(tx, actorOf(who), { action: 'measure.facts', objectType: 'measure', objectId: id });
}
