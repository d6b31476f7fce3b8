import { sql, type Kysely } from 'kysely';

/**
 * Who caused a notification (issue 10 §1: inbox items say "by whom"). Null for what the
 * program did by itself: a deadline reminder, a duty opened on report.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE notification ADD COLUMN actor_id uuid;
    ALTER TABLE notification ADD CONSTRAINT notification_actor_fk
      FOREIGN KEY (organisation_id, actor_id) REFERENCES app_user(organisation_id, id);
  `.execute(db);
}
