import { sql, type Kysely } from 'kysely';

/**
 * One audit chain per organisation (issue 11 §3), and one for what belongs to none (an
 * installation's own rows), instead of one chain for everything behind one advisory lock:
 * organisations no longer wait for each other's audit rows, and an organisation's chain can
 * be handed to its auditor alone.
 *
 * The rows written so far stay exactly as they are, as the single chain they form; its head
 * becomes the first link of every new chain. Nothing is rehashed: history is not rewritten.
 * `seq` stays unique across the installation (now from a sequence, so it may skip a number
 * after a rollback); a row's place in its chain is `chain_seq`, numbered without gaps.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE audit_event ADD COLUMN chain_seq bigint;
    CREATE UNIQUE INDEX audit_event_chain ON audit_event
      ((coalesce(organisation_id, '00000000-0000-0000-0000-000000000000'::uuid)), chain_seq) WHERE chain_seq IS NOT NULL;

    CREATE SEQUENCE audit_event_seq OWNED BY audit_event.seq;
    SELECT setval('audit_event_seq', coalesce((SELECT max(seq) FROM audit_event), 0) + 1, false);

    ALTER TABLE audit_head RENAME TO audit_legacy_head;
    CREATE TABLE audit_head (
      chain uuid PRIMARY KEY,
      chain_seq bigint NOT NULL,
      seq bigint NOT NULL,
      hash text NOT NULL
    );

    CREATE OR REPLACE FUNCTION app_append_audit(p_actor uuid, p_action text, p_object_type text,
        p_object_id text, p_result text, p_origin_ip text, p_organisation_id uuid) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    DECLARE
      v_chain uuid := coalesce(p_organisation_id, '00000000-0000-0000-0000-000000000000'::uuid);
      v_prev text;
      v_pos bigint;
      v_seq bigint;
      v_hash text;
      v_at timestamptz := clock_timestamp();
    BEGIN
      IF p_organisation_id IS NOT NULL AND p_organisation_id IS DISTINCT FROM app_current_organisation() THEN
        RAISE EXCEPTION 'audit row for another organisation';
      END IF;
      -- One lock per chain: two writers of one organisation never take the same predecessor.
      PERFORM pg_advisory_xact_lock(7453001, hashtext(v_chain::text));
      SELECT chain_seq, hash INTO v_pos, v_prev FROM audit_head WHERE chain = v_chain;
      IF v_pos IS NULL THEN
        v_pos := 0;
        SELECT hash INTO v_prev FROM audit_legacy_head;
        v_prev := coalesce(v_prev, repeat('0', 64));
      END IF;
      v_pos := v_pos + 1;
      v_seq := nextval('audit_event_seq');
      v_hash := audit_digest(v_prev, p_organisation_id, p_actor, p_action, p_object_type, p_object_id,
        p_result, p_origin_ip, v_at, v_seq);
      INSERT INTO audit_event (seq, organisation_id, actor_user_id, action, object_type, object_id, result,
          origin_ip, occurred_at, prev_hash, hash, chain_seq)
        VALUES (v_seq, p_organisation_id, p_actor, p_action, p_object_type, p_object_id, p_result,
          p_origin_ip, v_at, v_prev, v_hash, v_pos);
      INSERT INTO audit_head (chain, chain_seq, seq, hash) VALUES (v_chain, v_pos, v_seq, v_hash)
        ON CONFLICT (chain) DO UPDATE SET chain_seq = excluded.chain_seq, seq = excluded.seq, hash = excluded.hash;
      RETURN v_seq;
    END $$;
  `.execute(db);
}
