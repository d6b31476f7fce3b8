import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { Deadline, DeadlineKind, DeadlineState } from './deadline.js';
import { reminderMoment } from './deadline.js';

export interface NewDeadline {
  organisationId: string;
  incidentId: string;
  kind: DeadlineKind;
  subjectId?: string;
  ownerIds: string[];
  notBefore?: Date;
  dueAt: Date;
  createdAt: Date;
}

export async function insertDeadlines(tx: Tx, deadlines: NewDeadline[]): Promise<void> {
  if (deadlines.length === 0) return;
  await tx
    .insertInto('deadline')
    .values(deadlines.map((d) => ({
      organisationId: d.organisationId, incidentId: d.incidentId, kind: d.kind, subjectId: d.subjectId ?? null, ownerIds: d.ownerIds,
      notBefore: d.notBefore ?? null, dueAt: d.dueAt, remindAt: reminderMoment(d.createdAt, d.dueAt, d.notBefore ?? null), createdAt: d.createdAt,
    })))
    .execute();
}

const columns = ['d.id', 'd.incidentId', 'i.number', 'd.kind', 'd.subjectId', 'd.ownerIds', 'd.notBefore', 'd.dueAt', 'd.remindAt', 'd.state', 'd.doneAt', 'd.cancelReason'] as const;

function base(tx: Tx) {
  return tx.selectFrom('deadline as d').innerJoin('incident as i', 'i.id', 'd.incidentId').select(columns);
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];

function toDeadline(r: Row): Deadline {
  return {
    id: r.id, incidentId: r.incidentId, incidentNumber: r.number, kind: r.kind as DeadlineKind, subjectId: r.subjectId, ownerIds: r.ownerIds,
    notBefore: r.notBefore, dueAt: r.dueAt, remindAt: r.remindAt, state: r.state, doneAt: r.doneAt, cancelReason: r.cancelReason,
  };
}

export async function deadlinesOfIncident(tx: Tx, incidentId: string): Promise<Deadline[]> {
  return (await base(tx).where('d.incidentId', '=', incidentId).orderBy('d.dueAt').execute()).map(toDeadline);
}

/** A person's deadlines: open and overdue ones, and those done or cancelled in the last 30 days. */
export async function deadlinesOfOwner(tx: Tx, userId: string): Promise<Deadline[]> {
  const rows = await base(tx)
    .where(sql<boolean>`${userId}::uuid = ANY(d.owner_ids)`)
    .where((eb) => eb.or([eb('d.state', 'in', ['open', 'overdue']), eb('d.doneAt', '>', sql<Date>`now() - interval '30 days'`), eb('d.cancelledAt', '>', sql<Date>`now() - interval '30 days'`)]))
    .orderBy('d.dueAt')
    .limit(500)
    .execute();
  return rows.map(toDeadline);
}

export async function overdueDeadlines(tx: Tx): Promise<Deadline[]> {
  return (await base(tx).where('d.state', '=', 'overdue').orderBy('d.dueAt').limit(500).execute()).map(toDeadline);
}

/** Closes the open (or overdue) deadline about a record: the work is done. */
export async function completeDeadlineOf(tx: Tx, subjectId: string, by: string, at: Date): Promise<void> {
  await tx.updateTable('deadline').set({ state: 'done', doneAt: at, doneBy: by }).where('subjectId', '=', subjectId).where('state', 'in', ['open', 'overdue']).execute();
}

export async function findDeadline(tx: Tx, id: string): Promise<(Deadline & { state: DeadlineState }) | undefined> {
  const row = await base(tx).where('d.id', '=', id).executeTakeFirst();
  return row ? toDeadline(row) : undefined;
}
