import { sql, type Kysely } from 'kysely';
import { isolateTenantTables } from '../tenant.js';

/**
 * Accountability (issue 11 §3): the yearly access review (BIO) and what the audit viewer
 * searches by. A review covers the year before it was started: one line per person and role
 * held then, each confirmed or revoked by an administrator; the review is an organisation
 * deadline, and completing it plans the next year's. The audit trail gets indexes for the
 * viewer's questions — by person and by object — without changing a row of it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE access_review (
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      year integer NOT NULL CHECK (year BETWEEN 2000 AND 2200),
      due_at timestamptz NOT NULL,
      period_from timestamptz,
      period_to timestamptz,
      started_at timestamptz,
      started_by uuid,
      completed_at timestamptz,
      completed_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, id),
      UNIQUE (organisation_id, year),
      FOREIGN KEY (organisation_id, started_by) REFERENCES app_user(organisation_id, id),
      FOREIGN KEY (organisation_id, completed_by) REFERENCES app_user(organisation_id, id),
      CHECK ((started_at IS NULL) = (period_from IS NULL) AND (started_at IS NULL) = (period_to IS NULL)),
      CHECK (completed_at IS NULL OR started_at IS NOT NULL)
    );

    CREATE TABLE access_review_line (
      organisation_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      review_id uuid NOT NULL,
      user_id uuid NOT NULL,
      role text NOT NULL,
      decision text NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending','confirmed','revoked')),
      decided_by uuid,
      decided_at timestamptz,
      PRIMARY KEY (organisation_id, id),
      UNIQUE (organisation_id, review_id, user_id, role),
      FOREIGN KEY (organisation_id, review_id) REFERENCES access_review(organisation_id, id),
      FOREIGN KEY (organisation_id, user_id) REFERENCES app_user(organisation_id, id),
      FOREIGN KEY (organisation_id, decided_by) REFERENCES app_user(organisation_id, id),
      CHECK ((decision = 'pending') = (decided_at IS NULL) AND (decided_at IS NULL) = (decided_by IS NULL))
    );
    CREATE INDEX access_review_line_review ON access_review_line (organisation_id, review_id);

    CREATE INDEX audit_event_actor ON audit_event (organisation_id, actor_user_id, occurred_at);
    CREATE INDEX audit_event_object ON audit_event (organisation_id, object_type, object_id);
    CREATE INDEX audit_event_action ON audit_event (organisation_id, action, seq);
  `.execute(db);
  await isolateTenantTables(db, ['access_review', 'access_review_line']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX audit_event_action;
    DROP INDEX audit_event_object;
    DROP INDEX audit_event_actor;
    DROP TABLE access_review_line;
    DROP TABLE access_review;
  `.execute(db);
}
