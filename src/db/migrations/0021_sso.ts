import { sql, type Kysely } from 'kysely';
import { isolateTenantTables } from '../tenant.js';

/**
 * Single sign-on with OpenID Connect (issue 12 §1).
 *
 * - sso_config: one per organisation. The issuer (found by discovery), client id, the client
 *   secret encrypted with the installation's SSO key (AES-256-GCM, the key never in the
 *   database) or the name of an environment variable that holds it, the scopes, and how roles
 *   come in: 'weerbaar' (kept here; the provider only says who someone is) or 'groups' (mapped
 *   from a claim on every sign-in, role_map: role → group names). Just-in-time creation of a
 *   person is off unless jit says so.
 * - app_user.sso_subject: the provider's stable subject of a person, set when they are linked
 *   by e-mail on their first sign-in; afterwards they are found by it alone.
 * - session.sso_id_token: the ID token a session began with, as id_token_hint for the
 *   provider's end-session endpoint at sign-out.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE sso_config (
      organisation_id uuid NOT NULL PRIMARY KEY REFERENCES organisation(id),
      issuer text NOT NULL CHECK (length(issuer) BETWEEN 8 AND 500),
      client_id text NOT NULL CHECK (length(client_id) BETWEEN 1 AND 300),
      client_secret_encrypted text,
      client_secret_env text CHECK (client_secret_env IS NULL OR client_secret_env ~ '^[A-Za-z_][A-Za-z0-9_]{0,99}$'),
      scopes text NOT NULL DEFAULT 'openid email profile' CHECK (length(scopes) BETWEEN 6 AND 500),
      role_mode text NOT NULL DEFAULT 'weerbaar' CHECK (role_mode IN ('weerbaar', 'groups')),
      groups_claim text NOT NULL DEFAULT 'groups' CHECK (length(groups_claim) BETWEEN 1 AND 100),
      role_map jsonb NOT NULL DEFAULT '{}'::jsonb,
      jit boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (client_secret_encrypted IS NULL OR client_secret_env IS NULL)
    );

    ALTER TABLE app_user ADD COLUMN sso_subject text CHECK (sso_subject IS NULL OR length(sso_subject) BETWEEN 1 AND 255);
    CREATE UNIQUE INDEX app_user_sso_subject ON app_user (organisation_id, sso_subject) WHERE sso_subject IS NOT NULL;

    ALTER TABLE session ADD COLUMN sso_id_token text;
  `.execute(db);
  await isolateTenantTables(db, ['sso_config']);
}
