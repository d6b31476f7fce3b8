import type { Tx } from '../../db/database.js';
import { requireOne } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { incidentPolicy } from '../incident/incident.policy.js';
import { aftercarePlans, type AftercarePlan } from './aftercare.presenter.js';
import { conversationsOfIncident, peopleNames, referralsOfIncident } from './aftercare.repository.js';

export type { AftercareConversation, AftercarePlan } from './aftercare.presenter.js';

/**
 * The aftercare plans of an incident as one person may see them (whoever sees the incident).
 * The private notes and referrals leave the server only for the caregivers and the affected
 * person themselves; such a read is audited.
 */
export async function getAftercare(tx: Tx, who: SignedIn, incidentId: string): Promise<AftercarePlan[]> {
  const incident = await requireOne(tx, who, incidentPolicy, 'view', incidentId);
  const rows = await conversationsOfIncident(tx, incidentId);
  if (rows.length === 0) return [];
  const [referrals, people] = await Promise.all([
    referralsOfIncident(tx, incidentId),
    peopleNames(
      tx,
      rows.flatMap((r) => [r.affectedUserId, ...r.caregiverIds, ...(r.heldBy ? [r.heldBy] : [])]),
    ),
  ]);
  const plans = aftercarePlans(who, incident, rows, referrals, people);
  if (plans.some((p) => p.referrals !== undefined)) {
    await audit(
      tx,
      { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp },
      { action: 'aftercare.read', objectType: 'incident', objectId: incidentId },
    );
  }
  return plans;
}
