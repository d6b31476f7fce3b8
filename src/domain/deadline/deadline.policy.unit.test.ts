import { describe, expect, it } from 'vitest';
import { whoFor } from '../../../test/who.js';
import type { AccessReason } from '../incident/incident.js';
import type { Status } from '../incident/norm.js';
import { ROLES, type Role } from '../user/roles.js';
import { deadlinePolicy, deadlineRolePolicy, type DeadlineSubject } from './deadline.policy.js';

const ME = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';

/** A signed-in person with these roles (ME), for the pure policy. */
const person = (roles: Role[] = []) => whoFor(roles, ME);

const deadline = (access: AccessReason | undefined, owner: boolean, incidentStatus: Status = 'reported'): DeadlineSubject => ({
  id: 'd',
  incidentId: 'i',
  ownerIds: owner ? [ME, OTHER] : [OTHER],
  state: 'open',
  incidentStatus,
  access,
});

const KINDS: Record<string, AccessReason | undefined> = {
  reporter: 'reporter',
  affected: 'affected',
  routed: 'routed',
  always_inform: 'always_inform',
  granted: 'granted',
  caregiver: 'caregiver',
  none: undefined,
};

const map = (owner: boolean, status: Status = 'reported') =>
  Object.fromEntries(
    Object.entries(KINDS).map(([kind, access]) => [kind, deadlinePolicy.abilitiesOf(person(), deadline(access, owner, status))]),
  );

describe('the deadline policy: the whole ability map', () => {
  it('for someone who does not own the deadline: seen with the incident, cancelled by its handlers', () => {
    expect(map(false)).toEqual({
      reporter: ['view'],
      affected: ['view'],
      routed: ['view', 'cancel'],
      always_inform: ['view', 'cancel'],
      granted: ['view', 'cancel'],
      caregiver: ['view'],
      none: [],
    });
  });

  it('for an owner of the deadline: cancelled by the owner too, but never without seeing the incident', () => {
    expect(map(true)).toEqual({
      reporter: ['view', 'cancel'],
      affected: ['view', 'cancel'],
      routed: ['view', 'cancel'],
      always_inform: ['view', 'cancel'],
      granted: ['view', 'cancel'],
      caregiver: ['view', 'cancel'],
      none: [],
    });
  });

  it('on a draft only the reporter sees anything, and handling waits until it is sent', () => {
    expect(map(false, 'draft')).toEqual({
      reporter: ['view'],
      affected: [],
      routed: [],
      always_inform: [],
      granted: [],
      caregiver: [],
      none: [],
    });
  });

  it('organisation-wide, by role: only the security adviser opens the overview of overdue duties', () => {
    expect(Object.fromEntries(ROLES.map((role) => [role, deadlineRolePolicy.abilitiesOf(person([role]))]))).toEqual({
      mayor: [],
      alderman: [],
      council_member: [],
      group_member: [],
      clerk: [],
      municipal_secretary: [],
      security_adviser: ['overdue_overview'],
      employee: [],
      admin: [],
      privacy_officer: [],
    });
  });
});
