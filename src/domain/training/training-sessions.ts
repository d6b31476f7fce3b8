import type { Tx } from '../../db/database.js';
import { conflict, invalidField, notFound } from '../../errors.js';
import { amsterdamInstant, amsterdamToday } from '../../time/amsterdam.js';
import { requireOne, requireRole } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import type { DeadlineKind } from '../deadline/deadline.js';
import { closeDeadlines, insertDeadlines } from '../deadline/deadline.repository.js';
import { incidentPolicy } from '../incident/incident.policy.js';
import { ROLES } from '../user/roles.js';
import { incidentByNumber } from '../risk-assessment/risk-assessment.repository.js';
import { incidentNumberOf } from '../risk-assessment/risk-assessments.js';
import {
  addMonths,
  DEFAULT_TOPICS,
  TERM_START_MONTHS,
  type AnonymisedIncident,
  type Attendance,
  type CouncilTerm,
  type Invitee,
  type NewSession,
  type NewTerm,
  type TrainingSession,
} from './training.js';
import { trainingPolicy } from './training.policy.js';
import {
  activePeople,
  adoptTermSessions,
  openDeadlineIds,
  anonymisedIncidents,
  deadlineExists,
  findSession,
  findTermOn,
  insertSession,
  insertTerm,
  invite,
  inviteesOf,
  linkIncident,
  listSessions,
  lockSession,
  markHeld,
  openRegisterDeadlines,
  peopleWithRoles,
  recordAttendance,
  sessionsOf,
  termOf,
  terms,
} from './training.repository.js';

/** The dialogue and training register's use cases: each checks the role first (404 for anyone else) and writes one audit line. */
const actor = (who: SignedIn) => ({ organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp });

export const termExists = () => conflict('training_term_exists', 'error.training_term_exists', 'startsOn');
export const notYetHeld = () => conflict('training_not_yet_held', 'error.training_not_yet_held');
export const notCasuistry = () => conflict('training_not_casuistry', 'error.training_not_casuistry');

/** A deadline of the register falls due at the end of the working day, Amsterdam time. */
const dueOn = (day: string) => amsterdamInstant(day, '17:00')!;

/** Who is reminded of the sessions: the clerks and secretaries (the council's and the executive's side), and whoever acted. */
async function owners(tx: Tx, who: SignedIn): Promise<string[]> {
  const people = await peopleWithRoles(tx, ['clerk', 'municipal_secretary']);
  return [...new Set([who.user.id, ...people.map((p) => p.id)])];
}

async function remind(tx: Tx, who: SignedIn, kind: DeadlineKind, termId: string, day: string, now: Date): Promise<void> {
  const dueAt = dueOn(day);
  if (await deadlineExists(tx, termId, kind, dueAt)) return;
  await insertDeadlines(tx, [
    {
      organisationId: who.organisation.id,
      incidentId: null,
      kind,
      subjectId: termId,
      ownerIds: await owners(tx, who),
      dueAt,
      createdAt: now,
    },
  ]);
}

/** Closes the open deadlines of a kind: the work is done (about one term, or whichever term). */
async function closeOpen(tx: Tx, who: SignedIn, kind: DeadlineKind, now: Date, subjectId?: string): Promise<void> {
  for (const id of await openDeadlineIds(tx, kind, subjectId))
    await closeDeadlines(tx, { id }, { state: 'done', by: who.user.id, at: now });
}

/**
 * Records the start of a council term. The start-of-term session is then due within three
 * months (a deadline for the clerks and secretaries, done when the session is recorded as
 * held), and — unless one is already open — the yearly casuistry session within a year.
 */
