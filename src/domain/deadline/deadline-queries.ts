import { withOrganisation, type Db } from '../../db/database.js';
import { isUuid } from '../../validation.js';
import { AppError, notFound } from '../../errors.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { canIncident } from '../incident/incident.policy.js';
import { visibleIncident } from '../incident/incident-queries.js';
import { accessOf } from '../incident/incident.repository.js';
import type { Deadline } from './deadline.js';
import { deadlinesOfIncident, deadlinesOfOwner, findDeadline, overdueDeadlines } from './deadline.repository.js';

export function incidentDeadlines(db: Db, who: SignedIn, incidentId: string): Promise<Deadline[]> {
  return withOrganisation(db, who.organisation.id, async (tx) => {
    await visibleIncident(tx, who, incidentId);
    return deadlinesOfIncident(tx, incidentId);
  });
}

/** "My tasks": what the person must do, by due time. */
export function myTasks(db: Db, who: SignedIn): Promise<Deadline[]> {
  return withOrganisation(db, who.organisation.id, (tx) => deadlinesOfOwner(tx, who.user.id));
}

/** Every overdue duty in the organisation, for the security adviser (who sees every incident). */
export function overdueOverview(db: Db, who: SignedIn): Promise<Deadline[]> {
  if (!who.user.roles.includes('security_adviser')) throw notFound();
  return withOrganisation(db, who.organisation.id, (tx) => overdueDeadlines(tx));
}

/** Cancelling a duty needs a reason; owners and the incident's handlers may do it. */
export function cancelDeadline(db: Db, who: SignedIn, id: string, reason: string): Promise<void> {
  const why = reason.trim();
  if (!why) throw new AppError(400, 'validation_failed', 'error.reason_required', { reason: 'error.reason_required' });
  if (why.length > 2000) throw new AppError(400, 'validation_failed', 'error.text_too_long', { reason: 'error.text_too_long' });
  return withOrganisation(db, who.organisation.id, async (tx) => {
    if (!isUuid(id)) throw notFound();
    const deadline = await findDeadline(tx, id);
    if (!deadline) throw notFound();
    const access = await accessOf(tx, deadline.incidentId, who.user.id);
    if (!canIncident(access, 'view')) throw notFound();
    if (!deadline.ownerIds.includes(who.user.id) && !canIncident(access, 'handle')) throw notFound();
    if (deadline.state === 'done' || deadline.state === 'cancelled') throw new AppError(409, 'deadline_closed', 'error.deadline_closed');
    await tx.updateTable('deadline').set({ state: 'cancelled', cancelledAt: new Date(), cancelledBy: who.user.id, cancelReason: why }).where('id', '=', id).execute();
    await audit(tx, { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp }, { action: 'deadline.cancel', objectType: 'deadline', objectId: id });
  });
}
