import type { RolePolicy } from '../access/access.js';
import type { Role } from '../user/roles.js';

/**
 * Who handles requests from the people in it. The security adviser and the privacy officer
 * record, read and decide them. The rule for an access export (four eyes, and the privacy
 * officer never sees incident content):
 * - the security adviser COMPILES it and is the only one who opens it (JSON, PDF), draft or
 *   released, to hand it to the person;
 * - someone else REVIEWS and releases it: the privacy officer (or another security adviser).
 *   The review shows what each section holds (how many items) and what was left out on
 *   which ground — never the content itself — so the privacy officer checks the answer's
 *   scope and grounds without reading a case.
 * Everyone else: the requests do not exist (404).
 */
export const REQUEST_ABILITIES = [
  'request.read',
  'request.record',
  'request.decide',
  'request.compile',
  'request.export',
  'request.release',
] as const;
export type RequestAbility = (typeof REQUEST_ABILITIES)[number];

const GRANTS: Record<RequestAbility, readonly Role[]> = {
  'request.read': ['security_adviser', 'privacy_officer'],
  'request.record': ['security_adviser', 'privacy_officer'],
  'request.decide': ['security_adviser', 'privacy_officer'],
  'request.compile': ['security_adviser'],
  'request.export': ['security_adviser'],
  'request.release': ['security_adviser', 'privacy_officer'],
};

export function canRequest(roles: readonly Role[], ability: RequestAbility): boolean {
  return GRANTS[ability].some((r) => roles.includes(r));
}

export const requestPolicy: RolePolicy<RequestAbility> = {
  resource: 'request',
  abilities: REQUEST_ABILITIES,
  abilitiesOf: (who) => REQUEST_ABILITIES.filter((a) => canRequest(who.user.roles, a)),
};
