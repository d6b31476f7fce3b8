import { sql, type Kysely } from 'kysely';
import { isolateTenantTables } from '../tenant.js';

/**
 * The benchmark between organisations (issue 9 §5, docs/decisions/0003-insight-aggregates.md).
 *
 * - benchmark_profile: an organisation's own choice to take part (default no), its kind and
 *   size class, and the headcounts figures are divided by. A tenant table like any other.
 * - benchmark_figures: counts only — no person, no incident, no text — per participating
 *   organisation per year, written by app_refresh_benchmark (the daily job, or the
 *   organisation itself when it opts in). The program may read its own organisation's rows;
 *   it never writes them directly.
 * - app_benchmark_group: the sums over the other participating organisations of the caller's
 *   kind and size class, and nothing when there are fewer than five of them. It never
 *   answers which organisations they are.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE benchmark_profile (
      organisation_id uuid PRIMARY KEY REFERENCES organisation(id),
      participating boolean NOT NULL DEFAULT false,
      kind text CHECK (kind IN ('municipality','province','water_board','other')),
      size_class text CHECK (size_class IN ('lt_20k','20k_50k','50k_100k','100k_250k','gt_250k')),
      office_holders integer CHECK (office_holders BETWEEN 1 AND 10000),
      employees integer CHECK (employees BETWEEN 1 AND 1000000),
      updated_at timestamptz NOT NULL DEFAULT now(),
      -- Taking part needs everything a group and a rate are made of.
      CHECK (NOT participating OR (kind IS NOT NULL AND size_class IS NOT NULL AND office_holders IS NOT NULL AND employees IS NOT NULL))
    );
    CREATE INDEX benchmark_profile_group ON benchmark_profile (kind, size_class) WHERE participating;

    CREATE TABLE benchmark_figures (
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      year integer NOT NULL CHECK (year BETWEEN 2000 AND 2200),
      incidents integer NOT NULL,
      office_holder_incidents integer NOT NULL,
      employee_incidents integer NOT NULL,
      level_emotional integer NOT NULL,
      level_verbal_aggression integer NOT NULL,
      level_threat integer NOT NULL,
      level_physical_violence integer NOT NULL,
      online integer NOT NULL,
      police_reported integer NOT NULL,
      aftercare_on_time integer NOT NULL,
      aftercare_due integer NOT NULL,
      computed_at timestamptz NOT NULL,
      PRIMARY KEY (organisation_id, year)
    );
    ALTER TABLE benchmark_figures ENABLE ROW LEVEL SECURITY;
    CREATE POLICY benchmark_figures_read ON benchmark_figures FOR SELECT TO weerbaar_app
      USING (organisation_id = app_current_organisation());
    GRANT SELECT ON benchmark_figures TO weerbaar_app;

    -- The police-report rate looks police reports up by incident; without this the job and the
    -- dashboard's handling figures scan every organisation's reports.
    CREATE INDEX police_report_incident ON police_report (organisation_id, incident_id);
    CREATE INDEX damage_item_incident ON damage_item (organisation_id, incident_id);
  `.execute(db);
  await isolateTenantTables(db, ['benchmark_profile']);

  // Counts per participating organisation per year, for the years from .. to. Called by the
  // daily job with no organisation (all of them), or inside an organisation for that one only.
  // Definitions as the dashboard's (insight.repository.ts): no drafts, the year of occurrence in
  // Amsterdam, a group counted when someone of it was affected, online by channel or platform,
  // aftercare duties done in time against all that fell due (cancelled ones do not count).
  await sql`
    CREATE FUNCTION app_refresh_benchmark(p_from_year integer, p_to_year integer, p_now timestamptz,
        p_online_channels text[], p_office_roles text[], p_organisation uuid DEFAULT NULL) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
    DECLARE
      v_rows integer;
    BEGIN
      IF p_organisation IS DISTINCT FROM app_current_organisation() THEN
        RAISE EXCEPTION 'benchmark figures for another organisation';
      END IF;
      IF p_to_year < p_from_year OR p_to_year - p_from_year > 20 THEN
        RAISE EXCEPTION 'benchmark years out of range';
      END IF;
      -- One count at a time (two workers, or a job and an opt-in), so rows are never written twice.
      PERFORM pg_advisory_xact_lock(7453003);
      DELETE FROM benchmark_figures f
        WHERE f.year BETWEEN p_from_year AND p_to_year AND (p_organisation IS NULL OR f.organisation_id = p_organisation);
      INSERT INTO benchmark_figures (organisation_id, year, incidents, office_holder_incidents, employee_incidents,
        level_emotional, level_verbal_aggression, level_threat, level_physical_violence, online, police_reported,
        aftercare_on_time, aftercare_due, computed_at)
      WITH p AS (
        SELECT organisation_id FROM benchmark_profile
        WHERE participating AND (p_organisation IS NULL OR organisation_id = p_organisation)
      ), i AS MATERIALIZED (
        SELECT i.organisation_id, i.id, i.level, i.channel, i.online_platform,
          extract(year FROM i.occurred_at AT TIME ZONE 'Europe/Amsterdam')::integer AS year
        FROM incident i JOIN p ON p.organisation_id = i.organisation_id
        WHERE i.status <> 'draft'
          AND i.occurred_at >= make_timestamptz(p_from_year, 1, 1, 0, 0, 0, 'Europe/Amsterdam')
          AND i.occurred_at < make_timestamptz(p_to_year + 1, 1, 1, 0, 0, 0, 'Europe/Amsterdam')
      ), g AS (
        SELECT f.organisation_id, f.incident_id,
          bool_or(r.role = ANY(p_office_roles)) AS office, bool_or(NOT r.role = ANY(p_office_roles)) AS employee
        FROM i JOIN incident_affected f ON f.organisation_id = i.organisation_id AND f.incident_id = i.id
          JOIN user_role r ON r.organisation_id = f.organisation_id AND r.user_id = f.user_id
        GROUP BY 1, 2
      ), pr AS (
        SELECT DISTINCT r.organisation_id, r.incident_id
        FROM i JOIN police_report r ON r.organisation_id = i.organisation_id AND r.incident_id = i.id
      ), ac AS (
        SELECT d.organisation_id, d.incident_id,
          count(*) FILTER (WHERE d.state = 'done' AND d.done_at <= d.due_at) AS on_time,
          count(*) FILTER (WHERE d.state = 'done' OR (d.state IN ('open', 'overdue') AND d.due_at < p_now)) AS due
        FROM i JOIN deadline d ON d.organisation_id = i.organisation_id AND d.incident_id = i.id
        WHERE d.kind LIKE 'aftercare_%'
        GROUP BY 1, 2
      ), counted AS (
        SELECT i.organisation_id, i.year, count(*)::integer AS incidents,
          count(*) FILTER (WHERE g.office)::integer AS office_holder_incidents,
          count(*) FILTER (WHERE g.employee)::integer AS employee_incidents,
          count(*) FILTER (WHERE i.level = 'emotional')::integer AS level_emotional,
          count(*) FILTER (WHERE i.level = 'verbal_aggression')::integer AS level_verbal_aggression,
          count(*) FILTER (WHERE i.level = 'threat')::integer AS level_threat,
          count(*) FILTER (WHERE i.level = 'physical_violence')::integer AS level_physical_violence,
          count(*) FILTER (WHERE i.channel = ANY(p_online_channels) OR i.online_platform IS NOT NULL)::integer AS online,
          count(pr.incident_id)::integer AS police_reported,
          coalesce(sum(ac.on_time), 0)::integer AS aftercare_on_time,
          coalesce(sum(ac.due), 0)::integer AS aftercare_due
        FROM i
          LEFT JOIN g ON g.organisation_id = i.organisation_id AND g.incident_id = i.id
          LEFT JOIN pr ON pr.organisation_id = i.organisation_id AND pr.incident_id = i.id
          LEFT JOIN ac ON ac.organisation_id = i.organisation_id AND ac.incident_id = i.id
        GROUP BY 1, 2
      )
      -- Every participant has a row for every year, with zeros for a quiet one: its headcounts
      -- still belong in the group's denominators.
      SELECT p.organisation_id, y.year, coalesce(c.incidents, 0), coalesce(c.office_holder_incidents, 0),
        coalesce(c.employee_incidents, 0), coalesce(c.level_emotional, 0), coalesce(c.level_verbal_aggression, 0),
        coalesce(c.level_threat, 0), coalesce(c.level_physical_violence, 0), coalesce(c.online, 0),
        coalesce(c.police_reported, 0), coalesce(c.aftercare_on_time, 0), coalesce(c.aftercare_due, 0), p_now
      FROM p CROSS JOIN generate_series(p_from_year, p_to_year) AS y(year)
        LEFT JOIN counted c ON c.organisation_id = p.organisation_id AND c.year = y.year;
      GET DIAGNOSTICS v_rows = ROW_COUNT;
      RETURN v_rows;
    END $$;

    -- The group of the caller's organisation for a year: sums over the OTHER participating
    -- organisations of the same kind and size class, with their number; no row at all when the
    -- caller does not take part or there are fewer than five others (never fewer, whatever is asked).
    CREATE FUNCTION app_benchmark_group(p_year integer, p_min_others integer)
      RETURNS TABLE (organisations integer, office_holders bigint, employees bigint, incidents bigint,
        office_holder_incidents bigint, employee_incidents bigint, level_emotional bigint,
        level_verbal_aggression bigint, level_threat bigint, level_physical_violence bigint, online bigint,
        police_reported bigint, aftercare_on_time bigint, aftercare_due bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      WITH me AS (
        SELECT kind, size_class FROM benchmark_profile
        WHERE organisation_id = app_current_organisation() AND participating
      ), others AS (
        SELECT b.office_holders, b.employees, f.*
        FROM me JOIN benchmark_profile b ON b.kind = me.kind AND b.size_class = me.size_class AND b.participating
          JOIN benchmark_figures f ON f.organisation_id = b.organisation_id AND f.year = p_year
        WHERE b.organisation_id <> app_current_organisation()
      )
      SELECT count(*)::integer, sum(office_holders), sum(employees), sum(incidents), sum(office_holder_incidents),
        sum(employee_incidents), sum(level_emotional), sum(level_verbal_aggression), sum(level_threat),
        sum(level_physical_violence), sum(online), sum(police_reported), sum(aftercare_on_time), sum(aftercare_due)
      FROM others
      HAVING count(*) >= greatest(p_min_others, 5)
    $$;

    REVOKE ALL ON FUNCTION app_refresh_benchmark, app_benchmark_group FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app_refresh_benchmark, app_benchmark_group TO weerbaar_app;
  `.execute(db);
}
