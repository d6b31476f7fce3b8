import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../db/database.js';
import { PROSECUTION_STATUSES } from '../police/police.js';
import { ROLES } from '../user/roles.js';
import { ONLINE_CHANNELS, OFFICE_HOLDER_ROLES, roleCategoryOf, rolesOf, type Count, type InsightFilter } from './insight.js';

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
 * What the branches read, given `v` (the incidents counted, each with its Amsterdam `day`):
 * their affected people and roles, what was done about them, their duties and their links to
 * perpetrators in the register. Joins name the organisation too, so they follow the
 * (organisation_id, incident_id) indexes.
 */
export const PARTS = sql`
    affected AS (
      SELECT DISTINCT v.id, v.day, r.role FROM v
      JOIN incident_affected f ON f.organisation_id = v.organisation_id AND f.incident_id = v.id
      JOIN user_role r ON r.organisation_id = f.organisation_id AND r.user_id = f.user_id),
    m AS (SELECT m.*, v.day FROM measure m JOIN v ON m.organisation_id = v.organisation_id AND m.incident_id = v.id),
    pr AS (SELECT p.*, v.day FROM police_report p JOIN v ON p.organisation_id = v.organisation_id AND p.incident_id = v.id),
    dmg AS (SELECT d.*, v.day FROM damage_item d JOIN v ON d.organisation_id = v.organisation_id AND d.incident_id = v.id),
    dl AS (SELECT d.*, v.day FROM deadline d JOIN v ON d.organisation_id = v.organisation_id AND d.incident_id = v.id),
    v_links AS (SELECT p.incident_id, p.perpetrator_id, v.day
      FROM v JOIN incident_perpetrator p ON p.organisation_id = v.organisation_id AND p.incident_id = v.id)`;

/** An incident's Amsterdam day, for the `v` of a statement. */
export const dayOf = (column: RawBuilder<unknown>) => sql`(${column} AT TIME ZONE 'Europe/Amsterdam')::date`;

/**
 * The statement's common part for one viewer: the visible set, read once (MATERIALIZED), and
 * what the branches read from it.
 */
function common(viewerId: string, filter: InsightFilter): RawBuilder<unknown> {
  return sql`
    WITH v AS MATERIALIZED (SELECT x.*, ${dayOf(sql`x.occurred_at`)} AS day FROM (${visible(viewerId, filter)}) x),
    ${PARTS},
    links AS (SELECT incident_id, perpetrator_id FROM v_links),
    bans AS (SELECT * FROM m WHERE kind = 'ban'),
    open_duties AS (SELECT * FROM dl WHERE state IN ('open', 'overdue'))`;
}

/** A duty's kind as counted: the three aftercare conversations are one. */
const dutyKind = sql`CASE WHEN kind LIKE 'aftercare_%' THEN 'aftercare' ELSE kind END`;

/** `day` groups a branch per day (the stored summary); `NULL::date` counts the whole set. */
type Day = RawBuilder<unknown>;
export const PER_DAY: Day = sql`day`;
export const WHOLE: Day = sql`NULL::date`;

/**
 * The breakdowns that add up over days: each the set grouped one way. An incident with two
 * behaviours counts once for each; an incident affecting two roles too (the totals say how
 * many incidents there are). Handling and duties are rows too: a damages "count" is cents.
 */
