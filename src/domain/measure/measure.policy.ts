import { canCase, canHandleCase } from '../case/case.policy.js';
import type { AccessReason } from '../incident/incident.js';
import type { Role } from '../user/roles.js';
import { isInForce, letterKindOf, type MeasureKind, type MeasureState } from './measure.js';

/**
 * Who may do what with the measures of one incident: its handlers see, propose, record the
 * hearing, carry out and produce letters; the mayor or the secretary decide; a ban only the
 * mayor, who alone may also lift a ban before its end date. Everyone else gets 404.
 */
export const MEASURE_ABILITIES = ['hearing', 'decide', 'reject', 'carry_out', 'end', 'letter'] as const;
export type MeasureAbility = (typeof MEASURE_ABILITIES)[number];

/** Seeing the measures of an incident (and proposing one): its handlers. */
export function canSeeMeasures(access: AccessReason | undefined): boolean {
  return canHandleCase(access);
}

/** Deciding (or rejecting) a measure of this kind, regardless of its state. */
export function mayDecide(roles: readonly Role[], access: AccessReason | undefined, kind: MeasureKind): boolean {
  return canHandleCase(access) && canCase(roles, kind === 'ban' ? 'ban.decide' : 'measure.decide');
}

export interface MeasureSubject {
  kind: MeasureKind;
  state: MeasureState;
  endsOn: string | null;
}

/**
 * The person's abilities on one measure in its current state. `today` is the Amsterdam
 * calendar date: ending a ban on or before its end date lifts a mayor's decision early.
 */
export function measureAbilities(roles: readonly Role[], access: AccessReason | undefined, m: MeasureSubject, today: string): MeasureAbility[] {
  if (!canHandleCase(access)) return [];
  const result: MeasureAbility[] = [];
  if (m.state === 'proposed') {
    result.push('hearing');
    if (mayDecide(roles, access, m.kind)) result.push('decide', 'reject');
  }
  if (m.state === 'decided') result.push('carry_out');
  if (isInForce(m.state) && (m.kind !== 'ban' || (m.endsOn !== null && m.endsOn < today) || canCase(roles, 'ban.decide'))) result.push('end');
  if (isInForce(m.state) && letterKindOf(m.kind)) result.push('letter');
  return result;
}
