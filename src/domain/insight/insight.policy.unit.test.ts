import { describe, expect, it } from 'vitest';
import { whoFor } from '../../../test/who.js';
import { ROLES } from '../user/roles.js';
import { insightPolicy } from './insight.policy.js';

describe('the insight policy: the whole ability map', () => {
  it('per role', () => {
    expect(Object.fromEntries(ROLES.map((role) => [role, insightPolicy.abilitiesOf(whoFor([role], 'me'))]))).toEqual({
      mayor: ['dashboard', 'council_report_read'],
      alderman: [],
      council_member: [],
      group_member: [],
      clerk: ['dashboard', 'council_report_read', 'council_report_edit'],
      municipal_secretary: ['dashboard', 'council_report_read', 'council_report_edit', 'export'],
      security_adviser: ['dashboard', 'council_report_read', 'council_report_edit', 'export', 'benchmark'],
      employee: [],
      admin: [],
      privacy_officer: [],
    });
  });

  it('roles add up: a clerk who is also security adviser has both', () => {
    expect(insightPolicy.abilitiesOf(whoFor(['clerk', 'security_adviser'], 'me'))).toEqual([
      'dashboard',
      'council_report_read',
      'council_report_edit',
      'export',
      'benchmark',
    ]);
  });
});
