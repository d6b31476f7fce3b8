import { sql, type Kysely } from 'kysely';
import { isolateTenantTables } from '../tenant.js';
import { DEFAULT_CONTACTS } from '../../domain/aftercare/default-contacts.js';

/**
 * The deadline engine (one row per duty with a due moment) and aftercare: three
 * conversations per affected person, caregivers by role, private notes, referrals, and the
 * organisation's directory of external help.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE organisation
      ADD COLUMN aftercare_first_hours integer NOT NULL DEFAULT 24 CHECK (aftercare_first_hours BETWEEN 1 AND 720),
      ADD COLUMN aftercare_second_hours integer NOT NULL DEFAULT 72 CHECK (aftercare_second_hours BETWEEN 1 AND 2160),
      ADD COLUMN aftercare_third_from_days integer NOT NULL DEFAULT 28 CHECK (aftercare_third_from_days BETWEEN 1 AND 180),
      ADD COLUMN aftercare_third_until_days integer NOT NULL DEFAULT 42 CHECK (aftercare_third_until_days BETWEEN 1 AND 180);

    ALTER TABLE incident_access DROP CONSTRAINT incident_access_reason_check;
    ALTER TABLE incident_access ADD CONSTRAINT incident_access_reason_check
      CHECK (reason IN ('reporter','affected','routed','always_inform','granted','caregiver'));

    CREATE TABLE caregiver_rule (
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      position integer NOT NULL,
      affected_role text NOT NULL,
      caregiver_roles text[] NOT NULL DEFAULT '{}',
      caregiver_manager boolean NOT NULL DEFAULT false,
      PRIMARY KEY (organisation_id, position)
    );

    CREATE TABLE aftercare_conversation (
      organisation_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      incident_id uuid NOT NULL,
      affected_user_id uuid NOT NULL,
      number integer NOT NULL CHECK (number BETWEEN 1 AND 3),
      state text NOT NULL DEFAULT 'planned' CHECK (state IN ('planned','offered','accepted','declined','held')),
      caregiver_ids uuid[] NOT NULL,
      offered_at timestamptz,
      responded_at timestamptz,
      held_at timestamptz,
      held_by uuid,
      notes text,
      stalled_recovery boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, id),
      UNIQUE (organisation_id, incident_id, affected_user_id, number),
      FOREIGN KEY (organisation_id, incident_id) REFERENCES incident(organisation_id, id),
      FOREIGN KEY (organisation_id, affected_user_id) REFERENCES app_user(organisation_id, id)
    );

    CREATE TABLE contact (
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      position integer NOT NULL DEFAULT 0,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      description text NOT NULL DEFAULT '',
      phone text,
      phone_out_of_hours text,
      url text,
      available text,
      active boolean NOT NULL DEFAULT true,
      PRIMARY KEY (organisation_id, id)
    );

    CREATE TABLE referral (
      organisation_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      incident_id uuid NOT NULL,
      affected_user_id uuid NOT NULL,
      conversation_id uuid,
      contact_id uuid NOT NULL,
      note text,
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, incident_id) REFERENCES incident(organisation_id, id),
      FOREIGN KEY (organisation_id, contact_id) REFERENCES contact(organisation_id, id)
    );

    CREATE TABLE deadline (
      organisation_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      incident_id uuid NOT NULL,
      kind text NOT NULL,
      -- The record the duty is about, e.g. the aftercare conversation.
      subject_id uuid,
      owner_ids uuid[] NOT NULL,
      not_before timestamptz,
      due_at timestamptz NOT NULL,
      remind_at timestamptz NOT NULL,
      state text NOT NULL DEFAULT 'open' CHECK (state IN ('open','done','overdue','cancelled')),
      reminder_sent_at timestamptz,
      overdue_sent_at timestamptz,
      done_at timestamptz,
      done_by uuid,
      cancelled_at timestamptz,
      cancelled_by uuid,
      cancel_reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, incident_id) REFERENCES incident(organisation_id, id),
      CHECK (state <> 'cancelled' OR cancel_reason IS NOT NULL)
    );
    CREATE INDEX deadline_incident ON deadline (organisation_id, incident_id, due_at);
    CREATE INDEX deadline_owner ON deadline USING gin (owner_ids);
    CREATE INDEX deadline_watch ON deadline (remind_at) WHERE state = 'open';
  `.execute(db);

  await isolateTenantTables(db, ['caregiver_rule', 'aftercare_conversation', 'contact', 'referral', 'deadline']);

  // The deadline watcher serves every organisation: it locks the rows that need a reminder
  // or have passed their due time, until the caller's transaction ends (SKIP LOCKED).
  await sql`
    CREATE FUNCTION app_due_deadlines(p_now timestamptz, p_limit integer) RETURNS TABLE (organisation_id uuid, id uuid)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      SELECT organisation_id, id FROM deadline
      WHERE state = 'open' AND ((remind_at <= p_now AND reminder_sent_at IS NULL) OR due_at <= p_now)
      ORDER BY remind_at LIMIT p_limit
      FOR UPDATE SKIP LOCKED
    $$;
    REVOKE ALL ON FUNCTION app_due_deadlines FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app_due_deadlines TO weerbaar_app;
  `.execute(db);

  // Every organisation starts with the help contacts from the source documents.
  const orgs = await sql<{ id: string }>`SELECT id FROM organisation`.execute(db);
  for (const org of orgs.rows) {
    for (const [position, c] of DEFAULT_CONTACTS.entries()) {
      await sql`INSERT INTO contact (organisation_id, position, name, description, phone, phone_out_of_hours, url, available)
        VALUES (${org.id}, ${position}, ${c.name}, ${c.description}, ${c.phone ?? null}, ${c.phoneOutOfHours ?? null}, ${c.url ?? null}, ${c.available ?? null})`.execute(
        db,
      );
    }
  }
}
