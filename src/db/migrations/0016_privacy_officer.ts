import { sql, type Kysely } from 'kysely';

/**
 * The privacy officer (functionaris gegevensbescherming, issue 11 §3): a role that sees the
 * audit trail, requests from the people in the register and the retention settings, never
 * incident content. Added here once so every part that needs it names the same role.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE user_role DROP CONSTRAINT user_role_role_check;
    ALTER TABLE user_role ADD CONSTRAINT user_role_role_check CHECK (role IN ('mayor','alderman',
      'council_member','group_member','clerk','municipal_secretary','security_adviser','employee',
      'admin','privacy_officer'));
  `.execute(db);
}
