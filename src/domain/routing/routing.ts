import type { Role } from '../user/roles.js';

/**
 * Who is informed of an incident, decided by the role of the affected person.
 * Rules are ordered; for each affected person the first rule matching one of their roles
 * applies. The "always inform" roles (by default the security adviser) get every incident.
 */
export interface RoutingRule {
  affectedRole: Role;
  informRoles: Role[];
  /** For employees: their own manager (app_user.manager_id). */
  informManager: boolean;
}

export interface Routing {
  rules: RoutingRule[];
  alwaysInform: Role[];
}

/** The protocol's chain (seed 001 §5.1, PRODUCT.md §2). Clerk and secretary rows are ours. */
export const DEFAULT_ROUTING: Routing = {
  rules: [
    { affectedRole: 'council_member', informRoles: ['clerk', 'mayor'], informManager: false },
    { affectedRole: 'group_member', informRoles: ['clerk', 'mayor'], informManager: false },
    { affectedRole: 'alderman', informRoles: ['mayor', 'municipal_secretary'], informManager: false },
    { affectedRole: 'mayor', informRoles: ['municipal_secretary', 'clerk'], informManager: false },
    { affectedRole: 'clerk', informRoles: ['mayor'], informManager: false },
    { affectedRole: 'municipal_secretary', informRoles: ['mayor'], informManager: false },
    { affectedRole: 'employee', informRoles: [], informManager: true },
  ],
  alwaysInform: ['security_adviser'],
};

/**
 * Roles informed of every incident whatever the organisation's routing says: the designated
 * official (seed 001 §5.1). Routing may add roles to "always inform", never take these away.
 */
export const ALWAYS_INFORMED_ROLES = ['security_adviser'] as const satisfies readonly Role[];

/** The "always inform" roles of a routing with the fixed ones added. */
export function alwaysInformed(routing: Pick<Routing, 'alwaysInform'>): Role[] {
  return [...new Set<Role>([...ALWAYS_INFORMED_ROLES, ...routing.alwaysInform])];
}

export interface RoutingPerson {
  id: string;
  roles: readonly Role[];
  active: boolean;
  managerId: string | null;
}

export type RoutingReason = 'routed' | 'always_inform';

/** The people to inform, with why. Inactive people are never informed. */
export function resolveRecipients(
  routing: Routing,
  affected: readonly RoutingPerson[],
  everyone: readonly RoutingPerson[],
): Map<string, RoutingReason> {
  const active = everyone.filter((p) => p.active);
  const withRole = (roles: readonly Role[]) => active.filter((p) => p.roles.some((r) => roles.includes(r))).map((p) => p.id);
  const result = new Map<string, RoutingReason>();
  for (const person of affected) {
    const rule = routing.rules.find((r) => person.roles.includes(r.affectedRole));
    if (!rule) continue;
    for (const id of withRole(rule.informRoles)) result.set(id, 'routed');
    if (rule.informManager && person.managerId && active.some((p) => p.id === person.managerId)) result.set(person.managerId, 'routed');
  }
  for (const id of withRole(alwaysInformed(routing))) if (!result.has(id)) result.set(id, 'always_inform');
  return result;
}

/** Who a report about someone with this role would inform: the rule's people, their manager, and those always informed. */
export interface RoutingPreview {
  routed: string[];
  manager: boolean;
  always: string[];
}

/**
 * The settings page's preview (issue 10 §4): "a report about a council member informs: …",
 * by the same resolution as a real report, for a person holding only that role.
 */
export function previewRecipients(routing: Routing, role: Role, everyone: readonly RoutingPerson[]): RoutingPreview {
  const someone: RoutingPerson = { id: 'preview', roles: [role], active: true, managerId: null };
  const found = resolveRecipients(routing, [someone], everyone);
  const rule = routing.rules.find((r) => r.affectedRole === role);
  return {
    routed: [...found].filter(([, why]) => why === 'routed').map(([id]) => id),
    manager: rule?.informManager ?? false,
    always: [...found].filter(([, why]) => why === 'always_inform').map(([id]) => id),
  };
}
