import { describe, expect, it } from 'vitest';
import type { SignedIn } from '../auth/session.js';
import { ROLES, type Role } from './roles.js';
import { peoplePolicy } from './user.policy.js';

const holding = (roles: Role[]): Pick<SignedIn, 'user'> => ({ user: { roles } as SignedIn['user'] });

describe('people policy', () => {
  it('only administrators list and manage people and change the settings (the whole ability map)', () => {
    const map = Object.fromEntries(ROLES.map((role) => [role, peoplePolicy.abilitiesOf(holding([role]))]));
    expect(map).toEqual({
      mayor: [],
      alderman: [],
      council_member: [],
      group_member: [],
      clerk: [],
      municipal_secretary: [],
      security_adviser: [],
      employee: [],
      admin: ['people.list', 'people.manage', 'organisation.settings'],
      privacy_officer: [],
    });
  });

  it('abilities add up over several roles; no roles, no abilities', () => {
    expect(peoplePolicy.abilitiesOf(holding(['employee', 'admin']))).toEqual(['people.list', 'people.manage', 'organisation.settings']);
    expect(peoplePolicy.abilitiesOf(holding([]))).toEqual([]);
  });
});
