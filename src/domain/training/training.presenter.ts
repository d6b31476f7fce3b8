import type { TrainingSession } from './training.js';
import { stateOf } from './training.js';
import type { OwnSessions, SessionRead, SessionSummary } from './training-sessions.js';

const time = (d: Date | null) => d?.toISOString() ?? null;

function presentBase(s: TrainingSession) {
  return {
    id: s.id,
    kind: s.kind,
    title: s.title,
    plannedOn: s.plannedOn,
    location: s.location,
    topics: s.topics,
    provider: s.provider,
    withOfficials: s.withOfficials,
    termId: s.termId,
    state: stateOf(s),
    heldAt: time(s.heldAt),
  };
}

export function presentSessionSummary(s: SessionSummary) {
  return {
    ...presentBase(s),
    invited: s.invitees.length,
    attended: s.invitees.filter((i) => i.attended === true).length,
  };
}

/** One session in full, for those who keep or read the register; discussed incidents only anonymised. */
export function presentSession(s: SessionRead) {
  return {
    ...presentBase(s),
    description: s.description,
    agreements: s.agreements,
    adjustProtocol: s.adjustProtocol,
    invitees: s.invitees,
    incidents: s.incidents,
    createdBy: s.createdBy,
    createdAt: s.createdAt.toISOString(),
  };
}

/** A person's own sessions: what they are, when and whether they attended; never who else came. */
export function presentOwnSessions(own: OwnSessions) {
  const one = (s: OwnSessions['coming'][number]) => ({ ...presentBase(s), attended: s.attended });
  return { coming: own.coming.map(one), attended: own.attended.map(one), missed: own.missed.map(one) };
}
