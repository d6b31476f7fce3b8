import { incidentReference } from '../incident/incident.js';
import type { InboxItem } from './notification.js';

/** One inbox line: what happened and where to look, never what the incident says. */
export function presentInboxItem(i: InboxItem) {
  return {
    id: i.id,
    kind: i.kind,
    incidentId: i.incidentId,
    incidentReference: i.incidentNumber ? incidentReference({ number: i.incidentNumber }) : null,
    consultationId: i.consultationId,
    deadlineId: i.deadline?.id ?? null,
    actor: i.actor,
    createdAt: i.createdAt.toISOString(),
    read: i.read,
  };
}
