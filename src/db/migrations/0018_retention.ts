import { sql, type Kysely } from 'kysely';
import { isolateTenantTables } from '../tenant.js';

/**
 * Retention, enforced (issue 11 §1, docs/retention.md).
 *
 * - retention_policy: an organisation's periods; no row means the defaults (the columns' defaults
 *   are the same numbers as RETENTION_DEFAULTS in src/domain/retention/retention.ts).
 * - incident_hold: a hold placed by hand, with its reason; it stops every deletion concerning the
 *   incident until it is lifted. (Automatic holds, a prosecution running or a ban in force, are
 *   worked out at each run and need no row.)
 * - retention_review: open incidents past their term that were put before the security adviser,
 *   so they are put there once, not every day.
 * - retained_figure: the anonymised statistical record of what was deleted, as the day summary
 *   counts it (dimension, key, count for one former incident's day): no id of the incident, no
 *   person, no text. The insight figures add it, so a year's numbers stay as they were.
 *
 * Audit rows are never deleted: they name incidents by id as text, without a foreign key, so a
 * deletion leaves the hash chain untouched.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE retention_policy (
      organisation_id uuid PRIMARY KEY REFERENCES organisation(id),
      incident_years integer NOT NULL DEFAULT 5 CHECK (incident_years BETWEEN 1 AND 30),
      aftercare_note_months integer NOT NULL DEFAULT 12 CHECK (aftercare_note_months BETWEEN 1 AND 120),
      perpetrator_months integer NOT NULL DEFAULT 3 CHECK (perpetrator_months BETWEEN 0 AND 120),
      ban_years integer NOT NULL DEFAULT 2 CHECK (ban_years BETWEEN 0 AND 30),
      session_weeks integer NOT NULL DEFAULT 4 CHECK (session_weeks BETWEEN 1 AND 104),
      notification_weeks integer NOT NULL DEFAULT 13 CHECK (notification_weeks BETWEEN 1 AND 104),
      updated_by uuid,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE incident_hold (
      organisation_id uuid NOT NULL,
      incident_id uuid NOT NULL,
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
      placed_by uuid,
      placed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, incident_id),
      FOREIGN KEY (organisation_id, incident_id) REFERENCES incident(organisation_id, id) ON DELETE CASCADE
    );
    CREATE TABLE retention_review (
      organisation_id uuid NOT NULL,
      incident_id uuid NOT NULL,
      flagged_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, incident_id),
      FOREIGN KEY (organisation_id, incident_id) REFERENCES incident(organisation_id, id) ON DELETE CASCADE
    );
    CREATE TABLE retained_figure (
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      record_id uuid NOT NULL,
      day date NOT NULL,
      dimension text NOT NULL,
      key text NOT NULL,
      count bigint NOT NULL,
      kept_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, record_id, dimension, key)
    );
    CREATE INDEX retained_figure_day ON retained_figure (organisation_id, day);

    CREATE INDEX evidence_file_sha256 ON evidence_file (sha256);
    CREATE INDEX letter_sha256 ON letter (sha256);

    -- Expired tokens go too (the program could only revoke them so far).
    GRANT DELETE ON api_token TO weerbaar_app;

    -- The incident's history is append-only for the program (migration 0002); only retention
    -- removes it, with the incident, in the current organisation, through this one door.
    CREATE FUNCTION app_retention_delete_incident_events(p_incident uuid) RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      DELETE FROM incident_event WHERE organisation_id = app_current_organisation() AND incident_id = p_incident
    $$;
    REVOKE ALL ON FUNCTION app_retention_delete_incident_events(uuid) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app_retention_delete_incident_events(uuid) TO weerbaar_app;

    -- The daily job's list of organisations (ids only).
    CREATE FUNCTION app_retention_organisations() RETURNS TABLE (id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT id FROM organisation ORDER BY created_at, id
    $$;
    REVOKE ALL ON FUNCTION app_retention_organisations() FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app_retention_organisations() TO weerbaar_app;

    -- Files are stored once by content: a file may only leave the store when no evidence or
    -- letter of any organisation still names it (answers yes/no, nothing more).
    CREATE FUNCTION app_stored_file_in_use(p_sha256 text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT EXISTS (SELECT 1 FROM evidence_file WHERE sha256 = p_sha256)
          OR EXISTS (SELECT 1 FROM letter WHERE sha256 = p_sha256)
    $$;
    REVOKE ALL ON FUNCTION app_stored_file_in_use(text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app_stored_file_in_use(text) TO weerbaar_app;
  `.execute(db);
  await isolateTenantTables(db, ['retention_policy', 'incident_hold', 'retention_review', 'retained_figure']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP FUNCTION app_stored_file_in_use(text);
    DROP FUNCTION app_retention_organisations();
    DROP FUNCTION app_retention_delete_incident_events(uuid);
    REVOKE DELETE ON api_token FROM weerbaar_app;
    DROP INDEX letter_sha256;
    DROP INDEX evidence_file_sha256;
    DROP TABLE retained_figure;
    DROP TABLE retention_review;
    DROP TABLE incident_hold;
    DROP TABLE retention_policy;
  `.execute(db);
}
