import type { FastifyInstance } from 'fastify';
import { withOrganisation, type Db } from '../../db/database.js';
import { ON_BEHALF_ROLES } from '../../domain/incident/incident.policy.js';
import { listUsers } from '../../domain/user/user.repository.js';
import { canPeople } from '../../domain/user/user.policy.js';
import { notFound } from '../../errors.js';
import { requireApiCaller } from '../context.js';
import type { ApiOperation } from './openapi.js';
import { userListSchema } from './schemas.js';

export const peopleOperations: ApiOperation[] = [
  { method: 'get', path: '/api/v1/users', summary: "The organisation's active people with ids and roles (for those who may report for others)", tags: ['people'], response: userListSchema },
];

export function peopleApiRoutes(app: FastifyInstance, db: Db) {
  app.get('/api/v1/users', async (request) => {
    const who = requireApiCaller(request);
    const mayPick = who.user.roles.some((r) => (ON_BEHALF_ROLES as readonly string[]).includes(r)) || canPeople(who.user.roles, 'people.list');
    const users = await withOrganisation(db, who.organisation.id, async (tx) => {
      const all = await listUsers(tx);
      // A manager may report for the people they manage, and sees just those.
      if (mayPick) return all.filter((u) => u.active);
      const managed = await tx.selectFrom('appUser').select('id').where('managerId', '=', who.user.id).execute();
      const ids = new Set(managed.map((m) => m.id));
      return all.filter((u) => u.active && ids.has(u.id));
    });
    if (users.length === 0 && !mayPick) throw notFound();
    return { data: users.map((u) => ({ id: u.id, name: u.name, roles: u.roles })) };
  });
}
