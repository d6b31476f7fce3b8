import type { AccessReason } from '../incident/incident.js';
import { canIncident } from '../incident/incident.policy.js';
import type { Role } from '../user/roles.js';

/**
 * Who may do what in handling a case (PRODUCT.md §3–§5, §10). Role abilities are the
 * organisation-wide ones; incident abilities also need the right access to that incident.
 * Perpetrator data is criminal-law data (AVG art. 10): the narrowest circle by default.
 */
export const CASE_ROLE_ABILITIES = [
  'perpetrator.read', 'perpetrator.manage', 'measure.decide', 'ban.decide', 'security_measure.manage', 'bans.front_desk', 'triangle.list',
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

export function canCase(roles: readonly Role[], ability: CaseRoleAbility): boolean {
  return ROLE_GRANTS[ability].some((r) => roles.includes(r));
}

/** Handling steps on one incident (measures, police report, damages, duties): its handlers. */
export function canHandleCase(access: AccessReason | undefined): boolean {
  return canIncident(access, 'handle');
}
