import { sql, type Kysely } from 'kysely';
import { isolateTenantTables } from '../tenant.js';

/**
 * A person's deadlines as a private iCalendar feed (issue 10 §1): a secret address for Outlook
 * or a phone, kept as a hash like a session, one per person, revocable. The feed is fetched
 * without a session, so finding the person by the secret crosses organisations: a SECURITY
 * DEFINER lookup that answers ids only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE calendar_feed (
      organisation_id uuid NOT NULL,
      user_id uuid NOT NULL,
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_fetched_at timestamptz,
      PRIMARY KEY (organisation_id, user_id),
      FOREIGN KEY (organisation_id, user_id) REFERENCES app_user(organisation_id, id)
    );

    CREATE FUNCTION app_find_calendar_feed(p_token_hash text) RETURNS TABLE (organisation_id uuid, user_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT f.organisation_id, f.user_id FROM calendar_feed f
      JOIN app_user u ON u.organisation_id = f.organisation_id AND u.id = f.user_id
      WHERE f.token_hash = p_token_hash AND u.active
    $$;
    REVOKE ALL ON FUNCTION app_find_calendar_feed(text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app_find_calendar_feed(text) TO weerbaar_app;
  `.execute(db);
  await isolateTenantTables(db, ['calendar_feed']);
}
