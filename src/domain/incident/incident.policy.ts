import type { AccessReason } from './incident.js';

/** What a person may do with one incident, decided by how they came to see it. */
export const INCIDENT_ABILITIES = ['view', 'add_information', 'handle', 'grant_access', 'submit_draft'] as const;
export type IncidentAbility = (typeof INCIDENT_ABILITIES)[number];

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

export function canIncident(access: AccessReason | undefined, ability: IncidentAbility): boolean {
  return access !== undefined && GRANTS[ability].includes(access);
}

export function incidentAbilities(access: AccessReason | undefined): IncidentAbility[] {
  return INCIDENT_ABILITIES.filter((a) => canIncident(access, a));
}

/** Roles that may report for someone else (a clerk for a council member, a manager for an employee). */
export const ON_BEHALF_ROLES = ['clerk', 'mayor', 'municipal_secretary', 'security_adviser'] as const;
