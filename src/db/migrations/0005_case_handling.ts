import { sql, type Kysely } from 'kysely';
import { isolateTenantTables } from '../tenant.js';

/**
 * Handling the case (PRODUCT.md §3–§5): the perpetrator register, measures and their
 * letters, consent and the police report, damages, and the escalation duties.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // pg_trgm is a trusted extension: the database owner may create it.
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  await sql`
    CREATE TABLE perpetrator (
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('person','collective','organisation')),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
      aliases text[] NOT NULL DEFAULT '{}',
      date_of_birth date,
      address text,
      emails text[] NOT NULL DEFAULT '{}',
      phones text[] NOT NULL DEFAULT '{}',
      social_accounts text[] NOT NULL DEFAULT '{}',
      notes text,
      merged_into uuid,
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, id)
    );
    CREATE INDEX perpetrator_name_trgm ON perpetrator USING gin (name gin_trgm_ops);
    CREATE INDEX perpetrator_emails ON perpetrator USING gin (emails);
    CREATE INDEX perpetrator_phones ON perpetrator USING gin (phones);
    CREATE INDEX perpetrator_accounts ON perpetrator USING gin (social_accounts);

    CREATE TABLE incident_perpetrator (
      organisation_id uuid NOT NULL,
      incident_id uuid NOT NULL,
      perpetrator_id uuid NOT NULL,
      linked_by uuid NOT NULL,
      linked_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, incident_id, perpetrator_id),
      FOREIGN KEY (organisation_id, incident_id) REFERENCES incident(organisation_id, id),
      FOREIGN KEY (organisation_id, perpetrator_id) REFERENCES perpetrator(organisation_id, id)
    );
    CREATE INDEX incident_perpetrator_by_perpetrator ON incident_perpetrator (organisation_id, perpetrator_id);

    CREATE TABLE measure (
      organisation_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      incident_id uuid NOT NULL,
      perpetrator_id uuid,
      kind text NOT NULL CHECK (kind IN ('oral_warning','written_warning','service_restriction','ban','stop_conversation','police_notice','police_report','other')),
      state text NOT NULL DEFAULT 'proposed' CHECK (state IN ('proposed','decided','rejected','carried_out','ended')),
      details text,
      advice text,
      reasons text NOT NULL,
      starts_on date,
      ends_on date,
      hearing text CHECK (hearing IN ('heard','not_possible')),
      hearing_statement text,
      proposed_by uuid NOT NULL,
      proposed_at timestamptz NOT NULL DEFAULT now(),
      decided_by uuid,
      decided_at timestamptz,
      decision_note text,
      carried_out_at timestamptz,
      ended_at timestamptz,
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, incident_id) REFERENCES incident(organisation_id, id),
      FOREIGN KEY (organisation_id, perpetrator_id) REFERENCES perpetrator(organisation_id, id),
      CHECK (kind <> 'ban' OR (starts_on IS NOT NULL AND ends_on IS NOT NULL AND ends_on >= starts_on))
    );
    CREATE INDEX measure_incident ON measure (organisation_id, incident_id);
    CREATE INDEX measure_perpetrator ON measure (organisation_id, perpetrator_id);

    CREATE TABLE letter_template (
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      kind text NOT NULL CHECK (kind IN ('written_warning','ban_decision')),
      subject text NOT NULL,
      body text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, kind)
    );

    CREATE TABLE letter (
      organisation_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      incident_id uuid NOT NULL,
      measure_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('written_warning','ban_decision')),
      format text NOT NULL CHECK (format IN ('docx','pdf')),
      sha256 text NOT NULL,
      size_bytes integer NOT NULL,
      file_name text NOT NULL,
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, measure_id) REFERENCES measure(organisation_id, id)
    );

    CREATE TABLE police_consent (
      organisation_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      incident_id uuid NOT NULL,
      affected_user_id uuid NOT NULL,
      given boolean NOT NULL,
      how text NOT NULL,
      given_at timestamptz NOT NULL,
      -- Whether the affected person agrees that others (council, colleagues) hear of the report.
      share_beyond_handlers boolean NOT NULL DEFAULT false,
      recorded_by uuid NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, incident_id) REFERENCES incident(organisation_id, id)
    );

    CREATE TABLE police_report (
      organisation_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      incident_id uuid NOT NULL,
      consent_id uuid NOT NULL,
      filed_on date NOT NULL,
      filed_by uuid NOT NULL,
      registration_number text,
      ela_applied boolean NOT NULL DEFAULT false,
      organisation_address_used boolean NOT NULL DEFAULT false,
      vpt_requested boolean NOT NULL DEFAULT false,
      vpt_confirmed boolean NOT NULL DEFAULT false,
      prosecution_status text CHECK (prosecution_status IN ('pending','dismissed','settled_by_prosecution','court_judgement','other')),
      outcome text,
      feedback_affected_on date,
      feedback_council_on date,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, incident_id) REFERENCES incident(organisation_id, id),
      FOREIGN KEY (organisation_id, consent_id) REFERENCES police_consent(organisation_id, id)
    );

    CREATE TABLE damage_item (
      organisation_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      incident_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('material','immaterial')),
      description text NOT NULL,
      amount_cents integer NOT NULL CHECK (amount_cents >= 0),
      reimbursed_on date,
      claimed_on date,
      paid_on date,
      paid_cents integer CHECK (paid_cents >= 0),
      written_off_on date,
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, incident_id) REFERENCES incident(organisation_id, id)
    );

    CREATE TABLE escalation (
      organisation_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      incident_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('labour_inspectorate','kings_commissioner')),
      done_at timestamptz,
      how text,
      reference text,
      done_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, id),
      UNIQUE (organisation_id, incident_id, kind),
      FOREIGN KEY (organisation_id, incident_id) REFERENCES incident(organisation_id, id)
    );

    CREATE TABLE triangle_item (
      organisation_id uuid NOT NULL,
      incident_id uuid NOT NULL,
      meeting_on date,
      note text,
      marked_by uuid NOT NULL,
      marked_at timestamptz NOT NULL DEFAULT now(),
      discussed_on date,
      PRIMARY KEY (organisation_id, incident_id),
      FOREIGN KEY (organisation_id, incident_id) REFERENCES incident(organisation_id, id)
    );

    -- Security measures are never shown in exports, council reports or anything for the press.
    CREATE TABLE security_measure (
      organisation_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      incident_id uuid NOT NULL,
      description text NOT NULL,
      advised_by text NOT NULL CHECK (advised_by IN ('police','prosecution','other')),
      own_cost_cents integer NOT NULL DEFAULT 0 CHECK (own_cost_cents >= 0),
      organisation_cost_cents integer NOT NULL DEFAULT 0 CHECK (organisation_cost_cents >= 0),
      safety_net_requested_on date,
      safety_net_cents integer CHECK (safety_net_cents >= 0),
      safety_net_status text CHECK (safety_net_status IN ('requested','granted','refused')),
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, incident_id) REFERENCES incident(organisation_id, id)
    );
  `.execute(db);

  const tables = [
    'perpetrator',
    'incident_perpetrator',
    'measure',
    'letter_template',
    'letter',
    'police_consent',
    'police_report',
    'damage_item',
    'escalation',
    'triangle_item',
    'security_measure',
  ];
  await isolateTenantTables(db, tables);
}
