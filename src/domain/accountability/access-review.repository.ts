import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { Role } from '../user/roles.js';
import type { AccessDecision, AccessReview, AccessReviewLine } from './access-review.js';

function toReview(r: {
  id: string;
  year: number;
  dueAt: Date;
  periodFrom: Date | null;
  periodTo: Date | null;
  startedAt: Date | null;
  completedAt: Date | null;
}): AccessReview {
  return {
    id: r.id,
    year: r.year,
    dueAt: r.dueAt,
    period: r.periodFrom && r.periodTo ? { from: r.periodFrom, to: r.periodTo } : null,
    startedAt: r.startedAt,
    completedAt: r.completedAt,
  };
}

const reviewColumns = ['id', 'year', 'dueAt', 'periodFrom', 'periodTo', 'startedAt', 'completedAt'] as const;

export async function listReviews(tx: Tx): Promise<AccessReview[]> {
  return (await tx.selectFrom('accessReview').select(reviewColumns).orderBy('year', 'desc').execute()).map(toReview);
}

/** The review, locked for the rest of the transaction when `lock` (deciding its lines). */
export async function findReview(tx: Tx, id: string, lock = false): Promise<AccessReview | undefined> {
  let query = tx.selectFrom('accessReview').select(reviewColumns).where('id', '=', id);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toReview(row);
}

/** Serialises starting reviews within the organisation (the lock ends with the transaction). */
export async function lockReviews(tx: Tx): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(7453029, hashtext(app_current_organisation()::text))`.execute(tx);
}

/** The oldest review not completed yet (planned or running), locked. */
export async function unfinishedReview(tx: Tx): Promise<AccessReview | undefined> {
  const row = await tx
    .selectFrom('accessReview')
    .select(reviewColumns)
    .where('completedAt', 'is', null)
    .orderBy('year')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
  return row && toReview(row);
}

export async function latestYear(tx: Tx): Promise<number | undefined> {
  return (await tx.selectFrom('accessReview').select('year').orderBy('year', 'desc').limit(1).executeTakeFirst())?.year;
}

export async function insertReview(tx: Tx, values: { organisationId: string; year: number; dueAt: Date }): Promise<string> {
  return (await tx.insertInto('accessReview').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function markStarted(tx: Tx, id: string, by: string, period: { from: Date; to: Date }): Promise<void> {
  await tx
    .updateTable('accessReview')
    .set({ startedAt: period.to, startedBy: by, periodFrom: period.from, periodTo: period.to })
    .where('id', '=', id)
    .execute();
}

export async function markCompleted(tx: Tx, id: string, by: string, at: Date): Promise<void> {
  await tx.updateTable('accessReview').set({ completedAt: at, completedBy: by }).where('id', '=', id).execute();
}

export async function insertLines(tx: Tx, organisationId: string, reviewId: string, lines: { userId: string; role: Role }[]) {
  if (lines.length === 0) return;
  await tx
    .insertInto('accessReviewLine')
    .values(lines.map((l) => ({ organisationId, reviewId, userId: l.userId, role: l.role })))
    .execute();
}

export async function linesOf(tx: Tx, reviewId: string): Promise<AccessReviewLine[]> {
  const rows = await tx
    .selectFrom('accessReviewLine as l')
    .innerJoin('appUser as u', 'u.id', 'l.userId')
    .leftJoin('appUser as d', 'd.id', 'l.decidedBy')
    .select([
      'l.id',
      'l.reviewId',
      'l.userId',
      'u.name',
      'u.active',
      'l.role',
      'l.decision',
      'l.decidedBy',
      'd.name as decidedByName',
      'l.decidedAt',
    ])
    .where('l.reviewId', '=', reviewId)
    .orderBy('u.name')
    .orderBy('l.userId')
    .orderBy('l.role')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    reviewId: r.reviewId,
    user: { id: r.userId, name: r.name, active: r.active },
    role: r.role,
    decision: r.decision,
    decidedBy: r.decidedBy ? { id: r.decidedBy, name: r.decidedByName ?? '?' } : null,
    decidedAt: r.decidedAt,
  }));
}

export async function findLine(tx: Tx, id: string) {
  return tx.selectFrom('accessReviewLine').select(['id', 'reviewId', 'userId', 'role', 'decision']).where('id', '=', id).executeTakeFirst();
}

export async function decideLine(tx: Tx, id: string, decision: AccessDecision, by: string, at: Date): Promise<void> {
  await tx.updateTable('accessReviewLine').set({ decision, decidedBy: by, decidedAt: at }).where('id', '=', id).execute();
}

export async function pendingLines(tx: Tx, reviewId: string): Promise<number> {
  const row = await tx
    .selectFrom('accessReviewLine')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('reviewId', '=', reviewId)
    .where('decision', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
