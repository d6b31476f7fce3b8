import { sql, type Kysely } from 'kysely';
import { isolateTenantTables } from '../tenant.js';

/**
 * A retried request answers the first result (issue 12 §2, finding 8).
 *
 * idempotency_key: per organisation and person, a key the client chose (the Idempotency-Key
 * header, or the hidden key of the report form), a digest of the request it came with, and the
 * answer it got. The row is written in the transaction of the creation itself, so a request
 * that fails leaves no key behind, and the primary key makes a second request with the same key
 * wait for the first one's commit (or rollback) instead of creating twice. Keys count for 24
 * hours; app_purge_idempotency_keys, run by the workers, deletes older ones across
 * organisations (it alone may: it only deletes expired rows).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE idempotency_key (
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      user_id uuid NOT NULL,
      key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
      request_hash text NOT NULL,
      status smallint,
      response jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, user_id, key),
      FOREIGN KEY (organisation_id, user_id) REFERENCES app_user(organisation_id, id)
    );
    CREATE INDEX idempotency_key_created ON idempotency_key (created_at);

    CREATE FUNCTION app_purge_idempotency_keys() RETURNS bigint
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      WITH gone AS (DELETE FROM idempotency_key WHERE created_at < now() - interval '24 hours' RETURNING 1)
      SELECT count(*) FROM gone
    $$;
    REVOKE ALL ON FUNCTION app_purge_idempotency_keys FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app_purge_idempotency_keys TO weerbaar_app;
  `.execute(db);
  await isolateTenantTables(db, ['idempotency_key']);
}
