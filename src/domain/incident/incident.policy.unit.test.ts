import { describe, expect, it } from 'vitest';
import { whoFor } from '../../../test/who.js';
import { ROLES } from '../user/roles.js';
import type { AccessReason } from './incident.js';
import { incidentPolicy, mayReportFor } from './incident.policy.js';
import { STATUSES, type Status } from './norm.js';

const ACCESS: (AccessReason | 'none')[] = ['reporter', 'affected', 'caregiver', 'routed', 'always_inform', 'granted', 'none'];

/** The whole ability map: per status, per kind of access, what the person may do. */
function abilityMap(statuses: readonly Status[]) {
  const who = whoFor();
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      Object.fromEntries(
        ACCESS.map((access) => [
          access,
          incidentPolicy.abilitiesOf(who, { id: 'i', status, access: access === 'none' ? undefined : access }),
        ]),
      ),
    ]),
  );
}

describe('incident policy', () => {
  it('gives each kind of access its abilities, draft and reported', () => {
    expect(abilityMap(['draft', 'reported'])).toEqual({
      draft: {
        reporter: ['view', 'add_information', 'submit_draft'],
        affected: [],
        caregiver: [],
        routed: [],
        always_inform: [],
        granted: [],
        none: [],
      },
      reported: {
        reporter: ['view', 'add_information'],
        affected: ['view', 'add_information'],
        caregiver: ['view', 'add_information'],
        routed: ['view', 'add_information', 'handle', 'grant_access'],
        always_inform: ['view', 'add_information', 'handle', 'grant_access'],
        granted: ['view', 'add_information', 'handle'],
        none: [],
      },
    });
  });

  it('does not change with the state once reported (in progress, closed)', () => {
    const map = abilityMap(STATUSES);
    expect(map.in_progress).toEqual(map.reported);
    expect(map.closed).toEqual(map.reported);
  });

  it('does not depend on roles: only on how the person came to see the incident', () => {
    for (const role of ROLES) {
      expect(incidentPolicy.abilitiesOf(whoFor([role]), { id: 'i', status: 'reported', access: undefined }), role).toEqual([]);
    }
  });
});

describe('reporting on behalf of someone', () => {
  it('the reporting chain may report for anyone active; others only for the people they manage', () => {
    const me = '00000000-0000-4000-8000-000000000001';
    const managed = { id: 'p1', active: true, managerId: me };
    const other = { id: 'p2', active: true, managerId: null };
    const inactive = { id: 'p3', active: false, managerId: me };
    const map = Object.fromEntries(
      ROLES.map((role) => {
        const who = whoFor([role], me);
        return [
          role,
          {
            managed: mayReportFor(who, managed),
            other: mayReportFor(who, other),
            inactive: mayReportFor(who, inactive),
            self: mayReportFor(who, { id: me, active: true, managerId: null }),
          },
        ];
      }),
    );
    const chain = { managed: true, other: true, inactive: false, self: false };
    const manager = { managed: true, other: false, inactive: false, self: false };
    expect(map).toEqual({
      mayor: chain,
      alderman: manager,
      council_member: manager,
      group_member: manager,
      clerk: chain,
      municipal_secretary: chain,
      security_adviser: chain,
      employee: manager,
      admin: manager,
      privacy_officer: manager,
    });
  });
});
