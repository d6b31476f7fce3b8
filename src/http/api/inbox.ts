import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { incidentReference } from '../../domain/incident/incident.js';
import { listInbox, markInboxRead, unreadCount } from '../../domain/notification/inbox.js';
import { requireApiCaller } from '../context.js';
import type { ApiOperation } from './openapi.js';
import { inboxSchema, okSchema } from './schemas.js';

const readSchema = z.object({ ids: z.union([z.array(z.uuid()), z.literal('all')]) });

export const inboxOperations: ApiOperation[] = [
  { method: 'get', path: '/api/v1/inbox', summary: "The caller's notifications, newest first", tags: ['inbox'], response: inboxSchema },
  { method: 'post', path: '/api/v1/inbox/read', summary: 'Mark notifications read (ids, or "all")', tags: ['inbox'], body: readSchema, response: okSchema },
];

export function inboxRoutes(app: FastifyInstance, db: Db) {
  app.get('/api/v1/inbox', async (request) => {
    const who = requireApiCaller(request);
    const [items, unread] = await Promise.all([listInbox(db, who), unreadCount(db, who)]);
    return {
      data: items.map((i) => ({
        id: i.id, kind: i.kind, incidentId: i.incidentId, incidentReference: i.incidentNumber ? incidentReference({ number: i.incidentNumber }) : null,
        consultationId: i.consultationId, createdAt: i.createdAt.toISOString(), read: i.read,
      })),
      unread,
    };
  });

  app.post('/api/v1/inbox/read', async (request) => {
    const who = requireApiCaller(request);
    const body = readSchema.safeParse(request.body);
    await markInboxRead(db, who, body.success ? body.data.ids : []);
    return { ok: true };
  });
}
