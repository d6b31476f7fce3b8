import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ROLES } from '../../domain/user/roles.js';
import { requireApiCaller } from '../context.js';
import { named, type ApiOperation } from './openapi.js';

export const meSchema = named('Me', z
  .object({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    roles: z.array(z.enum(ROLES)),
    organisation: z.object({ id: z.uuid(), name: z.string(), slug: z.string() }),
  }));

export const meOperations: ApiOperation[] = [
  { method: 'get', path: '/api/v1/me', summary: 'Who am I: the caller, their organisation and roles', tags: ['people'], response: meSchema },
];

export function meRoutes(app: FastifyInstance) {
  app.get('/api/v1/me', async (request) => {
    const who = requireApiCaller(request);
    const body: z.infer<typeof meSchema> = {
      id: who.user.id,
      name: who.user.name,
      email: who.user.email,
      roles: who.user.roles,
      organisation: { id: who.organisation.id, name: who.organisation.name, slug: who.organisation.slug },
    };
    return body;
  });
}
