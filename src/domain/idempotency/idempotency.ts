import type { Tx } from '../../db/database.js';
import { idempotencyKeyReused } from '../../errors.js';
import type { SignedIn } from '../auth/session.js';
import { dropKey, findKey, storeAnswer, takeKey, type KeyRef } from './idempotency.repository.js';

/**
 * A creating request sent again (after a lost answer, a timeout, a double click) answers what
 * the first one answered instead of creating twice (issue 12 finding 8). The client names the
 * request with a key of its own; keys are per person and organisation and count for 24 hours.
 * Everything happens in the request's own transaction, so a request that fails keeps no key.
 */

/** Printable ASCII without spaces, as Stripe and the IETF draft use: a UUID, a ULID, a hash. */
const KEY = /^[\x21-\x7e]{1,255}$/;

export function isValidKey(key: string): boolean {
  return KEY.test(key);
}

export type Claim = { kind: 'new' } | { kind: 'replay'; status: number; response: unknown };

function refOf(who: SignedIn, key: string): KeyRef {
  return { organisationId: who.organisation.id, userId: who.user.id, key };
}

/**
 * Claims `key` for a request with digest `requestHash`: 'new' when this request goes on (and
 * must call `rememberAnswer`), or the first request's answer. The same key with another
 * request is refused (422). A copy that arrives while the first is still running waits here.
 */
export async function claimKey(tx: Tx, who: SignedIn, key: string, requestHash: string): Promise<Claim> {
  const ref = refOf(who, key);
  if (await takeKey(tx, ref, requestHash)) return { kind: 'new' };
  const stored = await findKey(tx, ref);
  // Purged between the two statements: it had expired, so it is free again.
  if (!stored) return (await takeKey(tx, ref, requestHash)) ? { kind: 'new' } : claimKey(tx, who, key, requestHash);
  if (stored.requestHash !== requestHash || stored.status === null) throw idempotencyKeyReused();
  return { kind: 'replay', status: stored.status, response: stored.response };
}

/** Keeps the answer of a claimed key, in the same transaction as what the request created. */
export async function rememberAnswer(tx: Tx, who: SignedIn, key: string, status: number, response: unknown): Promise<void> {
  await storeAnswer(tx, refOf(who, key), status, response);
}

/** Gives a claimed key back (an answer that cannot be replayed, such as a page shown once). */
export async function releaseKey(tx: Tx, who: SignedIn, key: string): Promise<void> {
  await dropKey(tx, refOf(who, key));
}
