import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../db/database.js';
import { PROSECUTION_STATUSES } from '../police/police.js';
import { ROLES } from '../user/roles.js';
import { ONLINE_CHANNELS, OFFICE_HOLDER_ROLES, roleCategoryOf, rolesOf, type Count, type InsightFilter, type OnTime } from './insight.js';

/**
 * The incidents a viewer may see (their access rows), reported (no drafts), that occurred in
 * the period (whole Amsterdam days) and pass the filters. Every figure is counted over this
 * set, so no count can include an incident the viewer could not open (and the export reads
 * its rows from it, so no row can either).
 */
export function visible(viewerId: string, filter: InsightFilter, own = false): RawBuilder<unknown> {
  // Their own: what they reported or what happened to them, not what they handle.
  const mine = own ? sql`AND a.reason IN ('reporter', 'affected')` : sql``;
  const level = filter.level ? sql`AND i.level = ${filter.level}` : sql``;
  const channel = filter.channel ? sql`AND i.channel = ${filter.channel}` : sql``;
  const group = filter.group
    ? sql`AND EXISTS (SELECT 1 FROM incident_affected f JOIN user_role r ON r.user_id = f.user_id
        WHERE f.incident_id = i.id AND r.role = ANY(${rolesOf(filter.group)}::text[]))`
    : sql``;
  return sql`
    SELECT i.organisation_id, i.id, i.level, i.channel, i.behaviours, i.targets, i.perpetrator_kind, i.status, i.occurred_at, i.online_platform
    FROM incident_access a
    JOIN incident i ON i.organisation_id = a.organisation_id AND i.id = a.incident_id
    WHERE a.user_id = ${viewerId}::uuid
      AND a.occurred_at >= (${filter.from}::date)::timestamp AT TIME ZONE 'Europe/Amsterdam'
      AND a.occurred_at < ((${filter.to}::date) + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam'
      AND i.status <> 'draft' ${mine} ${level} ${channel} ${group}`;
}

/** Role → role category, as a JSON object the statement looks roles up in. */
const categoryMap = JSON.stringify(Object.fromEntries(ROLES.map((r) => [r, roleCategoryOf(r)])));

export interface DimensionRow {
  dimension: string;
  key: string;
  count: number;
}

/**
 * The statement's common part: the visible set, read once (MATERIALIZED), its affected people
 * and roles, and what was done about it. Every fragment below selects from these. Joins name
 * the organisation too, so they follow the (organisation_id, incident_id) indexes.
 */
function common(viewerId: string, filter: InsightFilter): RawBuilder<unknown> {
  return sql`
    WITH v AS MATERIALIZED (${visible(viewerId, filter)}),
    affected AS (
      SELECT DISTINCT v.id, r.role FROM v
      JOIN incident_affected f ON f.organisation_id = v.organisation_id AND f.incident_id = v.id
      JOIN user_role r ON r.organisation_id = f.organisation_id AND r.user_id = f.user_id),
    m AS (SELECT m.* FROM measure m JOIN v ON m.organisation_id = v.organisation_id AND m.incident_id = v.id),
    pr AS (SELECT p.* FROM police_report p JOIN v ON p.organisation_id = v.organisation_id AND p.incident_id = v.id),
    d AS (SELECT d.* FROM damage_item d JOIN v ON d.organisation_id = v.organisation_id AND d.incident_id = v.id),
    dl AS (SELECT d.* FROM deadline d JOIN v ON d.organisation_id = v.organisation_id AND d.incident_id = v.id)`;
}

/**
 * Every breakdown: the visible set grouped each way. An incident with two behaviours counts
 * once for each; an incident affecting two roles too (the totals say how many incidents there are).
 */
