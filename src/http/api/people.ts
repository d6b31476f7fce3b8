import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.js';
import { peopleToReportFor } from '../../domain/incident/on-behalf.js';
import { notFound } from '../../errors.js';
import { requireApiCaller } from '../context.js';
import type { ApiOperation } from './openapi.js';
import { userListSchema } from './schemas.js';

export const peopleOperations: ApiOperation[] = [
  { method: 'get', path: '/api/v1/users', summary: "The people the caller may report for, with ids and roles (everyone for the reporting chain; a manager's own people); 404 for others", tags: ['people'], response: userListSchema },
];

export function peopleApiRoutes(app: FastifyInstance, db: Db) {
  app.get('/api/v1/users', async (request) => {
    const who = requireApiCaller(request);
    const users = await peopleToReportFor(db, who);
    if (users.length === 0) throw notFound();
    return { data: users.map((u) => ({ id: u.id, name: u.name, roles: u.roles })) };
  });
}
