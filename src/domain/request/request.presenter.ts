import { amsterdamDay } from '../../time/amsterdam.js';
import type { SignedIn } from '../auth/session.js';
import { canCase } from '../case/case.policy.js';
import { incidentReferenceOrNull } from '../incident/incident.js';
import type { RequestRead } from './handle-request.js';
import type { DataRequest, RequestExport } from './request.js';
import { canRequest } from './request.policy.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A request as it leaves the server: the register's id only for those who may read the register. */
export function presentRequest(who: SignedIn, r: DataRequest) {
  return {
    id: r.id,
    kind: r.kind,
    subject: {
      kind: r.subjectKind,
      name: r.subjectLabel,
      userId: r.subjectUserId,
      perpetratorId: canCase(who.user.roles, 'perpetrator.read') ? r.subjectPerpetratorId : null,
    },
    receivedOn: r.receivedOn,
    dueOn: r.dueAt ? amsterdamDay(r.dueAt).date : null,
    description: r.description,
    recordedBy: r.recordedBy,
    createdAt: r.createdAt.toISOString(),
    decision: r.decision,
    decisionReason: r.decisionReason,
    decidedBy: r.decidedBy,
    decidedAt: iso(r.decidedAt),
    erased: r.erased,
    exportState: r.exportState,
  };
}

/**
 * The review of an export: what each section holds (a count) and what was left out on which
 * ground — never the content, so the privacy officer reviews it without reading a case.
 */
export function presentReview(e: RequestExport) {
  return {
    state: e.state,
    compiledBy: e.compiledBy,
    compiledAt: e.compiledAt.toISOString(),
    reviewedBy: e.reviewedBy,
    reviewedAt: iso(e.reviewedAt),
    reviewNote: e.reviewNote,
    sections: e.content.sections.map((s) => ({ key: s.key, count: s.items.length })),
    omitted: e.omissions,
  };
}

export function presentRequestDetail(who: SignedIn, read: RequestRead) {
  return {
    ...presentRequest(who, read.request),
    review: read.export ? presentReview(read.export) : null,
    /** Whether the caller may open the export itself (JSON, PDF). */
    exportAvailable: read.export !== undefined && canRequest(who.user.roles, 'request.export'),
    erasable: read.erasable.map((i) => ({
      id: i.id,
      reference: incidentReferenceOrNull(i),
      occurredOn: amsterdamDay(i.occurredAt).date,
      status: i.status,
    })),
  };
}
