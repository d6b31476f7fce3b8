import { describe, expect, it } from 'vitest';
import type { User } from '../user/user.js';
import { ROLES, type Role } from '../user/roles.js';
import { accountabilityPolicy, type AccountabilityAbility } from './accountability.policy.js';

const person = (roles: Role[]) => ({ user: { roles } as unknown as User });

/** The whole ability map per role: the audit trail, the review and the register are the administrator's and the privacy officer's. */
describe('the accountability policy', () => {
  it('gives each role exactly these abilities', () => {
    const expected: Record<Role, AccountabilityAbility[]> = {
      mayor: [],
      alderman: [],
      council_member: [],
      group_member: [],
      clerk: [],
      municipal_secretary: [],
      security_adviser: [],
      employee: [],
      admin: ['audit.read', 'access_review.read', 'access_review.decide', 'register.read'],
      privacy_officer: ['audit.read', 'access_review.read', 'register.read'],
    };
    for (const role of ROLES) expect(accountabilityPolicy.abilitiesOf(person([role])), role).toEqual(expected[role]);
  });

  it('adds up over several roles', () => {
    expect(accountabilityPolicy.abilitiesOf(person(['security_adviser', 'privacy_officer']))).toEqual([
      'audit.read',
      'access_review.read',
      'register.read',
    ]);
  });
});
