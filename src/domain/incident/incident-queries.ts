import { withOrganisation, type Db, type Tx } from '../../db/database.js';
import { notFound } from '../../errors.js';
import { parse, isUuid } from '../../validation.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import type { AccessReason, Incident, IncidentSummary, OnlineMessage, TimelineEntry } from './incident.js';
import { canIncident } from './incident.policy.js';
import { accessOf, decodeCursor, encodeCursor, findIncident, listVisible, onlineMessages, timeline } from './incident.repository.js';
import { listFilterSchema } from './incident.schema.js';

export interface IncidentView {
  incident: Incident;
  access: AccessReason;
}


/** The incident if the person may see it; otherwise 404, exactly as if it did not exist. */
export async function visibleIncident(tx: Tx, who: SignedIn, id: string): Promise<IncidentView> {
  if (!isUuid(id)) throw notFound();
  const access = await accessOf(tx, id, who.user.id);
  if (!canIncident(access, 'view')) throw notFound();
  const incident = await findIncident(tx, id);
  if (!incident || (incident.status === 'draft' && access !== 'reporter')) throw notFound();
  return { incident, access: access! };
}

/** Reads one incident; the read is audited (it holds personal data). */
export function getIncident(db: Db, who: SignedIn, id: string): Promise<IncidentView> {
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const view = await visibleIncident(tx, who, id);
    await audit(tx, { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp }, { action: 'incident.read', objectType: 'incident', objectId: id });
    return view;
  });
}

export interface IncidentPage {
  data: IncidentSummary[];
  /** Cursor for the next page, absent on the last. */
  next?: string;
}

export function listIncidents(db: Db, who: SignedIn, query: unknown): Promise<IncidentPage> {
  const filter = parse(listFilterSchema, query);
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const data = await listVisible(tx, who.user.id, filter, decodeCursor(filter.after));
    const last = data.at(-1);
    return data.length === filter.limit && last ? { data, next: encodeCursor({ occurredAt: last.occurredAt, id: last.id }) } : { data };
  });
}

export function getTimeline(db: Db, who: SignedIn, id: string): Promise<TimelineEntry[]> {
  return withOrganisation(db, who.organisation.id, async (tx) => {
    await visibleIncident(tx, who, id);
    return timeline(tx, id);
  });
}

export function getOnlineMessages(db: Db, who: SignedIn, id: string): Promise<OnlineMessage[]> {
  return withOrganisation(db, who.organisation.id, async (tx) => {
    await visibleIncident(tx, who, id);
    return onlineMessages(tx, id);
  });
}
