import type { ProtocolEvaluation, ProtocolVersion } from './evaluation.js';
import type { EvaluationRead } from './evaluations.js';

export function presentProtocolVersion(v: ProtocolVersion) {
  return {
    id: v.id,
    version: v.version,
    summary: v.summary,
    body: v.body,
    changes: v.changes,
    decidedOn: v.decidedOn,
    decidedBy: v.decidedBy,
    recordedBy: v.recordedBy,
    recordedAt: v.recordedAt.toISOString(),
  };
}

export function presentEvaluationSummary(e: ProtocolEvaluation) {
  return { id: e.id, year: e.year, adopted: e.adoptedAt !== null, adoptedAt: e.adoptedAt?.toISOString() ?? null };
}

/** The year's evaluation with what it gathers: figures, casuistry agreements, risk assessments, versions decided. */
export function presentEvaluation(read: EvaluationRead) {
  const e = read.evaluation;
  return {
    ...presentEvaluationSummary(e),
    conclusions: e.conclusions,
    decidedChanges: e.decidedChanges,
    decidedBy: e.decidedBy,
    figures: read.figures,
    casuistry: read.casuistry.map((s) => ({
      id: s.id,
      title: s.title,
      plannedOn: s.plannedOn,
      held: s.heldAt !== null,
      agreements: s.agreements,
      adjustProtocol: s.adjustProtocol,
    })),
    sessions: { term_start: 0, casuistry: 0, training: 0, ...countBy(read.sessions.map((s) => s.kind)) },
    riskAssessments: read.risks.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      startsAt: r.startsAt.toISOString(),
      level: r.level,
      evaluated: r.evaluation !== null,
      evaluation: r.evaluation,
    })),
    protocolVersions: read.versions.map((v) => ({
      id: v.id,
      version: v.version,
      decidedOn: v.decidedOn,
      decidedBy: v.decidedBy,
      changes: v.changes,
    })),
  };
}

function countBy(keys: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const k of keys) counts[k] = (counts[k] ?? 0) + 1;
  return counts;
}
