import { describe, expect, it } from 'vitest';
import { ROLES, requiresSecondFactor } from './roles.js';

describe('roles', () => {
  it('every role except a plain employee needs a second factor; employees when the organisation says so', () => {
    for (const role of ROLES) expect(requiresSecondFactor([role], false), role).toBe(role !== 'employee');
    expect(requiresSecondFactor(['employee'], true)).toBe(true);
    expect(requiresSecondFactor(['employee', 'clerk'], false)).toBe(true);
  });
});
