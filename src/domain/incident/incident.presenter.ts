import type { Evidence } from '../evidence/upload-evidence.js';
import type { Incident, IncidentSummary, OnlineMessage, TimelineEntry, AccessReason } from './incident.js';
import { incidentReference } from './incident.js';
import { incidentAbilities } from './incident.policy.js';
import { availableTransitions } from './status.js';

/** What an incident looks like outside the server, for the person looking at it. */
export function presentIncident(incident: Incident, access: AccessReason) {
  const abilities = incidentAbilities(access);
  const transitions = availableTransitions(incident.status).filter((t) => (t === 'submit' ? abilities.includes('submit_draft') : abilities.includes('handle')));
  return {
    id: incident.id,
    reference: incidentReference(incident),
    number: incident.number,
    status: incident.status,
    level: incident.level,
    channel: incident.channel,
    behaviours: incident.behaviours,
    occurredAt: incident.occurredAt.toISOString(),
    occurredUntil: incident.occurredUntil?.toISOString() ?? null,
    place: incident.place,
    description: incident.description,
    targets: incident.targets,
    perpetrator: incident.perpetrator,
    witnesses: incident.witnesses,
    injury: incident.injury,
    damage: incident.damage,
    online: incident.online,
    reporter: incident.reporter,
    onBehalfOf: incident.onBehalfOf,
    affected: incident.affected,
    createdAt: incident.createdAt.toISOString(),
    reportedAt: incident.reportedAt?.toISOString() ?? null,
    closedAt: incident.closedAt?.toISOString() ?? null,
    access,
    abilities,
    transitions,
  };
}

export function presentSummary(s: IncidentSummary) {
  return {
    id: s.id,
    reference: incidentReference(s),
    number: s.number,
    status: s.status,
    level: s.level,
    channel: s.channel,
    occurredAt: s.occurredAt.toISOString(),
    reportedAt: s.reportedAt?.toISOString() ?? null,
    access: s.access,
  };
}

export function presentTimelineEntry(e: TimelineEntry) {
  return { id: e.id, at: e.at.toISOString(), kind: e.kind, actor: e.actor, detail: e.detail };
}

export function presentOnlineMessage(m: OnlineMessage) {
  return { id: m.id, sentAt: m.sentAt.toISOString(), account: m.account, url: m.url, content: m.content, addedBy: m.addedBy, addedAt: m.addedAt.toISOString() };
}

export function presentEvidence(e: Evidence) {
  return { id: e.id, sha256: e.sha256, sizeBytes: e.sizeBytes, mediaType: e.mediaType, fileName: e.fileName, uploadedBy: e.uploadedBy, uploadedAt: e.uploadedAt.toISOString() };
}
