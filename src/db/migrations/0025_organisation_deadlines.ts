import { sql, type Kysely } from 'kysely';

/**
 * Deadlines that belong to the organisation rather than to one incident (issue 13: a risk
 * analysis due before a meeting, the start-of-term session; issue 11: a request answered
 * within a month, the yearly access review). They run in the same engine — the watcher,
 * reminders, the work list and the calendar feed — with the record they are about as their
 * subject. A notification can point at the deadline it reminds of, so the inbox links to it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE deadline ALTER COLUMN incident_id DROP NOT NULL;
    ALTER TABLE deadline ADD CONSTRAINT deadline_about_something CHECK (incident_id IS NOT NULL OR subject_id IS NOT NULL);
    CREATE INDEX deadline_subject ON deadline (organisation_id, subject_id) WHERE subject_id IS NOT NULL;

    ALTER TABLE notification ADD COLUMN deadline_id uuid;
    ALTER TABLE notification ADD CONSTRAINT notification_deadline_fk
      FOREIGN KEY (organisation_id, deadline_id) REFERENCES deadline(organisation_id, id) ON DELETE CASCADE;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE notification DROP COLUMN deadline_id;
    DROP INDEX deadline_subject;
    ALTER TABLE deadline DROP CONSTRAINT deadline_about_something;
    DELETE FROM deadline WHERE incident_id IS NULL;
    ALTER TABLE deadline ALTER COLUMN incident_id SET NOT NULL;
  `.execute(db);
}
