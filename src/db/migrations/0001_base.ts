import { sql, type Kysely } from 'kysely';

/**
 * The base: organisations, people and roles, sessions, API tokens, audit trail.
 *
 * Tenant isolation lives here: every tenant table has row-level security on
 * app.organisation_id, and the program works as `weerbaar_app`, which owns nothing.
 * The few lookups that must cross organisations (sign-in by e-mail, a session cookie,
 * an API token) are SECURITY DEFINER functions that return ids only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DO $$ BEGIN
      CREATE ROLE weerbaar_app NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
  `.execute(db);
  // A non-superuser owner must be a member to SET ROLE; a superuser may skip this.
  await sql`
    DO $$ BEGIN
      IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('GRANT weerbaar_app TO %I', current_user);
      END IF;
    END $$;
  `.execute(db);
  await sql`GRANT USAGE ON SCHEMA public TO weerbaar_app`.execute(db);

  await sql`
    CREATE FUNCTION app_current_organisation() RETURNS uuid
    LANGUAGE sql STABLE AS $$
      SELECT nullif(current_setting('app.organisation_id', true), '')::uuid
    $$;

    CREATE TABLE organisation (
      id uuid PRIMARY KEY,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
      mfa_for_employees boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE app_user (
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      email text NOT NULL CHECK (email = lower(email) AND position('@' in email) > 1),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      password_hash text,
      must_change_password boolean NOT NULL DEFAULT false,
      totp_secret text,
      totp_enabled_at timestamptz,
      failed_sign_ins integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      deactivated_at timestamptz,
      PRIMARY KEY (organisation_id, id),
      UNIQUE (id)
    );
    -- One account per e-mail address in the installation: sign-in asks for e-mail only.
    CREATE UNIQUE INDEX app_user_email ON app_user (email);

    CREATE TABLE user_role (
      organisation_id uuid NOT NULL,
      user_id uuid NOT NULL,
      role text NOT NULL CHECK (role IN ('mayor','alderman','council_member','group_member','clerk',
        'municipal_secretary','security_adviser','employee','admin')),
      PRIMARY KEY (organisation_id, user_id, role),
      FOREIGN KEY (organisation_id, user_id) REFERENCES app_user(organisation_id, id)
    );

    CREATE TABLE session (
      organisation_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL,
      token_hash text NOT NULL UNIQUE,
      csrf_token text NOT NULL,
      -- 'second_factor': password accepted, TOTP (or its enrolment) still to come.
      stage text NOT NULL CHECK (stage IN ('second_factor', 'complete')),
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, user_id) REFERENCES app_user(organisation_id, id)
    );
    CREATE INDEX session_by_user ON session (organisation_id, user_id);

    CREATE TABLE api_token (
      organisation_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL,
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz,
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, user_id) REFERENCES app_user(organisation_id, id)
    );

    CREATE TABLE audit_event (
      seq bigint PRIMARY KEY,
      organisation_id uuid REFERENCES organisation(id),
      actor_user_id uuid,
      action text NOT NULL,
      object_type text,
      object_id text,
      result text NOT NULL CHECK (result IN ('success', 'failure', 'denied')),
      origin_ip text,
      occurred_at timestamptz NOT NULL,
      prev_hash text NOT NULL,
      hash text NOT NULL
    );
    CREATE INDEX audit_event_org ON audit_event (organisation_id, seq);
  `.execute(db);

  // The digest of one audit row given the hash before it. Used by append and verify alike,
  // with a fixed text form of the time so session settings cannot change it.
  await sql`
    CREATE FUNCTION audit_digest(prev_hash text, organisation_id uuid, actor_user_id uuid,
        action text, object_type text, object_id text, result text, origin_ip text,
        occurred_at timestamptz, seq bigint) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
      SELECT encode(sha256(convert_to(concat_ws('|', prev_hash, seq::text,
        coalesce(organisation_id::text, '-'), coalesce(actor_user_id::text, '-'), action,
        coalesce(object_type, '-'), coalesce(object_id, '-'), result, coalesce(origin_ip, '-'),
        to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')), 'UTF8')), 'hex')
    $$;

    -- Appends one row to the chain. Serialised by an advisory lock so two writers never
    -- take the same predecessor. The organisation must be the caller's own (or none).
    CREATE FUNCTION app_append_audit(p_actor uuid, p_action text, p_object_type text,
        p_object_id text, p_result text, p_origin_ip text, p_organisation_id uuid) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    DECLARE
      v_prev text;
      v_seq bigint;
      v_at timestamptz := clock_timestamp();
    BEGIN
      IF p_organisation_id IS NOT NULL AND p_organisation_id IS DISTINCT FROM app_current_organisation() THEN
        RAISE EXCEPTION 'audit row for another organisation';
      END IF;
      PERFORM pg_advisory_xact_lock(7453001);
      SELECT seq, hash INTO v_seq, v_prev FROM audit_event ORDER BY seq DESC LIMIT 1;
      v_seq := coalesce(v_seq, 0) + 1;
      v_prev := coalesce(v_prev, repeat('0', 64));
      INSERT INTO audit_event VALUES (v_seq, p_organisation_id, p_actor, p_action, p_object_type,
        p_object_id, p_result, p_origin_ip, v_at, v_prev,
        audit_digest(v_prev, p_organisation_id, p_actor, p_action, p_object_type, p_object_id,
          p_result, p_origin_ip, v_at, v_seq));
      RETURN v_seq;
    END $$;

    -- The audit trail is append-only: no update or delete, not even by the owner.
    CREATE FUNCTION audit_event_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit_event is append-only'; END $$;
    CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_immutable();

    CREATE FUNCTION app_any_organisation_exists() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT EXISTS (SELECT 1 FROM organisation)
    $$;

    CREATE FUNCTION app_organisation_id_by_slug(p_slug text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT id FROM organisation WHERE slug = p_slug
    $$;

    CREATE FUNCTION app_find_user_by_email(p_email text)
      RETURNS TABLE (organisation_id uuid, user_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT organisation_id, id FROM app_user WHERE email = lower(p_email)
    $$;

    CREATE FUNCTION app_find_session(p_token_hash text)
      RETURNS TABLE (organisation_id uuid, session_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT organisation_id, id FROM session WHERE token_hash = p_token_hash AND expires_at > now()
    $$;

    CREATE FUNCTION app_find_api_token(p_token_hash text)
      RETURNS TABLE (organisation_id uuid, token_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT organisation_id, id FROM api_token WHERE token_hash = p_token_hash AND revoked_at IS NULL
    $$;
  `.execute(db);

  for (const table of ['organisation', 'app_user', 'user_role', 'session', 'api_token']) {
    const column = table === 'organisation' ? 'id' : 'organisation_id';
    await sql
      .raw(
        `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
         CREATE POLICY ${table}_isolation ON ${table} TO weerbaar_app
           USING (${column} = app_current_organisation())
           WITH CHECK (${column} = app_current_organisation());`,
      )
      .execute(db);
  }
  await sql`
    ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY;
    CREATE POLICY audit_event_read ON audit_event FOR SELECT TO weerbaar_app
      USING (organisation_id = app_current_organisation());

    GRANT SELECT, INSERT, UPDATE ON organisation TO weerbaar_app;
    GRANT SELECT, INSERT, UPDATE ON app_user TO weerbaar_app;
    GRANT SELECT, INSERT, DELETE ON user_role TO weerbaar_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON session TO weerbaar_app;
    GRANT SELECT, INSERT, UPDATE ON api_token TO weerbaar_app;
    GRANT SELECT ON audit_event TO weerbaar_app;

    REVOKE ALL ON FUNCTION app_append_audit, app_any_organisation_exists, app_organisation_id_by_slug,
      app_find_user_by_email, app_find_session, app_find_api_token FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app_append_audit, app_any_organisation_exists, app_organisation_id_by_slug,
      app_find_user_by_email, app_find_session, app_find_api_token TO weerbaar_app;
  `.execute(db);
}
