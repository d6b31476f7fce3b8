import type { Tx } from '../../db/database.js';
import { isRole, type Role } from '../user/roles.js';
import { DEFAULT_ROUTING, type Routing, type RoutingPerson } from './routing.js';

/** The organisation's routing; the protocol's defaults until an administrator saves rules. */
export async function loadRouting(tx: Tx): Promise<Routing> {
  const [rows, org] = await Promise.all([
    tx.selectFrom('routingRule').selectAll().orderBy('position').execute(),
    tx.selectFrom('organisation').select('alwaysInformRoles').executeTakeFirstOrThrow(),
  ]);
  const roles = (values: string[]) => values.filter(isRole);
  return {
    rules:
      rows.length === 0
        ? DEFAULT_ROUTING.rules
        : rows
            .filter((r) => isRole(r.affectedRole))
            .map((r) => ({ affectedRole: r.affectedRole as Role, informRoles: roles(r.informRoles), informManager: r.informManager })),
    alwaysInform: roles(org.alwaysInformRoles),
  };
}

export async function saveRouting(tx: Tx, organisationId: string, routing: Routing): Promise<void> {
  await tx.deleteFrom('routingRule').execute();
  if (routing.rules.length > 0) {
    await tx
      .insertInto('routingRule')
      .values(
        routing.rules.map((r, position) => ({
          organisationId,
          position,
          affectedRole: r.affectedRole,
          informRoles: r.informRoles,
          informManager: r.informManager,
        })),
      )
      .execute();
  }
  await tx.updateTable('organisation').set({ alwaysInformRoles: routing.alwaysInform }).execute();
}

/** Everyone in the organisation with roles and manager, for routing. */
export async function routingPeople(tx: Tx): Promise<RoutingPerson[]> {
  const [users, roles] = await Promise.all([
    tx.selectFrom('appUser').select(['id', 'active', 'managerId']).execute(),
    tx.selectFrom('userRole').select(['userId', 'role']).execute(),
  ]);
  const byUser = new Map<string, Role[]>();
  for (const r of roles) if (isRole(r.role)) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r.role]);
  return users.map((u) => ({ id: u.id, active: u.active, managerId: u.managerId, roles: byUser.get(u.id) ?? [] }));
}
