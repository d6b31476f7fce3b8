import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.js';
import { changeRouting, getRouting, routingSchema } from '../../domain/routing/change-routing.js';
import { presentRouting } from '../../domain/routing/routing.presenter.js';
import { apiRoute } from '../pipeline/api-route.js';
import { routingResponseSchema } from './schemas.js';

export function routingRoutes(app: FastifyInstance, db: Db) {
  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/routing',
    tags: ['routing'],
    summary: 'Routing rules: ordered, first match per affected person, plus always-inform roles (administrators; 404 for others)',
    response: routingResponseSchema,
    errors: [404],
    handler: async ({ tx, who }) => presentRouting(await getRouting(tx, who)),
  });

  apiRoute(app, db, {
    method: 'PUT',
    url: '/api/v1/routing',
    tags: ['routing'],
    summary: 'Replace the routing rules (administrators; 404 for others)',
    body: routingSchema,
    response: routingResponseSchema,
    errors: [404],
    handler: async ({ tx, who, body }) => presentRouting(await changeRouting(tx, who, body)),
  });
}
