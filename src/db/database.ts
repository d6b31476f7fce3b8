import { CamelCasePlugin, Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
/** A transaction running as weerbaar_app; pass it as the first argument to repositories. */
export type Tx = Transaction<Database>;

// A calendar date (ban end, filing date) stays the string it is: as a Date it would shift by
// the server's time zone. timestamptz stays Date and bigint string: pg's defaults, on purpose.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export function createDb(connectionString: string, max = 10): Db {
  const pool = new pg.Pool({ connectionString, max });
  // A broken idle connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
}

/**
 * Runs fn in one transaction as the non-owning role, scoped to one organisation:
 * row-level security then hides every other organisation, whatever the query says.
 */
export function withOrganisation<T>(db: Db, organisationId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await enterOrganisation(tx, organisationId);
    return fn(tx);
  });
}

/**
 * Inside a transaction: work as the non-owning role in one organisation from here on, in one
 * statement (set_config('role') is SET LOCAL ROLE). Also used when a request learns its
 * organisation only from the session it carries.
 */
export async function enterOrganisation(tx: Tx, organisationId: string): Promise<void> {
  await sql`SELECT set_config('role', 'weerbaar_app', true), set_config('app.organisation_id', ${organisationId}, true)`.execute(tx);
}

/**
 * A transaction as the non-owning role with no organisation: it sees no tenant rows and can
 * only call the lookup functions that cross organisations (sign-in, session, token).
 */
export function withoutOrganisation<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await sql`SET LOCAL ROLE weerbaar_app`.execute(tx);
    return fn(tx);
  });
}
