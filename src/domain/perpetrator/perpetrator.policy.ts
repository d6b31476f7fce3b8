import type { RolePolicy } from '../access/access.js';
import { canCase } from '../case/case.policy.js';

/**
 * The perpetrator register: criminal-law data (AVG art. 10). Reading it and keeping it are
 * organisation-wide abilities (who holds them is decided in case.policy.ts, in one place).
 * Everyone without the ability gets "not found": the register, and whether someone is in
 * it, is not even hinted at.
 */
export const PERPETRATOR_ABILITIES = ['perpetrator.read', 'perpetrator.manage'] as const;
export type PerpetratorAbility = (typeof PERPETRATOR_ABILITIES)[number];

export const perpetratorPolicy: RolePolicy<PerpetratorAbility> = {
  resource: 'perpetrator',
  abilities: PERPETRATOR_ABILITIES,
  abilitiesOf: (who) => PERPETRATOR_ABILITIES.filter((a) => canCase(who.user.roles, a)),
};
