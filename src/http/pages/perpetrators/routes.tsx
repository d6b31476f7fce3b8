import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/database.js';
import { perpetratorDetailRoutes } from './detail.js';
import { perpetratorFormRoutes } from './form.js';
import { incidentPerpetratorRoutes } from './incident.js';
import { perpetratorListRoutes } from './list.js';

/**
 * The perpetrator register's pages: list and search, new (also from an incident), a record
 * with its history, edit and merge, and linking an incident. Only for 'perpetrator.read'
 * roles; for everyone else these pages do not exist (404).
 */
export function perpetratorPageRoutes(app: FastifyInstance, db: Db) {
  // /perpetrators/new before /perpetrators/:id reads better; the router prefers static parts anyway.
  perpetratorFormRoutes(app, db);
  perpetratorListRoutes(app, db);
  perpetratorDetailRoutes(app, db);
  incidentPerpetratorRoutes(app, db);
}
