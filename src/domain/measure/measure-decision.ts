import type { Tx } from '../../db/database.js';
import type { SignedIn } from '../auth/session.js';
import { canCase } from '../case/case.policy.js';
import { addWorkingDays } from '../deadline/calendar.js';
import { closeDeadlines, insertDeadlines } from '../deadline/deadline.repository.js';
import { grantAccess, handlerIds } from '../incident/incident.repository.js';
import { notify } from '../notification/notify.js';
import { routingPeople } from '../routing/routing.repository.js';
import type { MeasureKind } from './measure.js';

/**
 * How long a decision may wait. The protocol names no term; a week of working days keeps the
 * answer to the perpetrator close to the incident, as the public guidance asks.
 */
export const DECISION_WORKING_DAYS = 5;

/** The active people who may decide a measure of this kind: a ban only the mayor, others also the secretary. */
async function decidersOf(tx: Tx, kind: MeasureKind): Promise<string[]> {
  const ability = kind === 'ban' ? 'ban.decide' : 'measure.decide';
  return (await routingPeople(tx)).filter((p) => p.active && canCase(p.roles, ability)).map((p) => p.id);
}

/**
 * A proposed measure is put before those who decide it, as a task and a message (issue 10 §1:
 * the mayor got neither for a ban). Deciders who handle the incident are asked; when none does —
 * a ban on an employee's incident that routing never took to the mayor — every decider gets
 * access, since nobody can decide a case they cannot read.
 */
export async function askForDecision(
  tx: Tx,
  who: SignedIn,
  measure: { id: string; incidentId: string; kind: MeasureKind },
  occurredAt: Date,
  now: Date,
): Promise<void> {
  const deciders = await decidersOf(tx, measure.kind);
  if (deciders.length === 0) return;
  // The proposer handles the case (they could propose): a decider who proposes asks themselves.
  const handlers = new Set([...(await handlerIds(tx, measure.incidentId, who.user.id)), who.user.id]);
  let owners = deciders.filter((id) => handlers.has(id));
  // Only a ban is the mayor's alone; other measures wait for a decider who handles the case.
  if (owners.length === 0 && measure.kind === 'ban') {
    await grantAccess(
      tx,
      who.organisation.id,
      measure.incidentId,
      occurredAt,
      new Map(deciders.map((id) => [id, 'granted' as const])),
      who.user.id,
    );
    owners = deciders;
  }
  if (owners.length === 0) return;
  await insertDeadlines(tx, [
    {
      organisationId: who.organisation.id,
      incidentId: measure.incidentId,
      kind: 'measure_decision',
      subjectId: measure.id,
      ownerIds: owners,
      dueAt: addWorkingDays(now, DECISION_WORKING_DAYS),
      createdAt: now,
    },
  ]);
  await notify(
    tx,
    who.organisation.id,
    owners.filter((id) => id !== who.user.id),
    'measure_proposed',
    { incidentId: measure.incidentId, actorId: who.user.id },
  );
}

/** A decision taken (or a rejection): the task closes and the other handlers hear of it. */
export async function decisionTaken(tx: Tx, who: SignedIn, measure: { id: string; incidentId: string }, now: Date): Promise<void> {
  await closeDeadlines(tx, { subjectId: measure.id }, { state: 'done', by: who.user.id, at: now });
  await notify(tx, who.organisation.id, await handlerIds(tx, measure.incidentId, who.user.id), 'measure_decided', {
    incidentId: measure.incidentId,
    actorId: who.user.id,
  });
}
