import type { Tx } from '../../db/database.js';
import { conflict, invalidField, notFound } from '../../errors.js';
import { addAmsterdamDays, amsterdamInstant, amsterdamToday } from '../../time/amsterdam.js';
import { requireOne, requireRole } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { canCase } from '../case/case.policy.js';
import { completeDeadlineOf, insertDeadlines } from '../deadline/deadline.repository.js';
import { incidentPolicy } from '../incident/incident.policy.js';
import { routingPeople } from '../routing/routing.repository.js';
import {
  assessmentDue,
  assessRisk,
  CONVERSATION_PRECAUTIONS,
  MEETING_PRECAUTIONS,
  questionnaireOf,
  stateOf,
  type EvaluationInput,
  type NewAssessment,
  type Precaution,
  type PrecautionDecisionInput,
  type PrecautionKind,
  type QuestionnaireInput,
  type RiskAssessment,
  type RiskOutcome,
} from './risk-assessment.js';
import { riskPolicy } from './risk-assessment.policy.js';
import {
  addPrecautions,
  conversationsBetween,
  decidePrecaution,
  findAssessment,
  findPrecaution,
  incidentByNumber,
  activePeople,
  incidentsOf,
  insertAssessment,
  insertTakenPrecautions,
  isActivePerson,
  knownPerpetrators,
  linkIncidents,
  listAssessments,
  lockAssessment,
  markPrecautionDone,
  perpetratorChoices,
  precautionsOf,
  saveEvaluation,
  saveQuestionnaire,
} from './risk-assessment.repository.js';

/** Risk assessments' use cases: each checks the role first (404 for anyone else) and writes one audit line. */
const actor = (who: SignedIn) => ({ organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp });

export const notAMeeting = () => conflict('risk_not_a_meeting', 'error.risk_not_a_meeting');
export const notAssessed = () => conflict('risk_not_assessed', 'error.risk_not_assessed');
export const notYetHeld = () => conflict('risk_not_yet_held', 'error.risk_not_yet_held');
export const precautionDone = () => conflict('risk_precaution_done', 'error.risk_precaution_done');
export const precautionNotTaken = () => conflict('risk_precaution_not_taken', 'error.risk_precaution_not_taken');

/**
 * Plans a group meeting (its analysis then falls due a week ahead, a deadline for the
 * advisers, the clerks and whoever planned it) or marks a risky conversation with what is
 * arranged for it (taken at once, owned by whoever marked it).
 */
export async function planAssessment(tx: Tx, who: SignedIn, data: NewAssessment, now = new Date()): Promise<string> {
  requireRole(riskPolicy, who, 'risk.manage');
  const organisationId = who.organisation.id;
  if (data.kind === 'conversation' && !(await isActivePerson(tx, data.hostId))) throw invalidField('hostId', 'error.risk_host_required');
  const id = await insertAssessment(tx, {
    organisationId,
    kind: data.kind,
    title: data.title,
    startsAt: data.startsAt,
    location: data.location || null,
    chair: data.kind === 'group_meeting' ? data.chair || null : null,
    hostId: data.kind === 'conversation' ? data.hostId : null,
    createdBy: who.user.id,
  });
  if (data.kind === 'conversation') {
    await insertTakenPrecautions(tx, {
      organisationId,
      assessmentId: id,
      kinds: [...new Set(data.precautions)],
      ownerId: who.user.id,
      at: now,
    });
  } else if (data.startsAt > now) {
    const people = await routingPeople(tx);
    const owners = people.filter((p) => p.active && (p.roles.includes('security_adviser') || p.roles.includes('clerk'))).map((p) => p.id);
    await insertDeadlines(tx, [
      {
        organisationId,
        incidentId: null,
        kind: 'risk_assessment',
        subjectId: id,
        ownerIds: [...new Set([who.user.id, ...owners])],
        dueAt: assessmentDue(now, data.startsAt),
        createdAt: now,
      },
    ]);
  }
  await audit(tx, actor(who), { action: `risk_assessment.plan_${data.kind}`, objectType: 'risk_assessment', objectId: id });
  return id;
}