const ADDITIVE = {
  total: (d: Day) => sql`SELECT ${d} AS day, 'total' AS dimension, 'all' AS key, count(*) AS count FROM v GROUP BY 1`,
  online: (d: Day) =>
    sql`SELECT ${d}, 'online', 'all', count(*) FROM v WHERE v.channel = ANY(${ONLINE_CHANNELS}::text[]) OR v.online_platform IS NOT NULL GROUP BY 1`,
  level: (d: Day) => sql`SELECT ${d}, 'level', v.level, count(*) FROM v GROUP BY 1, 3`,
  behaviour: (d: Day) => sql`SELECT ${d}, 'behaviour', b, count(*) FROM v, unnest(v.behaviours) AS b GROUP BY 1, 3`,
  channel: (d: Day) => sql`SELECT ${d}, 'channel', v.channel, count(*) FROM v GROUP BY 1, 3`,
  month: (d: Day) =>
    sql`SELECT ${d}, 'month', to_char(v.occurred_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM'), count(*) FROM v GROUP BY 1, 3`,
  target: (d: Day) => sql`SELECT ${d}, 'target', t, count(*) FROM v, unnest(v.targets) AS t GROUP BY 1, 3`,
  perpetrator_kind: (d: Day) =>
    sql`SELECT ${d}, 'perpetrator_kind', coalesce(v.perpetrator_kind, 'unknown'), count(*) FROM v GROUP BY 1, 3`,
  status: (d: Day) => sql`SELECT ${d}, 'status', v.status, count(*) FROM v GROUP BY 1, 3`,
  role: (d: Day) => sql`SELECT ${d}, 'role', role, count(*) FROM affected GROUP BY 1, 3`,
  role_category: (d: Day) => sql`SELECT ${d}, 'role_category', c.category, count(DISTINCT c.id) FROM (
      SELECT id, day, (${categoryMap}::jsonb) ->> role AS category FROM affected) c GROUP BY 1, 3`,
  group: (d: Day) => sql`SELECT ${d}, 'group', g.grp, count(DISTINCT g.id) FROM (
      SELECT id, day, CASE WHEN role = ANY(${OFFICE_HOLDER_ROLES}::text[]) THEN 'office_holder' ELSE 'employee' END AS grp FROM affected) g
      GROUP BY 1, 3`,
  both_groups: (d: Day) => sql`SELECT ${d}, 'both_groups', 'all', count(*) FROM (
      SELECT id, day FROM affected GROUP BY id, day
      HAVING bool_or(role = ANY(${OFFICE_HOLDER_ROLES}::text[])) AND bool_or(NOT role = ANY(${OFFICE_HOLDER_ROLES}::text[]))) b GROUP BY 1`,
  measure_kind: (d: Day) => sql`SELECT ${d}, 'measure_kind', kind, count(*) FROM m GROUP BY 1, 3`,
  measure_state: (d: Day) => sql`SELECT ${d}, 'measure_state', state, count(*) FROM m GROUP BY 1, 3`,
  police_reports: (d: Day) => sql`SELECT ${d}, 'police_reports', 'all', count(*) FROM pr GROUP BY 1`,
  prosecution: (d: Day) => sql`SELECT ${d}, 'prosecution', coalesce(prosecution_status, 'unknown'), count(*) FROM pr GROUP BY 1, 3`,
  // As damageTotals (domain/damage): recovered is what was paid; outstanding is claimed, not written off, not paid in full.
  damages: (d: Day) => sql`SELECT ${d}, 'damages', x.key, sum(x.n) FROM dmg, LATERAL (VALUES
        ('items', 1::bigint),
        ('amount', amount_cents::bigint),
        ('reimbursed', CASE WHEN reimbursed_on IS NOT NULL THEN amount_cents::bigint ELSE 0 END),
        ('recovered', coalesce(paid_cents, 0)::bigint),
        ('outstanding', CASE WHEN claimed_on IS NOT NULL AND written_off_on IS NULL
          THEN greatest(0, amount_cents - coalesce(paid_cents, 0))::bigint ELSE 0 END)) AS x(key, n)
      GROUP BY 1, 3`,
  // Done before they fell due, or late. Cancelled duties (a conversation declined, a case closed) do not count.
  duty_on_time: (d: Day) =>
    sql`SELECT ${d}, 'duty_on_time', ${dutyKind}, count(*) FROM dl WHERE state = 'done' AND done_at <= due_at GROUP BY 1, 3`,
  duty_late: (d: Day) =>
    sql`SELECT ${d}, 'duty_late', ${dutyKind}, count(*) FROM dl WHERE state = 'done' AND done_at > due_at GROUP BY 1, 3`,
};

