import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { AccessReason } from '../incident/incident.js';
import type { Status as IncidentStatus } from '../incident/norm.js';
import type { Deadline, DeadlineKind } from './deadline.js';
import { reminderMoment } from './deadline.js';

export interface NewDeadline {
  organisationId: string;
  /** Null for a duty of the organisation; then subjectId is required (the database checks it). */
  incidentId: string | null;
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
    .values(
      deadlines.map((d) => ({
        organisationId: d.organisationId,
        incidentId: d.incidentId,
        kind: d.kind,
        subjectId: d.subjectId ?? null,
        ownerIds: d.ownerIds,
        notBefore: d.notBefore ?? null,
        dueAt: d.dueAt,
        remindAt: reminderMoment(d.createdAt, d.dueAt, d.notBefore ?? null),
        createdAt: d.createdAt,
      })),
    )
    .execute();
}

const columns = [
  'd.id',
  'd.incidentId',
  'i.number',
  'd.kind',
  'd.subjectId',
  'd.ownerIds',
  'd.notBefore',
  'd.dueAt',
  'd.remindAt',
  'd.state',
  'd.doneAt',
  'd.cancelReason',
] as const;

function base(tx: Tx) {
  return tx.selectFrom('deadline as d').leftJoin('incident as i', 'i.id', 'd.incidentId').select(columns);
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];

function toDeadline(r: Row): Deadline {
  return {
    id: r.id,
    incidentId: r.incidentId,
    incidentNumber: r.number ?? null,
    kind: r.kind as DeadlineKind,
    subjectId: r.subjectId,
    ownerIds: r.ownerIds,
    notBefore: r.notBefore,
    dueAt: r.dueAt,
    remindAt: r.remindAt,
    state: r.state,
    doneAt: r.doneAt,
    cancelReason: r.cancelReason,
  };
}

export async function deadlinesOfIncident(tx: Tx, incidentId: string): Promise<Deadline[]> {
  return (await base(tx).where('d.incidentId', '=', incidentId).orderBy('d.dueAt').orderBy('d.kind').orderBy('d.id').execute()).map(
    toDeadline,
  );
}

/** A person's deadlines: open and overdue ones, and those done or cancelled in the last 30 days. */
export async function deadlinesOfOwner(tx: Tx, userId: string): Promise<Deadline[]> {
  const rows = await base(tx)
    .where(sql<boolean>`${userId}::uuid = ANY(d.owner_ids)`)
    .where((eb) =>
      eb.or([
        eb('d.state', 'in', ['open', 'overdue']),
        eb('d.doneAt', '>', sql<Date>`now() - interval '30 days'`),
        eb('d.cancelledAt', '>', sql<Date>`now() - interval '30 days'`),
      ]),
    )
    .orderBy('d.dueAt')
    .limit(500)
    .execute();
  return rows.map(toDeadline);
}

export async function overdueDeadlines(tx: Tx): Promise<Deadline[]> {
  return (await base(tx).where('d.state', '=', 'overdue').orderBy('d.dueAt').orderBy('d.id').limit(500).execute()).map(toDeadline);
}

/** The facts the deadline policy decides on, for a set of deadlines, with the caller's access to their incidents. */
export async function deadlineFacts(tx: Tx, userId: string, ids: readonly string[]) {
  const rows = await tx
    .selectFrom('deadline as d')
    .leftJoin('incident as i', 'i.id', 'd.incidentId')
    .leftJoin('incidentAccess as a', (join) => join.onRef('a.incidentId', '=', 'd.incidentId').on('a.userId', '=', userId))
    .select(['d.id', 'd.incidentId', 'd.ownerIds', 'd.state', 'i.status as incidentStatus', 'a.reason'])
    .where('d.id', 'in', ids)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    incidentId: r.incidentId,
    ownerIds: r.ownerIds,
    state: r.state,
    // Enum columns are plain strings in schema.ts; the database allows only these values.
    incidentStatus: (r.incidentStatus ?? 'closed') as IncidentStatus,
    access: (r.reason ?? undefined) as AccessReason | undefined,
  }));
}

/** Which open (or overdue) deadlines to close: by id, by the record they watch, or by incident and kind. */
export type DeadlineSelection = { id: string } | { subjectId: string } | { incidentId: string; kind: DeadlineKind };

/** How a deadline closes: its work is done, or it is cancelled with a reason. */
export type DeadlineClosing = { state: 'done'; by: string; at: Date } | { state: 'cancelled'; by: string; at: Date; reason: string };

/**
 * Closes the open (or overdue) deadlines of the selection — the one place a deadline closes.
 * Deadlines already done or cancelled stay as they are. Returns how many closed.
 */
export async function closeDeadlines(tx: Tx, which: DeadlineSelection, closing: DeadlineClosing): Promise<number> {
  let query = tx
    .updateTable('deadline')
    .set(
      closing.state === 'done'
        ? { state: 'done', doneAt: closing.at, doneBy: closing.by }
        : { state: 'cancelled', cancelledAt: closing.at, cancelledBy: closing.by, cancelReason: closing.reason },
    )
    .where('state', 'in', ['open', 'overdue']);
  if ('id' in which) query = query.where('id', '=', which.id);
  else if ('subjectId' in which) query = query.where('subjectId', '=', which.subjectId);
  else query = query.where('incidentId', '=', which.incidentId).where('kind', '=', which.kind);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Closes the open (or overdue) deadline about a record: the work is done (closeDeadlines by subject). */
export async function completeDeadlineOf(tx: Tx, subjectId: string, by: string, at: Date): Promise<void> {
  await closeDeadlines(tx, { subjectId }, { state: 'done', by, at });
}

// The watcher's statements: they run as the app role without an organisation, row by row.

/**
 * Deadlines whose reminder or due moment has come, across organisations, locked with
 * FOR UPDATE SKIP LOCKED (inside app_due_deadlines) until the transaction ends, so two
 * watchers never take the same row.
 */
export async function takeDueDeadlines(tx: Tx, now: Date, batch: number): Promise<{ organisationId: string; id: string }[]> {
  const { rows } = await sql<{
    organisationId: string;
    id: string;
  }>`SELECT organisation_id, id FROM app_due_deadlines(${now}, ${batch})`.execute(tx);
  return rows;
}

/** Row-level security from here on for this deadline's organisation (the role is already the app's). */
export async function enterDeadlineOrganisation(tx: Tx, organisationId: string): Promise<void> {
  await sql`SELECT set_config('app.organisation_id', ${organisationId}, true)`.execute(tx);
}

export async function watchedDeadline(tx: Tx, id: string) {
  return tx
    .selectFrom('deadline')
    .select(['id', 'organisationId', 'incidentId', 'kind', 'ownerIds', 'dueAt', 'reminderSentAt'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** The due moment passed: overdue, and the owners have been told (a reminder never sent counts as sent). */
export async function markOverdue(tx: Tx, id: string, now: Date, reminderSentAt: Date | null): Promise<void> {
  await tx
    .updateTable('deadline')
    .set({ state: 'overdue', overdueSentAt: now, reminderSentAt: reminderSentAt ?? now })
    .where('id', '=', id)
    .execute();
}

export async function markReminded(tx: Tx, id: string, now: Date): Promise<void> {
  await tx.updateTable('deadline').set({ reminderSentAt: now }).where('id', '=', id).execute();
}
