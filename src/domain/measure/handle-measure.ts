import { withOrganisation, type Db, type Tx } from '../../db/database.js';
import { AppError, conflict, notFound } from '../../errors.js';
import { parse, isUuid } from '../../validation.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { canHandleCase } from '../case/case.policy.js';
import { amsterdamDay } from '../../time/amsterdam.js';
import { completeDeadlineOf } from '../deadline/deadline.repository.js';
import type { AccessReason } from '../incident/incident.js';
import { visibleIncident } from '../incident/incident-queries.js';
import { accessOf, addEvent } from '../incident/incident.repository.js';
import { nextState, type MeasureAction } from './measure.js';
import { planBanEnd } from './measure-deadlines.js';
import { canSeeMeasures, mayDecide, measureAbilities } from './measure.policy.js';
import { completePerpetratorResponse, insertMeasure, linkedPerpetrators, lockMeasure, updateMeasure, type MeasureHead } from './measure.repository.js';
import { decideSchema, hearingSchema, proposeSchema, rejectSchema } from './measure.schema.js';

const actor = (who: SignedIn) => ({ organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp });
const fieldError = (field: string, key: string) => new AppError(400, 'validation_failed', key, { [field]: key });
const wrongState = () => conflict('measure_state', 'error.measure_state');

/** Proposes a measure on an incident the person handles; returns its id. */
export function proposeMeasure(db: Db, who: SignedIn, incidentId: string, input: unknown): Promise<string> {
  const data = parse(proposeSchema, input);
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const { incident, access } = await visibleIncident(tx, who, incidentId);
    if (!canSeeMeasures(access)) throw notFound();
    const linked = await linkedPerpetrators(tx, incidentId);
    if (data.perpetratorId && !linked.some((p) => p.id === data.perpetratorId)) throw fieldError('perpetratorId', 'error.measure_perpetrator_unknown');
    // With one perpetrator in the register for this incident, the measure is against them.
    const perpetratorId = data.perpetratorId ?? (linked.length === 1 ? linked[0]!.id : null);
    // A ban names who may not enter: without a name the front desk cannot keep it.
    if (data.kind === 'ban' && !perpetratorId && !incident.perpetrator?.name) throw fieldError('perpetratorId', 'error.ban_needs_name');
    const id = await insertMeasure(tx, {
      organisationId: who.organisation.id, incidentId, perpetratorId, kind: data.kind, details: data.details, advice: data.advice, reasons: data.reasons,
      startsOn: data.startsOn, endsOn: data.endsOn, proposedBy: who.user.id,
    });
    await addEvent(tx, who.organisation.id, incidentId, who.user.id, 'measure_proposed', { measureId: id });
    await audit(tx, actor(who), { action: 'measure.propose', objectType: 'measure', objectId: id });
    return id;
  });
}

/** The measure and how the person sees its incident; 404 unless they handle that incident. */
async function handledMeasure(tx: Tx, who: SignedIn, id: string): Promise<{ m: MeasureHead; access: AccessReason }> {
  if (!isUuid(id)) throw notFound();
  const m = await lockMeasure(tx, id);
  if (!m) throw notFound();
  const access = await accessOf(tx, m.incidentId, who.user.id);
  if (!access || !canHandleCase(access)) throw notFound();
  return { m, access };
}

/** Records hoor en wederhoor: what the perpetrator said, or why hearing them was not possible. */
export function recordHearing(db: Db, who: SignedIn, id: string, input: unknown): Promise<void> {
  const data = parse(hearingSchema, input);
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const { m } = await handledMeasure(tx, who, id);
    if (m.state !== 'proposed') throw wrongState();
    await updateMeasure(tx, id, { hearing: data.hearing, hearingStatement: data.statement });
    await addEvent(tx, who.organisation.id, m.incidentId, who.user.id, 'measure_hearing', { measureId: id });
    await audit(tx, actor(who), { action: 'measure.hearing', objectType: 'measure', objectId: id });
  });
}

async function transition(tx: Tx, who: SignedIn, m: MeasureHead, action: MeasureAction, set: Parameters<typeof updateMeasure>[2]): Promise<void> {
  const to = nextState(m.state, action);
  if (!to) throw wrongState();
  await updateMeasure(tx, m.id, { ...set, state: to });
  await addEvent(tx, who.organisation.id, m.incidentId, who.user.id, `measure_${to}`, { measureId: m.id });
  await audit(tx, actor(who), { action: `measure.${action}`, objectType: 'measure', objectId: m.id });
}

/**
 * Decides a proposed measure (mayor or secretary; a ban only the mayor). Both sides must have
 * been heard first. The first decision answers the perpetrator: the 24-hour duty closes. A ban
 * gets a deadline at its end.
 */
export function decideMeasure(db: Db, who: SignedIn, id: string, input: unknown): Promise<void> {
  const data = parse(decideSchema, input);
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const { m, access } = await handledMeasure(tx, who, id);
    if (!mayDecide(who.user.roles, access, m.kind)) throw notFound();
    if (m.state !== 'proposed') throw wrongState();
    if (!m.hearing) throw conflict('hearing_required', 'error.hearing_required', 'hearing');
    const now = new Date();
    await transition(tx, who, m, 'decide', { decidedBy: who.user.id, decidedAt: now, decisionNote: data.note });
    await completePerpetratorResponse(tx, m.incidentId, who.user.id, now);
    if (m.kind === 'ban' && m.endsOn) await planBanEnd(tx, who.organisation.id, { id: m.id, incidentId: m.incidentId, endsOn: m.endsOn }, who.user.id, now);
  });
}

/** Rejects a proposed measure, with a reason; by those who could have decided it. */
export function rejectMeasure(db: Db, who: SignedIn, id: string, input: unknown): Promise<void> {
  const data = parse(rejectSchema, input);
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const { m, access } = await handledMeasure(tx, who, id);
    if (!mayDecide(who.user.roles, access, m.kind)) throw notFound();
    await transition(tx, who, m, 'reject', { decidedBy: who.user.id, decidedAt: new Date(), decisionNote: data.note });
  });
}

/** Records that a decided measure was carried out (the warning given, the letter sent). */
export function carryOutMeasure(db: Db, who: SignedIn, id: string): Promise<void> {
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const { m } = await handledMeasure(tx, who, id);
    const now = new Date();
    await transition(tx, who, m, 'carry_out', { carriedOutAt: now });
    await completePerpetratorResponse(tx, m.incidentId, who.user.id, now);
  });
}

/**
 * Ends a measure in force; its end deadline closes. A ban that has not yet run its course is
 * the mayor's decision to lift: for anyone else that is not there (404).
 */
export function endMeasure(db: Db, who: SignedIn, id: string): Promise<void> {
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const { m, access } = await handledMeasure(tx, who, id);
    if (!nextState(m.state, 'end')) throw wrongState();
    if (!measureAbilities(who.user.roles, access, m, amsterdamDay(new Date()).date).includes('end')) throw notFound();
    const now = new Date();
    await transition(tx, who, m, 'end', { endedAt: now });
    await completeDeadlineOf(tx, m.id, who.user.id, now);
  });
}