/**
 * What does not add up over days, counted over the whole period: repeat perpetrators (two
 * incidents on two days), and what depends on today (bans in force, duties open and overdue).
 * They read `links`, `bans` and `open_duties`, which each statement defines for its own set.
 */
const nonAdditive = (today: string, now: Date) => ({
  repeat_perpetrators: sql`SELECT NULL::date, 'repeat_perpetrators', 'all', count(*) FROM (
      SELECT perpetrator_id FROM links GROUP BY perpetrator_id HAVING count(*) >= 2) rp`,
  repeat_incidents: sql`SELECT NULL::date, 'repeat_incidents', 'all', count(DISTINCT incident_id) FROM links
      WHERE perpetrator_id IN (SELECT perpetrator_id FROM links GROUP BY perpetrator_id HAVING count(*) >= 2)`,
  bans_in_force: sql`SELECT NULL::date, 'bans_in_force', 'all', count(*) FROM bans WHERE state IN ('decided', 'carried_out')
      AND (starts_on IS NULL OR starts_on <= ${today}::date) AND (ends_on IS NULL OR ends_on >= ${today}::date)`,
  duty_open: sql`SELECT NULL::date, 'duty_open', ${dutyKind}, count(*) FROM open_duties GROUP BY 3`,
  duty_overdue: sql`SELECT NULL::date, 'duty_overdue', ${dutyKind}, count(*) FROM open_duties WHERE due_at < ${now} GROUP BY 3`,
});

export type Branch = keyof typeof ADDITIVE;
export const ADDITIVE_BRANCHES = Object.keys(ADDITIVE) as Branch[];

/** The additive branches asked for (all when none are named), as (day, dimension, key, count) rows. */
export const additive = (day: Day, only?: readonly Branch[]) =>
  sql.join(
    (only ?? ADDITIVE_BRANCHES).map((name) => ADDITIVE[name](day)),
    sql` UNION ALL `,
  );

/** The branches that are counted over the whole period, as rows like the additive ones. */
export const whole = (today: string, now: Date) => sql.join(Object.values(nonAdditive(today, now)), sql` UNION ALL `);

/** The breakdowns asked for (all additive ones when none are named), with the total. */
export async function countByDimension(tx: Tx, viewerId: string, filter: InsightFilter, only?: readonly Branch[]): Promise<DimensionRow[]> {
  const { rows } = await sql<DimensionRow>`
    ${common(viewerId, filter)}
    SELECT dimension, key, count::float8 AS count FROM (${additive(WHOLE, only)}) x`.execute(tx);
  return rows;
}

/** A person's own incidents of a period (reported by them or affecting them), by level. */
export async function countOwn(tx: Tx, userId: string, filter: InsightFilter): Promise<Count[]> {
  const result = await sql<Count>`
    WITH v AS (${visible(userId, filter, true)})
    SELECT v.level AS key, count(*)::int AS count FROM v GROUP BY v.level`.execute(tx);
  return result.rows;
}

export const PROSECUTION_KEYS = [...PROSECUTION_STATUSES, 'unknown'] as const;

/**
 * Everything the dashboard counts for one viewer, in one statement: the visible set is worked
 * out once and every breakdown, the handling and the duties are read from it (the bench showed
 * three statements working it out three times, bench/results.md f).
 */
export async function figureRows(tx: Tx, viewerId: string, filter: InsightFilter, today: string, now: Date): Promise<DimensionRow[]> {
  const { rows } = await sql<DimensionRow>`
    ${common(viewerId, filter)}
    SELECT dimension, key, count::float8 AS count FROM (${additive(WHOLE)} UNION ALL ${whole(today, now)}) x`.execute(tx);
  return rows;
}
