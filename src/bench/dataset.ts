import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { LEVELS, CHANNELS } from '../domain/incident/norm.js';
import type { Role } from '../domain/user/roles.js';

/**
 * Bulk data for benchmarks, written with set-based SQL (generate_series) as the owning role,
 * so row-level security and the use cases are bypassed: this is for filling a database
 * quickly, never for real data. Values are derived from a hash of the row number and a
 * seed, so the same call gives the same data.
 */

export interface PeopleOptions {
  organisationId: string;
  count: number;
  role: Role;
  /** E-mail addresses are `<prefix>-<n>@bench.invalid`; unique in the installation. */
  prefix: string;
}

/** Inserts people without a password (they cannot sign in) with one role. */
export async function insertPeople(db: Db, o: PeopleOptions): Promise<{ id: string; email: string }[]> {
  const { rows } = await sql<{ id: string; email: string }>`
    WITH u AS (
      INSERT INTO app_user (organisation_id, email, name)
      SELECT ${o.organisationId}::uuid, ${o.prefix} || '-' || g || '@bench.invalid', 'Bench ' || ${o.prefix} || ' ' || g
      FROM generate_series(1, ${o.count}::int) g
      RETURNING id, email
    ), r AS (
      INSERT INTO user_role (organisation_id, user_id, role) SELECT ${o.organisationId}::uuid, id, ${o.role} FROM u
    )
    SELECT id, email FROM u ORDER BY email`.execute(db);
  return rows;
}

export interface IncidentDatasetOptions {
  organisationId: string;
  count: number;
  /** Reporter (and affected person) of each incident, taken in turn. */
  reporterIds: readonly string[];
  /** One handler per incident, taken in turn, with access reason 'routed'. */
  routedIds?: readonly string[];
  /** Everyone here sees every incident (reason 'always_inform'), like the security adviser. */
  alwaysInformIds?: readonly string[];
  /** Incidents happen over this many days before `now` (default three years). */
  days?: number;
  now?: Date;
  seed?: number;
  /** Rows per statement (default 20,000). */
  batchSize?: number;
}

/**
 * Inserts `count` reported incidents with their affected person and access rows (reporter,
 * routed handler, always-inform), numbered on from the organisation's counter, with levels,
 * channels, statuses and moments spread by a hash of the row number. Returns the time taken.
 */
export async function insertIncidents(db: Db, o: IncidentDatasetOptions): Promise<{ inserted: number; ms: number }> {
  const started = performance.now();
  if (o.count <= 0) return { inserted: 0, ms: 0 };
  if (o.reporterIds.length === 0) throw new Error('insertIncidents needs at least one reporter');
  const now = o.now ?? new Date();
  const spanSeconds = Math.round((o.days ?? 3 * 365) * 86_400);
  const seed = o.seed ?? 1;
  const batch = o.batchSize ?? 20_000;
  const routed = o.routedIds ?? [];
  const always = o.alwaysInformIds ?? [];

  const { rows } = await sql<{ value: number }>`
    INSERT INTO organisation_counter (organisation_id, name, value) VALUES (${o.organisationId}::uuid, 'incident', ${o.count}::int)
    ON CONFLICT (organisation_id, name) DO UPDATE SET value = organisation_counter.value + ${o.count}::int
    RETURNING value`.execute(db);
  const first = rows[0]!.value - o.count + 1;

  for (let offset = 0; offset < o.count; offset += batch) {
    const size = Math.min(batch, o.count - offset);
    await sql`
      WITH src AS (
        SELECT g, hashint8extended(g, ${seed}::bigint) & 9223372036854775807 AS h
        FROM generate_series(${first + offset}::bigint, ${first + offset + size - 1}::bigint) g
      ), i AS (
        INSERT INTO incident (organisation_id, number, status, level, channel, behaviours, occurred_at, description,
          targets, reporter_id, reported_at, created_at, updated_at, closed_at)
        SELECT ${o.organisationId}::uuid, g::int,
          (ARRAY['reported','in_progress','closed','closed'])[1 + (h % 4)::int],
          (${[...LEVELS]}::text[])[1 + ((h / 4) % ${LEVELS.length})::int],
          (${[...CHANNELS]}::text[])[1 + ((h / 16) % ${CHANNELS.length})::int],
          '{}'::text[],
          ${now}::timestamptz - make_interval(secs => ((h / 128) % ${spanSeconds}::bigint)::double precision),
          'Benchmarkmelding ' || g,
          '{self}'::text[],
          (${[...o.reporterIds]}::uuid[])[1 + (g % ${o.reporterIds.length})::int],
          ${now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz,
          CASE WHEN h % 4 >= 2 THEN ${now}::timestamptz END
        FROM src
        RETURNING id, number, occurred_at, reporter_id
      ), affected AS (
        INSERT INTO incident_affected (organisation_id, incident_id, user_id)
        SELECT ${o.organisationId}::uuid, id, reporter_id FROM i
      )
      INSERT INTO incident_access (organisation_id, incident_id, user_id, reason, occurred_at)
      SELECT ${o.organisationId}::uuid, id, reporter_id, 'reporter', occurred_at FROM i
      UNION ALL
      SELECT ${o.organisationId}::uuid, id, (${[...routed]}::uuid[])[1 + (number % ${Math.max(routed.length, 1)})], 'routed', occurred_at
        FROM i WHERE ${routed.length}::int > 0
      UNION ALL
      SELECT ${o.organisationId}::uuid, i.id, a.user_id, 'always_inform', i.occurred_at
        FROM i CROSS JOIN unnest(${[...always]}::uuid[]) AS a(user_id)
      ON CONFLICT DO NOTHING`.execute(db);
  }
  return { inserted: o.count, ms: performance.now() - started };
}
