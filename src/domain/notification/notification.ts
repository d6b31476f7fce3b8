import type { DeadlineKind } from '../deadline/deadline.js';
import type { Channel, Level } from '../incident/norm.js';
/** What a person can be notified of (in the app and by a mail without details). */
export const NOTIFICATION_KINDS = [
  'incident_routed',
  'incident_reported_for_you',
  'access_granted',
  'consultation_asked',
  'consultation_answered',
  'online_message_added',
  'aftercare_planned',
  'aftercare_offered',
  'aftercare_answered',
  'deadline_reminder',
  'deadline_overdue',
  'task_reminder',
  'task_overdue',
  'duty_opened',
  'case_role_changed',
  'measure_proposed',
  'measure_decided',
  'police_report_filed',
  'retention_review',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** One notification in a person's inbox. */
export interface InboxItem {
  id: string;
  kind: NotificationKind;
  incidentId: string | null;
  incidentNumber: number | null;
  /** The incident's level and channel, for the inbox's heading of its items (the person may see the incident). */
  incidentLevel: Level | null;
  incidentChannel: Channel | null;
  consultationId: string | null;
  /** The organisation's own duty a reminder is about (no incident): its kind and record. */
  deadline: { id: string; kind: DeadlineKind; subjectId: string | null } | null;
  /** Who caused it; null when the program did (a reminder, a duty). */
  actor: { id: string; name: string } | null;
  createdAt: Date;
  read: boolean;
}