export interface AssessmentSummary extends RiskAssessment {
  precautions: Precaution[];
}

/** The assessments with their precautions, in one query for all of them. */
async function withPrecautions(tx: Tx, found: RiskAssessment[]): Promise<AssessmentSummary[]> {
  const precautions = await precautionsOf(
    tx,
    found.map((a) => a.id),
  );
  return found.map((a) => ({ ...a, precautions: precautions.get(a.id) ?? [] }));
}

export async function listRiskAssessments(tx: Tx, who: SignedIn): Promise<AssessmentSummary[]> {
  requireRole(riskPolicy, who, 'risk.read');
  const found = await listAssessments(tx);
  const summaries = await withPrecautions(tx, found);
  await audit(tx, actor(who), { action: 'risk_assessment.list', objectType: 'risk_assessment' });
  return summaries;
}

export interface AssessmentRead {
  assessment: RiskAssessment;
  precautions: Precaution[];
  /** The level and why, once the questionnaire is in. */
  outcome: RiskOutcome | undefined;
  incidents: { id: string; number: number | null }[];
  /** Expected visitors from the register, by name — only for those who may read the register. */
  perpetrators: { id: string; name: string }[] | undefined;
  /** Which precautions can still be added (not on the assessment yet). */
  addable: PrecautionKind[];
}

async function readAssessment(tx: Tx, who: SignedIn, id: string): Promise<AssessmentRead> {
  const assessment = await findAssessment(tx, id);
  if (!assessment) throw notFound();
  const precautions = (await precautionsOf(tx, [id])).get(id) ?? [];
  const questionnaire = questionnaireOf(assessment);
  const all: readonly PrecautionKind[] = assessment.kind === 'group_meeting' ? MEETING_PRECAUTIONS : CONVERSATION_PRECAUTIONS;
  return {
    assessment,
    precautions,
    outcome: questionnaire && assessRisk(questionnaire),
    incidents: await incidentsOf(tx, id),
    perpetrators: canCase(who.user.roles, 'perpetrator.read') ? await knownPerpetrators(tx, assessment.expectedPerpetratorIds) : undefined,
    addable: all.filter((k) => !precautions.some((p) => p.kind === k)),
  };
}

export async function getRiskAssessment(tx: Tx, who: SignedIn, id: string): Promise<AssessmentRead> {
  requireRole(riskPolicy, who, 'risk.read');
  const read = await readAssessment(tx, who, id);
  await audit(tx, actor(who), { action: 'risk_assessment.read', objectType: 'risk_assessment', objectId: id });
  return read;
}

async function lockedMeeting(tx: Tx, who: SignedIn, id: string): Promise<RiskAssessment> {
  requireRole(riskPolicy, who, 'risk.manage');
  if (!(await lockAssessment(tx, id))) throw notFound();
  const assessment = (await findAssessment(tx, id))!;
  if (assessment.kind !== 'group_meeting') throw notAMeeting();
  return assessment;
}

/**
 * The questionnaire: the level follows, the precautions that fit are suggested (added, not yet
 * decided), and the deadline for the analysis is done. Filled in again when the facts change:
 * the level is recomputed and new suggestions added; decisions already taken stay. Only those
 * who may read the perpetrator register name visitors from it; for anyone else the names
 * given before stay as they were.
 */
