import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.js';
import { peopleToReportFor } from '../../domain/incident/on-behalf.js';
import { presentPersonChoice } from '../../domain/user/user.presenter.js';
import { notFound } from '../../errors.js';
import { apiRoute } from '../pipeline/api-route.js';
import { userListSchema } from './schemas.js';

export function peopleApiRoutes(app: FastifyInstance, db: Db) {
  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/users',
    tags: ['people'],
    summary:
      "The people the caller may report for, with ids and roles (everyone for the reporting chain; a manager's own people); 404 for others",
    response: userListSchema,
    errors: [404],
    handler: async ({ tx, who }) => {
      const users = await peopleToReportFor(tx, who);
      if (users.length === 0) throw notFound();
      return { data: users.map(presentPersonChoice) };
    },
  });
}
