import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import { conflict } from '../../errors.js';
import { audit, type Actor } from '../audit/audit.js';
import { hashToken } from '../auth/tokens.js';

export const RECOVERY_CODE_COUNT = 10;

// No look-alike characters; two groups of five, easy to type from paper.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A code as written down: "abcde-fghjk" (about 49 bits). */
function generateRecoveryCode(): string {
  const chars = [...randomBytes(10)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** Spaces, dashes and capitals do not matter when a code is typed. */
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]+/g, '');
}

/** Whether what was typed at the code prompt has the form of a recovery code (not six digits). */
export function looksLikeRecoveryCode(code: string): boolean {
  return /^[a-z0-9]{10}$/.test(normaliseRecoveryCode(code)) && !/^\d+$/.test(normaliseRecoveryCode(code));
}

// The person's id is part of what is hashed: the same code of two people hashes differently.
const hashOf = (userId: string, code: string) => hashToken(`${userId}:${normaliseRecoveryCode(code)}`);

/**
 * Ten new codes for a person, shown once by the caller; the earlier ones stop working. Only
 * their hashes are stored. The codes are random with ~49 bits each, and a wrong one counts
 * towards the sign-in lockout, so a fast hash suffices.
 */
export async function generateRecoveryCodes(tx: Tx, actor: Actor & { organisationId: string }, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, generateRecoveryCode);
  await tx.deleteFrom('recoveryCode').where('userId', '=', userId).execute();
  await tx
    .insertInto('recoveryCode')
    .values(codes.map((code) => ({ organisationId: actor.organisationId, userId, codeHash: hashOf(userId, code) })))
    .execute();
  await audit(tx, actor, { action: 'user.generate_recovery_codes', objectType: 'user', objectId: userId });
  return codes;
}

/** New codes from the account page: only for a person who uses a second factor. */
export async function regenerateRecoveryCodes(
  tx: Tx,
  actor: Actor & { organisationId: string; userId: string },
  secondFactorEnrolled: boolean,
): Promise<string[]> {
  if (!secondFactorEnrolled) throw conflict('not_enrolled', 'recovery.not_enrolled');
  return generateRecoveryCodes(tx, actor, actor.userId);
}

/** Uses up one code; whether it was an unused code of this person. */
export async function useRecoveryCode(tx: Tx, userId: string, code: string): Promise<boolean> {
  const result = await tx
    .updateTable('recoveryCode')
    .set({ usedAt: sql`now()` })
    .where('userId', '=', userId)
    .where('codeHash', '=', hashOf(userId, code))
    .where('usedAt', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** How many unused codes a person has left. */
export async function remainingRecoveryCodes(tx: Tx, userId: string): Promise<number> {
  const row = await tx
    .selectFrom('recoveryCode')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('userId', '=', userId)
    .where('usedAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Removes a person's codes (their second factor was reset). */
export async function deleteRecoveryCodes(tx: Tx, userId: string): Promise<void> {
  await tx.deleteFrom('recoveryCode').where('userId', '=', userId).execute();
}
