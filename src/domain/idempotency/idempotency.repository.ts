import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';

/** The keys of retried requests (migration 0013); a key counts for 24 hours. */

export interface KeyRef {
  organisationId: string;
  userId: string;
  key: string;
}

export interface StoredAnswer {
  requestHash: string;
  status: number | null;
  response: unknown;
}

/**
 * Takes the key for this transaction: true when it was free (or had expired). A key that
 * another transaction has just taken makes this insert wait until that one commits or rolls
 * back — so two copies of one request never both go on.
 */
export async function takeKey(tx: Tx, ref: KeyRef, requestHash: string): Promise<boolean> {
  const inserted = await tx
    .insertInto('idempotencyKey')
    .values({ ...ref, requestHash })
    .onConflict((c) => c.doNothing())
    .returning('key')
    .executeTakeFirst();
  if (inserted) return true;
  const renewed = await tx
    .updateTable('idempotencyKey')
    .set({ requestHash, status: null, response: null, createdAt: sql<Date>`now()` })
    .where('organisationId', '=', ref.organisationId)
    .where('userId', '=', ref.userId)
    .where('key', '=', ref.key)
    .where('createdAt', '<', sql<Date>`now() - interval '24 hours'`)
    .returning('key')
    .executeTakeFirst();
  return renewed !== undefined;
}

export async function findKey(tx: Tx, ref: KeyRef): Promise<StoredAnswer | undefined> {
  return tx
    .selectFrom('idempotencyKey')
    .select(['requestHash', 'status', 'response'])
    .where('organisationId', '=', ref.organisationId)
    .where('userId', '=', ref.userId)
    .where('key', '=', ref.key)
    .executeTakeFirst();
}

export async function storeAnswer(tx: Tx, ref: KeyRef, status: number, response: unknown): Promise<void> {
  await tx
    .updateTable('idempotencyKey')
    .set({ status, response: JSON.stringify(response) })
    .where('organisationId', '=', ref.organisationId)
    .where('userId', '=', ref.userId)
    .where('key', '=', ref.key)
    .execute();
}

export async function dropKey(tx: Tx, ref: KeyRef): Promise<void> {
  await tx
    .deleteFrom('idempotencyKey')
    .where('organisationId', '=', ref.organisationId)
    .where('userId', '=', ref.userId)
    .where('key', '=', ref.key)
    .execute();
}

/** Deletes the keys older than 24 hours in every organisation; returns how many. */
export async function purgeExpiredKeys(tx: Tx): Promise<number> {
  const { rows } = await sql<{ purged: string }>`SELECT app_purge_idempotency_keys() AS purged`.execute(tx);
  return Number(rows[0]?.purged ?? 0);
}
