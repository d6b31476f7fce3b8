import type { Policy, RolePolicy } from '../access/access.js';
import type { SignedIn } from '../auth/session.js';
import type { AccessReason } from '../incident/incident.js';
import { incidentPolicy } from '../incident/incident.policy.js';
import type { Status as IncidentStatus } from '../incident/norm.js';
import type { DeadlineState } from './deadline.js';
import { deadlineFacts } from './deadline.repository.js';

/** What a person may do with one deadline. */
export const DEADLINE_ABILITIES = ['view', 'cancel'] as const;
export type DeadlineAbility = (typeof DEADLINE_ABILITIES)[number];

/** The facts the deadline policy decides on. */
export interface DeadlineSubject {
  id: string;
  /** Null for a duty of the organisation: only its owners see it. */
  incidentId: string | null;
  ownerIds: string[];
  state: DeadlineState;
  incidentStatus: IncidentStatus;
  /** How the person came to see the incident; undefined: they did not. */
  access: AccessReason | undefined;
}

/**
 * A deadline is seen by whoever sees its incident; one of the organisation's own by its owners. Its owners and the incident's handlers
 * may cancel it (with a reason); whether it is still open is a state, not a right (409).
 */
export const deadlinePolicy: Policy<DeadlineSubject, DeadlineAbility> = {
  resource: 'deadline',
  abilities: DEADLINE_ABILITIES,
  async load(tx, who, ids) {
    return new Map((await deadlineFacts(tx, who.user.id, ids)).map((d) => [d.id, d]));
  },
  abilitiesOf(who: SignedIn, d) {
    if (d.incidentId === null) return d.ownerIds.includes(who.user.id) ? ['view', 'cancel'] : [];
    const onIncident = incidentPolicy.abilitiesOf(who, { id: d.incidentId, status: d.incidentStatus, access: d.access });
    if (!onIncident.includes('view')) return [];
    return d.ownerIds.includes(who.user.id) || onIncident.includes('handle') ? ['view', 'cancel'] : ['view'];
  },
};

/** Organisation-wide: the security adviser, informed of every incident, watches every overdue duty. */
export const DEADLINE_ROLE_ABILITIES = ['overdue_overview'] as const;
export type DeadlineRoleAbility = (typeof DEADLINE_ROLE_ABILITIES)[number];

export const deadlineRolePolicy: RolePolicy<DeadlineRoleAbility> = {
  resource: 'deadlines',
  abilities: DEADLINE_ROLE_ABILITIES,
  abilitiesOf(who) {
    return who.user.roles.includes('security_adviser') ? ['overdue_overview'] : [];
  },
};
