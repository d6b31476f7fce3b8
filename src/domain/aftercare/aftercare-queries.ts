import { withOrganisation, type Db } from '../../db/database.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { visibleIncident } from '../incident/incident-queries.js';
import type { PersonRef } from '../incident/incident.js';
import type { ConversationState } from './conversation.js';

export interface AftercareConversation {
  id: string;
  number: number;
  state: ConversationState;
  caregivers: PersonRef[];
  offeredAt: Date | null;
  respondedAt: Date | null;
  heldAt: Date | null;
  heldBy: PersonRef | null;
  deadlineId: string | null;
  dueAt: Date | null;
  notBefore: Date | null;
  deadlineState: string | null;
  /** Only for the caregivers and the affected person; undefined for everyone else. */
  notes?: string | null;
  stalledRecovery?: boolean;
}

export interface AftercarePlan {
  affected: PersonRef;
  conversations: AftercareConversation[];
  /** Referrals are as private as the notes. */
  referrals?: { id: string; contactName: string; note: string | null; createdAt: Date; createdBy: PersonRef }[];
  /** What the viewer may do: 'caregiver' acts, 'affected' answers offers, 'viewer' only looks. */
  viewerRole: 'caregiver' | 'affected' | 'viewer';
}

/**
 * The aftercare plans of an incident as one person may see them. The private notes and
 * referrals leave the server only for the caregivers and the affected person themselves.
 */
export function getAftercare(db: Db, who: SignedIn, incidentId: string): Promise<AftercarePlan[]> {
  return withOrganisation(db, who.organisation.id, async (tx) => {
    await visibleIncident(tx, who, incidentId);
    const rows = await tx
      .selectFrom('aftercareConversation as c')
      .leftJoin('deadline as d', (j) => j.onRef('d.subjectId', '=', 'c.id'))
      .select(['c.id', 'c.affectedUserId', 'c.number', 'c.state', 'c.caregiverIds', 'c.offeredAt', 'c.respondedAt', 'c.heldAt', 'c.heldBy', 'c.notes', 'c.stalledRecovery',
        'd.id as deadlineId', 'd.dueAt', 'd.notBefore', 'd.state as deadlineState'])
      .where('c.incidentId', '=', incidentId)
      .orderBy('c.affectedUserId')
      .orderBy('c.number')
      .execute();
    if (rows.length === 0) return [];
    const ids = new Set(rows.flatMap((r) => [r.affectedUserId, ...r.caregiverIds, ...(r.heldBy ? [r.heldBy] : [])]));
    const people = new Map((await tx.selectFrom('appUser').select(['id', 'name']).where('id', 'in', [...ids]).execute()).map((p) => [p.id, p]));
    const ref = (id: string) => people.get(id) ?? { id, name: '?' };
    const referrals = await tx
      .selectFrom('referral as r')
      .innerJoin('contact as k', 'k.id', 'r.contactId')
      .select(['r.id', 'r.affectedUserId', 'r.note', 'r.createdAt', 'r.createdBy', 'k.name as contactName'])
      .where('r.incidentId', '=', incidentId)
      .orderBy('r.createdAt')
      .execute();
    const plans = new Map<string, AftercarePlan>();
    let sawPrivate = false;
    for (const r of rows) {
      const viewerRole = r.caregiverIds.includes(who.user.id) ? 'caregiver' : r.affectedUserId === who.user.id ? 'affected' : 'viewer';
      const mayReadPrivate = viewerRole !== 'viewer';
      sawPrivate ||= mayReadPrivate;
      const plan = plans.get(r.affectedUserId) ?? {
        affected: ref(r.affectedUserId),
        conversations: [],
        viewerRole,
        ...(mayReadPrivate
          ? { referrals: referrals.filter((x) => x.affectedUserId === r.affectedUserId).map((x) => ({ id: x.id, contactName: x.contactName, note: x.note, createdAt: x.createdAt, createdBy: ref(x.createdBy) })) }
          : {}),
      };
      plan.conversations.push({
        id: r.id, number: r.number, state: r.state, caregivers: r.caregiverIds.map(ref), offeredAt: r.offeredAt, respondedAt: r.respondedAt,
        heldAt: r.heldAt, heldBy: r.heldBy ? ref(r.heldBy) : null, deadlineId: r.deadlineId, dueAt: r.dueAt, notBefore: r.notBefore, deadlineState: r.deadlineState,
        ...(mayReadPrivate ? { notes: r.notes, stalledRecovery: r.stalledRecovery } : {}),
      });
      plans.set(r.affectedUserId, plan);
    }
    if (sawPrivate) {
      await audit(tx, { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp }, { action: 'aftercare.read', objectType: 'incident', objectId: incidentId });
    }
    return [...plans.values()];
  });
}
