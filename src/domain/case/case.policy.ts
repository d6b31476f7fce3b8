import type { Policy, RolePolicy } from '../access/access.js';
import type { SignedIn } from '../auth/session.js';
import type { AccessReason } from '../incident/incident.js';
import { abilitiesByAccess, incidentPolicy, type IncidentAbility } from '../incident/incident.policy.js';
import type { Role } from '../user/roles.js';
import { caseFacts, type CaseFacts } from './case.repository.js';

/**
 * Who may do what in handling a case (PRODUCT.md §3–§5, §10). Role abilities are the
 * organisation-wide ones; case abilities on one incident also need the right access to it.
 * Perpetrator data is criminal-law data (AVG art. 10): the narrowest circle by default.
 */
export const CASE_ROLE_ABILITIES = [
  'perpetrator.read',
  'perpetrator.manage',
  'measure.decide',
  'ban.decide',
  'security_measure.manage',
  'bans.front_desk',
  'triangle.list',
] as const;
export type CaseRoleAbility = (typeof CASE_ROLE_ABILITIES)[number];

const ROLE_GRANTS: Record<CaseRoleAbility, readonly Role[]> = {
  'perpetrator.read': ['security_adviser', 'mayor', 'municipal_secretary'],
  'perpetrator.manage': ['security_adviser', 'mayor', 'municipal_secretary'],
  // Measures are decided by the mayor or the secretary; a ban only ever by the mayor.
  'measure.decide': ['mayor', 'municipal_secretary'],
  'ban.decide': ['mayor'],
  'security_measure.manage': ['security_adviser', 'mayor', 'municipal_secretary'],
  // The front desk needs to know who may not enter; office holders do not.
  'bans.front_desk': ['employee', 'clerk', 'municipal_secretary', 'security_adviser', 'mayor', 'admin'],
  'triangle.list': ['mayor', 'security_adviser', 'municipal_secretary'],
};

function roleAbilities(roles: readonly Role[]): CaseRoleAbility[] {
  return CASE_ROLE_ABILITIES.filter((a) => ROLE_GRANTS[a].some((r) => roles.includes(r)));
}

/** The organisation-wide case abilities, from roles alone. */
export const caseRolePolicy: RolePolicy<CaseRoleAbility> = {
  resource: 'case',
  abilities: CASE_ROLE_ABILITIES,
  abilitiesOf: (who) => roleAbilities(who.user.roles),
};

export function canCase(roles: readonly Role[], ability: CaseRoleAbility): boolean {
  return roleAbilities(roles).includes(ability);
}

/** What a person may do in handling the case of one incident. */
export const CASE_ABILITIES = [
  'view',
  'injury.update',
  'police.read',
  'police.manage',
  'police.prepare',
  'damage.manage',
  'duty.record',
  'triangle.mark',
  'security_measure.manage',
] as const;
export type CaseAbility = (typeof CASE_ABILITIES)[number];

/** The facts of one incident's case: how the person sees the incident, and what the affected person agreed to. */
export type CaseSubject = CaseFacts;

interface Grounds {
  incident: readonly IncidentAbility[];
  roles: readonly CaseRoleAbility[];
  affected: boolean;
  policeShared: boolean;
}

const handles = (g: Grounds) => g.incident.includes('handle');

const CASE_GRANTS: Record<CaseAbility, (g: Grounds) => boolean> = {
  view: (g) => g.incident.includes('view'),
  // Whoever may add to the incident may say later that someone was hurt.
  'injury.update': (g) => g.incident.includes('add_information'),
  // Nothing about the police report reaches anyone beyond the handlers and the affected
  // person, unless the affected person agreed to share it (PRODUCT.md §4).
  'police.read': (g) => handles(g) || (g.incident.includes('view') && (g.affected || g.policeShared)),
  'police.manage': handles,
  'police.prepare': handles,
  'damage.manage': handles,
  'duty.record': handles,
  'triangle.mark': handles,
  // Security measures go with a role, on any incident the person sees.
  'security_measure.manage': (g) => g.incident.includes('view') && g.roles.includes('security_measure.manage'),
};

function caseAbilities(grounds: Grounds): CaseAbility[] {
  return CASE_ABILITIES.filter((a) => CASE_GRANTS[a](grounds));
}

export const casePolicy: Policy<CaseSubject, CaseAbility> = {
  resource: 'case',
  abilities: CASE_ABILITIES,
  load: (tx, who, ids) => caseFacts(tx, who.user.id, ids),
  abilitiesOf(who: SignedIn, subject) {
    const incident = incidentPolicy.abilitiesOf(who, { id: subject.incidentId, status: subject.status, access: subject.access });
    return caseAbilities({
      incident,
      roles: roleAbilities(who.user.roles),
      affected: subject.affected,
      policeShared: subject.policeShared,
    });
  },
};

/** Handling steps on one incident (measures, police report, damages, duties): its handlers. */
export function canHandleCase(access: AccessReason | undefined): boolean {
  return caseAbilities({ incident: abilitiesByAccess(access), roles: [], affected: false, policeShared: false }).includes('duty.record');
}
