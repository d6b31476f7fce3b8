import { sql, type Kysely } from 'kysely';

/**
 * Retention (issue 11 §1) deletes an incident or a perpetrator record at the end of its term;
 * the council-meeting disruption log (migration 0017) pointed at both and refused every change,
 * so the run reported them as blocked and they stayed forever. The log of what happened at a
 * meeting stays; its link to a removed incident goes (ON DELETE CASCADE) and its reference to a
 * removed perpetrator record becomes empty (SET NULL on that column only). The append-only
 * trigger lets exactly these two changes through, and only once the record is really gone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE disruption_incident DROP CONSTRAINT disruption_incident_organisation_id_incident_id_fkey;
    ALTER TABLE disruption_incident ADD CONSTRAINT disruption_incident_organisation_id_incident_id_fkey
      FOREIGN KEY (organisation_id, incident_id) REFERENCES incident(organisation_id, id) ON DELETE CASCADE;
    ALTER TABLE disruption DROP CONSTRAINT disruption_organisation_id_perpetrator_id_fkey;
    ALTER TABLE disruption ADD CONSTRAINT disruption_organisation_id_perpetrator_id_fkey
      FOREIGN KEY (organisation_id, perpetrator_id) REFERENCES perpetrator(organisation_id, id) ON DELETE SET NULL (perpetrator_id);

    CREATE OR REPLACE FUNCTION app_refuse_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- The incident made from the log was deleted by retention: its link goes with it.
      IF TG_TABLE_NAME = 'disruption_incident' AND TG_OP = 'DELETE' THEN
        IF NOT EXISTS (SELECT 1 FROM incident i WHERE i.organisation_id = OLD.organisation_id AND i.id = OLD.incident_id) THEN
          RETURN OLD;
        END IF;
      END IF;
      -- The perpetrator record was deleted: the disruption keeps its description, not the reference.
      IF TG_TABLE_NAME = 'disruption' AND TG_OP = 'UPDATE' THEN
        IF NEW.perpetrator_id IS NULL AND OLD.perpetrator_id IS NOT NULL
           AND (to_jsonb(NEW) - 'perpetrator_id') = (to_jsonb(OLD) - 'perpetrator_id')
           AND NOT EXISTS (SELECT 1 FROM perpetrator p WHERE p.organisation_id = OLD.organisation_id AND p.id = OLD.perpetrator_id) THEN
          RETURN NEW;
        END IF;
      END IF;
      RAISE EXCEPTION 'the disruption log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
    END $$;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION app_refuse_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'the disruption log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
    END $$;
    ALTER TABLE disruption DROP CONSTRAINT disruption_organisation_id_perpetrator_id_fkey;
    ALTER TABLE disruption ADD CONSTRAINT disruption_organisation_id_perpetrator_id_fkey
      FOREIGN KEY (organisation_id, perpetrator_id) REFERENCES perpetrator(organisation_id, id);
    ALTER TABLE disruption_incident DROP CONSTRAINT disruption_incident_organisation_id_incident_id_fkey;
    ALTER TABLE disruption_incident ADD CONSTRAINT disruption_incident_organisation_id_incident_id_fkey
      FOREIGN KEY (organisation_id, incident_id) REFERENCES incident(organisation_id, id);
  `.execute(db);
}