export async function submitQuestionnaire(
  tx: Tx,
  who: SignedIn,
  id: string,
  input: QuestionnaireInput,
  now = new Date(),
): Promise<RiskOutcome> {
  const assessment = await lockedMeeting(tx, who, id);
  let perpetratorIds = assessment.expectedPerpetratorIds;
  if (canCase(who.user.roles, 'perpetrator.read')) {
    const wanted = [...new Set(input.expectedPerpetratorIds)];
    const known = await knownPerpetrators(tx, wanted);
    if (known.length !== wanted.length) throw invalidField('expectedPerpetratorIds', 'error.perpetrator_unknown');
    perpetratorIds = wanted;
  } else if (input.expectedPerpetratorIds.length > 0) throw invalidField('expectedPerpetratorIds', 'error.perpetrator_unknown');
  const answers = { ...input, expectedPerpetrators: perpetratorIds.length };
  const outcome = assessRisk(answers);
  await saveQuestionnaire(tx, id, answers, outcome.level, perpetratorIds, {
    organisationId: who.organisation.id,
    userId: who.user.id,
    at: now,
  });
  await addPrecautions(tx, who.organisation.id, id, outcome.suggested, true);
  await completeDeadlineOf(tx, id, who.user.id, now);
  await audit(tx, actor(who), { action: 'risk_assessment.assess', objectType: 'risk_assessment', objectId: id });
  return outcome;
}

/** A precaution that was not suggested, added by hand to decide on. */
export async function addPrecaution(tx: Tx, who: SignedIn, id: string, kind: PrecautionKind): Promise<void> {
  requireRole(riskPolicy, who, 'risk.manage');
  if (!(await lockAssessment(tx, id))) throw notFound();
  const assessment = (await findAssessment(tx, id))!;
  const fits: readonly PrecautionKind[] = assessment.kind === 'group_meeting' ? MEETING_PRECAUTIONS : CONVERSATION_PRECAUTIONS;
  if (!fits.includes(kind)) throw invalidField('kind', 'error.risk_precaution_kind');
  if (assessment.kind === 'group_meeting' && stateOf(assessment) === 'planned') throw notAssessed();
  await addPrecautions(tx, who.organisation.id, id, [kind], false);
  await audit(tx, actor(who), { action: 'risk_precaution.add', objectType: 'risk_assessment', objectId: id });
}

async function lockedPrecaution(tx: Tx, who: SignedIn, precautionId: string) {
  requireRole(riskPolicy, who, 'risk.manage');
  const precaution = await findPrecaution(tx, precautionId);
  if (!precaution) throw notFound();
  await lockAssessment(tx, precaution.assessmentId);
  return (await findPrecaution(tx, precautionId))!;
}

/** The assessment a precaution belongs to (404 when there is none for this person). */
export async function precautionOf(tx: Tx, who: SignedIn, precautionId: string): Promise<string> {
  requireRole(riskPolicy, who, 'risk.manage');
  const precaution = await findPrecaution(tx, precautionId);
  if (!precaution) throw notFound();
  return precaution.assessmentId;
}

/** Taken (and by whom it is seen through) or declined (and why). A precaution carried out stays decided. */
export async function decidePrecautionOf(tx: Tx, who: SignedIn, precautionId: string, input: PrecautionDecisionInput, now = new Date()) {
  const precaution = await lockedPrecaution(tx, who, precautionId);
  if (precaution.doneAt) throw precautionDone();
  // The same rules as the API's schema, for every caller: taken needs who sees it through, declined a reason.
  if (input.decision === 'declined' && !input.note?.trim()) throw invalidField('note', 'error.risk_decline_reason');
  if (input.decision === 'taken' && !(input.ownerId && (await isActivePerson(tx, input.ownerId))))
    throw invalidField('ownerId', 'error.risk_owner_required');
  await decidePrecaution(tx, precautionId, {
    decision: input.decision,
    ownerId: input.decision === 'taken' ? input.ownerId! : null,
    note: input.note || null,
    by: who.user.id,
    at: now,
  });
  await audit(tx, actor(who), { action: `risk_precaution.${input.decision}`, objectType: 'risk_precaution', objectId: precautionId });
  return precaution.assessmentId;
}

