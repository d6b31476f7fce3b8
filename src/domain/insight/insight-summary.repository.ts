import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { InsightFilter } from './insight.js';
import { additive, parts, PER_DAY, WHOLE, whole, type Branch, type DimensionRow } from './insight.repository.js';

/**
 * The stored day summary (migration 0011, docs/decisions/0003-insight-aggregates.md): for a
 * viewer who sees every reported incident of the organisation, the figures of a period are
 * the stored counts of its days plus a live count of the days queued since (dirty) — the same branches
 * either way (insight.repository.ts), so the two paths cannot disagree.
 */

const org = sql`app_current_organisation()`;
const start = (date: string) => sql`(${date}::date)::timestamp AT TIME ZONE 'Europe/Amsterdam'`;
const endOf = (date: string) => sql`((${date}::date) + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam'`;

const INCIDENT_COLUMNS = sql`i.organisation_id, i.id, i.level, i.channel, i.behaviours, i.targets, i.perpetrator_kind, i.status,
  i.occurred_at, i.online_platform`;

/**
 * The reported incidents of the given days (a query answering `day`), day by day through the
 * index of reported incidents (see parts(true)).
 */
const dayByDay = (days: RawBuilder<unknown>) => sql`
  SELECT i.*, ld.day FROM (${days}) ld CROSS JOIN LATERAL (
    SELECT ${INCIDENT_COLUMNS} FROM incident i WHERE i.organisation_id = ${org} AND i.status <> 'draft'
      AND i.occurred_at >= (ld.day)::timestamp AT TIME ZONE 'Europe/Amsterdam'
      AND i.occurred_at < (ld.day + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam' OFFSET 0) i`;

/**
 * The figures of a period for a viewer who sees the whole organisation, or undefined when
 * they do not (then only their own visible set may be counted). One statement: whether they
 * see everything is decided in the same snapshot as the counts. No filters: a filtered view
 * is counted live.
 */
export async function wholeOrganisationRows(
  tx: Tx,
  viewerId: string,
  filter: Pick<InsightFilter, 'from' | 'to'>,
  today: string,
  now: Date,
  only?: readonly Branch[],
): Promise<DimensionRow[] | undefined> {
  const from = start(filter.from);
  const to = endOf(filter.to);
  const { rows } = await sql<{ whole: boolean; rows: DimensionRow[] | null }>`
    WITH cover AS (
      -- The viewer's access rows of the period, less those of drafts, against every reported
      -- incident of the period: equal only when they may open each one (access rows are unique per incident).
      SELECT (SELECT count(*) FROM incident_access a WHERE a.organisation_id = ${org} AND a.user_id = ${viewerId}::uuid
                AND a.occurred_at >= ${from} AND a.occurred_at < ${to})
           - (SELECT count(*) FROM incident i JOIN incident_access a ON a.organisation_id = i.organisation_id AND a.incident_id = i.id
                AND a.user_id = ${viewerId}::uuid
              WHERE i.organisation_id = ${org} AND i.status = 'draft' AND i.occurred_at >= ${from} AND i.occurred_at < ${to})
           = (SELECT count(*) FROM incident i WHERE i.organisation_id = ${org} AND i.status <> 'draft'
                AND i.occurred_at >= ${from} AND i.occurred_at < ${to}) AS whole),
    live_days AS MATERIALIZED (
      SELECT q.day FROM insight_day_dirty q WHERE q.organisation_id = ${org} AND q.day BETWEEN ${filter.from}::date AND ${filter.to}::date),
    v AS MATERIALIZED (${dayByDay(sql`SELECT day FROM live_days`)}),
    ${parts(true)},
    links AS (
      SELECT incident_id, perpetrator_id FROM v_links
      UNION ALL
      SELECT l.incident_id, l.perpetrator_id FROM insight_day_link l
      WHERE l.organisation_id = ${org} AND l.day BETWEEN ${filter.from}::date AND ${filter.to}::date
        AND l.day NOT IN (SELECT day FROM live_days)),
    -- What depends on the clock, from the stored days and the live ones alike.
    bans AS (
      SELECT b.state, b.starts_on, b.ends_on FROM insight_day_ban b
      WHERE b.organisation_id = ${org} AND b.day BETWEEN ${filter.from}::date AND ${filter.to}::date AND b.day NOT IN (SELECT day FROM live_days)
      UNION ALL
      SELECT state, starts_on, ends_on FROM m WHERE kind = 'ban'),
    open_duties AS (
      SELECT d.kind, d.due_at FROM insight_day_duty d
      WHERE d.organisation_id = ${org} AND d.day BETWEEN ${filter.from}::date AND ${filter.to}::date AND d.day NOT IN (SELECT day FROM live_days)
      UNION ALL
      SELECT kind, due_at FROM dl WHERE state IN ('open', 'overdue')),
    stored AS (
      SELECT NULL::date AS day, c.dimension, c.key, c.count FROM insight_day_count c
      WHERE c.organisation_id = ${org} AND c.day BETWEEN ${filter.from}::date AND ${filter.to}::date
        AND c.day NOT IN (SELECT day FROM live_days)
        ${only ? sql`AND c.dimension = ANY(${only}::text[])` : sql``}),
    -- The kept figures of what retention deleted (migration 0018): the year's numbers stay.
    retained AS (
      SELECT NULL::date AS day, r.dimension, r.key, r.count FROM retained_figure r
      WHERE r.organisation_id = ${org} AND r.day BETWEEN ${filter.from}::date AND ${filter.to}::date
        AND r.dimension NOT IN ('aftercare_offered', 'aftercare_held')
        ${only ? sql`AND r.dimension = ANY(${only}::text[])` : sql``})
    SELECT (SELECT whole FROM cover) AS whole,
      CASE WHEN (SELECT whole FROM cover) THEN (
        SELECT coalesce(json_agg(json_build_object('dimension', dimension, 'key', key, 'count', n)), '[]') FROM (
          SELECT dimension, key, sum(count)::float8 AS n FROM (
            ${additive(WHOLE, only)} UNION ALL SELECT * FROM stored UNION ALL SELECT * FROM retained ${only ? sql`` : sql`UNION ALL ${whole(today, now)}`}
          ) u GROUP BY dimension, key) x)
      END AS rows`.execute(tx);
  const row = rows[0]!;
  return row.whole ? (row.rows ?? []) : undefined;
}

