import type { RoutingPerson } from '../routing/routing.js';
import type { Role } from '../user/roles.js';

/** Who gives aftercare to an affected person, by their role (seed 001 §5.3). First match wins. */
export interface CaregiverRule {
  affectedRole: Role;
  caregiverRoles: Role[];
  /** For employees: their own manager. */
  caregiverManager: boolean;
}

export const DEFAULT_CAREGIVERS: CaregiverRule[] = [
  { affectedRole: 'mayor', caregiverRoles: ['municipal_secretary'], caregiverManager: false },
  { affectedRole: 'alderman', caregiverRoles: ['mayor', 'municipal_secretary'], caregiverManager: false },
  { affectedRole: 'council_member', caregiverRoles: ['mayor', 'clerk'], caregiverManager: false },
  { affectedRole: 'group_member', caregiverRoles: ['mayor', 'clerk'], caregiverManager: false },
  { affectedRole: 'clerk', caregiverRoles: ['mayor'], caregiverManager: false },
  { affectedRole: 'municipal_secretary', caregiverRoles: ['mayor'], caregiverManager: false },
  { affectedRole: 'employee', caregiverRoles: [], caregiverManager: true },
];

/** The caregivers of one person: never the person themselves, never someone inactive. */
export function resolveCaregivers(rules: readonly CaregiverRule[], person: RoutingPerson, everyone: readonly RoutingPerson[]): string[] {
  const rule = rules.find((r) => person.roles.includes(r.affectedRole));
  if (!rule) return [];
  const ids = everyone
    .filter((p) => p.active && p.id !== person.id && p.roles.some((r) => rule.caregiverRoles.includes(r)))
    .map((p) => p.id);
  if (
    rule.caregiverManager &&
    person.managerId &&
    person.managerId !== person.id &&
    everyone.some((p) => p.id === person.managerId && p.active)
  ) {
    ids.push(person.managerId);
  }
  return [...new Set(ids)];
}
