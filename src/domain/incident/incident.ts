import type { Behaviour, Channel, Level, PerpetratorKind, Status, Target } from './norm.js';

export interface PersonRef {
  id: string;
  name: string;
}

export type AccessReason = 'reporter' | 'affected' | 'routed' | 'always_inform' | 'granted' | 'caregiver';

/** An incident as the domain sees it; presenters decide what of it leaves the server. */
export interface Incident {
  id: string;
  organisationId: string;
  /** Null while a draft (see incidentReference). */
  number: number | null;
  status: Status;
  level: Level;
  channel: Channel;
  behaviours: Behaviour[];
  occurredAt: Date;
  occurredUntil: Date | null;
  place: string | null;
  description: string;
  targets: Target[];
  perpetrator: { kind: PerpetratorKind; name: string | null; details: string | null } | null;
  witnesses: string | null;
  injury: { physical: boolean; mental: boolean; hospital: boolean; lastingHarm: boolean; death: boolean };
  damage: string | null;
  online: { platform: string; account: string | null; normStated: boolean | null; platformNotified: boolean | null } | null;
  reporter: PersonRef;
  onBehalfOf: PersonRef | null;
  affected: PersonRef[];
  createdAt: Date;
  reportedAt: Date | null;
  closedAt: Date | null;
}

/** One line of an incident list. */
export interface IncidentSummary {
  id: string;
  /** Null while a draft (see incidentReference). */
  number: number | null;
  status: Status;
  level: Level;
  channel: Channel;
  occurredAt: Date;
  reportedAt: Date | null;
  /** How the viewer came to see it. */
  access: AccessReason;
}

export interface TimelineEntry {
  id: string;
  at: Date;
  kind: string;
  actor: PersonRef | null;
  detail: Record<string, unknown>;
}

export interface OnlineMessage {
  id: string;
  sentAt: Date;
  account: string | null;
  url: string | null;
  content: string | null;
  addedBy: PersonRef;
  addedAt: Date;
}

/**
 * Reference shown to people: the organisation's running number, zero-padded to five digits
 * (M-00042). It holds no year. A draft has no number yet and shows `draftLabel` ("Concept";
 * pages pass the word in the reader's language).
 */
export function incidentReference(incident: { number: number | null }, draftLabel = 'Concept'): string {
  return incident.number === null ? draftLabel : `M-${String(incident.number).padStart(5, '0')}`;
}

/** The reference for programs: null while the incident is a draft. */
export function incidentReferenceOrNull(incident: { number: number | null }): string | null {
  return incident.number === null ? null : incidentReference(incident);
}