/**
 * Counts the given days of the current organisation again and stores them. Each day is locked
 * without waiting (a writer holds it in its trigger until it commits); the days that could be
 * locked are counted in this transaction and returned, the others stay dirty.
 */
export async function refreshDays(tx: Tx, days: readonly string[]): Promise<string[]> {
  if (days.length === 0) return [];
  const { rows: locked } = await sql<{ day: string }>`
    SELECT d::text AS day FROM unnest(${[...days].sort()}::date[]) d
    WHERE pg_try_advisory_xact_lock(hashtextextended('insight_day:' || ${org} || ':' || d, 0))`.execute(tx);
  const mine = locked.map((r) => r.day);
  if (mine.length === 0) return [];
  await sql`DELETE FROM insight_day_dirty WHERE organisation_id = ${org} AND day = ANY(${mine}::date[])`.execute(tx);
  await sql`DELETE FROM insight_day_count WHERE organisation_id = ${org} AND day = ANY(${mine}::date[])`.execute(tx);
  for (const table of ['insight_day_link', 'insight_day_ban', 'insight_day_duty'])
    await sql`DELETE FROM ${sql.table(table)} WHERE organisation_id = ${org} AND day = ANY(${mine}::date[])`.execute(tx);
  // A new statement, so a new snapshot: every change to these days committed before the locks were taken.
  await sql`
    WITH v AS MATERIALIZED (${dayByDay(sql`SELECT unnest(${mine}::date[]) AS day`)}),
    ${parts(true)},
    stored_links AS (
      INSERT INTO insight_day_link (organisation_id, day, incident_id, perpetrator_id)
      SELECT ${org}, day, incident_id, perpetrator_id FROM v_links),
    stored_bans AS (
      INSERT INTO insight_day_ban (organisation_id, day, state, starts_on, ends_on)
      SELECT ${org}, day, state, starts_on, ends_on FROM m WHERE kind = 'ban' AND state IN ('decided', 'carried_out')),
    stored_duties AS (
      INSERT INTO insight_day_duty (organisation_id, day, kind, due_at)
      SELECT ${org}, day, kind, due_at FROM dl WHERE state IN ('open', 'overdue'))
    INSERT INTO insight_day_count (organisation_id, day, dimension, key, count)
    SELECT ${org}, day, dimension, key, count FROM (${additive(PER_DAY)}) x`.execute(tx);
  return mine;
}

/** The oldest dirty days of every organisation (ids and dates only), for the refresher. */
export async function dirtyDays(tx: Tx, limit: number): Promise<{ organisationId: string; day: string }[]> {
  const { rows } = await sql<{ organisationId: string; day: string }>`
    SELECT organisation_id, day::text AS day FROM app_insight_dirty_days(${limit})`.execute(tx);
  return rows;
}
