/** The roles a person can hold within an organisation (GLOSSARY.md). */
export const ROLES = [
  'mayor',
  'alderman',
  'council_member',
  'group_member',
  'clerk',
  'municipal_secretary',
  'security_adviser',
  'employee',
  'admin',
  'privacy_officer',
] as const;

export type Role = (typeof ROLES)[number];

/**
 * The roles that may be given incident content, by routing or as a caregiver. The privacy
 * officer oversees the processing (audit trail, requests, retention) and never reads a case.
 */
export const INFORMABLE_ROLES = ROLES.filter((r) => r !== 'privacy_officer') as [Role, ...Role[]];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * Whether sign-in needs a second factor. Every role that handles cases or office does;
 * a plain employee only when the organisation says so.
 */
export function requiresSecondFactor(roles: readonly Role[], mfaForEmployees: boolean): boolean {
  if (roles.some((r) => r !== 'employee')) return true;
  return mfaForEmployees;
}

/** Political office holders (GLOSSARY.md); everyone else who can be affected is an employee. */
export const OFFICE_HOLDER_ROLES = ['mayor', 'alderman', 'council_member', 'group_member'] as const satisfies readonly Role[];
export const GROUPS = ['office_holder', 'employee'] as const;
export type Group = (typeof GROUPS)[number];

export function groupOf(role: Role): Group {
  return (OFFICE_HOLDER_ROLES as readonly Role[]).includes(role) ? 'office_holder' : 'employee';
}

/** The roles that make up a group, for filtering. */
export function rolesOf(group: Group): Role[] {
  return ROLES.filter((r) => groupOf(r) === group);
}

/**
 * The roles that handle cases: being informed by routing gives them incidents to read, so a
 * change to who holds one is told to the administrators (finding 6 of issue 12).
 */
export const CASE_HANDLING_ROLES = ['security_adviser', 'municipal_secretary', 'clerk', 'mayor'] as const satisfies readonly Role[];

/** Whether a change of roles (before → after) adds or removes a case-handling role. */
export function changesCaseHandling(before: readonly Role[], after: readonly Role[]): boolean {
  return CASE_HANDLING_ROLES.some((r) => before.includes(r) !== after.includes(r));
}

/** Who hears of a change to a case-handling role: the administrators and the privacy officer. */
export const ROLE_CHANGE_WATCHERS = ['admin', 'privacy_officer'] as const satisfies readonly Role[];
