import { sql, type Kysely } from 'kysely';
import { isolateTenantTables } from '../tenant.js';

/**
 * Reporting: incidents, who they affect, who may see them (the access table every list,
 * search and count goes through), the timeline, online messages, evidence, routing rules,
 * consultations, the in-app inbox and the mail outbox.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE app_user ADD COLUMN manager_id uuid;
    ALTER TABLE app_user ADD FOREIGN KEY (organisation_id, manager_id) REFERENCES app_user(organisation_id, id);
    ALTER TABLE organisation ADD COLUMN always_inform_roles text[] NOT NULL DEFAULT '{security_adviser}';

    CREATE TABLE organisation_counter (
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      name text NOT NULL,
      value integer NOT NULL DEFAULT 0,
      PRIMARY KEY (organisation_id, name)
    );

    CREATE TABLE incident (
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      number integer NOT NULL,
      status text NOT NULL CHECK (status IN ('draft','reported','in_progress','closed')),
      level text NOT NULL CHECK (level IN ('emotional','verbal_aggression','threat','physical_violence')),
      channel text NOT NULL CHECK (channel IN ('face_to_face','writing','phone','email','social_media','meeting')),
      behaviours text[] NOT NULL DEFAULT '{}',
      occurred_at timestamptz NOT NULL,
      occurred_until timestamptz,
      place text,
      description text NOT NULL,
      targets text[] NOT NULL DEFAULT '{self}',
      perpetrator_kind text CHECK (perpetrator_kind IN ('person','collective','organisation')),
      perpetrator_name text,
      perpetrator_details text,
      witnesses text,
      injury_physical boolean NOT NULL DEFAULT false,
      injury_mental boolean NOT NULL DEFAULT false,
      injury_hospital boolean NOT NULL DEFAULT false,
      injury_lasting_harm boolean NOT NULL DEFAULT false,
      injury_death boolean NOT NULL DEFAULT false,
      damage text,
      online_platform text,
      online_account text,
      online_norm_stated boolean,
      online_platform_notified boolean,
      reporter_id uuid NOT NULL,
      on_behalf_of_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      reported_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz,
      PRIMARY KEY (organisation_id, id),
      UNIQUE (organisation_id, number),
      CHECK (occurred_until IS NULL OR occurred_until >= occurred_at),
      FOREIGN KEY (organisation_id, reporter_id) REFERENCES app_user(organisation_id, id),
      FOREIGN KEY (organisation_id, on_behalf_of_id) REFERENCES app_user(organisation_id, id)
    );

    CREATE TABLE incident_affected (
      organisation_id uuid NOT NULL,
      incident_id uuid NOT NULL,
      user_id uuid NOT NULL,
      PRIMARY KEY (organisation_id, incident_id, user_id),
      FOREIGN KEY (organisation_id, incident_id) REFERENCES incident(organisation_id, id),
      FOREIGN KEY (organisation_id, user_id) REFERENCES app_user(organisation_id, id)
    );

    -- Who may see which incident. occurred_at is copied here so a person's list is one
    -- ordered index scan, however many incidents the organisation has.
    CREATE TABLE incident_access (
      organisation_id uuid NOT NULL,
      incident_id uuid NOT NULL,
      user_id uuid NOT NULL,
      reason text NOT NULL CHECK (reason IN ('reporter','affected','routed','always_inform','granted')),
      granted_by uuid,
      granted_at timestamptz NOT NULL DEFAULT now(),
      occurred_at timestamptz NOT NULL,
      PRIMARY KEY (organisation_id, incident_id, user_id),
      FOREIGN KEY (organisation_id, incident_id) REFERENCES incident(organisation_id, id),
      FOREIGN KEY (organisation_id, user_id) REFERENCES app_user(organisation_id, id)
    );
    CREATE INDEX incident_access_list ON incident_access (organisation_id, user_id, occurred_at DESC, incident_id DESC);

    CREATE TABLE incident_event (
      organisation_id uuid NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      incident_id uuid NOT NULL,
      at timestamptz NOT NULL DEFAULT clock_timestamp(),
      actor_id uuid,
      kind text NOT NULL,
      detail jsonb NOT NULL DEFAULT '{}',
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, incident_id) REFERENCES incident(organisation_id, id)
    );
    CREATE INDEX incident_event_incident ON incident_event (organisation_id, incident_id, id);

    CREATE TABLE online_message (
      organisation_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      incident_id uuid NOT NULL,
      sent_at timestamptz NOT NULL,
      account text,
      url text,
      content text,
      added_by uuid NOT NULL,
      added_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, incident_id) REFERENCES incident(organisation_id, id)
    );
    CREATE INDEX online_message_incident ON online_message (organisation_id, incident_id, sent_at);

    CREATE TABLE evidence_file (
      organisation_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      incident_id uuid NOT NULL,
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      size_bytes integer NOT NULL,
      media_type text NOT NULL,
      file_name text NOT NULL,
      uploaded_by uuid NOT NULL,
      uploaded_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, incident_id) REFERENCES incident(organisation_id, id)
    );
    CREATE INDEX evidence_file_incident ON evidence_file (organisation_id, incident_id);

    CREATE TABLE routing_rule (
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      position integer NOT NULL,
      affected_role text NOT NULL,
      inform_roles text[] NOT NULL DEFAULT '{}',
      inform_manager boolean NOT NULL DEFAULT false,
      PRIMARY KEY (organisation_id, id)
    );

    CREATE TABLE consultation (
      organisation_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      asker_id uuid NOT NULL,
      question text NOT NULL,
      status text NOT NULL CHECK (status IN ('open','answered','converted','closed')),
      incident_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, asker_id) REFERENCES app_user(organisation_id, id),
      FOREIGN KEY (organisation_id, incident_id) REFERENCES incident(organisation_id, id)
    );
    CREATE TABLE consultation_participant (
      organisation_id uuid NOT NULL,
      consultation_id uuid NOT NULL,
      user_id uuid NOT NULL,
      PRIMARY KEY (organisation_id, consultation_id, user_id),
      FOREIGN KEY (organisation_id, consultation_id) REFERENCES consultation(organisation_id, id)
    );
    CREATE INDEX consultation_participant_user ON consultation_participant (organisation_id, user_id);
    CREATE TABLE consultation_message (
      organisation_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      consultation_id uuid NOT NULL,
      author_id uuid NOT NULL,
      body text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, consultation_id) REFERENCES consultation(organisation_id, id)
    );

    CREATE TABLE notification (
      organisation_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL,
      kind text NOT NULL,
      incident_id uuid,
      consultation_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz,
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, user_id) REFERENCES app_user(organisation_id, id)
    );
    CREATE INDEX notification_user ON notification (organisation_id, user_id, created_at DESC);

    -- Mails written in the same transaction as the change; a worker delivers them.
    CREATE TABLE outbox_mail (
      organisation_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL,
      to_address text NOT NULL,
      subject text NOT NULL,
      body text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, id)
    );
    CREATE INDEX outbox_mail_due ON outbox_mail (next_attempt_at) WHERE status = 'pending';
  `.execute(db);

  const tenantTables = [
    'organisation_counter',
    'incident',
    'incident_affected',
    'incident_access',
    'incident_event',
    'online_message',
    'evidence_file',
    'routing_rule',
    'consultation',
    'consultation_participant',
    'consultation_message',
    'notification',
    'outbox_mail',
  ];
  await isolateTenantTables(db, tenantTables);
  // The timeline is history: it grows, it is never rewritten.
  await sql`REVOKE UPDATE, DELETE ON incident_event FROM weerbaar_app`.execute(db);

  // The mail worker serves every organisation; it takes due rows across them, ids only.
  await sql`
    CREATE FUNCTION app_due_mail(p_limit integer) RETURNS TABLE (organisation_id uuid, id uuid)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      SELECT organisation_id, id FROM outbox_mail
      WHERE status = 'pending' AND next_attempt_at <= now()
      ORDER BY next_attempt_at LIMIT p_limit
      FOR UPDATE SKIP LOCKED
    $$;
    REVOKE ALL ON FUNCTION app_due_mail FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app_due_mail TO weerbaar_app;
  `.execute(db);
}
