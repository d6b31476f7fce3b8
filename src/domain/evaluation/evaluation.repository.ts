import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import { ZONE } from '../../time/amsterdam.js';
import type { EvaluatedRisk, EvaluationFigures, ProtocolEvaluation, ProtocolVersion } from './evaluation.js';

function versions(tx: Tx) {
  return tx
    .selectFrom('protocolVersion as v')
    .innerJoin('appUser as u', 'u.id', 'v.recordedBy')
    .select([
      'v.id',
      'v.version',
      'v.summary',
      'v.body',
      'v.changes',
      'v.decidedOn',
      'v.decidedBy',
      'u.id as userId',
      'u.name',
      'v.recordedAt',
    ]);
}
type VersionRow = Awaited<ReturnType<ReturnType<typeof versions>['execute']>>[number];
const toVersion = ({ userId, name, ...v }: VersionRow): ProtocolVersion => ({ ...v, recordedBy: { id: userId, name } });

/** The versions, the latest first. */
export async function protocolVersions(tx: Tx): Promise<ProtocolVersion[]> {
  return (await versions(tx).orderBy('v.version', 'desc').execute()).map(toVersion);
}

/** The version in force: the highest number. */
export async function currentProtocolVersion(tx: Tx): Promise<ProtocolVersion | undefined> {
  const row = await versions(tx).orderBy('v.version', 'desc').limit(1).executeTakeFirst();
  return row && toVersion(row);
}

/** Versions decided in a calendar year. */
export async function versionsDecidedIn(tx: Tx, year: number): Promise<ProtocolVersion[]> {
  return (
    await versions(tx)
      .where('v.decidedOn', '>=', `${year}-01-01`)
      .where('v.decidedOn', '<=', `${year}-12-31`)
      .orderBy('v.version')
      .execute()
  ).map(toVersion);
}

/** Adds the next version; the organisation's versions are numbered one after another (a lock keeps two from taking one number). */
export async function insertProtocolVersion(
  tx: Tx,
  row: { organisationId: string; summary: string; body: string; changes: string; decidedOn: string; decidedBy: string; recordedBy: string },
): Promise<{ id: string; version: number }> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('protocol_version'), hashtext(${row.organisationId}))`.execute(tx);
  const last = await tx
    .selectFrom('protocolVersion')
    .select(sql<number>`coalesce(max(version), 0)`.as('n'))
    .executeTakeFirstOrThrow();
  const version = Number(last.n) + 1;
  const { id } = await tx
    .insertInto('protocolVersion')
    .values({ ...row, version })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, version };
}

const EVALUATION_COLUMNS = ['id', 'year', 'conclusions', 'decidedChanges', 'decidedBy', 'figures', 'adoptedAt', 'createdAt'] as const;
const toEvaluation = (r: Omit<ProtocolEvaluation, 'figures'> & { figures: unknown }): ProtocolEvaluation => ({
  ...r,
  figures: (r.figures ?? null) as EvaluationFigures | null,
});

export async function insertEvaluation(
  tx: Tx,
  row: { organisationId: string; year: number; createdBy: string },
): Promise<string | undefined> {
  const inserted = await tx
    .insertInto('protocolEvaluation')
    .values(row)
    .onConflict((oc) => oc.columns(['organisationId', 'year']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}

export async function evaluations(tx: Tx): Promise<ProtocolEvaluation[]> {
  return (await tx.selectFrom('protocolEvaluation').select(EVALUATION_COLUMNS).orderBy('year', 'desc').execute()).map(toEvaluation);
}

export async function findEvaluation(tx: Tx, id: string, lock = false): Promise<ProtocolEvaluation | undefined> {
  let query = tx.selectFrom('protocolEvaluation').select(EVALUATION_COLUMNS).where('id', '=', id);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toEvaluation(row);
}

export async function saveEvaluationTexts(tx: Tx, id: string, texts: { conclusions: string | null; decidedChanges: string | null }) {
  await tx.updateTable('protocolEvaluation').set(texts).where('id', '=', id).execute();
}

export async function adoptEvaluation(
  tx: Tx,
  id: string,
  adopted: { decidedBy: string; figures: EvaluationFigures; by: string; at: Date },
) {
  await tx
    .updateTable('protocolEvaluation')
    .set({ decidedBy: adopted.decidedBy, figures: JSON.stringify(adopted.figures), adoptedBy: adopted.by, adoptedAt: adopted.at })
    .where('id', '=', id)
    .execute();
}

/**
 * The risk assessments of a year (issue 13 §3, migration 0026), for the evaluation: what was
 * assessed at which level and how it went. The hook into the risk register: only the facts
 * the evaluation lists, read from its table.
 */
export async function riskAssessmentsOfYear(tx: Tx, year: number): Promise<EvaluatedRisk[]> {
  return tx
    .selectFrom('riskAssessment')
    .select(['id', 'kind', 'title', 'startsAt', 'level', 'evaluation'])
    .where(sql<number>`extract(year FROM starts_at AT TIME ZONE ${ZONE})`, '=', year)
    .orderBy('startsAt')
    .execute();
}