const BRANCHES = {
  total: sql`SELECT 'total' AS dimension, 'all' AS key, count(*)::int AS count FROM v`,
  online: sql`SELECT 'online', 'all', count(*)::int FROM v WHERE v.channel = ANY(${ONLINE_CHANNELS}::text[]) OR v.online_platform IS NOT NULL`,
  level: sql`SELECT 'level', v.level, count(*)::int FROM v GROUP BY v.level`,
  behaviour: sql`SELECT 'behaviour', b, count(*)::int FROM v, unnest(v.behaviours) AS b GROUP BY b`,
  channel: sql`SELECT 'channel', v.channel, count(*)::int FROM v GROUP BY v.channel`,
  month: sql`SELECT 'month', to_char(v.occurred_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM'), count(*)::int FROM v GROUP BY 2`,
  target: sql`SELECT 'target', t, count(*)::int FROM v, unnest(v.targets) AS t GROUP BY t`,
  perpetrator_kind: sql`SELECT 'perpetrator_kind', coalesce(v.perpetrator_kind, 'unknown'), count(*)::int FROM v GROUP BY 2`,
  status: sql`SELECT 'status', v.status, count(*)::int FROM v GROUP BY v.status`,
  role: sql`SELECT 'role', role, count(*)::int FROM affected GROUP BY role`,
  role_category: sql`SELECT 'role_category', c.category, count(DISTINCT c.id)::int FROM (
      SELECT id, (${categoryMap}::jsonb) ->> role AS category FROM affected) c GROUP BY c.category`,
  group: sql`SELECT 'group', g.grp, count(DISTINCT g.id)::int FROM (
      SELECT id, CASE WHEN role = ANY(${OFFICE_HOLDER_ROLES}::text[]) THEN 'office_holder' ELSE 'employee' END AS grp FROM affected) g
      GROUP BY g.grp`,
  both_groups: sql`SELECT 'both_groups', 'all', count(*)::int FROM (
      SELECT id FROM affected GROUP BY id
      HAVING bool_or(role = ANY(${OFFICE_HOLDER_ROLES}::text[])) AND bool_or(NOT role = ANY(${OFFICE_HOLDER_ROLES}::text[]))) b`,
  repeat_perpetrators: sql`SELECT 'repeat_perpetrators', 'all', count(*)::int FROM (
      SELECT p.perpetrator_id FROM v JOIN incident_perpetrator p ON p.organisation_id = v.organisation_id AND p.incident_id = v.id
      GROUP BY p.perpetrator_id HAVING count(*) >= 2) rp`,
  repeat_incidents: sql`SELECT 'repeat_incidents', 'all', count(DISTINCT p.incident_id)::int
      FROM v JOIN incident_perpetrator p ON p.organisation_id = v.organisation_id AND p.incident_id = v.id
      WHERE p.perpetrator_id IN (
        SELECT p2.perpetrator_id FROM v v2 JOIN incident_perpetrator p2 ON p2.organisation_id = v2.organisation_id AND p2.incident_id = v2.id
        GROUP BY p2.perpetrator_id HAVING count(*) >= 2)`,
};
export type Branch = keyof typeof BRANCHES;

const branches = (only?: readonly Branch[]) =>
  sql.join(
    (only ?? (Object.keys(BRANCHES) as Branch[])).map((name) => BRANCHES[name]),
    sql` UNION ALL `,
  );

/** The breakdowns asked for (all when none are named), with the total. */
export async function countByDimension(tx: Tx, viewerId: string, filter: InsightFilter, only?: readonly Branch[]): Promise<DimensionRow[]> {
  return (await sql<DimensionRow>`${common(viewerId, filter)} ${branches(only)}`.execute(tx)).rows;
}

/** A person's own incidents of a period (reported by them or affecting them), by level. */
export async function countOwn(tx: Tx, userId: string, filter: InsightFilter): Promise<Count[]> {
  const result = await sql<Count>`
    WITH v AS (${visible(userId, filter, true)})
    SELECT v.level AS key, count(*)::int AS count FROM v GROUP BY v.level`.execute(tx);
  return result.rows;
}

export interface HandlingRow {
  measuresByKind: Count[];
  measuresByState: Count[];
  bansInForce: number;
  policeReports: number;
  prosecution: Count[];
  damageItems: number;
  amountCents: number;
  reimbursedCents: number;
  recoveredCents: number;
  outstandingCents: number;
}

