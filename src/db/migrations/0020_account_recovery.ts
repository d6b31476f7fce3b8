import { sql, type Kysely } from 'kysely';
import { isolateTenantTables } from '../tenant.js';

/**
 * Account recovery (issue 12 §3).
 *
 * - account_token: a link sent by e-mail to set a password: 'password_reset' ("wachtwoord
 *   vergeten", one hour) or 'invitation' (a new person, seven days). Only the SHA-256 of the
 *   token is stored; a token is used once (used_at) and a newer one of the same purpose
 *   replaces the older. app_find_account_token finds a usable one across organisations (ids
 *   only), as app_find_session does for sessions.
 * - recovery_code: ten single-use codes per person, made at second-factor enrolment, stored
 *   hashed, usable once instead of a TOTP code.
 * - session.user_agent / session.origin_ip: where a session was started, for "Mijn sessies".
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE account_token (
      organisation_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL,
      purpose text NOT NULL CHECK (purpose IN ('password_reset', 'invitation')),
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, user_id) REFERENCES app_user(organisation_id, id)
    );
    CREATE INDEX account_token_by_user ON account_token (organisation_id, user_id);

    CREATE TABLE recovery_code (
      organisation_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL,
      code_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      used_at timestamptz,
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, user_id) REFERENCES app_user(organisation_id, id)
    );
    CREATE INDEX recovery_code_by_user ON recovery_code (organisation_id, user_id);

    ALTER TABLE session ADD COLUMN user_agent text;
    ALTER TABLE session ADD COLUMN origin_ip text;
  `.execute(db);
  await isolateTenantTables(db, ['account_token', 'recovery_code']);
  await sql`
    CREATE FUNCTION app_find_account_token(p_token_hash text)
      RETURNS TABLE (organisation_id uuid, token_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT organisation_id, id FROM account_token
      WHERE token_hash = p_token_hash AND used_at IS NULL AND expires_at > now()
    $$;
    REVOKE ALL ON FUNCTION app_find_account_token FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app_find_account_token TO weerbaar_app;
  `.execute(db);
}
