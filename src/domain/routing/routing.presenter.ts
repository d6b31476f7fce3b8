import type { Routing } from './routing.js';

/** The routing rules as the API shows them. */
export function presentRouting(r: Routing) {
  return {
    rules: r.rules.map((rule) => ({ affectedRole: rule.affectedRole, informRoles: rule.informRoles, informManager: rule.informManager })),
    alwaysInform: r.alwaysInform,
  };
}
