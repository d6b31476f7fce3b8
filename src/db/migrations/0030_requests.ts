import { sql, type Kysely } from 'kysely';
import { isolateTenantTables } from '../tenant.js';

/**
 * Requests from the people in it (issue 11 §2, GDPR art. 15–17): access, rectification and
 * erasure, about a person in the organisation or a perpetrator in the register.
 *
 * - data_request: the request, its decision and reason. A perpetrator's request keeps the name
 *   it was received under (subject_label) and loses the link when the record is erased (ON
 *   DELETE SET NULL of that column only), so the organisation can still show it answered it.
 * - data_request_export: the compiled answer to an access request (JSON, the PDF is made from
 *   it) with what was left out and on which ground; a draft until someone else reviews and
 *   releases it. One per request: compiling again replaces a draft, never a released one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE data_request (
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('access', 'rectification', 'erasure')),
      subject_kind text NOT NULL CHECK (subject_kind IN ('user', 'perpetrator')),
      subject_user_id uuid,
      subject_perpetrator_id uuid,
      subject_label text NOT NULL CHECK (length(subject_label) BETWEEN 1 AND 300),
      received_on date NOT NULL,
      description text CHECK (description IS NULL OR length(description) <= 2000),
      recorded_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      decision text CHECK (decision IS NULL OR decision IN ('granted', 'refused')),
      decision_reason text CHECK (decision_reason IS NULL OR length(decision_reason) BETWEEN 1 AND 2000),
      decided_by uuid,
      decided_at timestamptz,
      -- What an erasure removed, by kind and count only (never content).
      erased jsonb,
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, subject_user_id) REFERENCES app_user(organisation_id, id),
      FOREIGN KEY (organisation_id, subject_perpetrator_id) REFERENCES perpetrator(organisation_id, id)
        ON DELETE SET NULL (subject_perpetrator_id),
      FOREIGN KEY (organisation_id, recorded_by) REFERENCES app_user(organisation_id, id),
      FOREIGN KEY (organisation_id, decided_by) REFERENCES app_user(organisation_id, id),
      CHECK (subject_kind <> 'user' OR subject_user_id IS NOT NULL),
      CHECK (subject_kind = 'user' OR subject_user_id IS NULL),
      CHECK (subject_kind = 'perpetrator' OR subject_perpetrator_id IS NULL),
      CHECK ((decision IS NULL) = (decided_at IS NULL))
    );
    CREATE INDEX data_request_received ON data_request (organisation_id, received_on DESC, created_at DESC);

    CREATE TABLE data_request_export (
      organisation_id uuid NOT NULL,
      request_id uuid NOT NULL,
      content jsonb NOT NULL,
      omissions jsonb NOT NULL,
      state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'released')),
      compiled_by uuid NOT NULL,
      compiled_at timestamptz NOT NULL DEFAULT now(),
      reviewed_by uuid,
      reviewed_at timestamptz,
      review_note text CHECK (review_note IS NULL OR length(review_note) <= 2000),
      PRIMARY KEY (organisation_id, request_id),
      FOREIGN KEY (organisation_id, request_id) REFERENCES data_request(organisation_id, id),
      FOREIGN KEY (organisation_id, compiled_by) REFERENCES app_user(organisation_id, id),
      FOREIGN KEY (organisation_id, reviewed_by) REFERENCES app_user(organisation_id, id),
      CHECK ((state = 'released') = (reviewed_at IS NOT NULL AND reviewed_by IS NOT NULL)),
      -- Four eyes: who compiled it never releases it.
      CHECK (reviewed_by IS NULL OR reviewed_by <> compiled_by)
    );
  `.execute(db);
  await isolateTenantTables(db, ['data_request', 'data_request_export']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE data_request_export; DROP TABLE data_request;`.execute(db);
}
