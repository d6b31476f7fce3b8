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
] as const;

export type Role = (typeof ROLES)[number];

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
