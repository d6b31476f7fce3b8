import { sql, type Kysely } from 'kysely';

/**
 * API tokens that end, a number only for reported incidents, and an adviser who cannot be
 * routed away (issue 12 §2, findings 5, 6 and 10).
 *
 * - api_token.name and expires_at: every token has a name its owner recognises and an end
 *   (at most a year; tokens that exist already end 90 days after they were made). The
 *   cross-organisation lookup app_find_api_token no longer finds an expired token.
 * - incident.number may be NULL: a draft has none. It is given when the incident is reported,
 *   from the counter row in the reporting transaction, so a draft or a refused request uses no
 *   number and a draft does not show how many incidents the organisation has. Drafts that hold
 *   a number lose it (the counter stays where it is: numbers are never given twice).
 * - organisation.always_inform_roles always holds security_adviser (seed 001 §5.1); rows that
 *   lost it get it back. The routing domain enforces the same on every read and write.
 *
 * api_token and incident are under row-level security since 0001 and 0002, and weerbaar_app's
 * grants on them are table-wide, so the new columns need no policy or grant of their own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE api_token ADD COLUMN name text NOT NULL DEFAULT 'API-sleutel';
    ALTER TABLE api_token ALTER COLUMN name DROP DEFAULT;
    ALTER TABLE api_token ADD COLUMN expires_at timestamptz;
    UPDATE api_token SET expires_at = created_at + interval '90 days';
    ALTER TABLE api_token ALTER COLUMN expires_at SET NOT NULL;
    CREATE INDEX api_token_by_user ON api_token (organisation_id, user_id);

    CREATE OR REPLACE FUNCTION app_find_api_token(p_token_hash text)
      RETURNS TABLE (organisation_id uuid, token_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT organisation_id, id FROM api_token
      WHERE token_hash = p_token_hash AND revoked_at IS NULL AND expires_at > now()
    $$;
    REVOKE ALL ON FUNCTION app_find_api_token FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app_find_api_token TO weerbaar_app;

    ALTER TABLE incident ALTER COLUMN number DROP NOT NULL;
    UPDATE incident SET number = NULL WHERE status = 'draft';
    ALTER TABLE incident ADD CONSTRAINT incident_number_when_reported CHECK (status = 'draft' OR number IS NOT NULL);

    UPDATE organisation SET always_inform_roles = array_append(always_inform_roles, 'security_adviser')
      WHERE NOT ('security_adviser' = ANY (always_inform_roles));
  `.execute(db);
}
