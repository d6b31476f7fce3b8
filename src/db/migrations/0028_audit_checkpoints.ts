import { sql, type Kysely } from 'kysely';

/**
 * Signed checkpoints of the audit chains, kept outside the database (issue 12 §2 finding 1).
 * The owner of the database can switch the append-only trigger off and recompute every hash
 * with audit_digest(), or delete the newest rows and move audit_head back: the chain alone
 * cannot tell. The worker therefore signs each chain's head with a key the database never
 * holds and appends it to a file; `weerbaar audit verify` checks the trail against it.
 *
 * The program's role may not read audit_head; it reads the heads through one function that
 * returns hashes and positions only. The installation's identity names the checkpoint file,
 * so checkpoints of one database are never held against another. It is made at the first
 * checkpoint, not here: a database copied from a migrated template gets an identity of its own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE audit_installation (
      only_one boolean PRIMARY KEY DEFAULT true CHECK (only_one),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE FUNCTION audit_installation_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_installation is fixed once made';
    END $$;
    CREATE TRIGGER audit_installation_fixed BEFORE UPDATE OR DELETE ON audit_installation
      FOR EACH ROW EXECUTE FUNCTION audit_installation_fixed();

    CREATE FUNCTION app_audit_checkpoint_heads()
      RETURNS TABLE (installation uuid, chain uuid, chain_seq bigint, seq bigint, hash text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    BEGIN
      INSERT INTO audit_installation DEFAULT VALUES ON CONFLICT DO NOTHING;
      -- One row even without any chain yet, so the caller always learns the installation.
      RETURN QUERY SELECT i.id, h.chain, h.chain_seq, h.seq, h.hash FROM audit_installation i LEFT JOIN audit_head h ON true
        ORDER BY h.chain;
    END $$;
    REVOKE ALL ON FUNCTION app_audit_checkpoint_heads() FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app_audit_checkpoint_heads() TO weerbaar_app;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP FUNCTION app_audit_checkpoint_heads();
    DROP TABLE audit_installation;
    DROP FUNCTION audit_installation_fixed();
  `.execute(db);
}
