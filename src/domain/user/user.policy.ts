import type { RolePolicy } from '../access/access.js';
import type { Role } from './roles.js';

/** What a person may do with the organisation's people and settings. */
export const PEOPLE_ABILITIES = ['people.list', 'people.manage', 'organisation.settings'] as const;
export type PeopleAbility = (typeof PEOPLE_ABILITIES)[number];

const GRANTS: Record<PeopleAbility, readonly Role[]> = {
  'people.list': ['admin'],
  'people.manage': ['admin'],
  'organisation.settings': ['admin'],
};

/** People and settings, from roles alone: ask it with `requireRole(peoplePolicy, who, ability)`. */
export const peoplePolicy: RolePolicy<PeopleAbility> = {
  resource: 'people',
  abilities: PEOPLE_ABILITIES,
  abilitiesOf: ({ user }) => PEOPLE_ABILITIES.filter((ability) => GRANTS[ability].some((role) => user.roles.includes(role))),
};

/**
 * @deprecated Ask `peoplePolicy` instead. Kept only for the callers not yet moved
 * (http/context.ts, components/layout.tsx and other areas); remove with the last of them.
 */
export function canPeople(roles: readonly Role[], ability: PeopleAbility): boolean {
  return GRANTS[ability].some((role) => roles.includes(role));
}
