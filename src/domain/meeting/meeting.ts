import { z } from 'zod';
import { EARLIEST_DATE, isPlausibleDate, requiredText, text } from '../../validation.js';

/**
 * The council-meeting disruption log (issue 13 §2, seed 001 §4): the chair suspends the
 * meeting and orders the person to leave; refused, the chair orders twice more, and after the
 * third order refusing is an offence (lokaalvredebreuk); the live stream is stopped, the police
 * are called after consulting the chair, and the meeting resumes. The clerk logs each step.
 */
export const EVENT_KINDS = ['suspended', 'order_to_leave', 'stream_stopped', 'police_called', 'police_arrived', 'left', 'resumed'] as const;
export type DisruptionEventKind = (typeof EVENT_KINDS)[number];

/** Every kind of log entry: the events, a correction that withdraws an entry, and the decision on a police report. */
export const ENTRY_KINDS = [...EVENT_KINDS, 'correction', 'report_decision'] as const;
export type DisruptionEntryKind = (typeof ENTRY_KINDS)[number];

/** From this order on, refusing to leave is an offence (lokaalvredebreuk, art. 139 Sr). */
export const OFFENCE_FROM_ORDER = 3;

/** The roles that keep and read the log: the clerk, the mayor who chairs, the secretary and the adviser. */
export const MEETING_ROLES = ['clerk', 'mayor', 'municipal_secretary', 'security_adviser'] as const;

const EARLIEST_INSTANT = Date.parse(`${EARLIEST_DATE}T00:00:00+01:00`);
const day = z.iso.date({ error: 'error.date_invalid' }).refine((d) => d >= EARLIEST_DATE && isPlausibleDate(d), 'error.date_invalid');
/** A logged moment: with its offset, not in the future (a few minutes for a clock that runs ahead). */
const moment = z.iso
  .datetime({ offset: true, error: 'error.meeting_at_invalid' })
  .transform((v) => new Date(v))
  .refine((at) => at.getTime() >= EARLIEST_INSTANT && at.getTime() <= Date.now() + 5 * 60_000, 'error.meeting_at_invalid');

export const newMeetingSchema = z.object({
  title: requiredText(300, 'error.meeting_title_required'),
  date: day,
  chair: requiredText(200, 'error.meeting_chair_required'),
});
export type NewMeeting = z.output<typeof newMeetingSchema>;

export const newDisruptionSchema = z.object({
  description: requiredText(2000, 'error.disruption_description_required'),
  perpetratorId: z.uuid({ error: 'error.perpetrator_unknown' }).optional(),
});
export type NewDisruption = z.output<typeof newDisruptionSchema>;

const note = text(2000)
  .optional()
  .transform((v) => (v ? v : undefined));

/**
 * One entry: an event with its moment (now unless said), or a correction. An event that names
 * `correctsId` replaces that entry (e.g. the right time); kind `correction` withdraws it.
 */
export const newEntrySchema = z
  .object({
    kind: z.enum([...EVENT_KINDS, 'correction'], { error: 'error.disruption_kind' }),
    at: moment.optional(),
    correctsId: z.uuid({ error: 'error.entry_unknown' }).optional(),
    note,
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'correction' && !v.correctsId) ctx.addIssue({ code: 'custom', path: ['correctsId'], message: 'error.entry_unknown' });
    if (v.kind === 'correction' && !v.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'error.correction_note_required' });
  });
export type NewEntry = z.output<typeof newEntrySchema>;

/** The decision on a police report, taken by the chair with the clerk and the designated official (seed 001 §4). */
export const decisionSchema = z.object({
  report: z.boolean({ error: 'error.decision_required' }),
  /** Who decided, as written down (the chair, the clerk, the designated official). */
  decidedBy: requiredText(500, 'error.decided_by_required'),
  note,
});
export type Decision = z.output<typeof decisionSchema>;

export interface Meeting {
  id: string;
  title: string;
  date: string;
  chair: string;
  createdAt: Date;
}

export interface DisruptionEntry {
  id: string;
  kind: DisruptionEntryKind;
  at: Date;
  orderNumber: number | null;
  correctsId: string | null;
  note: string | null;
  report: boolean | null;
  loggedBy: { id: string; name: string };
  loggedAt: Date;
}

export interface Disruption {
  id: string;
  meetingId: string;
  description: string;
  perpetratorId: string | null;
  createdAt: Date;
  incidentId: string | null;
  entries: DisruptionEntry[];
}
