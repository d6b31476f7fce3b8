import { describe, expect, it } from 'vitest';
import { ROLES, requiresSecondFactor } from './roles.js';
import { canPeople, PEOPLE_ABILITIES } from './user.policy.js';

describe('roles and abilities', () => {
  it('every role except a plain employee needs a second factor; employees when the organisation says so', () => {
    for (const role of ROLES) expect(requiresSecondFactor([role], false), role).toBe(role !== 'employee');
    expect(requiresSecondFactor(['employee'], true)).toBe(true);
    expect(requiresSecondFactor(['employee', 'clerk'], false)).toBe(true);
  });

  it('only administrators manage people and settings (the whole ability map)', () => {
    const map = Object.fromEntries(ROLES.map((role) => [role, PEOPLE_ABILITIES.filter((a) => canPeople([role], a))]));
    expect(map).toEqual({
      mayor: [], alderman: [], council_member: [], group_member: [], clerk: [], municipal_secretary: [],
      security_adviser: [], employee: [], admin: ['people.list', 'people.manage', 'organisation.settings'],
    });
  });
});
