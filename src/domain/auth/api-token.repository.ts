import type { Tx } from '../../db/database.js';

/** Stores a token's hash for a person; returns the token's id. */
export async function insertApiToken(tx: Tx, values: { organisationId: string; userId: string; tokenHash: string }): Promise<string> {
  const row = await tx.insertInto('apiToken').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}
