import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import { isRole, type Role } from '../user/roles.js';
import { alwaysInformed, DEFAULT_ROUTING, type Routing, type RoutingPerson } from './routing.js';

/*
 * Routing and the people it chooses from are read once per transaction: one report asks for
 * them in routing, in the aftercare plan and in the case duties (the bench counted the same
 * four statements three times). Saving the routing forgets what was read.
 */
const routingOfTransaction = new WeakMap<Tx, Promise<Routing>>();
const peopleOfTransaction = new WeakMap<Tx, Promise<RoutingPerson[]>>();

function once<T>(cache: WeakMap<Tx, Promise<T>>, tx: Tx, read: (tx: Tx) => Promise<T>): Promise<T> {
  let value = cache.get(tx);
  if (!value) {
    value = read(tx);
    cache.set(tx, value);
  }
  return value;
}

/** The organisation's routing; the protocol's defaults until an administrator saves rules. */
export function loadRouting(tx: Tx): Promise<Routing> {
  return once(routingOfTransaction, tx, readRouting);
}

async function readRouting(tx: Tx): Promise<Routing> {
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
    // Whatever is stored, the adviser is among them (the domain's rule, not only the form's).
    alwaysInform: alwaysInformed({ alwaysInform: roles(org.alwaysInformRoles) }),
  };
}

export async function saveRouting(tx: Tx, organisationId: string, routing: Routing): Promise<void> {
  routingOfTransaction.delete(tx);
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

/** Everyone in the organisation with roles and manager, for routing (once per transaction). */
export function routingPeople(tx: Tx): Promise<RoutingPerson[]> {
  return once(peopleOfTransaction, tx, async (t) => {
    const users = await t
      .selectFrom('appUser as u')
      .select([
        'u.id',
        'u.active',
        'u.managerId',
        sql<string[]>`array(SELECT r.role FROM user_role r WHERE r.user_id = u.id ORDER BY r.role)`.as('roles'),
      ])
      .execute();
    return users.map((u) => ({ id: u.id, active: u.active, managerId: u.managerId, roles: u.roles.filter(isRole) }));
  });
}
