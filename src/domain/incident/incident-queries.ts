import type { Tx } from '../../db/database.js';
import { notFound } from '../../errors.js';
import { isUuid } from '../../validation.js';
import { requireOne } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import type { AccessReason, Incident, IncidentSummary, OnlineMessage, TimelineEntry } from './incident.js';
import { incidentPolicy, type IncidentAbility } from './incident.policy.js';
import { decodeCursor, encodeCursor, findIncident, listVisible, onlineMessages, timeline } from './incident.repository.js';
import type { ListFilter } from './incident.schema.js';

export interface IncidentView {
  incident: Incident;
  access: AccessReason;
}

/**
 * The incident if the person may do this with it (see it, unless said); otherwise 404,
 * exactly as if it did not exist.
 */
export async function visibleIncident(tx: Tx, who: SignedIn, id: string, ability: IncidentAbility = 'view'): Promise<IncidentView> {
  // Callers in other modules pass ids they read from a path: what is not an id names nothing.
  if (!isUuid(id)) throw notFound();
  const subject = await requireOne(tx, who, incidentPolicy, ability, id);
  const incident = await findIncident(tx, id);
  if (!incident || !subject.access) throw notFound();
  return { incident, access: subject.access };
}

/** Reads one incident; the read is audited (it holds personal data). */
export async function getIncident(tx: Tx, who: SignedIn, id: string): Promise<IncidentView> {
  const view = await visibleIncident(tx, who, id);
  await auditIncidentRead(tx, who, id);
  return view;
}

/** The audit line of reading an incident, for pages that read it in parts. */
export function auditIncidentRead(tx: Tx, who: SignedIn, id: string): Promise<void> {
  return audit(
    tx,
    { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp },
    { action: 'incident.read', objectType: 'incident', objectId: id },
  );
}

export interface IncidentPage {
  data: IncidentSummary[];
  /** Cursor for the next page, absent on the last. */
  next?: string;
}

/** The incidents the person may see, newest first, one page at a time. */
export async function listIncidents(tx: Tx, who: SignedIn, filter: ListFilter): Promise<IncidentPage> {
  const data = await listVisible(tx, who.user.id, filter, decodeCursor(filter.after));
  const last = data.at(-1);
  return data.length === filter.limit && last ? { data, next: encodeCursor({ occurredAt: last.occurredAt, id: last.id }) } : { data };
}

export async function getTimeline(tx: Tx, who: SignedIn, id: string): Promise<TimelineEntry[]> {
  await requireOne(tx, who, incidentPolicy, 'view', id);
  return timeline(tx, id);
}

export async function getOnlineMessages(tx: Tx, who: SignedIn, id: string): Promise<OnlineMessage[]> {
  await requireOne(tx, who, incidentPolicy, 'view', id);
  return onlineMessages(tx, id);
}
