import { sql, type Selectable } from 'kysely';
import { isUuid } from '../../validation.js';
import { rolesOf } from '../user/roles.js';
import type { Tx } from '../../db/database.js';
import type { IncidentTable } from '../../db/schema.js';
import type { EventKind } from './events.js';
import type { AccessReason, Incident, IncidentSummary, OnlineMessage, PersonRef, TimelineEntry } from './incident.js';
import type { Behaviour, Channel, Level, PerpetratorKind, Status, Target } from './norm.js';
import type { ListFilter } from './incident.schema.js';

export type IncidentRow = Omit<Selectable<IncidentTable>, 'id' | 'createdAt' | 'updatedAt' | 'policeMotive'>;

/**
 * Inserts an incident: a draft without a number (drafts have none, docs/decisions/0004), a report
 * under a placeholder number; `assignIncidentNumber` gives it its real
 * one as the last write of the transaction. The counter row is then locked only for the
 * moment before commit, so simultaneous reports do not queue behind each other's routing
 * and notifications (bench/results.md). The placeholder is minus the connection's backend
 * pid: unique among the transactions running at once, and never committed.
 */
export async function insertIncident(tx: Tx, row: Omit<IncidentRow, 'closedAt' | 'number'>): Promise<string> {
  const inserted = await tx
    .insertInto('incident')
    .values({ ...row, number: row.status === 'draft' ? null : placeholderNumber })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/** See insertIncident: held by a reported incident until assignIncidentNumber, never committed. */
export const placeholderNumber = sql<number>`-pg_backend_pid()`;

/**
 * Gives an incident inserted by insertIncident the organisation's next running number, in one
 * statement: the counter row stays locked from here to the commit, so nothing should follow.
 */
export async function assignIncidentNumber(tx: Tx, organisationId: string, incidentId: string): Promise<number> {
  const result = await sql<{ number: number }>`
    WITH counter AS (
      INSERT INTO organisation_counter (organisation_id, name, value) VALUES (${organisationId}::uuid, 'incident', 1)
      ON CONFLICT (organisation_id, name) DO UPDATE SET value = organisation_counter.value + 1
      RETURNING value)
    UPDATE incident SET number = counter.value FROM counter WHERE incident.id = ${incidentId}::uuid
    RETURNING incident.number`.execute(tx);
  const row = result.rows[0];
  if (!row) throw new Error('incident to number not found');
  return row.number;
}

export async function insertOnlineMessages(
  tx: Tx,
  organisationId: string,
  incidentId: string,
  addedBy: string,
  messages: readonly { sentAt: Date; account: string | null; url: string | null; content: string | null }[],
): Promise<string[]> {
  if (messages.length === 0) return [];
  const rows = await tx
    .insertInto('onlineMessage')
    .values(messages.map((m) => ({ organisationId, incidentId, addedBy, ...m })))
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** The status and moment of an incident, locked for a change of state. */
export async function lockIncident(tx: Tx, incidentId: string): Promise<{ status: Status; occurredAt: Date } | undefined> {
  const row = await tx.selectFrom('incident').select(['status', 'occurredAt']).where('id', '=', incidentId).forUpdate().executeTakeFirst();
  return row ? { status: row.status as Status, occurredAt: row.occurredAt } : undefined;
}

export async function updateIncidentStatus(
  tx: Tx,
  incidentId: string,
  change: { status: Status; reportedAt?: Date; closedAt?: Date | null },
): Promise<void> {
  // A draft that is reported takes a placeholder until assignIncidentNumber (see insertIncident).
  const numbering = change.status === 'reported' ? { number: sql<number>`coalesce(number, ${placeholderNumber})` } : {};
  await tx
    .updateTable('incident')
    .set({ ...change, ...numbering, updatedAt: new Date() })
    .where('id', '=', incidentId)
    .execute();
}

/** Marks the incident changed (something was added to it). */
export async function touchIncident(tx: Tx, incidentId: string): Promise<void> {
  await tx.updateTable('incident').set({ updatedAt: new Date() }).where('id', '=', incidentId).execute();
}

export async function affectedIds(tx: Tx, incidentId: string): Promise<string[]> {
  return (await tx.selectFrom('incidentAffected').select('userId').where('incidentId', '=', incidentId).execute()).map((r) => r.userId);
}

/** Those handling the incident (routed, always informed, granted), but one person. */
export async function handlerIds(tx: Tx, incidentId: string, except: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('incidentAccess')
    .select('userId')
    .where('incidentId', '=', incidentId)
    .where('reason', 'in', ['routed', 'always_inform', 'granted'])
    .where('userId', '!=', except)
    .execute();
  return rows.map((r) => r.userId);
}

/** Whether a person of the organisation exists and is active. */
export async function isActiveUser(tx: Tx, userId: string): Promise<boolean> {
  const person = await tx.selectFrom('appUser').select('active').where('id', '=', userId).executeTakeFirst();
  return person?.active === true;
}

/** Access reasons of one person for a set of incidents, in one query. */
export async function accessReasonsOf(tx: Tx, userId: string, incidentIds: readonly string[]): Promise<Map<string, AccessReason>> {
  if (incidentIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('incidentAccess')
    .select(['incidentId', 'reason'])
    .where('userId', '=', userId)
    .where('incidentId', 'in', incidentIds)
    .execute();
  return new Map(rows.map((r) => [r.incidentId, r.reason]));
}

/** The facts the incident policy decides on, for a set of incidents, in one query. */
export async function incidentFacts(
  tx: Tx,
  userId: string,
  ids: readonly string[],
): Promise<Map<string, { id: string; status: Status; access: AccessReason | undefined }>> {
  const rows = await tx
    .selectFrom('incident as i')
    .leftJoin('incidentAccess as a', (join) => join.onRef('a.incidentId', '=', 'i.id').on('a.userId', '=', userId))
    .select(['i.id', 'i.status', 'a.reason'])
    .where('i.id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, status: r.status as Status, access: r.reason ?? undefined }]));
}

export async function insertAffected(tx: Tx, organisationId: string, incidentId: string, userIds: readonly string[]) {
  if (userIds.length === 0) return;
  await tx
    .insertInto('incidentAffected')
    .values(userIds.map((userId) => ({ organisationId, incidentId, userId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Grants access; an existing grant keeps its (first) reason. Returns who newly got access. */
export async function grantAccess(
  tx: Tx,
  organisationId: string,
  incidentId: string,
  occurredAt: Date,
  grants: ReadonlyMap<string, AccessReason>,
  grantedBy: string | null,
): Promise<string[]> {
  if (grants.size === 0) return [];
  const rows = await tx
    .insertInto('incidentAccess')
    .values([...grants].map(([userId, reason]) => ({ organisationId, incidentId, userId, reason, grantedBy, occurredAt })))
    .onConflict((oc) => oc.doNothing())
    .returning('userId')
    .execute();
  return rows.map((r) => r.userId);
}

/**
 * Gives a person access to every incident that has been reported (not drafts) with reason
 * 'always_inform': for someone who newly holds a role informed of all incidents.
 */
export async function grantAccessToAllReported(tx: Tx, organisationId: string, userId: string, grantedBy: string | null): Promise<void> {
  await sql`
    INSERT INTO incident_access (organisation_id, incident_id, user_id, reason, granted_by, occurred_at)
    SELECT organisation_id, id, ${userId}::uuid, 'always_inform', ${grantedBy}::uuid, occurred_at
    FROM incident WHERE organisation_id = ${organisationId}::uuid AND status <> 'draft'
    ON CONFLICT DO NOTHING`.execute(tx);
}

export async function accessOf(tx: Tx, incidentId: string, userId: string): Promise<AccessReason | undefined> {
  const row = await tx
    .selectFrom('incidentAccess')
    .select('reason')
    .where('incidentId', '=', incidentId)
    .where('userId', '=', userId)
    .executeTakeFirst();
  return row?.reason;
}

export async function addEvent(
  tx: Tx,
  organisationId: string,
  incidentId: string,
  actorId: string | null,
  kind: EventKind,
  detail: Record<string, unknown> = {},
) {
  await tx
    .insertInto('incidentEvent')
    .values({ organisationId, incidentId, actorId, kind, detail: JSON.stringify(detail) })
    .execute();
}

async function people(tx: Tx, ids: readonly (string | null)[]): Promise<Map<string, PersonRef>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await tx.selectFrom('appUser').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function findIncident(tx: Tx, id: string): Promise<Incident | undefined> {
  const row = await tx.selectFrom('incident').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const affected = await affectedIds(tx, id);
  const names = await people(tx, [row.reporterId, row.onBehalfOfId, ...affected]);
  const ref = (pid: string) => names.get(pid) ?? { id: pid, name: '?' };
  return {
    id: row.id,
    organisationId: row.organisationId,
    number: row.number,
    status: row.status as Status,
    level: row.level as Level,
    channel: row.channel as Channel,
    behaviours: row.behaviours as Behaviour[],
    occurredAt: row.occurredAt,
    occurredUntil: row.occurredUntil,
    place: row.place,
    description: row.description,
    targets: row.targets as Target[],
    perpetrator: row.perpetratorKind
      ? { kind: row.perpetratorKind as PerpetratorKind, name: row.perpetratorName, details: row.perpetratorDetails }
      : null,
    witnesses: row.witnesses,
    injury: {
      physical: row.injuryPhysical,
      mental: row.injuryMental,
      hospital: row.injuryHospital,
      lastingHarm: row.injuryLastingHarm,
      death: row.injuryDeath,
    },
    damage: row.damage,
    online: row.onlinePlatform
      ? {
          platform: row.onlinePlatform,
          account: row.onlineAccount,
          normStated: row.onlineNormStated,
          platformNotified: row.onlinePlatformNotified,
        }
      : null,
    reporter: ref(row.reporterId),
    onBehalfOf: row.onBehalfOfId ? ref(row.onBehalfOfId) : null,
    affected: affected.map(ref),
    createdAt: row.createdAt,
    reportedAt: row.reportedAt,
    closedAt: row.closedAt,
  };
}

export interface Cursor {
  occurredAt: Date;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.occurredAt.toISOString()}|${c.id}`).toString('base64url');
}

export function decodeCursor(value: string | undefined): Cursor | undefined {
  if (!value) return undefined;
  const [at, id] = Buffer.from(value, 'base64url').toString().split('|');
  const occurredAt = new Date(at ?? '');
  if (!id || Number.isNaN(occurredAt.getTime()) || !isUuid(id)) return undefined;
  return { occurredAt, id };
}

/**
 * The incidents a person may see, newest first, one page at a time. Walks the person's
 * access index in order, so the cost depends on the page size, not on how many there are.
 */
export async function listVisible(tx: Tx, userId: string, filter: ListFilter, cursor: Cursor | undefined): Promise<IncidentSummary[]> {
  let query = tx
    .selectFrom('incidentAccess as a')
    .innerJoin('incident as i', (j) => j.onRef('i.organisationId', '=', 'a.organisationId').onRef('i.id', '=', 'a.incidentId'))
    .select(['i.id', 'i.number', 'i.status', 'i.level', 'i.channel', 'i.occurredAt', 'i.reportedAt', 'a.reason'])
    .where('a.userId', '=', userId);
  if (filter.level) query = query.where('i.level', '=', filter.level);
  if (filter.status) query = query.where('i.status', '=', filter.status);
  if (filter.channel) query = query.where('i.channel', '=', filter.channel);
  if (filter.mine) query = query.where('a.reason', '=', 'reporter');
  if (filter.behaviour) query = query.where(sql<boolean>`i.behaviours @> ARRAY[${filter.behaviour}]::text[]`);
  if (filter.target) query = query.where(sql<boolean>`i.targets @> ARRAY[${filter.target}]::text[]`);
  if (filter.perpetrator_kind === 'unknown') query = query.where('i.perpetratorKind', 'is', null);
  else if (filter.perpetrator_kind) query = query.where('i.perpetratorKind', '=', filter.perpetrator_kind);
  const affectedRoles = filter.role ? [filter.role] : filter.group ? rolesOf(filter.group) : undefined;
  if (affectedRoles)
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('incidentAffected as f')
          .innerJoin('userRole as r', 'r.userId', 'f.userId')
          .select(sql`1`.as('one'))
          .whereRef('f.incidentId', '=', 'i.id')
          .where('r.role', 'in', affectedRoles),
      ),
    );
  // Dates are whole days in Amsterdam time.
  if (filter.from) query = query.where('a.occurredAt', '>=', sql<Date>`(${filter.from}::date)::timestamp AT TIME ZONE 'Europe/Amsterdam'`);
  if (filter.to) query = query.where('a.occurredAt', '<', sql<Date>`((${filter.to}::date) + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam'`);
  // Someone else's draft is never listed, even for those who could later see it.
  query = query.where((eb) => eb.or([eb('i.status', '!=', 'draft'), eb('a.reason', '=', 'reporter')]));
  if (cursor) {
    query = query.where((eb) =>
      eb.or([
        eb('a.occurredAt', '<', cursor.occurredAt),
        eb.and([eb('a.occurredAt', '=', cursor.occurredAt), eb('a.incidentId', '<', cursor.id)]),
      ]),
    );
  }
  const rows = await query.orderBy('a.occurredAt', 'desc').orderBy('a.incidentId', 'desc').limit(filter.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    status: r.status as Status,
    level: r.level as Level,
    channel: r.channel as Channel,
    occurredAt: r.occurredAt,
    reportedAt: r.reportedAt,
    access: r.reason,
  }));
}

export async function timeline(tx: Tx, incidentId: string): Promise<TimelineEntry[]> {
  const rows = await tx.selectFrom('incidentEvent').selectAll().where('incidentId', '=', incidentId).orderBy('id').execute();
  const names = await people(
    tx,
    rows.map((r) => r.actorId),
  );
  return rows.map((r) => ({
    id: String(r.id),
    at: r.at,
    kind: r.kind,
    actor: r.actorId ? (names.get(r.actorId) ?? null) : null,
    detail: r.detail,
  }));
}

export async function onlineMessages(tx: Tx, incidentId: string): Promise<OnlineMessage[]> {
  const rows = await tx
    .selectFrom('onlineMessage')
    .selectAll()
    .where('incidentId', '=', incidentId)
    .orderBy('sentAt')
    .orderBy('addedAt')
    .execute();
  const names = await people(
    tx,
    rows.map((r) => r.addedBy),
  );
  return rows.map((r) => ({
    id: r.id,
    sentAt: r.sentAt,
    account: r.account,
    url: r.url,
    content: r.content,
    addedBy: names.get(r.addedBy) ?? { id: r.addedBy, name: '?' },
    addedAt: r.addedAt,
  }));
}
