import { sql, type Kysely } from 'kysely';
import { isolateTenantTables } from '../tenant.js';

/**
 * Risk assessments before group meetings and risky conversations (issue 13 §3, seed 001
 * §3.1): the meeting or conversation with its questionnaire and level, the precautions decided
 * and owned, the visitors expected from the perpetrator register, and the incidents that
 * happened at the meeting. Links to incidents and perpetrators go when those are deleted by
 * retention (ON DELETE CASCADE): the assessment stays, the link to a removed record does not.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE risk_assessment (
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('group_meeting','conversation')),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
      starts_at timestamptz NOT NULL,
      location text CHECK (location IS NULL OR length(location) <= 300),
      chair text CHECK (chair IS NULL OR length(chair) <= 200),
      host_id uuid,
      topic text CHECK (topic IS NULL OR length(topic) <= 500),
      sensitivity text CHECK (sensitivity IN ('low','medium','high')),
      expected_attendance integer CHECK (expected_attendance >= 0),
      access text CHECK (access IN ('public','invitation')),
      earlier_incidents boolean,
      livestream boolean,
      level text CHECK (level IN ('low','elevated','high')),
      assessed_at timestamptz,
      assessed_by uuid,
      evaluation text CHECK (evaluation IS NULL OR length(evaluation) <= 5000),
      evaluated_at timestamptz,
      evaluated_by uuid,
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, host_id) REFERENCES app_user(organisation_id, id),
      FOREIGN KEY (organisation_id, assessed_by) REFERENCES app_user(organisation_id, id),
      FOREIGN KEY (organisation_id, evaluated_by) REFERENCES app_user(organisation_id, id),
      FOREIGN KEY (organisation_id, created_by) REFERENCES app_user(organisation_id, id),
      CHECK ((kind = 'conversation') = (host_id IS NOT NULL)),
      CHECK ((level IS NULL) = (assessed_at IS NULL))
    );
    CREATE INDEX risk_assessment_start ON risk_assessment (organisation_id, starts_at);
    CREATE INDEX risk_assessment_host ON risk_assessment (organisation_id, host_id, starts_at) WHERE host_id IS NOT NULL;

    CREATE TABLE risk_precaution (
      organisation_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      assessment_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('fitting_location','security_staff','second_person','police_informed',
        'entrance_control','exit_route','guard_standby','intervention_team','secured_room')),
      suggested boolean NOT NULL,
      decision text NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending','taken','declined')),
      owner_id uuid,
      note text CHECK (note IS NULL OR length(note) <= 2000),
      decided_by uuid,
      decided_at timestamptz,
      done_by uuid,
      done_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      PRIMARY KEY (organisation_id, id),
      UNIQUE (organisation_id, assessment_id, kind),
      FOREIGN KEY (organisation_id, assessment_id) REFERENCES risk_assessment(organisation_id, id) ON DELETE CASCADE,
      FOREIGN KEY (organisation_id, owner_id) REFERENCES app_user(organisation_id, id),
      FOREIGN KEY (organisation_id, decided_by) REFERENCES app_user(organisation_id, id),
      FOREIGN KEY (organisation_id, done_by) REFERENCES app_user(organisation_id, id),
      CHECK (decision <> 'taken' OR owner_id IS NOT NULL),
      CHECK (done_at IS NULL OR decision = 'taken')
    );
    CREATE INDEX risk_precaution_assessment ON risk_precaution (organisation_id, assessment_id, created_at);

    CREATE TABLE risk_assessment_perpetrator (
      organisation_id uuid NOT NULL,
      assessment_id uuid NOT NULL,
      perpetrator_id uuid NOT NULL,
      PRIMARY KEY (organisation_id, assessment_id, perpetrator_id),
      FOREIGN KEY (organisation_id, assessment_id) REFERENCES risk_assessment(organisation_id, id) ON DELETE CASCADE,
      FOREIGN KEY (organisation_id, perpetrator_id) REFERENCES perpetrator(organisation_id, id) ON DELETE CASCADE
    );

    CREATE TABLE risk_assessment_incident (
      organisation_id uuid NOT NULL,
      assessment_id uuid NOT NULL,
      incident_id uuid NOT NULL,
      linked_by uuid NOT NULL,
      linked_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, assessment_id, incident_id),
      FOREIGN KEY (organisation_id, assessment_id) REFERENCES risk_assessment(organisation_id, id) ON DELETE CASCADE,
      FOREIGN KEY (organisation_id, incident_id) REFERENCES incident(organisation_id, id) ON DELETE CASCADE,
      FOREIGN KEY (organisation_id, linked_by) REFERENCES app_user(organisation_id, id)
    );
  `.execute(db);
  await isolateTenantTables(db, ['risk_assessment', 'risk_precaution', 'risk_assessment_perpetrator', 'risk_assessment_incident']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE risk_assessment_incident;
    DROP TABLE risk_assessment_perpetrator;
    DROP TABLE risk_precaution;
    DROP TABLE risk_assessment;
  `.execute(db);
}
