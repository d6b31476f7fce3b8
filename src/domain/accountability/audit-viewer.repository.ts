import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';

/** One row of the audit trail as the viewer shows it: who (by name), what, about what, when — no content. */
export interface AuditRow {
  seq: string;
  occurredAt: Date;
  actor: { id: string; name: string } | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  /** M-00073 for an incident that still exists and has a number. */
  incidentNumber: number | null;
  result: 'success' | 'failure' | 'denied';
}

export interface AuditQuery {
  actorId?: string | undefined;
  objectType?: string | undefined;
  /** The object's id: found alone, or as either side of a link (a:b). */
  objectId?: string | undefined;
  action?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  before?: string | undefined;
  limit: number;
}

/** The incident with this number in the organisation (row-level security keeps to it). */
export async function incidentIdByNumber(tx: Tx, number: number): Promise<string | undefined> {
  return (await tx.selectFrom('incident').select('id').where('number', '=', number).executeTakeFirst())?.id;
}

/** The organisation's audit rows (row-level security: its own only) matching the query, newest first. */
export async function searchAuditRows(tx: Tx, q: AuditQuery): Promise<AuditRow[]> {
  let query = tx
    .selectFrom('auditEvent as a')
    .leftJoin('appUser as u', 'u.id', 'a.actorUserId')
    .leftJoin('incident as i', (join) => join.on('a.objectType', '=', 'incident').on(sql<boolean>`i.id::text = a.object_id`))
    .select(['a.seq', 'a.occurredAt', 'a.actorUserId', 'u.name', 'a.action', 'a.objectType', 'a.objectId', 'i.number', 'a.result'])
    .orderBy('a.seq', 'desc')
    .limit(q.limit);
  if (q.actorId) query = query.where('a.actorUserId', '=', q.actorId);
  if (q.objectType) query = query.where('a.objectType', '=', q.objectType);
  // An object is also found in the links the trail writes as two ids (incident:perpetrator, incident:file).
  if (q.objectId) {
    const id = q.objectId;
    query = query.where((eb) =>
      eb.or([eb('a.objectId', '=', id), eb('a.objectId', 'like', `${id}:%`), eb('a.objectId', 'like', `%:${id}`)]),
    );
  }
  if (q.action) query = q.action.includes('.') ? query.where('a.action', '=', q.action) : query.where('a.action', 'like', `${q.action}.%`);
  if (q.from) query = query.where('a.occurredAt', '>=', q.from);
  if (q.to) query = query.where('a.occurredAt', '<', q.to);
  if (q.before) query = query.where(sql<boolean>`a.seq < ${q.before}::bigint`);
  const rows = await query.execute();
  return rows.map((r) => ({
    seq: String(r.seq),
    occurredAt: r.occurredAt,
    actor: r.actorUserId ? { id: r.actorUserId, name: r.name ?? '?' } : null,
    action: r.action,
    objectType: r.objectType,
    objectId: r.objectId,
    incidentNumber: r.number ?? null,
    result: r.result,
  }));
}

/**
 * The actions and object types on the organisation's trail, for the viewer's choices. A skip scan
 * over the indexes (one step per different value) instead of a DISTINCT over every row: the trail
 * grows by every read, the list of what it holds hardly.
 */
export async function auditVocabulary(tx: Tx): Promise<{ actions: string[]; objectTypes: string[] }> {
  const actions = await sql<{ value: string }>`
    WITH RECURSIVE v(value) AS (
      (SELECT action FROM audit_event WHERE organisation_id = app_current_organisation() ORDER BY action LIMIT 1)
      UNION ALL
      SELECT (SELECT action FROM audit_event WHERE organisation_id = app_current_organisation() AND action > v.value ORDER BY action LIMIT 1)
      FROM v WHERE v.value IS NOT NULL
    ) SELECT value FROM v WHERE value IS NOT NULL`.execute(tx);
  const types = await sql<{ value: string }>`
    WITH RECURSIVE v(value) AS (
      (SELECT object_type FROM audit_event WHERE organisation_id = app_current_organisation() AND object_type IS NOT NULL
        ORDER BY object_type LIMIT 1)
      UNION ALL
      SELECT (SELECT object_type FROM audit_event WHERE organisation_id = app_current_organisation() AND object_type > v.value
        ORDER BY object_type LIMIT 1)
      FROM v WHERE v.value IS NOT NULL
    ) SELECT value FROM v WHERE value IS NOT NULL`.execute(tx);
  return { actions: actions.rows.map((r) => r.value), objectTypes: types.rows.map((r) => r.value) };
}

/** Per person and object type, how many different objects they read in the period (actions ending in .read). */
export async function readsPerPerson(tx: Tx, userIds: readonly string[], from: Date, to: Date) {
  if (userIds.length === 0) return [];
  const { rows } = await sql<{ actorUserId: string; objectType: string; objects: number }>`
    SELECT actor_user_id, object_type, count(DISTINCT object_id)::int AS objects
    FROM audit_event
    WHERE organisation_id = app_current_organisation() AND actor_user_id = ANY(${userIds as string[]}::uuid[])
      AND occurred_at >= ${from} AND occurred_at < ${to} AND action LIKE '%.read' AND object_type IS NOT NULL AND object_id IS NOT NULL
    GROUP BY actor_user_id, object_type
    ORDER BY actor_user_id, object_type`.execute(tx);
  return rows;
}
