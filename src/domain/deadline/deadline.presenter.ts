import { incidentReference } from '../incident/incident.js';
import type { Deadline } from './deadline.js';

/** A deadline as the API shows it: owners and the reminder moment stay inside. */
export function presentDeadline(d: Deadline) {
  return {
    id: d.id,
    kind: d.kind,
    incidentId: d.incidentId,
    incidentReference: d.incidentId ? incidentReference({ number: d.incidentNumber }) : null,
    subjectId: d.subjectId,
    notBefore: d.notBefore?.toISOString() ?? null,
    dueAt: d.dueAt.toISOString(),
    state: d.state,
    doneAt: d.doneAt?.toISOString() ?? null,
    cancelReason: d.cancelReason,
  };
}