export async function recordTerm(tx: Tx, who: SignedIn, data: NewTerm, now = new Date()): Promise<string> {
  requireRole(trainingPolicy, who, 'training.manage');
  if (await findTermOn(tx, data.startsOn)) throw termExists();
  const id = await insertTerm(tx, { organisationId: who.organisation.id, startsOn: data.startsOn, recordedBy: who.user.id });
  // A start-of-term session planned before the term was recorded belongs to it.
  const held = await adoptTermSessions(tx, id, data.startsOn);
  // An earlier term recorded afterwards (for the record) needs no session any more.
  const latest = (await terms(tx))[0]?.id === id;
  if (latest && !held) await remind(tx, who, 'term_start_session', id, addMonths(data.startsOn, TERM_START_MONTHS), now);
  if ((await openDeadlineIds(tx, 'casuistry_session')).length === 0)
    await remind(tx, who, 'casuistry_session', id, addMonths(data.startsOn, 12), now);
  await audit(tx, actor(who), { action: 'council_term.record', objectType: 'council_term', objectId: id });
  return id;
}

export async function listTerms(tx: Tx, who: SignedIn): Promise<CouncilTerm[]> {
  requireRole(trainingPolicy, who, 'training.read');
  const found = await terms(tx);
  await audit(tx, actor(who), { action: 'council_term.list', objectType: 'council_term' });
  return found;
}

async function checkPeople(tx: Tx, ids: readonly string[], field: string): Promise<string[]> {
  const wanted = [...new Set(ids)];
  const found = await activePeople(tx, wanted);
  if (found.length !== wanted.length) throw invalidField(field, 'error.training_person_unknown');
  return wanted;
}

/** Plans a session with whom it invites; a start-of-term session belongs to the term its day falls in (or the latest). */
export async function planSession(tx: Tx, who: SignedIn, data: NewSession): Promise<string> {
  requireRole(trainingPolicy, who, 'training.manage');
  const invited = await checkPeople(tx, data.invitedIds, 'invitedIds');
  const term = (await termOf(tx, data.plannedOn)) ?? (data.kind === 'term_start' ? (await terms(tx))[0] : undefined);
  const id = await insertSession(tx, {
    organisationId: who.organisation.id,
    kind: data.kind,
    title: data.title,
    plannedOn: data.plannedOn,
    location: data.location || null,
    topics: data.topics.length > 0 ? [...new Set(data.topics)] : [...DEFAULT_TOPICS[data.kind]],
    description: data.description || null,
    provider: data.provider || null,
    withOfficials: data.kind === 'casuistry' && data.withOfficials,
    termId: term?.id ?? null,
    createdBy: who.user.id,
  });
  await invite(tx, who.organisation.id, id, invited);
  await audit(tx, actor(who), { action: `training_session.plan_${data.kind}`, objectType: 'training_session', objectId: id });
  return id;
}

export interface SessionSummary extends TrainingSession {
  invitees: Invitee[];
}

export async function listTrainingSessions(tx: Tx, who: SignedIn): Promise<SessionSummary[]> {
  requireRole(trainingPolicy, who, 'training.read');
  const found = await listSessions(tx);
  const invitees = await inviteesOf(
    tx,
    found.map((s) => s.id),
  );
  await audit(tx, actor(who), { action: 'training_session.list', objectType: 'training_session' });
  return found.map((s) => ({ ...s, invitees: invitees.get(s.id) ?? [] }));
}

export interface SessionRead extends SessionSummary {
  /** The incidents a casuistry session discussed, anonymised. */
  incidents: AnonymisedIncident[];
}

async function readSession(tx: Tx, id: string): Promise<SessionRead> {
  const session = await findSession(tx, id);
  if (!session) throw notFound();
  return {
    ...session,
    invitees: (await inviteesOf(tx, [id])).get(id) ?? [],
    incidents: session.kind === 'casuistry' ? await anonymisedIncidents(tx, id) : [],
  };
}

export async function getTrainingSession(tx: Tx, who: SignedIn, id: string): Promise<SessionRead> {
  requireRole(trainingPolicy, who, 'training.read');
  const read = await readSession(tx, id);
  await audit(tx, actor(who), { action: 'training_session.read', objectType: 'training_session', objectId: id });
  return read;
}

/**
 * Records the session as held: who attended (people not invited are added), the agreements, and
 * for a casuistry session whether the protocol is to be adjusted. Recording again corrects it.
 * Held, the start-of-term session completes its term's deadline; a casuistry session completes
 * the open casuistry deadline and makes next year's.
 */
