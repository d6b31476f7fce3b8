import { incidentReference } from '../incident/incident.js';
import type { Escalation, EscalationView, SecurityMeasure, TriangleListItem, TriangleMark } from './escalation.js';

export function presentEscalation(e: Escalation) {
  return { id: e.id, kind: e.kind, doneAt: e.doneAt?.toISOString() ?? null, how: e.how, reference: e.reference };
}

export function presentTriangleMark(t: TriangleMark) {
  return { meetingOn: t.meetingOn, note: t.note, discussedOn: t.discussedOn };
}

export function presentSecurityMeasure(m: SecurityMeasure) {
  return {
    id: m.id,
    description: m.description,
    advisedBy: m.advisedBy,
    ownCostCents: m.ownCostCents,
    organisationCostCents: m.organisationCostCents,
    safetyNetRequestedOn: m.safetyNetRequestedOn,
    safetyNetCents: m.safetyNetCents,
    safetyNetStatus: m.safetyNetStatus,
  };
}

/** Duties and triangle mark; security measures only when the view holds them (their roles), never as an empty list. */
export function presentEscalations(view: EscalationView) {
  return {
    canManage: view.canManage,
    escalations: view.escalations.map(presentEscalation),
    triangle: view.triangle ? presentTriangleMark(view.triangle) : null,
    ...(view.securityMeasures ? { securityMeasures: view.securityMeasures.map(presentSecurityMeasure) } : {}),
  };
}

export function presentTriangleItem(i: TriangleListItem) {
  return {
    incidentId: i.incidentId,
    reference: incidentReference(i),
    level: i.level,
    occurredAt: i.occurredAt.toISOString(),
    meetingOn: i.meetingOn,
    note: i.note,
    discussedOn: i.discussedOn,
  };
}
