import { incidentReference } from '../incident/incident.js';
import { stateOf, type Precaution, type RiskAssessment } from './risk-assessment.js';
import type { AssessmentRead, AssessmentSummary } from './risk-assessments.js';

const time = (d: Date | null) => d?.toISOString() ?? null;

export function presentPrecaution(p: Precaution) {
  return {
    id: p.id,
    kind: p.kind,
    suggested: p.suggested,
    decision: p.decision,
    owner: p.owner,
    note: p.note,
    decidedAt: time(p.decidedAt),
    doneAt: time(p.doneAt),
  };
}

function presentBase(a: RiskAssessment) {
  return {
    id: a.id,
    kind: a.kind,
    title: a.title,
    startsAt: a.startsAt.toISOString(),
    location: a.location,
    chair: a.chair,
    host: a.host,
    level: a.level,
    state: stateOf(a),
    createdBy: a.createdBy,
    createdAt: a.createdAt.toISOString(),
  };
}

export function presentAssessmentSummary(a: AssessmentSummary) {
  return { ...presentBase(a), precautions: a.precautions.map(presentPrecaution) };
}

/** One assessment in full; the names of expected visitors only for those who may read the register. */
export function presentAssessment(read: AssessmentRead) {
  const a = read.assessment;
  return {
    ...presentBase(a),
    questionnaire:
      a.topic === null
        ? null
        : {
            topic: a.topic,
            sensitivity: a.sensitivity,
            expectedAttendance: a.expectedAttendance,
            access: a.access,
            earlierIncidents: a.earlierIncidents,
            livestream: a.livestream,
            expectedPerpetrators: a.expectedPerpetratorIds.length,
            expectedPerpetratorIds: read.perpetrators ? a.expectedPerpetratorIds : null,
          },
    points: read.outcome?.points ?? null,
    reasons: read.outcome?.reasons ?? [],
    assessedAt: time(a.assessedAt),
    precautions: read.precautions.map(presentPrecaution),
    evaluation: a.evaluation,
    evaluatedAt: time(a.evaluatedAt),
    incidents: read.incidents.map((i) => ({ id: i.id, reference: incidentReference(i) })),
  };
}
