import { describe, expect, it } from 'vitest';
import { whoFor } from '../../../test/who.js';
import { ROLES } from '../user/roles.js';
import { routingPolicy } from './routing.policy.js';

describe('routing policy', () => {
  it('only administrators read and change the routing', () => {
    const map = Object.fromEntries(ROLES.map((role) => [role, routingPolicy.abilitiesOf(whoFor([role]))]));
    expect(map).toEqual({
      mayor: [],
      alderman: [],
      council_member: [],
      group_member: [],
      clerk: [],
      municipal_secretary: [],
      security_adviser: [],
      employee: [],
      admin: ['read', 'change'],
      privacy_officer: [],
    });
  });
});
