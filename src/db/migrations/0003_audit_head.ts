import { sql, type Kysely } from 'kysely';

/**
 * The chain's head (last sequence number and hash) kept beside the trail, so that removing
 * the newest rows is detected too: without it, a shortened chain still verifies.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE audit_head (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      seq bigint NOT NULL,
      hash text NOT NULL
    );
    INSERT INTO audit_head (seq, hash)
      SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1;

    CREATE OR REPLACE FUNCTION app_append_audit(p_actor uuid, p_action text, p_object_type text,
        p_object_id text, p_result text, p_origin_ip text, p_organisation_id uuid) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    DECLARE
      v_prev text;
      v_seq bigint;
      v_hash text;
      v_at timestamptz := clock_timestamp();
    BEGIN
      IF p_organisation_id IS NOT NULL AND p_organisation_id IS DISTINCT FROM app_current_organisation() THEN
        RAISE EXCEPTION 'audit row for another organisation';
      END IF;
      PERFORM pg_advisory_xact_lock(7453001);
      SELECT seq, hash INTO v_seq, v_prev FROM audit_event ORDER BY seq DESC LIMIT 1;
      v_seq := coalesce(v_seq, 0) + 1;
      v_prev := coalesce(v_prev, repeat('0', 64));
      v_hash := audit_digest(v_prev, p_organisation_id, p_actor, p_action, p_object_type, p_object_id,
        p_result, p_origin_ip, v_at, v_seq);
      INSERT INTO audit_event VALUES (v_seq, p_organisation_id, p_actor, p_action, p_object_type,
        p_object_id, p_result, p_origin_ip, v_at, v_prev, v_hash);
      INSERT INTO audit_head (seq, hash) VALUES (v_seq, v_hash)
        ON CONFLICT (singleton) DO UPDATE SET seq = excluded.seq, hash = excluded.hash;
      RETURN v_seq;
    END $$;
  `.execute(db);
}
