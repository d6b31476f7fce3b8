import { incidentReference } from '../incident/incident.js';
import type { Letter, PerpetratorHistory } from './measure.js';
import type { IncidentMeasures, MeasureView } from './measure-queries.js';
import { MEASURE_STEPS } from './measure.policy.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;
const person = (p: { id: string; name: string }) => ({ id: p.id, name: p.name });

/** A letter as the API shows it, with the path of its file. */
export function presentLetter(l: Letter) {
  return {
    id: l.id,
    measureId: l.measureId,
    kind: l.kind,
    format: l.format,
    sha256: l.sha256,
    sizeBytes: l.sizeBytes,
    fileName: l.fileName,
    createdBy: person(l.createdBy),
    createdAt: l.createdAt.toISOString(),
    download: `/api/v1/letters/${l.id}`,
  };
}

/** A measure with the steps the viewer may take next (seeing it goes without saying). */
export function presentMeasure(m: MeasureView) {
  return {
    id: m.id,
    incidentId: m.incidentId,
    kind: m.kind,
    state: m.state,
    perpetrator: m.perpetrator ? person(m.perpetrator) : null,
    subjectName: m.subjectName,
    details: m.details,
    facts: m.facts,
    advice: m.advice,
    reasons: m.reasons,
    startsOn: m.startsOn,
    endsOn: m.endsOn,
    hearing: m.hearing ? { kind: m.hearing.kind, statement: m.hearing.statement } : null,
    proposedBy: person(m.proposedBy),
    proposedAt: m.proposedAt.toISOString(),
    decidedBy: m.decidedBy ? person(m.decidedBy) : null,
    decidedAt: iso(m.decidedAt),
    decisionNote: m.decisionNote,
    carriedOutAt: iso(m.carriedOutAt),
    endedAt: iso(m.endedAt),
    letters: m.letters.map(presentLetter),
    abilities: MEASURE_STEPS.filter((a) => m.abilities.includes(a)),
  };
}

/** A linked perpetrator's record as a proposal weighs it: first or repeated, and what was done before. */
export function presentMeasureHistory(h: PerpetratorHistory) {
  return {
    id: h.id,
    name: h.name,
    kind: h.kind,
    incidentCount: h.incidents.length,
    measureCount: h.measures.length,
    incidents: h.incidents.map((i) => ({
      id: i.id,
      reference: incidentReference(i),
      occurredAt: i.occurredAt.toISOString(),
      level: i.level,
      status: i.status,
    })),
    measures: h.measures.map((m) => ({
      id: m.id,
      incidentReference: incidentReference({ number: m.incidentNumber }),
      kind: m.kind,
      state: m.state,
      proposedAt: m.proposedAt.toISOString(),
      decidedAt: iso(m.decidedAt),
    })),
  };
}

/** The measures of one incident; the perpetrators' record only for those who may read the register. */
export function presentIncidentMeasures(view: IncidentMeasures) {
  return {
    incident: { id: view.incident.id, reference: incidentReference(view.incident), level: view.incident.level },
    perpetrators: view.perpetrators.map(({ id, name }) => ({ id, name })),
    ...(view.history ? { history: view.history.map(presentMeasureHistory) } : {}),
    deadlines: view.deadlines.map((d) => ({
      id: d.id,
      kind: d.kind,
      dueAt: d.dueAt.toISOString(),
      state: d.state,
      subjectId: d.subjectId,
    })),
    data: view.measures.map(presentMeasure),
  };
}
