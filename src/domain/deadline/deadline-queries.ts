import type { Tx } from '../../db/database.js';
import type { MessageKey } from '../../http/i18n/index.js';
import { conflict, validationFailed } from '../../errors.js';
import { requireOne, requireRole } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { incidentPolicy } from '../incident/incident.policy.js';
import type { Deadline } from './deadline.js';
import { deadlinePolicy, deadlineRolePolicy } from './deadline.policy.js';
import { closeDeadlines, deadlinesOfIncident, deadlinesOfOwner, overdueDeadlines } from './deadline.repository.js';

/** Every deadline of an incident, for whoever sees the incident. */
export async function incidentDeadlines(tx: Tx, who: SignedIn, incidentId: string): Promise<Deadline[]> {
  await requireOne(tx, who, incidentPolicy, 'view', incidentId);
  return deadlinesOfIncident(tx, incidentId);
}

/** "My tasks": what the person must do, by due time. */
export function myTasks(tx: Tx, who: SignedIn): Promise<Deadline[]> {
  return deadlinesOfOwner(tx, who.user.id);
}

/** Every overdue duty in the organisation, for the security adviser (who sees every incident). */
export async function overdueOverview(tx: Tx, who: SignedIn): Promise<Deadline[]> {
  requireRole(deadlineRolePolicy, who, 'overdue_overview');
  // Every overdue duty of a case; of the organisation's own duties (a request, the access review) only the viewer's.
  return (await overdueDeadlines(tx)).filter((d) => d.incidentId !== null || d.ownerIds.includes(who.user.id));
}

export const deadlineClosed = () => conflict('deadline_closed', 'error.deadline_closed');

/** The message key when a cancel reason is not acceptable (empty or too long); undefined when it is. */
export function cancelReasonProblem(reason: string): MessageKey | undefined {
  const why = reason.trim();
  if (!why) return 'error.reason_required';
  if (why.length > 2000) return 'error.text_too_long';
  return undefined;
}

/** Cancelling a duty needs a reason; owners and the incident's handlers may do it. */
export async function cancelDeadline(tx: Tx, who: SignedIn, id: string, reason: string): Promise<void> {
  const problem = cancelReasonProblem(reason);
  if (problem) throw validationFailed({ reason: problem });
  const deadline = await requireOne(tx, who, deadlinePolicy, 'cancel', id);
  if (deadline.state === 'done' || deadline.state === 'cancelled') throw deadlineClosed();
  const closed = await closeDeadlines(tx, { id }, { state: 'cancelled', by: who.user.id, at: new Date(), reason: reason.trim() });
  // Closed by someone else since the facts were read.
  if (closed === 0) throw deadlineClosed();
  await audit(
    tx,
    { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp },
    { action: 'deadline.cancel', objectType: 'deadline', objectId: id },
  );
}
