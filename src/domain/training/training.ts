import { z } from 'zod';
import { EARLIEST_DATE, isPlausibleDate, requiredText, text } from '../../validation.js';
import type { Behaviour, Channel, Level } from '../incident/norm.js';

/**
 * Dialogue and training (issue 13 §4, seed 001 §3.2). Called `training session` in code (the
 * word `session` alone is the signed-in session):
 * - `term_start`: at the start of each council term, with all office holders: safe and honest
 *   work, the norm, this protocol, the alarm procedure and how to anticipate, and the effects
 *   of aggression;
 * - `casuistry`: every year, experiences, dilemmas and the impact of incidents, on cases from
 *   the register shown anonymised, optionally with officials; agreements are recorded, and
 *   "adjust the protocol" is one of its outcomes;
 * - `training`: skills training per person or group, e.g. the national training for mayors
 *   with the prison service's institute (Opleidingsinstituut DJI, seed 003).
 */
export const SESSION_KINDS = ['term_start', 'casuistry', 'training'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

/** What a session can be about (the seed's list); a session names one or more. */
export const TOPICS = [
  'safe_work',
  'norm',
  'protocol',
  'alarm_procedure',
  'anticipation',
  'effects',
  'experiences',
  'dilemmas',
  'impact',
  'skills',
] as const;
export type Topic = (typeof TOPICS)[number];

/** The topics a session of each kind starts with (seed 001 §3.2). */
export const DEFAULT_TOPICS: Record<SessionKind, readonly Topic[]> = {
  term_start: ['safe_work', 'norm', 'protocol', 'alarm_procedure', 'anticipation', 'effects'],
  casuistry: ['experiences', 'dilemmas', 'impact'],
  training: ['skills'],
};

/** Who plans and records sessions: the clerk (the council's own), the secretary and the adviser. */
export const TRAINING_MANAGERS = ['clerk', 'municipal_secretary', 'security_adviser'] as const;
/** The mayor reads all of it, as chair of the council and the executive. */
export const TRAINING_READERS = [...TRAINING_MANAGERS, 'mayor'] as const;
/** Who sees their own sessions (invited, attended, coming): the office holders. */
export const OWN_SESSION_ROLES = ['mayor', 'alderman', 'council_member', 'group_member'] as const;

/** The start-of-term session is due this many months after the term starts. */
export const TERM_START_MONTHS = 3;

const day = (message: string) => z.iso.date({ error: message }).refine((d) => d >= EARLIEST_DATE && isPlausibleDate(d), message);

export const newTermSchema = z.object({ startsOn: day('error.training_term_date') });
export type NewTerm = z.output<typeof newTermSchema>;

export const newSessionSchema = z.object({
  kind: z.enum(SESSION_KINDS, { error: 'error.training_kind' }),
  title: requiredText(300, 'error.training_title_required'),
  plannedOn: day('error.training_date'),
  location: text(300).optional(),
  /** Empty: the kind's default topics. */
  topics: z
    .array(z.enum(TOPICS, { error: 'error.training_topic' }))
    .max(TOPICS.length)
    .default([]),
  description: text(5000).optional(),
  /** Who gives the training (e.g. Opleidingsinstituut DJI). */
  provider: text(300).optional(),
  /** A casuistry session with officials of the civil service. */
  withOfficials: z.boolean().default(false),
  /** Who is invited: people of the organisation. */
  invitedIds: z
    .array(z.uuid({ error: 'error.training_person_unknown' }))
    .max(500)
    .default([]),
});
export type NewSession = z.output<typeof newSessionSchema>;

/** Held: who attended (people not invited are added), and what was agreed. */
export const attendanceSchema = z.object({
  attendedIds: z
    .array(z.uuid({ error: 'error.training_person_unknown' }))
    .max(500)
    .default([]),
  agreements: text(10_000).optional(),
  /** An outcome of the casuistry session: the protocol is to be adjusted. */
  adjustProtocol: z.boolean().default(false),
});
export type Attendance = z.output<typeof attendanceSchema>;

/** An incident to discuss, by reference (M-00073) or number. */
export const discussedIncidentSchema = z.object({ incident: requiredText(100, 'error.training_incident_unknown') });

export interface Invitee {
  id: string;
  name: string;
  /** Null until attendance is recorded. */
  attended: boolean | null;
}

export interface TrainingSession {
  id: string;
  kind: SessionKind;
  title: string;
  plannedOn: string;
  location: string | null;
  topics: Topic[];
  description: string | null;
  provider: string | null;
  withOfficials: boolean;
  termId: string | null;
  heldAt: Date | null;
  agreements: string | null;
  adjustProtocol: boolean;
  createdBy: { id: string; name: string };
  createdAt: Date;
}

/** A discussed incident as the session shows it: no names, no description, no reference — only what kind of case it was. */
export interface AnonymisedIncident {
  /** The link's id (to take it off the list), not the incident's. */
  id: string;
  level: Level;
  channel: Channel;
  /** yyyy-mm, in Amsterdam. */
  month: string;
  behaviours: Behaviour[];
}

export interface CouncilTerm {
  id: string;
  startsOn: string;
  recordedAt: Date;
}

export const stateOf = (s: Pick<TrainingSession, 'heldAt'>): 'planned' | 'held' => (s.heldAt ? 'held' : 'planned');

/** A calendar day plus whole months (the last day of a shorter month when it has no such day). */
export function addMonths(dayIso: string, months: number): string {
  const [y, m, d] = dayIso.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
