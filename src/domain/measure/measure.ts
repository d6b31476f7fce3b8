import type { PersonRef } from '../incident/incident.js';
import type { Level, Status } from '../incident/norm.js';

/**
 * Measures against the perpetrator (PRODUCT.md §3): the catalogue and the flow a measure
 * follows. Proposed with the adviser's advice → decided (a ban only by the mayor) → carried
 * out → ended; or rejected. Both sides are heard before any decision.
 */
export const MEASURE_KINDS = [
  'oral_warning',
  'written_warning',
  'service_restriction',
  'ban',
  'stop_conversation',
  'police_notice',
  'police_report',
  'other',
] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

export const MEASURE_STATES = ['proposed', 'decided', 'rejected', 'carried_out', 'ended'] as const;
export type MeasureState = (typeof MEASURE_STATES)[number];

export const MEASURE_ACTIONS = ['decide', 'reject', 'carry_out', 'end'] as const;
export type MeasureAction = (typeof MEASURE_ACTIONS)[number];

/** Hoor en wederhoor: the perpetrator was heard, or it was not possible (with why). */
export const HEARING_KINDS = ['heard', 'not_possible'] as const;
export type HearingKind = (typeof HEARING_KINDS)[number];

/** Measures that run for a period carry a start and an end date; a ban must. */
export const PERIOD_KINDS: readonly MeasureKind[] = ['service_restriction', 'ban'];

const TRANSITIONS: Record<MeasureAction, { from: readonly MeasureState[]; to: MeasureState }> = {
  decide: { from: ['proposed'], to: 'decided' },
  reject: { from: ['proposed'], to: 'rejected' },
  carry_out: { from: ['decided'], to: 'carried_out' },
  end: { from: ['decided', 'carried_out'], to: 'ended' },
};

/** The state an action leads to, or undefined when the action does not apply in this state. */
export function nextState(state: MeasureState, action: MeasureAction): MeasureState | undefined {
  const transition = TRANSITIONS[action];
  return transition.from.includes(state) ? transition.to : undefined;
}

/** Decided measures in force: what a letter, a carrying out or an end applies to. */
export function isInForce(state: MeasureState): boolean {
  return state === 'decided' || state === 'carried_out';
}

export const LETTER_KINDS = ['written_warning', 'ban_decision'] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];
export const LETTER_FORMATS = ['docx', 'pdf'] as const;
export type LetterFormat = (typeof LETTER_FORMATS)[number];

/** The letter a measure is sent with, if any: a written warning, or the mayor's ban decision. */
export function letterKindOf(kind: MeasureKind): LetterKind | undefined {
  if (kind === 'written_warning') return 'written_warning';
  if (kind === 'ban') return 'ban_decision';
  return undefined;
}

export interface Letter {
  id: string;
  measureId: string;
  kind: LetterKind;
  format: LetterFormat;
  sha256: string;
  sizeBytes: number;
  fileName: string;
  createdBy: PersonRef;
  createdAt: Date;
}

export interface Measure {
  id: string;
  incidentId: string;
  kind: MeasureKind;
  state: MeasureState;
  perpetrator: PersonRef | null;
  /** Who the measure is against: the linked perpetrator, else the name given in the report. */
  subjectName: string | null;
  /** Where the letter goes: the address of the linked perpetrator in the register, if known. */
  subjectAddress: string | null;
  details: string | null;
  /** The facts as written for the letter to the perpetrator; a letter never quotes the report (issue 11 §4). */
  facts: string | null;
  advice: string | null;
  reasons: string;
  /** Calendar dates (YYYY-MM-DD), inclusive. */
  startsOn: string | null;
  endsOn: string | null;
  hearing: { kind: HearingKind; statement: string | null } | null;
  proposedBy: PersonRef;
  proposedAt: Date;
  decidedBy: PersonRef | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  carriedOutAt: Date | null;
  endedAt: Date | null;
  letters: Letter[];
}

/** A perpetrator linked to the incident, with their record: first or repeated? */
export interface PerpetratorHistory {
  id: string;
  name: string;
  kind: 'person' | 'collective' | 'organisation';
  incidents: { id: string; number: number | null; occurredAt: Date; level: Level; status: Status }[];
  measures: {
    id: string;
    incidentNumber: number | null;
    kind: MeasureKind;
    state: MeasureState;
    proposedAt: Date;
    decidedAt: Date | null;
  }[];
}

/** What the front desk sees of a ban in force: who, and until when. Nothing about the incident. */
export interface ActiveBan {
  name: string;
  until: string;
}
