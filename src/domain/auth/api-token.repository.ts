import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { ApiTokenInfo } from './api-token.js';

/** Stores a token's hash for a person; returns the token's id. */
export async function insertApiToken(
  tx: Tx,
  values: { organisationId: string; userId: string; tokenHash: string; name: string; expiresAt: Date },
): Promise<{ id: string; createdAt: Date }> {
  return tx.insertInto('apiToken').values(values).returning(['id', 'createdAt']).executeTakeFirstOrThrow();
}

/** A person's tokens, newest first, without their hashes. */
export async function tokensOfUser(tx: Tx, userId: string): Promise<ApiTokenInfo[]> {
  const rows = await tx
    .selectFrom('apiToken')
    .select(['id', 'userId', 'name', 'createdAt', 'expiresAt', 'lastUsedAt', 'revokedAt', sql<boolean>`expires_at <= now()`.as('expired')])
    .where('userId', '=', userId)
    .orderBy('createdAt', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, state: r.revokedAt ? 'revoked' : r.expired ? 'expired' : 'active' }));
}

/** The owner of a token, if it exists in this organisation. */
export async function tokenOwner(tx: Tx, id: string): Promise<string | undefined> {
  const row = await tx.selectFrom('apiToken').select('userId').where('id', '=', id).executeTakeFirst();
  return row?.userId;
}

/** Revokes one token (again revoking changes nothing); whether it was still in use. */
export async function revokeToken(tx: Tx, id: string): Promise<boolean> {
  const result = await tx
    .updateTable('apiToken')
    .set({ revokedAt: sql`now()` })
    .where('id', '=', id)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Revokes every token of a person that still works; how many. */
export async function revokeTokensOfUser(tx: Tx, userId: string): Promise<number> {
  const result = await tx
    .updateTable('apiToken')
    .set({ revokedAt: sql`now()` })
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
