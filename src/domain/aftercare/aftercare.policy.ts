import type { Policy, RolePolicy } from '../access/access.js';
import type { SignedIn } from '../auth/session.js';
import type { AccessReason } from '../incident/incident.js';
import { incidentPolicy } from '../incident/incident.policy.js';
import type { Status as IncidentStatus } from '../incident/norm.js';
import { canPeople } from '../user/user.policy.js';
import { conversationFacts } from './aftercare.repository.js';
import type { ConversationState } from './conversation.js';

/**
 * What a person may do with one aftercare conversation:
 * - view: see that it exists, its state and due moment (whoever sees the incident);
 * - offer, hold, refer: its caregivers;
 * - respond: accept or decline — the affected person, or a caregiver recording their answer;
 * - read_private: the notes, signals and referrals, the most private data in the system —
 *   the caregivers and the affected person only, whatever else they may see.
 */
export const AFTERCARE_ABILITIES = ['view', 'offer', 'respond', 'hold', 'refer', 'read_private'] as const;
export type AftercareAbility = (typeof AFTERCARE_ABILITIES)[number];

/** The facts the aftercare policy decides on. */
export interface ConversationSubject {
  id: string;
  incidentId: string;
  affectedUserId: string;
  caregiverIds: string[];
  state: ConversationState;
  incidentStatus: IncidentStatus;
  /** How the person came to see the incident; undefined: they did not. */
  access: AccessReason | undefined;
}

const CAREGIVER: readonly AftercareAbility[] = ['view', 'offer', 'respond', 'hold', 'refer', 'read_private'];
const AFFECTED: readonly AftercareAbility[] = ['view', 'respond', 'read_private'];

/** What the person is to this conversation: one of its caregivers, the person it is for, or neither. */
export function relationTo(
  who: Pick<SignedIn, 'user'>,
  c: Pick<ConversationSubject, 'affectedUserId' | 'caregiverIds'>,
): 'caregiver' | 'affected' | undefined {
  if (c.caregiverIds.includes(who.user.id)) return 'caregiver';
  if (c.affectedUserId === who.user.id) return 'affected';
  return undefined;
}

export const aftercarePolicy: Policy<ConversationSubject, AftercareAbility> = {
  resource: 'aftercare_conversation',
  abilities: AFTERCARE_ABILITIES,
  async load(tx, who, ids) {
    return new Map((await conversationFacts(tx, who.user.id, ids)).map((c) => [c.id, c]));
  },
  abilitiesOf(who, c) {
    const relation = relationTo(who, c);
    if (relation === 'caregiver') return CAREGIVER;
    if (relation === 'affected') return AFFECTED;
    const seesIncident = incidentPolicy.abilitiesOf(who, { id: c.incidentId, status: c.incidentStatus, access: c.access }).includes('view');
    return seesIncident ? ['view'] : [];
  },
};

/** Organisation-wide: the timings, the caregivers by role and the contacts directory belong to the administrators. */
export const AFTERCARE_ADMIN_ABILITIES = ['manage_settings', 'manage_contacts'] as const;
export type AftercareAdminAbility = (typeof AFTERCARE_ADMIN_ABILITIES)[number];

export const aftercareAdminPolicy: RolePolicy<AftercareAdminAbility> = {
  resource: 'aftercare_settings',
  abilities: AFTERCARE_ADMIN_ABILITIES,
  abilitiesOf(who) {
    return canPeople(who.user.roles, 'organisation.settings') ? AFTERCARE_ADMIN_ABILITIES : [];
  },
};
