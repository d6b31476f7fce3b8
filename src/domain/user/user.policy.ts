import type { Role } from './roles.js';

/** What a person may do with people and the organisation's settings. One place, as data. */
export const PEOPLE_ABILITIES = ['people.list', 'people.manage', 'organisation.settings'] as const;
export type PeopleAbility = (typeof PEOPLE_ABILITIES)[number];

const GRANTS: Record<PeopleAbility, readonly Role[]> = {
  'people.list': ['admin'],
  'people.manage': ['admin'],
  'organisation.settings': ['admin'],
};

export function canPeople(roles: readonly Role[], ability: PeopleAbility): boolean {
  return GRANTS[ability].some((role) => roles.includes(role));
}
