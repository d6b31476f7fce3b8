import { sql, type Kysely } from 'kysely';
import { isolateTenantTables } from '../tenant.js';

/**
 * The dashboard's figures per day, for viewers who see the whole organisation
 * (docs/decisions/0003-insight-aggregates.md, "The dashboard").
 *
 * - insight_day_count: a day's counts per dimension and key (no person, no text).
 * - insight_day_link: which incident of the day names which perpetrator from the register, so
 *   that "two or more incidents in the period" can be counted over any period.
 * - insight_day_ban and insight_day_duty: the bans (decided or carried out) and open duties of a
 *   day's incidents with their dates, for what depends on the clock: whether a ban is in force
 *   today, whether a duty is overdue now.
 * - insight_day_dirty: the days whose stored counts are no longer true. A change to anything a
 *   figure is made of queues its day in the same transaction (the triggers below); a queued day
 *   is counted live from the incidents themselves until the refresher
 *   (src/jobs/insight-summary.ts) has counted and stored it again, so no stored count is ever
 *   read stale. A day that was never queued has no incidents.
 *
 * A writer takes a shared advisory lock on the day in its trigger, the refresher an exclusive
 * one (without waiting: a day it cannot lock stays dirty for the next round). So the refresher
 * never counts a day while a change to it is on its way, and never blocks one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE insight_day_count (
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      day date NOT NULL,
      dimension text NOT NULL,
      key text NOT NULL,
      count bigint NOT NULL,
      PRIMARY KEY (organisation_id, day, dimension, key)
    );
    CREATE TABLE insight_day_link (
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      day date NOT NULL,
      incident_id uuid NOT NULL,
      perpetrator_id uuid NOT NULL,
      PRIMARY KEY (organisation_id, day, incident_id, perpetrator_id)
    );
    CREATE TABLE insight_day_ban (
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      day date NOT NULL,
      state text NOT NULL,
      starts_on date,
      ends_on date
    );
    CREATE INDEX insight_day_ban_day ON insight_day_ban (organisation_id, day);
    CREATE TABLE insight_day_duty (
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      day date NOT NULL,
      kind text NOT NULL,
      due_at timestamptz NOT NULL
    );
    CREATE INDEX insight_day_duty_day ON insight_day_duty (organisation_id, day);
    CREATE TABLE insight_day_dirty (
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      day date NOT NULL,
      marked_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, day)
    );

    -- The live part of the figures: a day's reported incidents, and the organisation's drafts
    -- (to tell whether a viewer sees every reported incident).
    CREATE INDEX incident_reported_occurred ON incident (organisation_id, occurred_at) WHERE status <> 'draft';
    CREATE INDEX incident_draft_occurred ON incident (organisation_id, occurred_at) WHERE status = 'draft';

    -- The day's stored counts are no longer true: queue the day.
    CREATE FUNCTION app_insight_mark(p_organisation uuid, p_occurred timestamptz) RETURNS void
    LANGUAGE plpgsql SET search_path = public AS $$
    DECLARE d date := (p_occurred AT TIME ZONE 'Europe/Amsterdam')::date;
    BEGIN
      IF p_organisation IS NULL OR p_occurred IS NULL THEN RETURN; END IF;
      PERFORM pg_advisory_xact_lock_shared(hashtextextended('insight_day:' || p_organisation || ':' || d, 0));
      INSERT INTO insight_day_dirty (organisation_id, day) VALUES (p_organisation, d) ON CONFLICT DO NOTHING;
    END $$;

    CREATE FUNCTION app_insight_mark_incident(p_organisation uuid, p_incident uuid) RETURNS void
    LANGUAGE plpgsql SET search_path = public AS $$
    DECLARE occurred timestamptz;
    BEGIN
      IF p_incident IS NULL THEN RETURN; END IF;
      SELECT occurred_at INTO occurred FROM incident
        WHERE organisation_id = p_organisation AND id = p_incident AND status <> 'draft';
      PERFORM app_insight_mark(p_organisation, occurred);
    END $$;

    -- An incident: its old and its new day (earliest first, so two writers lock in one order).
    -- A draft counts nowhere, so a change that leaves it a draft changes no figure.
    CREATE FUNCTION app_insight_incident_changed() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public AS $$
    DECLARE
      old_at timestamptz;
      new_at timestamptz;
    BEGIN
      IF TG_OP <> 'INSERT' AND OLD.status <> 'draft' THEN old_at := OLD.occurred_at; END IF;
      IF TG_OP <> 'DELETE' AND NEW.status <> 'draft' THEN new_at := NEW.occurred_at; END IF;
      IF old_at IS NOT NULL AND new_at IS NOT NULL AND old_at > new_at THEN
        PERFORM app_insight_mark(NEW.organisation_id, new_at);
        PERFORM app_insight_mark(OLD.organisation_id, old_at);
      ELSE
        IF old_at IS NOT NULL THEN PERFORM app_insight_mark(OLD.organisation_id, old_at); END IF;
        IF new_at IS NOT NULL THEN PERFORM app_insight_mark(NEW.organisation_id, new_at); END IF;
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER incident_insight AFTER INSERT OR DELETE OR UPDATE OF
      status, level, channel, behaviours, targets, perpetrator_kind, occurred_at, online_platform ON incident
      FOR EACH ROW EXECUTE FUNCTION app_insight_incident_changed();

    -- A row that belongs to an incident (affected people, perpetrators, measures, police
    -- reports, damages, duties): the incident's day.
    CREATE FUNCTION app_insight_part_changed() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public AS $$
    BEGIN
      IF TG_OP <> 'INSERT' THEN PERFORM app_insight_mark_incident(OLD.organisation_id, OLD.incident_id); END IF;
      IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.incident_id IS DISTINCT FROM OLD.incident_id) THEN
        PERFORM app_insight_mark_incident(NEW.organisation_id, NEW.incident_id);
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER incident_affected_insight AFTER INSERT OR UPDATE OR DELETE ON incident_affected
      FOR EACH ROW EXECUTE FUNCTION app_insight_part_changed();
    CREATE TRIGGER incident_perpetrator_insight AFTER INSERT OR UPDATE OR DELETE ON incident_perpetrator
      FOR EACH ROW EXECUTE FUNCTION app_insight_part_changed();
    CREATE TRIGGER measure_insight AFTER INSERT OR UPDATE OR DELETE ON measure
      FOR EACH ROW EXECUTE FUNCTION app_insight_part_changed();
    CREATE TRIGGER police_report_insight AFTER INSERT OR UPDATE OR DELETE ON police_report
      FOR EACH ROW EXECUTE FUNCTION app_insight_part_changed();
    CREATE TRIGGER damage_item_insight AFTER INSERT OR UPDATE OR DELETE ON damage_item
      FOR EACH ROW EXECUTE FUNCTION app_insight_part_changed();
    CREATE TRIGGER deadline_insight AFTER INSERT OR DELETE OR UPDATE OF incident_id, kind, state, due_at, done_at ON deadline
      FOR EACH ROW EXECUTE FUNCTION app_insight_part_changed();

    -- Roles are counted as they are now: a change of someone's roles changes the days of the
    -- incidents that affected them (rare, and earliest day first).
    CREATE FUNCTION app_insight_role_changed() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public AS $$
    DECLARE
      who uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.user_id ELSE NEW.user_id END;
      org uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.organisation_id ELSE NEW.organisation_id END;
    BEGIN
      PERFORM app_insight_mark(org, d.at) FROM (
        SELECT min(i.occurred_at) AS at FROM incident_affected f
        JOIN incident i ON i.organisation_id = f.organisation_id AND i.id = f.incident_id
        WHERE f.organisation_id = org AND f.user_id = who AND i.status <> 'draft'
        GROUP BY (i.occurred_at AT TIME ZONE 'Europe/Amsterdam')::date ORDER BY 1) d;
      RETURN NULL;
    END $$;
    CREATE TRIGGER user_role_insight AFTER INSERT OR UPDATE OR DELETE ON user_role
      FOR EACH ROW EXECUTE FUNCTION app_insight_role_changed();

    -- The refresher's queue across organisations: the oldest marked days, ids and dates only.
    CREATE FUNCTION app_insight_dirty_days(p_limit integer) RETURNS TABLE (organisation_id uuid, day date)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT organisation_id, day FROM insight_day_dirty ORDER BY marked_at, organisation_id, day LIMIT p_limit
    $$;
    REVOKE ALL ON FUNCTION app_insight_dirty_days(integer) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app_insight_dirty_days(integer) TO weerbaar_app;

    -- Every reported incident's day is counted once after this migration.
    INSERT INTO insight_day_dirty (organisation_id, day)
    SELECT DISTINCT organisation_id, (occurred_at AT TIME ZONE 'Europe/Amsterdam')::date FROM incident WHERE status <> 'draft';
  `.execute(db);
  await isolateTenantTables(db, ['insight_day_count', 'insight_day_link', 'insight_day_ban', 'insight_day_duty', 'insight_day_dirty']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER user_role_insight ON user_role;
    DROP TRIGGER deadline_insight ON deadline;
    DROP TRIGGER damage_item_insight ON damage_item;
    DROP TRIGGER police_report_insight ON police_report;
    DROP TRIGGER measure_insight ON measure;
    DROP TRIGGER incident_perpetrator_insight ON incident_perpetrator;
    DROP TRIGGER incident_affected_insight ON incident_affected;
    DROP TRIGGER incident_insight ON incident;
    DROP FUNCTION app_insight_dirty_days(integer);
    DROP FUNCTION app_insight_role_changed();
    DROP FUNCTION app_insight_part_changed();
    DROP FUNCTION app_insight_incident_changed();
    DROP FUNCTION app_insight_mark_incident(uuid, uuid);
    DROP FUNCTION app_insight_mark(uuid, timestamptz);
    DROP INDEX incident_draft_occurred;
    DROP INDEX incident_reported_occurred;
    DROP TABLE insight_day_dirty;
    DROP TABLE insight_day_duty;
    DROP TABLE insight_day_ban;
    DROP TABLE insight_day_link;
    DROP TABLE insight_day_count;
  `.execute(db);
}
