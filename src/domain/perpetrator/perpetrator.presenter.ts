import { incidentReference } from '../incident/incident.js';
import { canIncident } from '../incident/incident.policy.js';
import { repeatState, type Perpetrator, type PerpetratorHistory, type PerpetratorMatch, type PerpetratorSummary } from './perpetrator.js';
import type { IncidentPerpetrators } from './perpetrator-queries.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/**
 * What leaves the server about a perpetrator. Only ever sent to the register's readers; the
 * people who created or linked records are not named (the audit trail holds that).
 */
export function presentPerpetrator(p: Perpetrator) {
  return {
    id: p.id,
    kind: p.kind,
    name: p.name,
    aliases: p.aliases,
    dateOfBirth: p.dateOfBirth,
    address: p.address,
    emails: p.emails,
    phones: p.phones,
    socialAccounts: p.socialAccounts,
    notes: p.notes,
    mergedInto: p.mergedInto,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function presentPerpetratorSummary(s: PerpetratorSummary) {
  return {
    id: s.id,
    kind: s.kind,
    name: s.name,
    aliases: s.aliases,
    emails: s.emails,
    phones: s.phones,
    socialAccounts: s.socialAccounts,
    incidentCount: s.incidentCount,
    repeat: repeatState(s.incidentCount),
    lastIncidentAt: iso(s.lastIncidentAt),
  };
}

export function presentMatch(m: PerpetratorMatch) {
  return { perpetrator: presentPerpetratorSummary(m.perpetrator), score: m.score, reasons: m.reasons };
}

export function presentHistory(h: PerpetratorHistory) {
  const count = (group: 'office_holder' | 'employee') => h.incidents.filter((i) => i.against.includes(group)).length;
  return {
    ...presentPerpetrator(h.perpetrator),
    repeat: repeatState(h.incidents.length),
    incidentCount: h.incidents.length,
    againstOfficeHolders: count('office_holder'),
    againstEmployees: count('employee'),
    incidents: h.incidents.map((i) => ({
      id: i.id,
      reference: incidentReference(i),
      ordinal: i.ordinal,
      level: i.level,
      status: i.status,
      channel: i.channel,
      occurredAt: i.occurredAt.toISOString(),
      linkedAt: i.linkedAt.toISOString(),
      against: i.against,
      viewerMayOpen: canIncident(i.viewerAccess, 'view'),
    })),
    measures: h.measures.map((m) => ({
      id: m.id,
      incidentId: m.incidentId,
      incidentReference: incidentReference({ number: m.incidentNumber }),
      kind: m.kind,
      state: m.state,
      startsOn: m.startsOn,
      endsOn: m.endsOn,
      proposedAt: m.proposedAt.toISOString(),
      decidedAt: iso(m.decidedAt),
      carriedOutAt: iso(m.carriedOutAt),
      endedAt: iso(m.endedAt),
    })),
    mergedFrom: h.mergedFrom,
    possibleDuplicates: h.possibleDuplicates.map(presentMatch),
  };
}

export function presentIncidentPerpetrators(v: IncidentPerpetrators) {
  return {
    incident: {
      id: v.incident.id,
      reference: incidentReference(v.incident),
      perpetrator: v.incident.perpetrator
        ? { kind: v.incident.perpetrator.kind, name: v.incident.perpetrator.name, details: v.incident.perpetrator.details }
        : null,
    },
    linked: v.linked.map(presentPerpetratorSummary),
    suggestions: v.suggestions.map(presentMatch),
    clues: { names: v.clues.names, emails: v.clues.emails, phones: v.clues.phones, accounts: v.clues.accounts },
    ...(v.results ? { results: v.results.map(presentPerpetratorSummary) } : {}),
  };
}
