import { notFound } from '../../errors.js';
import type { SignedIn } from '../auth/session.js';
import { canCase } from '../case/case.policy.js';

/** The register's abilities; who holds them is decided in case.policy.ts, in one place. */
export type PerpetratorAbility = 'perpetrator.read' | 'perpetrator.manage';

export function canPerpetrator(who: SignedIn, ability: PerpetratorAbility): boolean {
  return canCase(who.user.roles, ability);
}

/**
 * Everyone without the ability gets "not found": the register, and whether someone is in
 * it, is not even hinted at (criminal-law data, AVG art. 10).
 */
export function requirePerpetratorAbility(who: SignedIn, ability: PerpetratorAbility): void {
  if (!canPerpetrator(who, ability)) throw notFound();
}
