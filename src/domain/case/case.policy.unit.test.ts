import { describe, expect, it } from 'vitest';
import type { SignedIn } from '../auth/session.js';
import type { AccessReason } from '../incident/incident.js';
import type { Status } from '../incident/norm.js';
import { ROLES, type Role } from '../user/roles.js';
import { canCase, canHandleCase, casePolicy, caseRolePolicy, type CaseSubject } from './case.policy.js';

/** The whole ability map of the case policy, so that a change to a rule shows as a readable diff. */

const person = (roles: Role[]): SignedIn => ({
  user: {
    id: 'u',
    organisationId: 'o',
    email: 'p@example.test',
    name: 'P',
    roles,
    active: true,
    secondFactorEnrolled: true,
    mustChangePassword: false,
    createdAt: new Date(0),
    deactivatedAt: null,
    managerId: null,
  },
  organisation: { id: 'o' } as SignedIn['organisation'],
  stage: 'complete',
  originIp: null,
});

const ACCESS: readonly (AccessReason | 'none')[] = ['reporter', 'affected', 'routed', 'always_inform', 'granted', 'caregiver', 'none'];

const subject = (access: AccessReason | 'none', facts: Partial<CaseSubject> = {}): CaseSubject => ({
  incidentId: 'i',
  status: 'reported' as Status,
  access: access === 'none' ? undefined : access,
  affected: access === 'affected',
  policeShared: false,
  ...facts,
});

const byRole = (f: (role: Role) => readonly string[]) => Object.fromEntries(ROLES.map((role) => [role, f(role)]));
const byAccess = (f: (access: AccessReason | 'none') => readonly string[]) =>
  Object.fromEntries(ACCESS.map((access) => [access, f(access)]));

const HANDLER = [
  'view',
  'injury.update',
  'police.read',
  'police.manage',
  'police.prepare',
  'damage.manage',
  'duty.record',
  'triangle.mark',
];

describe('the case policy', () => {
  it('organisation-wide case abilities per role', () => {
    expect(byRole((role) => caseRolePolicy.abilitiesOf(person([role])))).toEqual({
      mayor: [
        'perpetrator.read',
        'perpetrator.manage',
        'measure.decide',
        'ban.decide',
        'security_measure.manage',
        'bans.front_desk',
        'triangle.list',
      ],
      alderman: [],
      council_member: [],
      group_member: [],
      clerk: ['bans.front_desk'],
      municipal_secretary: [
        'perpetrator.read',
        'perpetrator.manage',
        'measure.decide',
        'security_measure.manage',
        'bans.front_desk',
        'triangle.list',
      ],
      security_adviser: ['perpetrator.read', 'perpetrator.manage', 'security_measure.manage', 'bans.front_desk', 'triangle.list'],
      employee: ['bans.front_desk'],
      admin: ['bans.front_desk'],
      privacy_officer: [],
    });
  });

  it('canCase answers the role policy', () => {
    expect(byRole((role) => (['ban.decide', 'triangle.list'] as const).filter((a) => canCase([role], a)))).toEqual({
      mayor: ['ban.decide', 'triangle.list'],
      alderman: [],
      council_member: [],
      group_member: [],
      clerk: [],
      municipal_secretary: ['triangle.list'],
      security_adviser: ['triangle.list'],
      employee: [],
      admin: [],
      privacy_officer: [],
    });
  });

  it('abilities on a case per role, for someone the chain informed', () => {
    expect(byRole((role) => casePolicy.abilitiesOf(person([role]), subject('routed')))).toEqual({
      mayor: [...HANDLER, 'security_measure.manage'],
      alderman: HANDLER,
      council_member: HANDLER,
      group_member: HANDLER,
      clerk: HANDLER,
      municipal_secretary: [...HANDLER, 'security_measure.manage'],
      security_adviser: [...HANDLER, 'security_measure.manage'],
      employee: HANDLER,
      admin: HANDLER,
      privacy_officer: HANDLER,
    });
  });

  it('abilities on a case per kind of access (a role without case abilities)', () => {
    expect(byAccess((access) => casePolicy.abilitiesOf(person(['council_member']), subject(access)))).toEqual({
      reporter: ['view', 'injury.update'],
      affected: ['view', 'injury.update', 'police.read'],
      routed: HANDLER,
      always_inform: HANDLER,
      granted: HANDLER,
      caregiver: ['view', 'injury.update'],
      none: [],
    });
  });

  it('security measures need the role and sight of the incident', () => {
    expect(byAccess((access) => casePolicy.abilitiesOf(person(['security_adviser']), subject(access)))).toEqual({
      reporter: ['view', 'injury.update', 'security_measure.manage'],
      affected: ['view', 'injury.update', 'police.read', 'security_measure.manage'],
      routed: [...HANDLER, 'security_measure.manage'],
      always_inform: [...HANDLER, 'security_measure.manage'],
      granted: [...HANDLER, 'security_measure.manage'],
      caregiver: ['view', 'injury.update', 'security_measure.manage'],
      none: [],
    });
  });

  it('the police report is read beyond handlers and the affected person only when the affected person agreed to share', () => {
    const reads = (facts: Partial<CaseSubject>) =>
      byAccess((access) => casePolicy.abilitiesOf(person(['council_member']), subject(access, facts)).filter((a) => a === 'police.read'));
    expect(reads({ policeShared: true })).toEqual({
      reporter: ['police.read'],
      affected: ['police.read'],
      routed: ['police.read'],
      always_inform: ['police.read'],
      granted: ['police.read'],
      caregiver: ['police.read'],
      none: [],
    });
    // A reporter who is also the affected person (reported for themselves).
    expect(reads({ affected: true })).toEqual({
      reporter: ['police.read'],
      affected: ['police.read'],
      routed: ['police.read'],
      always_inform: ['police.read'],
      granted: ['police.read'],
      caregiver: ['police.read'],
      none: [],
    });
  });

  it('a draft has no case yet: only its reporter sees it', () => {
    expect(byAccess((access) => casePolicy.abilitiesOf(person(['mayor']), subject(access, { status: 'draft' })))).toEqual({
      reporter: ['view', 'injury.update', 'security_measure.manage'],
      affected: [],
      routed: [],
      always_inform: [],
      granted: [],
      caregiver: [],
      none: [],
    });
  });

  it('canHandleCase per kind of access', () => {
    expect(byAccess((access) => (canHandleCase(access === 'none' ? undefined : access) ? ['handle'] : []))).toEqual({
      reporter: [],
      affected: [],
      routed: ['handle'],
      always_inform: ['handle'],
      granted: ['handle'],
      caregiver: [],
      none: [],
    });
  });
});
