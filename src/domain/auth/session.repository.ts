import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';

export const SESSION_HOURS = 8;

export async function insertSession(
  tx: Tx,
  values: { organisationId: string; userId: string; tokenHash: string; csrfToken: string; stage: 'second_factor' | 'complete' },
): Promise<void> {
  await tx
    .insertInto('session')
    .values({ ...values, expiresAt: sql<Date>`now() + make_interval(hours => ${SESSION_HOURS})` as unknown as Date })
    .execute();
}

export async function findSession(tx: Tx, id: string) {
  return tx.selectFrom('session').selectAll().where('id', '=', id).where('expiresAt', '>', new Date()).executeTakeFirst();
}

export async function touchSession(tx: Tx, id: string): Promise<void> {
  // Sliding expiry, written at most once a minute to keep reads cheap.
  await tx
    .updateTable('session')
    .set({ lastSeenAt: sql`now()`, expiresAt: sql`now() + make_interval(hours => ${SESSION_HOURS})` })
    .where('id', '=', id)
    .where('lastSeenAt', '<', sql<Date>`now() - interval '1 minute'`)
    .execute();
}

export async function completeSession(tx: Tx, id: string): Promise<void> {
  await tx.updateTable('session').set({ stage: 'complete' }).where('id', '=', id).execute();
}

export async function deleteSession(tx: Tx, id: string): Promise<void> {
  await tx.deleteFrom('session').where('id', '=', id).execute();
}

export async function deleteSessionsOfUser(tx: Tx, userId: string): Promise<void> {
  await tx.deleteFrom('session').where('userId', '=', userId).execute();
}

export async function lookupSession(tx: Tx, tokenHash: string) {
  const { rows } = await sql<{ organisationId: string; sessionId: string }>`
    SELECT organisation_id, session_id FROM app_find_session(${tokenHash})`.execute(tx);
  return rows[0];
}

export async function lookupApiToken(tx: Tx, tokenHash: string) {
  const { rows } = await sql<{ organisationId: string; tokenId: string }>`
    SELECT organisation_id, token_id FROM app_find_api_token(${tokenHash})`.execute(tx);
  return rows[0];
}

export async function lookupUserByEmail(tx: Tx, email: string) {
  const { rows } = await sql<{ organisationId: string; userId: string }>`
    SELECT organisation_id, user_id FROM app_find_user_by_email(${email})`.execute(tx);
  return rows[0];
}
