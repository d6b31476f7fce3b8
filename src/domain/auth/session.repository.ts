import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';

/** How long a session lasts without use; every use (at most once a minute) pushes it on. */
export const SESSION_IDLE_HOURS = 8;

/** How long a session lasts at most, however much it is used (SESSION_MAX_HOURS). */
export const DEFAULT_SESSION_MAX_HOURS = 12;

/** A new session: idle expiry from now, and an absolute end that use never pushes on. */
export async function insertSession(
  tx: Tx,
  values: {
    organisationId: string;
    userId: string;
    tokenHash: string;
    csrfToken: string;
    stage: 'second_factor' | 'complete';
    /** Where it began, for "Mijn sessies" (cut to 300 characters). */
    userAgent?: string | null;
    originIp?: string | null;
    /** The ID token of a single sign-on, for the provider's end-session endpoint at sign-out. */
    ssoIdToken?: string | null;
  },
  maxHours = DEFAULT_SESSION_MAX_HOURS,
): Promise<void> {
  await tx
    .insertInto('session')
    .values({
      ...values,
      userAgent: values.userAgent?.slice(0, 300) ?? null,
      originIp: values.originIp ?? null,
      expiresAt: sql<Date>`now() + make_interval(hours => least(${SESSION_IDLE_HOURS}, ${maxHours}::int))` as unknown as Date,
      endsAt: sql<Date>`now() + make_interval(hours => ${maxHours}::int)` as unknown as Date,
    })
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

/** Ends every session of a person but one (the one that changed the password). */
export async function deleteOtherSessions(tx: Tx, userId: string, keepSessionId: string | undefined): Promise<void> {
  let query = tx.deleteFrom('session').where('userId', '=', userId);
  if (keepSessionId) query = query.where('id', '<>', keepSessionId);
  await query.execute();
}

/** Whose address this is, across organisations (a SECURITY DEFINER lookup that returns ids only). */
export async function lookupUserByEmail(tx: Tx, email: string) {
  const { rows } = await sql<{ organisationId: string; userId: string }>`
    SELECT organisation_id, user_id FROM app_find_user_by_email(${email})`.execute(tx);
  return rows[0];
}
