import type { RolePolicy } from '../access/access.js';
import type { SignedIn } from '../auth/session.js';
import type { Role } from '../user/roles.js';

/**
 * Accountability (issue 11 §3): the audit viewer, the yearly access review and the register of
 * processing. The administrator and the privacy officer see them; only the administrator decides
 * the review's lines. Everyone else — the security adviser too — gets 404: the trail says who
 * read which case, which is not theirs to know.
 */
export const ACCOUNTABILITY_ABILITIES = ['audit.read', 'access_review.read', 'access_review.decide', 'register.read'] as const;
export type AccountabilityAbility = (typeof ACCOUNTABILITY_ABILITIES)[number];

const GRANTS: Record<AccountabilityAbility, readonly Role[]> = {
  'audit.read': ['admin', 'privacy_officer'],
  'access_review.read': ['admin', 'privacy_officer'],
  'access_review.decide': ['admin'],
  'register.read': ['admin', 'privacy_officer'],
};

export const accountabilityPolicy: RolePolicy<AccountabilityAbility> = {
  resource: 'accountability',
  abilities: ACCOUNTABILITY_ABILITIES,
  abilitiesOf: (who) => ACCOUNTABILITY_ABILITIES.filter((a) => GRANTS[a].some((r) => who.user.roles.includes(r))),
};

/** Whether the person sees the privacy pages at all (the navigation asks). */
export const seesAccountability = (who: Pick<SignedIn, 'user'>) => accountabilityPolicy.abilitiesOf(who).length > 0;
