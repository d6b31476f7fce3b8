import { sql, type Kysely } from 'kysely';
import { isolateTenantTables } from '../tenant.js';

/**
 * Dialogue and training (issue 13 §4, seed 001 §3.2) and the yearly protocol evaluation
 * (issue 13 §5): the council terms (their start date makes the start-of-term session due),
 * the sessions with whom they invited and who attended, the incidents a casuistry session
 * discussed (links only; the session shows them anonymised, and a link goes when retention
 * deletes its incident), the organisation's protocol as numbered versions, and one
 * evaluation per year.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE council_term (
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      starts_on date NOT NULL,
      recorded_by uuid NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, id),
      UNIQUE (organisation_id, starts_on),
      FOREIGN KEY (organisation_id, recorded_by) REFERENCES app_user(organisation_id, id)
    );

    CREATE TABLE training_session (
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('term_start','casuistry','training')),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
      planned_on date NOT NULL,
      location text CHECK (location IS NULL OR length(location) <= 300),
      topics text[] NOT NULL DEFAULT '{}',
      description text CHECK (description IS NULL OR length(description) <= 5000),
      provider text CHECK (provider IS NULL OR length(provider) <= 300),
      with_officials boolean NOT NULL DEFAULT false,
      term_id uuid,
      held_at timestamptz,
      held_by uuid,
      agreements text CHECK (agreements IS NULL OR length(agreements) <= 10000),
      adjust_protocol boolean NOT NULL DEFAULT false,
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, term_id) REFERENCES council_term(organisation_id, id),
      FOREIGN KEY (organisation_id, held_by) REFERENCES app_user(organisation_id, id),
      FOREIGN KEY (organisation_id, created_by) REFERENCES app_user(organisation_id, id),
      CHECK ((held_at IS NULL) = (held_by IS NULL))
    );
    CREATE INDEX training_session_planned ON training_session (organisation_id, planned_on DESC);

    CREATE TABLE training_invitee (
      organisation_id uuid NOT NULL,
      session_id uuid NOT NULL,
      user_id uuid NOT NULL,
      attended boolean,
      PRIMARY KEY (organisation_id, session_id, user_id),
      FOREIGN KEY (organisation_id, session_id) REFERENCES training_session(organisation_id, id) ON DELETE CASCADE,
      FOREIGN KEY (organisation_id, user_id) REFERENCES app_user(organisation_id, id)
    );
    CREATE INDEX training_invitee_user ON training_invitee (organisation_id, user_id);

    CREATE TABLE training_session_incident (
      organisation_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      session_id uuid NOT NULL,
      incident_id uuid NOT NULL,
      linked_by uuid NOT NULL,
      linked_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      PRIMARY KEY (organisation_id, id),
      UNIQUE (organisation_id, session_id, incident_id),
      FOREIGN KEY (organisation_id, session_id) REFERENCES training_session(organisation_id, id) ON DELETE CASCADE,
      FOREIGN KEY (organisation_id, incident_id) REFERENCES incident(organisation_id, id) ON DELETE CASCADE,
      FOREIGN KEY (organisation_id, linked_by) REFERENCES app_user(organisation_id, id)
    );

    CREATE TABLE protocol_version (
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      version integer NOT NULL CHECK (version >= 1),
      summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 2000),
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 100000),
      changes text NOT NULL CHECK (length(changes) BETWEEN 1 AND 5000),
      decided_on date NOT NULL,
      decided_by text NOT NULL CHECK (length(decided_by) BETWEEN 1 AND 300),
      recorded_by uuid NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      PRIMARY KEY (organisation_id, id),
      UNIQUE (organisation_id, version),
      FOREIGN KEY (organisation_id, recorded_by) REFERENCES app_user(organisation_id, id)
    );

    CREATE TABLE protocol_evaluation (
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      year integer NOT NULL CHECK (year BETWEEN 2000 AND 2200),
      conclusions text CHECK (conclusions IS NULL OR length(conclusions) <= 10000),
      decided_changes text CHECK (decided_changes IS NULL OR length(decided_changes) <= 10000),
      decided_by text CHECK (decided_by IS NULL OR length(decided_by) <= 300),
      figures jsonb,
      adopted_at timestamptz,
      adopted_by uuid,
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, id),
      UNIQUE (organisation_id, year),
      FOREIGN KEY (organisation_id, adopted_by) REFERENCES app_user(organisation_id, id),
      FOREIGN KEY (organisation_id, created_by) REFERENCES app_user(organisation_id, id),
      CHECK ((adopted_at IS NULL) = (adopted_by IS NULL))
    );
  `.execute(db);
  await isolateTenantTables(db, [
    'council_term',
    'training_session',
    'training_invitee',
    'training_session_incident',
    'protocol_version',
    'protocol_evaluation',
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE protocol_evaluation;
    DROP TABLE protocol_version;
    DROP TABLE training_session_incident;
    DROP TABLE training_invitee;
    DROP TABLE training_session;
    DROP TABLE council_term;
  `.execute(db);
}
