import type { Tx } from '../../db/database.js';
import type { Policy } from '../access/access.js';
import type { SignedIn } from '../auth/session.js';
import type { AccessReason } from './incident.js';
import { accessReasonsOf, incidentFacts } from './incident.repository.js';
import type { Status as IncidentStatus } from './norm.js';

/** What a person may do with one incident, decided by how they came to see it. */
export const INCIDENT_ABILITIES = ['view', 'add_information', 'handle', 'grant_access', 'submit_draft'] as const;
export type IncidentAbility = (typeof INCIDENT_ABILITIES)[number];

/** The facts the incident policy decides on. */
export interface IncidentSubject {
  id: string;
  status: IncidentStatus;
  /** How the person came to see it; undefined: they did not. */
  access: AccessReason | undefined;
}

const HANDLERS: readonly AccessReason[] = ['routed', 'always_inform', 'granted'];

const GRANTS: Record<IncidentAbility, readonly AccessReason[]> = {
  // Caregivers of the aftercare see the incident they care for, and may add to it.
  view: ['reporter', 'affected', 'caregiver', ...HANDLERS],
  // Reporter and affected person keep adding what they know: messages, files, details.
  add_information: ['reporter', 'affected', 'caregiver', ...HANDLERS],
  handle: HANDLERS,
  // Those the chain informed may bring in someone else; a granted person may not pass it on.
  grant_access: ['routed', 'always_inform'],
  submit_draft: ['reporter'],
};

/** The abilities that come with a kind of access, whatever the incident's state. */
export function abilitiesByAccess(access: AccessReason | undefined): IncidentAbility[] {
  return INCIDENT_ABILITIES.filter((a) => access !== undefined && GRANTS[a].includes(access));
}

/** Whether a kind of access gives the ability (for child resources that only know the access). */
export function canIncident(access: AccessReason | undefined, ability: IncidentAbility): boolean {
  return access !== undefined && GRANTS[ability].includes(access);
}

/** Access reasons of one person for a set of incidents, in one query. */
export function accessReasons(tx: Tx, userId: string, incidentIds: readonly string[]): Promise<Map<string, AccessReason>> {
  return accessReasonsOf(tx, userId, incidentIds);
}

export const incidentPolicy: Policy<IncidentSubject, IncidentAbility> = {
  resource: 'incident',
  abilities: INCIDENT_ABILITIES,
  load: (tx, who, ids) => incidentFacts(tx, who.user.id, ids),
  abilitiesOf(_who: SignedIn, incident) {
    // A draft is the reporter's alone until it is sent.
    if (incident.status === 'draft' && incident.access !== 'reporter') return [];
    const abilities = abilitiesByAccess(incident.access);
    return incident.status === 'draft'
      ? abilities.filter((a) => a !== 'handle' && a !== 'grant_access')
      : abilities.filter((a) => a !== 'submit_draft');
  },
};

/** Roles that may report for someone else (a clerk for a council member, a manager for an employee). */
export const ON_BEHALF_ROLES = ['clerk', 'mayor', 'municipal_secretary', 'security_adviser'] as const;

/**
 * The on-behalf rule, written once: a person in the reporting chain (clerk, mayor, secretary,
 * adviser) may report for anyone active; anyone else only for the people they manage.
 */
export function mayReportFor(who: Pick<SignedIn, 'user'>, person: { id: string; active: boolean; managerId: string | null }): boolean {
  if (!person.active || person.id === who.user.id) return false;
  return who.user.roles.some((r) => (ON_BEHALF_ROLES as readonly string[]).includes(r)) || person.managerId === who.user.id;
}