/** What the organisation did about the visible incidents (one row): measures, police reports, damages. */
const handlingSql = (today: string) => sql`
    SELECT
      coalesce((SELECT json_agg(json_build_object('key', kind, 'count', n)) FROM (SELECT kind, count(*)::int AS n FROM m GROUP BY kind) x), '[]')
        AS "measuresByKind",
      coalesce((SELECT json_agg(json_build_object('key', state, 'count', n)) FROM (SELECT state, count(*)::int AS n FROM m GROUP BY state) x), '[]')
        AS "measuresByState",
      (SELECT count(*)::int FROM m WHERE kind = 'ban' AND state IN ('decided', 'carried_out')
        AND (starts_on IS NULL OR starts_on <= ${today}::date) AND (ends_on IS NULL OR ends_on >= ${today}::date)) AS "bansInForce",
      (SELECT count(*)::int FROM pr) AS "policeReports",
      coalesce((SELECT json_agg(json_build_object('key', s, 'count', n)) FROM (
        SELECT coalesce(prosecution_status, 'unknown') AS s, count(*)::int AS n FROM pr GROUP BY 1) x), '[]') AS prosecution,
      (SELECT count(*)::int FROM d) AS "damageItems",
      (SELECT coalesce(sum(amount_cents), 0) FROM d) AS "amountCents",
      (SELECT coalesce(sum(amount_cents) FILTER (WHERE reimbursed_on IS NOT NULL), 0) FROM d) AS "reimbursedCents",
      -- As damageTotals (domain/damage): recovered is what was paid; outstanding is claimed, not written off, not paid in full.
      (SELECT coalesce(sum(coalesce(paid_cents, 0)), 0) FROM d) AS "recoveredCents",
      (SELECT coalesce(sum(greatest(0, amount_cents - coalesce(paid_cents, 0))) FILTER (WHERE claimed_on IS NOT NULL AND written_off_on IS NULL), 0) FROM d)
        AS "outstandingCents"`;

export const PROSECUTION_KEYS = [...PROSECUTION_STATUSES, 'unknown'] as const;

export interface OnTimeRow {
  aftercare: OnTime;
  perpetratorResponse: OnTime;
  labourInspectorate: OnTime;
  openDeadlines: number;
  overdueDeadlines: number;
}

/**
 * The protocol's duties for the visible incidents, per kind: done before they fell due, done
 * late, or still open past due. Cancelled duties (a conversation declined, a case closed) do not count.
 */
const onTimeSql = (now: Date) => sql`
    SELECT CASE WHEN dl.kind LIKE 'aftercare_%' THEN 'aftercare' ELSE dl.kind END AS kind,
      count(*) FILTER (WHERE dl.state = 'done' AND dl.done_at <= dl.due_at)::int AS "onTime",
      count(*) FILTER (WHERE dl.state = 'done' AND dl.done_at > dl.due_at)::int AS late,
      count(*) FILTER (WHERE dl.state IN ('open', 'overdue') AND dl.due_at < ${now})::int AS overdue,
      count(*) FILTER (WHERE dl.state IN ('open', 'overdue'))::int AS open
    FROM dl GROUP BY 1`;

interface OnTimeByKind {
  kind: string;
  onTime: number;
  late: number;
  overdue: number;
  open: number;
}

function onTimeOf(rows: readonly OnTimeByKind[]): OnTimeRow {
  const of = (kind: string): OnTime => {
    const row = rows.find((r) => r.kind === kind);
    return { onTime: row?.onTime ?? 0, late: row?.late ?? 0, overdue: row?.overdue ?? 0 };
  };
  return {
    aftercare: of('aftercare'),
    perpetratorResponse: of('perpetrator_response'),
    labourInspectorate: of('labour_inspectorate'),
    openDeadlines: rows.reduce((sum, r) => sum + r.open, 0),
    overdueDeadlines: rows.reduce((sum, r) => sum + r.overdue, 0),
  };
}

export interface FigureRows {
  dimensions: DimensionRow[];
  handling: HandlingRow;
  onTime: OnTimeRow;
}

/**
 * Everything the dashboard counts, in one statement: the visible set is worked out once and
 * every breakdown, the handling and the duties are read from it (the bench showed three
 * statements working it out three times, bench/results.md f).
 */
export async function figureRows(tx: Tx, viewerId: string, filter: InsightFilter, today: string, now: Date): Promise<FigureRows> {
  const result = await sql<{ dimensions: DimensionRow[]; handling: HandlingRow; onTime: OnTimeByKind[] }>`
    ${common(viewerId, filter)}
    SELECT
      (SELECT coalesce(json_agg(x), '[]') FROM (${branches()}) x) AS dimensions,
      (SELECT row_to_json(h) FROM (${handlingSql(today)}) h) AS handling,
      (SELECT coalesce(json_agg(o), '[]') FROM (${onTimeSql(now)}) o) AS "onTime"`.execute(tx);
  const row = result.rows[0]!;
  return { dimensions: row.dimensions, handling: row.handling, onTime: onTimeOf(row.onTime) };
}