/** A taken precaution is arranged (security booked, police informed). */
export async function completePrecaution(tx: Tx, who: SignedIn, precautionId: string, now = new Date()): Promise<string> {
  const precaution = await lockedPrecaution(tx, who, precautionId);
  if (precaution.decision !== 'taken') throw precautionNotTaken();
  if (precaution.doneAt) throw precautionDone();
  await markPrecautionDone(tx, precautionId, who.user.id, now);
  await audit(tx, actor(who), { action: 'risk_precaution.done', objectType: 'risk_precaution', objectId: precautionId });
  return precaution.assessmentId;
}

/** "M-00073", "m-73" or "73" → 73. */
export function incidentNumberOf(reference: string): number | undefined {
  const match = /^\s*(?:m\s*-?\s*)?0*(\d{1,9})\s*$/i.exec(reference);
  return match ? Number(match[1]) : undefined;
}

/**
 * After the meeting: how it went, and the incidents that happened there — by reference, each
 * one the evaluator may see (an incident they may not see is "unknown", as everywhere).
 */
export async function evaluateAssessment(tx: Tx, who: SignedIn, id: string, input: EvaluationInput, now = new Date()): Promise<void> {
  const assessment = await lockedMeeting(tx, who, id);
  if (!assessment.level) throw notAssessed();
  if (assessment.startsAt > now) throw notYetHeld();
  const incidentIds: string[] = [];
  for (const reference of input.incidents.filter((r) => r.trim() !== '')) {
    const number = incidentNumberOf(reference);
    const incidentId = number === undefined ? undefined : await incidentByNumber(tx, number);
    if (!incidentId) throw invalidField('incidents', 'error.risk_incident_unknown');
    try {
      await requireOne(tx, who, incidentPolicy, 'view', incidentId);
    } catch {
      throw invalidField('incidents', 'error.risk_incident_unknown');
    }
    incidentIds.push(incidentId);
  }
  await saveEvaluation(tx, id, input.evaluation, who.user.id, now);
  await linkIncidents(tx, who.organisation.id, id, [...new Set(incidentIds)], who.user.id);
  await audit(tx, actor(who), { action: 'risk_assessment.evaluate', objectType: 'risk_assessment', objectId: id });
}

function today(now: Date): { from: Date; until: Date } {
  const from = amsterdamInstant(amsterdamToday(now), '00:00')!;
  return { from, until: addAmsterdamDays(from, 1) };
}

/** Today's risky conversations for the people on duty: when, where, who of ours holds it, what is arranged. */
export async function todaysConversations(tx: Tx, who: SignedIn, now = new Date()): Promise<AssessmentSummary[]> {
  requireRole(riskPolicy, who, 'risk.today');
  const { from, until } = today(now);
  const found = await conversationsBetween(tx, from, until);
  const summaries = await withPrecautions(tx, found);
  await audit(tx, actor(who), { action: 'risk_assessment.today', objectType: 'risk_assessment' });
  return summaries;
}

/**
 * The risky conversations on a person's start page today: all of them for the people on duty,
 * otherwise those they hold themselves. Only when, where, who and what is arranged — no
 * content — so the start page shows it without an audit line of its own on every visit.
 */
export async function conversationsOnWorkList(tx: Tx, who: SignedIn, now = new Date()): Promise<AssessmentSummary[]> {
  const { from, until } = today(now);
  const onDuty = riskPolicy.abilitiesOf(who).includes('risk.today');
  const found = await conversationsBetween(tx, from, until, onDuty ? undefined : who.user.id);
  return withPrecautions(tx, found);
}

/** The people who can hold a conversation or see a precaution through: the organisation's active members. */
export async function assignablePeople(tx: Tx, who: SignedIn): Promise<{ id: string; name: string }[]> {
  requireRole(riskPolicy, who, 'risk.manage');
  return activePeople(tx);
}

/** The register's records to choose expected visitors from; only for those who may read the register. */
export async function registerChoices(tx: Tx, who: SignedIn): Promise<{ id: string; name: string }[] | undefined> {
  requireRole(riskPolicy, who, 'risk.manage');
  if (!canCase(who.user.roles, 'perpetrator.read')) return undefined;
  return perpetratorChoices(tx);
}
