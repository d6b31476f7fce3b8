import type { RolePolicy } from '../access/access.js';
import type { Role } from '../user/roles.js';

/** Who may read and change the organisation's routing rules: its administrators. */
export const ROUTING_ABILITIES = ['read', 'change'] as const;
export type RoutingAbility = (typeof ROUTING_ABILITIES)[number];

const GRANTS: Record<RoutingAbility, readonly Role[]> = {
  read: ['admin'],
  change: ['admin'],
};

export const routingPolicy: RolePolicy<RoutingAbility> = {
  resource: 'routing',
  abilities: ROUTING_ABILITIES,
  abilitiesOf: (who) => ROUTING_ABILITIES.filter((a) => GRANTS[a].some((r) => who.user.roles.includes(r))),
};
