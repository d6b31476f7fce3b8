import { sql, type Kysely } from 'kysely';

/**
 * Sign-in hardening (issue 12 §2, findings 3 and 11).
 *
 * - app_user.totp_last_step: the time step (Unix time / 30 s) of the last second-factor code
 *   accepted, at sign-in or at enrolment. A code of that step or an earlier one is refused, so
 *   a code seen over someone's shoulder or in a proxy log cannot be used again.
 * - session.ends_at: the absolute end of a session, fixed at sign-in. The sliding idle expiry
 *   (expires_at) is pushed on by use but never past it; a session is valid while both lie
 *   ahead. Sessions that exist already end 12 hours after they began (the default lifetime).
 *
 * Both tables are under row-level security since 0001 and weerbaar_app's grants on them are
 * table-wide, so the new columns need no policy or grant of their own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE app_user ADD COLUMN totp_last_step bigint;

    ALTER TABLE session ADD COLUMN ends_at timestamptz;
    UPDATE session SET ends_at = created_at + interval '12 hours';
    ALTER TABLE session ALTER COLUMN ends_at SET NOT NULL;

    CREATE OR REPLACE FUNCTION app_find_session(p_token_hash text)
      RETURNS TABLE (organisation_id uuid, session_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT organisation_id, id FROM session
      WHERE token_hash = p_token_hash AND expires_at > now() AND ends_at > now()
    $$;
    REVOKE ALL ON FUNCTION app_find_session FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app_find_session TO weerbaar_app;
  `.execute(db);
}
