import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { getHold, holdSchema, liftHold, placeHold, type HoldState } from '../../domain/retention/hold.js';
import { HOLD_KINDS } from '../../domain/retention/retention.js';
import { apiRoute, idParams } from '../pipeline/api-route.js';
import { named } from './openapi.js';

const holdOut = named(
  'RetentionHold',
  z.object({
    incidentId: z.uuid(),
    held: z.boolean().describe('Whether retention keeps the incident past its term'),
    manual: z
      .object({ reason: z.string(), placedAt: z.string().describe('ISO 8601 date-time') })
      .nullable()
      .describe('The hold placed by hand, with its reason'),
    automatic: z.array(z.enum(HOLD_KINDS)).describe('Holds that follow from the case: a prosecution running, a ban in force'),
  }),
);

const present = (state: HoldState): z.output<typeof holdOut> => ({
  incidentId: state.incidentId,
  held: state.held,
  manual: state.manual ? { reason: state.manual.reason, placedAt: state.manual.placedAt.toISOString() } : null,
  automatic: state.automatic,
});

/** Holds on incidents (docs/retention.md): for the security adviser and whoever handles the incident; anyone else 404. */
export function holdRoutes(app: FastifyInstance, db: Db) {
  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/incidents/:id/hold',
    tags: ['retention'],
    params: idParams,
    response: holdOut,
    summary: 'Whether retention holds the incident, by hand or automatically',
    handler: async ({ tx, who, params }) => present(await getHold(tx, who, params.id)),
  });
  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/incidents/:id/hold',
    tags: ['retention'],
    params: idParams,
    body: holdSchema,
    response: holdOut,
    summary: 'Hold the incident: no deletion by retention until the hold is lifted (the reason is recorded, the act audited)',
    handler: async ({ tx, who, params, body }) => present(await placeHold(tx, who, params.id, body)),
  });
  apiRoute(app, db, {
    method: 'DELETE',
    url: '/api/v1/incidents/:id/hold',
    tags: ['retention'],
    params: idParams,
    response: holdOut,
    summary: 'Lift the hold placed by hand (automatic holds stay while their cause lasts); 404 when there is none',
    handler: async ({ tx, who, params }) => present(await liftHold(tx, who, params.id)),
  });
}
