import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { presentMe } from '../../domain/user/user.presenter.js';
import { ROLES } from '../../domain/user/roles.js';
import { apiRoute } from '../pipeline/api-route.js';
import { named } from './openapi.js';

export const meSchema = named(
  'Me',
  z.object({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    roles: z.array(z.enum(ROLES)),
    organisation: z.object({ id: z.uuid(), name: z.string(), slug: z.string() }),
  }),
);

export function meRoutes(app: FastifyInstance, db: Db) {
  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/me',
    tags: ['people'],
    summary: 'Who am I: the caller, their organisation and roles',
    response: meSchema,
    handler: async ({ who }) => presentMe(who),
  });
}
