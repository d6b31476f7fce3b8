import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.js';
import { statistics } from '../../domain/insight/figures.js';
import { statisticsQuerySchema, statisticsSchema } from '../../domain/insight/insight.schema.js';
import { apiRoute } from '../pipeline/api-route.js';
import { named } from './openapi.js';

/** Figures for programs: one breakdown of a period, over the incidents the caller may see. */
export function statisticsRoutes(app: FastifyInstance, db: Db) {
  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/statistics',
    tags: ['insight'],
    summary:
      'Incidents the caller may see in a period (from, to: whole days in Amsterdam; this year by default), counted by one dimension (by); filters level, channel, group. Exact counts: the caller could open each incident.',
    query: statisticsQuerySchema,
    response: named('Statistics', statisticsSchema),
    handler: async ({ tx, who, query }) => {
      const { by, ...filter } = query;
      return statistics(tx, who, filter, by);
    },
  });
}
