import type { SignedIn } from '../auth/session.js';
import type { Incident, IncidentSummary, OnlineMessage, TimelineEntry, AccessReason } from './incident.js';
import { incidentReferenceOrNull } from './incident.js';
import { incidentPolicy, type IncidentAbility } from './incident.policy.js';
import { availableTransitions, type Transition } from './status.js';

/** What the person may do with the incident, and the moves open to them (buttons and API alike). */
export function incidentActions(
  who: SignedIn,
  incident: Pick<Incident, 'id' | 'status'>,
  access: AccessReason,
): { abilities: readonly IncidentAbility[]; transitions: Transition[] } {
  const abilities = incidentPolicy.abilitiesOf(who, { id: incident.id, status: incident.status, access });
  const transitions = availableTransitions(incident.status).filter((t) => abilities.includes(t === 'submit' ? 'submit_draft' : 'handle'));
  return { abilities, transitions };
}

/** What an incident looks like outside the server, for the person looking at it. */
export function presentIncident(who: SignedIn, incident: Incident, access: AccessReason) {
  const { abilities, transitions } = incidentActions(who, incident, access);
  return {
    id: incident.id,
    reference: incidentReferenceOrNull(incident),
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
    abilities: [...abilities],
    transitions,
  };
}

export function presentSummary(s: IncidentSummary) {
  return {
    id: s.id,
    reference: incidentReferenceOrNull(s),
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
  return {
    id: m.id,
    sentAt: m.sentAt.toISOString(),
    account: m.account,
    url: m.url,
    content: m.content,
    addedBy: m.addedBy,
    addedAt: m.addedAt.toISOString(),
  };
}
