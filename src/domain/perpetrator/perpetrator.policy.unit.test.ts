import { describe, expect, it } from 'vitest';
import type { SignedIn } from '../auth/session.js';
import { ROLES, type Role } from '../user/roles.js';
import { perpetratorPolicy } from './perpetrator.policy.js';

const person = (roles: Role[]) => ({ user: { roles } }) as unknown as SignedIn;

/** Pure: the whole ability map per role, so a change to who sees criminal-law data shows as a diff. */
describe('perpetrator register policy', () => {
  it('only the security adviser, the mayor and the municipal secretary read and keep the register', () => {
    expect(Object.fromEntries(ROLES.map((r) => [r, perpetratorPolicy.abilitiesOf(person([r]))]))).toEqual({
      mayor: ['perpetrator.read', 'perpetrator.manage'],
      alderman: [],
      council_member: [],
      group_member: [],
      clerk: [],
      municipal_secretary: ['perpetrator.read', 'perpetrator.manage'],
      security_adviser: ['perpetrator.read', 'perpetrator.manage'],
      employee: [],
      admin: [],
      privacy_officer: [],
    });
  });

  it('the register does not depend on access to an incident: no roles, no register; roles add up', () => {
    expect({
      none: perpetratorPolicy.abilitiesOf(person([])),
      clerkAndAdviser: perpetratorPolicy.abilitiesOf(person(['clerk', 'security_adviser'])),
    }).toEqual({
      none: [],
      clerkAndAdviser: ['perpetrator.read', 'perpetrator.manage'],
    });
  });
});
