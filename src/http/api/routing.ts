import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { changeRouting, getRouting, routingSchema } from '../../domain/routing/change-routing.js';
import { ROLES } from '../../domain/user/roles.js';
import { requireApiCaller } from '../context.js';
import { named, type ApiOperation } from './openapi.js';

const routingResponse = named('Routing', z.object({
  rules: z.array(z.object({ affectedRole: z.enum(ROLES), informRoles: z.array(z.enum(ROLES)), informManager: z.boolean() })),
  alwaysInform: z.array(z.enum(ROLES)),
}));

export const routingOperations: ApiOperation[] = [
  { method: 'get', path: '/api/v1/routing', summary: 'Routing rules: ordered, first match per affected person, plus always-inform roles (administrators)', tags: ['routing'], response: routingResponse },
  { method: 'put', path: '/api/v1/routing', summary: 'Replace the routing rules (administrators)', tags: ['routing'], body: routingSchema, response: routingResponse },
];

export function routingRoutes(app: FastifyInstance, db: Db) {
  app.get('/api/v1/routing', async (request) => getRouting(db, requireApiCaller(request)));
  app.put('/api/v1/routing', async (request) => changeRouting(db, requireApiCaller(request), request.body));
}