export async function recordSessionHeld(tx: Tx, who: SignedIn, id: string, data: Attendance, now = new Date()): Promise<void> {
  requireRole(trainingPolicy, who, 'training.manage');
  if (!(await lockSession(tx, id))) throw notFound();
  const session = (await findSession(tx, id))!;
  if (session.plannedOn > amsterdamToday(now)) throw notYetHeld();
  if (data.adjustProtocol && session.kind !== 'casuistry') throw invalidField('adjustProtocol', 'error.training_adjust_casuistry');
  const attended = await checkPeople(tx, data.attendedIds, 'attendedIds');
  await invite(tx, who.organisation.id, id, attended);
  await recordAttendance(tx, id, attended);
  await markHeld(tx, id, { by: who.user.id, at: now, agreements: data.agreements || null, adjustProtocol: data.adjustProtocol });
  if (session.kind === 'term_start' && session.termId) await closeOpen(tx, who, 'term_start_session', now, session.termId);
  // Only the first record of a casuistry session moves the yearly cycle on; a correction does not.
  if (session.kind === 'casuistry' && !session.heldAt) {
    await closeOpen(tx, who, 'casuistry_session', now);
    const term = (await termOf(tx, session.plannedOn)) ?? (await terms(tx))[0];
    if (term) await remind(tx, who, 'casuistry_session', term.id, addMonths(session.plannedOn, 12), now);
  }
  await audit(tx, actor(who), { action: 'training_session.held', objectType: 'training_session', objectId: id });
}

/**
 * An incident from the register to discuss at a casuistry session, by reference. Only one the
 * manager may see; the session shows it anonymised (level, channel, month, behaviours).
 */
export async function addDiscussedIncident(tx: Tx, who: SignedIn, id: string, reference: string): Promise<void> {
  requireRole(trainingPolicy, who, 'training.manage');
  if (!(await lockSession(tx, id))) throw notFound();
  const session = (await findSession(tx, id))!;
  if (session.kind !== 'casuistry') throw notCasuistry();
  const number = incidentNumberOf(reference);
  const incidentId = number === undefined ? undefined : await incidentByNumber(tx, number);
  if (!incidentId) throw invalidField('incident', 'error.training_incident_unknown');
  try {
    await requireOne(tx, who, incidentPolicy, 'view', incidentId);
  } catch {
    throw invalidField('incident', 'error.training_incident_unknown');
  }
  await linkIncident(tx, { organisationId: who.organisation.id, sessionId: id, incidentId, linkedBy: who.user.id });
  await audit(tx, actor(who), { action: 'training_session.discuss', objectType: 'training_session', objectId: id });
}

export interface OwnSessions {
  coming: (TrainingSession & { attended: boolean | null })[];
  attended: (TrainingSession & { attended: boolean | null })[];
  /** Held, and recorded as not attended. */
  missed: (TrainingSession & { attended: boolean | null })[];
}

/** A person's own sessions: coming (not held yet), attended, and missed. Nobody else's. */
export async function ownSessions(tx: Tx, who: SignedIn): Promise<OwnSessions> {
  requireRole(trainingPolicy, who, 'training.own');
  const mine = await sessionsOf(tx, who.user.id);
  await audit(tx, actor(who), { action: 'training_invitee.list', objectType: 'training_invitee', objectId: who.user.id });
  return {
    coming: mine.filter((s) => !s.heldAt),
    attended: mine.filter((s) => s.heldAt && s.attended === true).reverse(),
    missed: mine.filter((s) => s.heldAt && s.attended !== true).reverse(),
  };
}

/** The people a manager can invite or mark as attended (active people of the organisation, with their roles). */
export async function invitablePeople(tx: Tx, who: SignedIn): Promise<{ id: string; name: string; roles: string[] }[]> {
  requireRole(trainingPolicy, who, 'training.manage');
  return peopleWithRoles(tx, ROLES);
}

/** The register's open deadlines (start-of-term and casuistry sessions), for its page to say what is due. */
export async function registerDue(tx: Tx, who: SignedIn): Promise<{ kind: DeadlineKind; dueAt: Date }[]> {
  requireRole(trainingPolicy, who, 'training.read');
  return openRegisterDeadlines(tx);
}
