import { describe, expect, it } from 'vitest';
import type { SignedIn } from '../auth/session.js';
import type { AccessReason } from '../incident/incident.js';
import { ROLES, type Role } from '../user/roles.js';
import { MEASURE_KINDS, MEASURE_STATES, type MeasureKind, type MeasureState } from './measure.js';
import { banListPolicy, measurePolicy, stepInOtherState, type MeasureSubject } from './measure.policy.js';

/** Pure: the whole ability map, so a change to a rule shows as a readable diff. */
const today = '2026-11-20';
const person = (role: Role) => ({ user: { roles: [role] } }) as unknown as SignedIn;
const measure = (
  kind: MeasureKind,
  state: MeasureState,
  options: { access?: AccessReason; endsOn?: string | null } = {},
): MeasureSubject => ({
  id: 'm',
  incidentId: 'i',
  kind,
  state,
  access: 'access' in options ? options.access : 'routed',
  endsOn: options.endsOn !== undefined ? options.endsOn : kind === 'ban' ? '2026-12-20' : null,
  today,
});
const perRole = (m: MeasureSubject) => Object.fromEntries(ROLES.map((r) => [r, measurePolicy.abilitiesOf(person(r), m)]));

describe('measure policy', () => {
  it('a proposed written warning: the handlers hear both sides; the mayor or the secretary decide', () => {
    expect(perRole(measure('written_warning', 'proposed'))).toEqual({
      mayor: ['view', 'hearing', 'decide', 'reject'],
      alderman: ['view', 'hearing'],
      council_member: ['view', 'hearing'],
      group_member: ['view', 'hearing'],
      clerk: ['view', 'hearing'],
      municipal_secretary: ['view', 'hearing', 'decide', 'reject'],
      security_adviser: ['view', 'hearing'],
      employee: ['view', 'hearing'],
      admin: ['view', 'hearing'],
      privacy_officer: ['view', 'hearing'],
    });
  });

  it('a proposed ban: only the mayor decides', () => {
    expect(perRole(measure('ban', 'proposed'))).toEqual({
      mayor: ['view', 'hearing', 'decide', 'reject'],
      alderman: ['view', 'hearing'],
      council_member: ['view', 'hearing'],
      group_member: ['view', 'hearing'],
      clerk: ['view', 'hearing'],
      municipal_secretary: ['view', 'hearing'],
      security_adviser: ['view', 'hearing'],
      employee: ['view', 'hearing'],
      admin: ['view', 'hearing'],
      privacy_officer: ['view', 'hearing'],
    });
  });

  it('a decided ban before its end date: only the mayor lifts it early', () => {
    expect(perRole(measure('ban', 'decided'))).toEqual({
      mayor: ['view', 'carry_out', 'end', 'letter'],
      alderman: ['view', 'carry_out', 'letter'],
      council_member: ['view', 'carry_out', 'letter'],
      group_member: ['view', 'carry_out', 'letter'],
      clerk: ['view', 'carry_out', 'letter'],
      municipal_secretary: ['view', 'carry_out', 'letter'],
      security_adviser: ['view', 'carry_out', 'letter'],
      employee: ['view', 'carry_out', 'letter'],
      admin: ['view', 'carry_out', 'letter'],
      privacy_officer: ['view', 'carry_out', 'letter'],
    });
  });

  it('a ban past its end date: any handler records its end', () => {
    const m = measure('ban', 'carried_out', { endsOn: '2026-11-19' });
    expect({
      mayor: measurePolicy.abilitiesOf(person('mayor'), m),
      security_adviser: measurePolicy.abilitiesOf(person('security_adviser'), m),
      lastDay: measurePolicy.abilitiesOf(person('security_adviser'), { ...m, endsOn: today }),
    }).toEqual({
      mayor: ['view', 'end', 'letter'],
      security_adviser: ['view', 'end', 'letter'],
      // The end date is the last day the ban holds: on it, ending early is still the mayor's.
      lastDay: ['view', 'letter'],
    });
  });

  it('per kind of access to the incident: only its handlers (routed, always informed, granted) see measures at all', () => {
    const accesses: (AccessReason | undefined)[] = ['reporter', 'affected', 'routed', 'always_inform', 'granted', 'caregiver', undefined];
    const map = Object.fromEntries(
      accesses.map((a) => [a ?? 'none', measurePolicy.abilitiesOf(person('mayor'), measure('written_warning', 'proposed', { access: a }))]),
    );
    expect(map).toEqual({
      reporter: [],
      affected: [],
      routed: ['view', 'hearing', 'decide', 'reject'],
      always_inform: ['view', 'hearing', 'decide', 'reject'],
      granted: ['view', 'hearing', 'decide', 'reject'],
      caregiver: [],
      none: [],
    });
  });

  it('per state of a written warning (the mayor)', () => {
    const map = Object.fromEntries(
      MEASURE_STATES.map((s) => [s, measurePolicy.abilitiesOf(person('mayor'), measure('written_warning', s))]),
    );
    expect(map).toEqual({
      proposed: ['view', 'hearing', 'decide', 'reject'],
      decided: ['view', 'carry_out', 'end', 'letter'],
      rejected: ['view'],
      carried_out: ['view', 'end', 'letter'],
      ended: ['view'],
    });
  });

  it('per state of a ban that has not run its course (the secretary)', () => {
    const map = Object.fromEntries(
      MEASURE_STATES.map((s) => [s, measurePolicy.abilitiesOf(person('municipal_secretary'), measure('ban', s))]),
    );
    expect(map).toEqual({
      proposed: ['view', 'hearing'],
      decided: ['view', 'carry_out', 'letter'],
      rejected: ['view'],
      carried_out: ['view', 'letter'],
      ended: ['view'],
    });
  });

  it('per kind of measure, decided (the adviser): letters only for a written warning and a ban', () => {
    const map = Object.fromEntries(
      MEASURE_KINDS.map((k) => [k, measurePolicy.abilitiesOf(person('security_adviser'), measure(k, 'decided'))]),
    );
    expect(map).toEqual({
      oral_warning: ['view', 'carry_out', 'end'],
      written_warning: ['view', 'carry_out', 'end', 'letter'],
      service_restriction: ['view', 'carry_out', 'end'],
      ban: ['view', 'carry_out', 'letter'],
      stop_conversation: ['view', 'carry_out', 'end'],
      police_notice: ['view', 'carry_out', 'end'],
      police_report: ['view', 'carry_out', 'end'],
      other: ['view', 'carry_out', 'end'],
    });
  });

  it('a step in the wrong state is a conflict for whom it is theirs, and not there for anyone else', () => {
    const decided = measure('written_warning', 'decided');
    const ban = measure('ban', 'decided');
    expect({
      mayorDecidesAgain: stepInOtherState(person('mayor'), decided, 'decide'),
      adviserDecides: stepInOtherState(person('security_adviser'), decided, 'decide'),
      adviserHearsLate: stepInOtherState(person('security_adviser'), decided, 'hearing'),
      secretaryDecidesBan: stepInOtherState(person('municipal_secretary'), measure('ban', 'ended'), 'decide'),
      adviserEndsBanEarly: stepInOtherState(person('security_adviser'), ban, 'end'),
      reporterHears: stepInOtherState(person('mayor'), measure('written_warning', 'decided', { access: 'reporter' }), 'hearing'),
    }).toEqual({
      mayorDecidesAgain: true,
      adviserDecides: false,
      adviserHearsLate: true,
      secretaryDecidesBan: false,
      adviserEndsBanEarly: false,
      reporterHears: false,
    });
  });
});

describe('ban list policy', () => {
  it('the front desk and those who run the organisation see who may not enter; office holders do not', () => {
    expect(Object.fromEntries(ROLES.map((r) => [r, banListPolicy.abilitiesOf(person(r))]))).toEqual({
      mayor: ['bans.front_desk'],
      alderman: [],
      council_member: [],
      group_member: [],
      clerk: ['bans.front_desk'],
      municipal_secretary: ['bans.front_desk'],
      security_adviser: ['bans.front_desk'],
      employee: ['bans.front_desk'],
      admin: ['bans.front_desk'],
      privacy_officer: [],
    });
  });
});
