import { sql, type Kysely } from 'kysely';
import { isolateTenantTables } from '../tenant.js';

/**
 * The council-meeting disruption log (issue 13 §2, seed 001 §4): a meeting, its disruptions
 * and the timed entries the clerk logs during it. Entries are a record of what happened:
 * nothing is changed or removed once logged (a trigger refuses it, for every role, owners
 * too); a correction is a new entry that names the entry it corrects. The incident made
 * from a disruption is linked once, in a table of its own, so the log stays append-only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE meeting (
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
      date date NOT NULL,
      chair text NOT NULL CHECK (length(chair) BETWEEN 1 AND 200),
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, created_by) REFERENCES app_user(organisation_id, id)
    );
    CREATE INDEX meeting_date ON meeting (organisation_id, date DESC, created_at DESC);

    CREATE TABLE disruption (
      organisation_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      meeting_id uuid NOT NULL,
      description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
      perpetrator_id uuid,
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, meeting_id) REFERENCES meeting(organisation_id, id),
      FOREIGN KEY (organisation_id, perpetrator_id) REFERENCES perpetrator(organisation_id, id),
      FOREIGN KEY (organisation_id, created_by) REFERENCES app_user(organisation_id, id)
    );
    CREATE INDEX disruption_meeting ON disruption (organisation_id, meeting_id, created_at);

    CREATE TABLE disruption_entry (
      organisation_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      seq bigint GENERATED ALWAYS AS IDENTITY,
      disruption_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('suspended','order_to_leave','stream_stopped','police_called',
        'police_arrived','left','resumed','correction','report_decision')),
      at timestamptz NOT NULL,
      order_number integer CHECK (order_number IS NULL OR order_number >= 1),
      corrects_id uuid,
      note text CHECK (note IS NULL OR length(note) <= 2000),
      report boolean,
      logged_by uuid NOT NULL,
      logged_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, disruption_id) REFERENCES disruption(organisation_id, id),
      FOREIGN KEY (organisation_id, corrects_id) REFERENCES disruption_entry(organisation_id, id),
      FOREIGN KEY (organisation_id, logged_by) REFERENCES app_user(organisation_id, id),
      CHECK ((kind = 'order_to_leave') = (order_number IS NOT NULL)),
      CHECK (kind <> 'correction' OR corrects_id IS NOT NULL),
      CHECK ((kind = 'report_decision') = (report IS NOT NULL))
    );
    CREATE INDEX disruption_entry_log ON disruption_entry (organisation_id, disruption_id, seq);

    CREATE TABLE disruption_incident (
      organisation_id uuid NOT NULL,
      disruption_id uuid NOT NULL,
      incident_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, disruption_id),
      FOREIGN KEY (organisation_id, disruption_id) REFERENCES disruption(organisation_id, id),
      FOREIGN KEY (organisation_id, incident_id) REFERENCES incident(organisation_id, id)
    );

    CREATE FUNCTION app_refuse_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'the disruption log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER disruption_entry_append_only BEFORE UPDATE OR DELETE ON disruption_entry
      FOR EACH ROW EXECUTE FUNCTION app_refuse_log_change();
    CREATE TRIGGER disruption_append_only BEFORE UPDATE OR DELETE ON disruption
      FOR EACH ROW EXECUTE FUNCTION app_refuse_log_change();
    CREATE TRIGGER disruption_incident_append_only BEFORE UPDATE OR DELETE ON disruption_incident
      FOR EACH ROW EXECUTE FUNCTION app_refuse_log_change();
  `.execute(db);
  await isolateTenantTables(db, ['meeting', 'disruption', 'disruption_entry', 'disruption_incident']);
  // UPDATE stays granted on disruption only because SELECT … FOR UPDATE (the lock while an entry
  // is added) needs it; the trigger refuses every actual change.
  await sql`
    REVOKE UPDATE, DELETE ON disruption_entry, disruption_incident FROM weerbaar_app;
    REVOKE DELETE ON disruption FROM weerbaar_app;
  `.execute(db);
}
