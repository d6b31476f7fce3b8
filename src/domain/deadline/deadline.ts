/** Every duty in the protocol with a moment by which it must be done. Later issues add kinds. */
export const DEADLINE_KINDS = [
  'aftercare_1',
  'aftercare_2',
  'aftercare_3',
  // Case handling (PRODUCT.md §3–§5).
  'perpetrator_response',
  'police_report',
  'labour_inspectorate',
  'kings_commissioner',
  'ban_end',
  // The mayor's (or secretary's) decision on a proposed measure (issue 10 §1).
  'measure_decision',
  // The organisation's own duties (no incident).
  'risk_assessment',
  // A request from a person in it, answered within a month (issue 11 §2, art. 12(3) GDPR).
  'data_request',
  // The yearly access review (issue 11 §3, BIO).
  'access_review',
  // Dialogue and training (issue 13 §4): the start-of-term session and the yearly casuistry session.
  'term_start_session',
  'casuistry_session',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** The deadlines worked on the measures page of an incident. */
export const MEASURE_DEADLINE_KINDS = ['perpetrator_response', 'ban_end', 'measure_decision'] as const satisfies readonly DeadlineKind[];
export const isMeasureDeadline = (kind: DeadlineKind) => (MEASURE_DEADLINE_KINDS as readonly DeadlineKind[]).includes(kind);

export const DEADLINE_STATES = ['open', 'done', 'overdue', 'cancelled'] as const;
export type DeadlineState = (typeof DEADLINE_STATES)[number];

/**
 * The organisation's own duties, about a record rather than an incident (migration 0025):
 * their `incidentId` is null and `subjectId` names the record. Issues 11 and 13 add them.
 */
export const ORGANISATION_DEADLINE_KINDS = [
  'risk_assessment',
  'data_request',
  'access_review',
  'term_start_session',
  'casuistry_session',
] as const satisfies readonly DeadlineKind[];
export const isOrganisationDeadline = (d: Pick<Deadline, 'incidentId'>) => d.incidentId === null;

export interface Deadline {
  id: string;
  /** Null for a duty of the organisation (see ORGANISATION_DEADLINE_KINDS). */
  incidentId: string | null;
  incidentNumber: number | null;
  kind: DeadlineKind;
  subjectId: string | null;
  ownerIds: string[];
  /** Earliest sensible moment (the third conversation: after 4 weeks). */
  notBefore: Date | null;
  dueAt: Date;
  remindAt: Date;
  state: DeadlineState;
  doneAt: Date | null;
  cancelReason: string | null;
}

/**
 * When to remind: a quarter of the time before the due moment, at most a day before, so a
 * 24-hour duty is reminded 6 hours ahead and a six-week one a day ahead; never before the
 * window opens.
 */
export function reminderMoment(createdAt: Date, dueAt: Date, notBefore: Date | null = null): Date {
  const span = dueAt.getTime() - createdAt.getTime();
  const lead = Math.min(24 * 3_600_000, Math.max(0, span / 4));
  const moment = new Date(dueAt.getTime() - lead);
  return notBefore && moment < notBefore ? notBefore : moment;
}
