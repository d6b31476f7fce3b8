import type { Tx } from '../../db/database.js';
import { amsterdamToday } from '../../time/amsterdam.js';
import type { Policy, RolePolicy } from '../access/access.js';
import type { SignedIn } from '../auth/session.js';
import { canCase, canHandleCase } from '../case/case.policy.js';
import type { AccessReason } from '../incident/incident.js';
import { isInForce, letterKindOf, MEASURE_STATES, type MeasureKind, type MeasureState } from './measure.js';
import { measureFacts } from './measure.repository.js';

/**
 * Who may do what with one measure: the handlers of its incident see it, record the hearing,
 * carry it out and produce its letters; the mayor or the secretary decide or reject it; a
 * ban only the mayor, who alone may also lift a ban before its end date. Everyone else: 404.
 */
export const MEASURE_STEPS = ['hearing', 'decide', 'reject', 'carry_out', 'end', 'letter'] as const;
export type MeasureStep = (typeof MEASURE_STEPS)[number];
export const MEASURE_ABILITIES = ['view', ...MEASURE_STEPS] as const;
export type MeasureAbility = (typeof MEASURE_ABILITIES)[number];

/** The facts the measure policy decides on. */
export interface MeasureSubject {
  id: string;
  incidentId: string;
  kind: MeasureKind;
  state: MeasureState;
  /** Last day a period measure holds (YYYY-MM-DD). */
  endsOn: string | null;
  /** How the person sees the measure's incident; undefined: they do not. */
  access: AccessReason | undefined;
  /** The Amsterdam calendar date the facts were loaded on: a ban past its end may be ended by any handler. */
  today: string;
}

/** The facts of a measure already read (a list of an incident's measures), with the person's access. */
export function measureSubject(
  m: Pick<MeasureSubject, 'id' | 'incidentId' | 'kind' | 'state' | 'endsOn'>,
  access: AccessReason | undefined,
  today: string,
): MeasureSubject {
  return { id: m.id, incidentId: m.incidentId, kind: m.kind, state: m.state, endsOn: m.endsOn, access, today };
}

function abilitiesOf(who: Pick<SignedIn, 'user'>, m: MeasureSubject): MeasureAbility[] {
  if (!canHandleCase(m.access)) return [];
  const roles = who.user.roles;
  const decides = canCase(roles, m.kind === 'ban' ? 'ban.decide' : 'measure.decide');
  const inForce = isInForce(m.state);
  const grants: Record<MeasureAbility, boolean> = {
    view: true,
    hearing: m.state === 'proposed',
    decide: m.state === 'proposed' && decides,
    reject: m.state === 'proposed' && decides,
    carry_out: m.state === 'decided',
    // A ban that has not run its course is lifted early only by the mayor's decision.
    end: inForce && (m.kind !== 'ban' || (m.endsOn !== null && m.endsOn < m.today) || canCase(roles, 'ban.decide')),
    letter: inForce && letterKindOf(m.kind) !== undefined,
  };
  return MEASURE_ABILITIES.filter((a) => grants[a]);
}

export const measurePolicy: Policy<MeasureSubject, MeasureAbility> = {
  resource: 'measure',
  abilities: MEASURE_ABILITIES,
  async load(tx: Tx, who: SignedIn, ids: readonly string[]) {
    const today = amsterdamToday();
    const rows = await measureFacts(tx, who.user.id, ids);
    return new Map(rows.map((r) => [r.id, measureSubject(r, r.access, today)]));
  },
  abilitiesOf,
};

/**
 * Whether the step is the person's at all in some state of this measure: then doing it in
 * the wrong state is a conflict (409) they may hear about; otherwise it is not there (404).
 */
export function stepInOtherState(who: Pick<SignedIn, 'user'>, m: MeasureSubject, step: MeasureStep): boolean {
  return MEASURE_STATES.some((state) => abilitiesOf(who, { ...m, state }).includes(step));
}

/** The front desk's list of bans in force: a name and a date, nothing about the case. */
export const BAN_LIST_ABILITIES = ['bans.front_desk'] as const;
export type BanListAbility = (typeof BAN_LIST_ABILITIES)[number];

export const banListPolicy: RolePolicy<BanListAbility> = {
  resource: 'ban_list',
  abilities: BAN_LIST_ABILITIES,
  abilitiesOf: (who) => BAN_LIST_ABILITIES.filter((a) => canCase(who.user.roles, a)),
};
