import type { Tx } from '../../db/database.js';
import { conflict, invalidField, notFound } from '../../errors.js';
import { amsterdamToday } from '../../time/amsterdam.js';
import { requireRole } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { yearFilter } from '../insight/council-report.js';
import { figuresFor } from '../insight/figures.js';
import { previousYear } from '../insight/insight.js';
import type { TrainingSession } from '../training/training.js';
import { sessionsOfYear } from '../training/training.repository.js';
import type {
  EvaluatedRisk,
  EvaluationFigures,
  EvaluationTexts,
  NewProtocolVersion,
  ProtocolEvaluation,
  ProtocolVersion,
} from './evaluation.js';
import { evaluationPolicy } from './evaluation.policy.js';
import {
  adoptEvaluation,
  currentProtocolVersion,
  evaluations,
  findEvaluation,
  insertEvaluation,
  insertProtocolVersion,
  protocolVersions,
  riskAssessmentsOfYear,
  saveEvaluationTexts,
  versionsDecidedIn,
} from './evaluation.repository.js';

/** The yearly evaluation's and the protocol versions' use cases: role first (404 for anyone else), one audit line each. */
const actor = (who: SignedIn) => ({ organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp });

export const evaluationExists = () => conflict('evaluation_exists', 'error.evaluation_exists', 'year');
export const evaluationAdopted = () => conflict('evaluation_adopted', 'error.evaluation_adopted');

/** Records a new version of the protocol (text, norm summary, what changed, decided when and by whom). */
export async function addProtocolVersion(tx: Tx, who: SignedIn, data: NewProtocolVersion): Promise<{ id: string; version: number }> {
  requireRole(evaluationPolicy, who, 'evaluation.manage');
  const added = await insertProtocolVersion(tx, { organisationId: who.organisation.id, ...data, recordedBy: who.user.id });
  await audit(tx, actor(who), { action: 'protocol_version.add', objectType: 'protocol_version', objectId: added.id });
  return added;
}

export async function listProtocolVersions(tx: Tx, who: SignedIn): Promise<ProtocolVersion[]> {
  requireRole(evaluationPolicy, who, 'evaluation.read');
  const found = await protocolVersions(tx);
  await audit(tx, actor(who), { action: 'protocol_version.list', objectType: 'protocol_version' });
  return found;
}

/**
 * The version in force, for everyone in the organisation (the report form shows its summary).
 * Not audited: it is the organisation's own rule, no personal data, read on every report form.
 */
export async function currentProtocol(tx: Tx, who: SignedIn): Promise<ProtocolVersion | undefined> {
  requireRole(evaluationPolicy, who, 'protocol.current');
  return currentProtocolVersion(tx);
}

/** Opens the evaluation of a year (one per year; a year not begun yet cannot be evaluated). */
export async function openEvaluation(tx: Tx, who: SignedIn, year: number, now = new Date()): Promise<string> {
  requireRole(evaluationPolicy, who, 'evaluation.manage');
  if (year > Number(amsterdamToday(now).slice(0, 4))) throw invalidField('year', 'error.evaluation_year');
  const id = await insertEvaluation(tx, { organisationId: who.organisation.id, year, createdBy: who.user.id });
  if (!id) throw evaluationExists();
  await audit(tx, actor(who), { action: 'protocol_evaluation.open', objectType: 'protocol_evaluation', objectId: id });
  return id;
}

export async function listEvaluations(tx: Tx, who: SignedIn): Promise<ProtocolEvaluation[]> {
  requireRole(evaluationPolicy, who, 'evaluation.read');
  const found = await evaluations(tx);
  await audit(tx, actor(who), { action: 'protocol_evaluation.list', objectType: 'protocol_evaluation' });
  return found;
}

/** The year's figures from insight, counted over the incidents this person may see. */
async function yearFigures(tx: Tx, who: SignedIn, year: number, now: Date): Promise<EvaluationFigures> {
  const filter = yearFilter(year);
  const current = await figuresFor(tx, who, filter, now);
  const previous = await figuresFor(tx, who, previousYear(filter), now);
  return {
    total: current.total,
    previousTotal: previous.total,
    byLevel: current.by.level,
    byChannel: current.by.channel,
    online: current.online,
    repeatPerpetrators: current.repeat.perpetrators,
    policeReports: current.handling.policeReports,
    bansInForce: current.handling.bansInForce,
  };
}

export interface EvaluationRead {
  evaluation: ProtocolEvaluation;
  /** Kept at adoption; until then as insight counts them now. */
  figures: EvaluationFigures;
  /** The year's casuistry sessions with their agreements and whether the protocol is to be adjusted. */
  casuistry: TrainingSession[];
  /** All sessions of the year, for the counts by kind. */
  sessions: TrainingSession[];
  risks: EvaluatedRisk[];
  /** Versions of the protocol decided in the year: the decided changes as they were carried out. */
  versions: ProtocolVersion[];
}

export async function getEvaluation(tx: Tx, who: SignedIn, id: string, now = new Date()): Promise<EvaluationRead> {
  requireRole(evaluationPolicy, who, 'evaluation.read');
  const evaluation = await findEvaluation(tx, id);
  if (!evaluation) throw notFound();
  const sessions = await sessionsOfYear(tx, evaluation.year);
  const read: EvaluationRead = {
    evaluation,
    figures: evaluation.figures ?? (await yearFigures(tx, who, evaluation.year, now)),
    casuistry: sessions.filter((s) => s.kind === 'casuistry'),
    sessions,
    risks: await riskAssessmentsOfYear(tx, evaluation.year),
    versions: await versionsDecidedIn(tx, evaluation.year),
  };
  await audit(tx, actor(who), { action: 'protocol_evaluation.read', objectType: 'protocol_evaluation', objectId: id });
  return read;
}

async function lockedOpen(tx: Tx, who: SignedIn, id: string): Promise<ProtocolEvaluation> {
  requireRole(evaluationPolicy, who, 'evaluation.manage');
  const evaluation = await findEvaluation(tx, id, true);
  if (!evaluation) throw notFound();
  if (evaluation.adoptedAt) throw evaluationAdopted();
  return evaluation;
}

/** The conclusions and the decided changes, while the evaluation is not adopted. */
export async function writeEvaluation(tx: Tx, who: SignedIn, id: string, texts: EvaluationTexts): Promise<void> {
  await lockedOpen(tx, who, id);
  await saveEvaluationTexts(tx, id, { conclusions: texts.conclusions || null, decidedChanges: texts.decidedChanges || null });
  await audit(tx, actor(who), { action: 'protocol_evaluation.write', objectType: 'protocol_evaluation', objectId: id });
}

/** Adopted (decided by whom): the figures are kept as they are now, and the record no longer changes. */
export async function adoptYearEvaluation(tx: Tx, who: SignedIn, id: string, decidedBy: string, now = new Date()): Promise<void> {
  const evaluation = await lockedOpen(tx, who, id);
  await adoptEvaluation(tx, id, { decidedBy, figures: await yearFigures(tx, who, evaluation.year, now), by: who.user.id, at: now });
  await audit(tx, actor(who), { action: 'protocol_evaluation.adopt', objectType: 'protocol_evaluation', objectId: id });
}
