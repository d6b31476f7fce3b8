import { sql, type Kysely } from 'kysely';

/**
 * A daily digest instead of a mail per notification, chosen per person (issue 10 §1). The
 * digest worker serves every organisation, so it finds the people due through a function
 * that locks their rows (SKIP LOCKED): one digest a day, however many servers run it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE app_user ADD COLUMN mail_digest boolean NOT NULL DEFAULT false;
    ALTER TABLE app_user ADD COLUMN digest_sent_at timestamptz;

    CREATE FUNCTION app_due_digests(p_since timestamptz, p_limit integer) RETURNS TABLE (organisation_id uuid, id uuid)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      SELECT organisation_id, id FROM app_user
      WHERE mail_digest AND active AND (digest_sent_at IS NULL OR digest_sent_at < p_since)
      ORDER BY id LIMIT p_limit
      FOR UPDATE SKIP LOCKED
    $$;
    REVOKE ALL ON FUNCTION app_due_digests FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app_due_digests TO weerbaar_app;
  `.execute(db);
}
