import { describe, expect, it } from 'vitest';
import { whoFor } from '../../../test/who.js';
import type { AccessReason } from '../incident/incident.js';
import type { Status } from '../incident/norm.js';
import { ROLES, type Role } from '../user/roles.js';
import { aftercareAdminPolicy, aftercarePolicy, type ConversationSubject } from './aftercare.policy.js';

const ME = '00000000-0000-4000-8000-000000000001';
const AFFECTED = '00000000-0000-4000-8000-000000000002';
const CAREGIVER = '00000000-0000-4000-8000-000000000003';

/** A signed-in person with these roles (ME), for the pure policy. */
const person = (roles: Role[] = []) => whoFor(roles, ME);

/** How the person stands to one conversation: their access to the incident, and whether it is theirs to give or receive. */
const CASES: Record<string, { access: AccessReason | undefined; affected?: true; caregiver?: true }> = {
  reporter: { access: 'reporter' },
  affected: { access: 'affected', affected: true },
  informed_routed: { access: 'routed' },
  informed_always: { access: 'always_inform' },
  granted: { access: 'granted' },
  caregiver: { access: 'caregiver', caregiver: true },
  // A caregiver of another affected person of the same incident.
  caregiver_of_someone_else: { access: 'caregiver' },
  // The clerk: routed the report and gives the aftercare.
  routed_and_caregiver: { access: 'routed', caregiver: true },
  none: { access: undefined },
};

const conversation = (c: (typeof CASES)[string], incidentStatus: Status): ConversationSubject => ({
  id: 'c',
  incidentId: 'i',
  affectedUserId: c.affected ? ME : AFFECTED,
  caregiverIds: c.caregiver ? [CAREGIVER, ME] : [CAREGIVER],
  state: 'offered',
  incidentStatus,
  access: c.access,
});

const map = (status: Status) =>
  Object.fromEntries(Object.entries(CASES).map(([name, c]) => [name, aftercarePolicy.abilitiesOf(person(), conversation(c, status))]));

describe('the aftercare policy: the whole ability map', () => {
  it('per kind of access: everyone who sees the incident sees the plan; the private notes are for caregivers and the affected person only', () => {
    expect(map('reported')).toEqual({
      reporter: ['view'],
      affected: ['view', 'respond', 'read_private'],
      informed_routed: ['view'],
      informed_always: ['view'],
      granted: ['view'],
      caregiver: ['view', 'offer', 'respond', 'hold', 'refer', 'read_private'],
      caregiver_of_someone_else: ['view'],
      routed_and_caregiver: ['view', 'offer', 'respond', 'hold', 'refer', 'read_private'],
      none: [],
    });
  });

  it('organisation-wide, by role: the administrators set the timings and caregivers and keep the contacts', () => {
    expect(Object.fromEntries(ROLES.map((role) => [role, aftercareAdminPolicy.abilitiesOf(person([role]))]))).toEqual({
      mayor: [],
      alderman: [],
      council_member: [],
      group_member: [],
      clerk: [],
      municipal_secretary: [],
      security_adviser: [],
      employee: [],
      admin: ['manage_settings', 'manage_contacts'],
      privacy_officer: [],
    });
  });
});
