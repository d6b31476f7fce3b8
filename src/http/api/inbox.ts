import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { listInbox, markInboxRead, unreadCount } from '../../domain/notification/inbox.js';
import { presentInboxItem } from '../../domain/notification/notification.presenter.js';
import { apiRoute } from '../pipeline/api-route.js';
import { inboxSchema, okSchema } from './schemas.js';

const readSchema = z.object({ ids: z.union([z.array(z.uuid()), z.literal('all')]) });

export function inboxRoutes(app: FastifyInstance, db: Db) {
  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/inbox',
    tags: ['inbox'],
    summary: "The caller's notifications, newest first",
    response: inboxSchema,
    handler: async ({ tx, who }) => ({ data: (await listInbox(tx, who)).map(presentInboxItem), unread: await unreadCount(tx, who) }),
  });

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/inbox/read',
    tags: ['inbox'],
    summary: 'Mark notifications read (ids, or "all")',
    body: readSchema,
    response: okSchema,
    handler: async ({ tx, who, body }) => {
      await markInboxRead(tx, who, body.ids);
      return { ok: true as const };
    },
  });
}
