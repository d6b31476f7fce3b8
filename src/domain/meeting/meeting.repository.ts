import type { Tx } from '../../db/database.js';
import type { Disruption, DisruptionEntry, DisruptionEntryKind, Meeting } from './meeting.js';

const MEETING_COLUMNS = ['id', 'title', 'date', 'chair', 'createdAt'] as const;

export async function insertMeeting(
  tx: Tx,
  row: { organisationId: string; title: string; date: string; chair: string; createdBy: string },
): Promise<string> {
  return (await tx.insertInto('meeting').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** Meetings, the latest day first. */
export function meetings(tx: Tx, limit = 100): Promise<Meeting[]> {
  return tx.selectFrom('meeting').select(MEETING_COLUMNS).orderBy('date', 'desc').orderBy('createdAt', 'desc').limit(limit).execute();
}

export function findMeeting(tx: Tx, id: string): Promise<Meeting | undefined> {
  return tx.selectFrom('meeting').select(MEETING_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function insertDisruption(
  tx: Tx,
  row: { organisationId: string; meetingId: string; description: string; perpetratorId: string | null; createdBy: string },
): Promise<string> {
  return (await tx.insertInto('disruption').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** A meeting's disruptions, with whether an incident was made of each, in the order they began. */
export async function disruptionsOf(
  tx: Tx,
  meetingId: string,
): Promise<{ id: string; description: string; createdAt: Date; incidentId: string | null }[]> {
  return tx
    .selectFrom('disruption as d')
    .leftJoin('disruptionIncident as i', 'i.disruptionId', 'd.id')
    .select(['d.id', 'd.description', 'd.createdAt', 'i.incidentId'])
    .where('d.meetingId', '=', meetingId)
    .orderBy('d.createdAt')
    .execute();
}

/** Locks the disruption while an entry is added, so two order numbers are never the same. */
export async function lockDisruption(tx: Tx, id: string): Promise<boolean> {
  const row = await tx.selectFrom('disruption').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  return row !== undefined;
}

export async function findDisruption(tx: Tx, id: string): Promise<Disruption | undefined> {
  const d = await tx
    .selectFrom('disruption as d')
    .leftJoin('disruptionIncident as i', 'i.disruptionId', 'd.id')
    .select(['d.id', 'd.meetingId', 'd.description', 'd.perpetratorId', 'd.createdAt', 'i.incidentId'])
    .where('d.id', '=', id)
    .executeTakeFirst();
  if (!d) return undefined;
  return { ...d, entries: await entriesOf(tx, id) };
}

/** The entries in the order they were logged. */
export async function entriesOf(tx: Tx, disruptionId: string): Promise<DisruptionEntry[]> {
  const rows = await tx
    .selectFrom('disruptionEntry as e')
    .innerJoin('appUser as u', 'u.id', 'e.loggedBy')
    .select(['e.id', 'e.kind', 'e.at', 'e.orderNumber', 'e.correctsId', 'e.note', 'e.report', 'e.loggedAt', 'u.id as userId', 'u.name'])
    .where('e.disruptionId', '=', disruptionId)
    .orderBy('e.seq')
    .execute();
  return rows.map(({ userId, name, ...e }) => ({ ...e, loggedBy: { id: userId, name } }));
}

export async function insertEntry(
  tx: Tx,
  row: {
    organisationId: string;
    disruptionId: string;
    kind: DisruptionEntryKind;
    at: Date;
    orderNumber: number | null;
    correctsId: string | null;
    note: string | null;
    report: boolean | null;
    loggedBy: string;
  },
): Promise<string> {
  return (await tx.insertInto('disruptionEntry').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function linkIncident(tx: Tx, organisationId: string, disruptionId: string, incidentId: string): Promise<void> {
  await tx.insertInto('disruptionIncident').values({ organisationId, disruptionId, incidentId }).execute();
}

/** Whether the register holds this perpetrator (in this organisation), and its name. */
export function perpetratorName(tx: Tx, id: string): Promise<{ name: string; mergedInto: string | null } | undefined> {
  return tx.selectFrom('perpetrator').select(['name', 'mergedInto']).where('id', '=', id).executeTakeFirst();
}
