import type { MeasureKind, MeasureState } from '../measure/measure.js';
import type { AccessReason } from '../incident/incident.js';
import type { Channel, Level, PerpetratorKind, Status } from '../incident/norm.js';

/**
 * A perpetrator in the register (PRODUCT.md §3, §10): criminal-law data (AVG art. 10), seen
 * only by the roles with 'perpetrator.read'. Identifiers are stored in canonical form
 * (see identifiers.ts) so the same address, number or account is found again.
 */
export interface Perpetrator {
  id: string;
  kind: PerpetratorKind;
  name: string;
  aliases: string[];
  /** Calendar date, YYYY-MM-DD. */
  dateOfBirth: string | null;
  address: string | null;
  emails: string[];
  phones: string[];
  socialAccounts: string[];
  notes: string | null;
  /** Set when this record was merged into another; the other one carries its history now. */
  mergedInto: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One line of a list: enough to recognise the person and see whether they came back. */
export interface PerpetratorSummary {
  id: string;
  kind: PerpetratorKind;
  name: string;
  aliases: string[];
  emails: string[];
  phones: string[];
  socialAccounts: string[];
  incidentCount: number;
  lastIncidentAt: Date | null;
}

/** Whom an incident was aimed at: the repeat check spans office holders and employees (001 §5.2). */
export type AgainstGroup = 'office_holder' | 'employee';

/** One incident in a perpetrator's history, oldest first; ordinal 1 is the first incident. */
export interface PerpetratorIncident {
  id: string;
  number: number | null;
  ordinal: number;
  level: Level;
  status: Status;
  channel: Channel;
  occurredAt: Date;
  linkedAt: Date;
  against: AgainstGroup[];
  /** How the viewer came to see the incident itself; undefined when they may not open it. */
  viewerAccess: AccessReason | undefined;
}

/** The measures' kinds and states, as the register shows them (src/domain/measure owns the measures). */
export { MEASURE_KINDS, MEASURE_STATES, type MeasureKind, type MeasureState } from '../measure/measure.js';

export interface PerpetratorMeasure {
  id: string;
  incidentId: string;
  incidentNumber: number | null;
  kind: MeasureKind;
  state: MeasureState;
  startsOn: string | null;
  endsOn: string | null;
  proposedAt: Date;
  decidedAt: Date | null;
  carriedOutAt: Date | null;
  endedAt: Date | null;
}

/** Everything the register knows of one perpetrator: the record, every incident and measure. */
export interface PerpetratorHistory {
  perpetrator: Perpetrator;
  incidents: PerpetratorIncident[];
  measures: PerpetratorMeasure[];
  /** Records merged into this one (their identifiers live on here as aliases and identifiers). */
  mergedFrom: { id: string; name: string }[];
  /** Other records that look like the same perpetrator: candidates to merge. */
  possibleDuplicates: PerpetratorMatch[];
}

export const MATCH_REASONS = ['name', 'email', 'phone', 'account'] as const;
export type MatchReason = (typeof MATCH_REASONS)[number];

/** An existing record that may be the same perpetrator, and why it was suggested. */
export interface PerpetratorMatch {
  perpetrator: PerpetratorSummary;
  /** Name similarity 0–1 (pg_trgm), over the name and aliases. */
  score: number;
  reasons: MatchReason[];
}

/** What is known of a perpetrator from elsewhere (an incident, a form) to look them up by. */
export interface MatchClues {
  names: string[];
  emails: string[];
  phones: string[];
  accounts: string[];
}

/** First incident, or a repeat: the question every measure starts with (PRODUCT.md §3). */
export function repeatState(incidentCount: number): 'none' | 'first' | 'repeated' {
  return incidentCount === 0 ? 'none' : incidentCount === 1 ? 'first' : 'repeated';
}
