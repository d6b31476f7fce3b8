import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import type { SignedIn } from '../../domain/auth/session.js';
import { CHANNELS, LEVELS, PERPETRATOR_KINDS, STATUSES } from '../../domain/incident/norm.js';
import { linkPerpetrator, unlinkPerpetrator } from '../../domain/perpetrator/link-perpetrator.js';
import { createPerpetrator, updatePerpetrator } from '../../domain/perpetrator/manage-perpetrator.js';
import { mergePerpetrators } from '../../domain/perpetrator/merge-perpetrators.js';
import { MATCH_REASONS, MEASURE_KINDS, MEASURE_STATES } from '../../domain/perpetrator/perpetrator.js';
import { getIncidentPerpetrators, getPerpetrator, listPerpetrators } from '../../domain/perpetrator/perpetrator-queries.js';
import { presentHistory, presentIncidentPerpetrators, presentPerpetratorSummary } from '../../domain/perpetrator/perpetrator.presenter.js';
import { linkSchema, mergeSchema, newPerpetratorSchema, perpetratorSchema } from '../../domain/perpetrator/perpetrator.schema.js';
import { requireApiCaller } from '../context.js';
import { named, type ApiOperation } from './openapi.js';
import { okSchema } from './schemas.js';

const isoTime = z.string().describe('ISO 8601 date-time');
const isoDate = z.string().describe('Calendar date, YYYY-MM-DD');
const repeat = z.enum(['none', 'first', 'repeated']).describe('No incident yet, a first incident, or a repeat');

const identifiers = {
  aliases: z.array(z.string()),
  emails: z.array(z.string()).describe('Lower case'),
  phones: z.array(z.string()).describe('International form, e.g. +31612345678'),
  socialAccounts: z.array(z.string()).describe('Lower case; a handle starts with @'),
};

export const perpetratorSummarySchema = named('PerpetratorSummary', z.object({
  id: z.uuid(), kind: z.enum(PERPETRATOR_KINDS), name: z.string(), ...identifiers,
  incidentCount: z.number().int(), repeat, lastIncidentAt: isoTime.nullable(),
}));

const perpetratorListSchema = named('PerpetratorList', z.object({
  data: z.array(perpetratorSummarySchema),
  next: z.string().optional().describe('Pass as ?after= for the next page (browsing without q only)'),
}));

const matchSchema = named('PerpetratorMatch', z.object({
  perpetrator: perpetratorSummarySchema,
  score: z.number().describe('Name similarity 0–1 (trigrams) over name and aliases'),
  reasons: z.array(z.enum(MATCH_REASONS)).describe('What matched: a similar name, or the same e-mail address, phone number or account'),
}));

export const perpetratorDetailSchema = named('Perpetrator', z.object({
  id: z.uuid(), kind: z.enum(PERPETRATOR_KINDS), name: z.string(), ...identifiers,
  dateOfBirth: isoDate.nullable(), address: z.string().nullable(), notes: z.string().nullable(),
  mergedInto: z.uuid().nullable().describe('Set when this record was merged into another, which now holds its history'),
  createdAt: isoTime, updatedAt: isoTime,
  repeat, incidentCount: z.number().int(), againstOfficeHolders: z.number().int(), againstEmployees: z.number().int(),
  incidents: z.array(z.object({
    id: z.uuid(), reference: z.string(), ordinal: z.number().int().describe('1 is the first incident by this perpetrator'),
    level: z.enum(LEVELS), status: z.enum(STATUSES), channel: z.enum(CHANNELS), occurredAt: isoTime, linkedAt: isoTime,
    against: z.array(z.enum(['office_holder', 'employee'])),
    viewerMayOpen: z.boolean().describe('Whether the caller may open the incident itself'),
  })).describe('Every linked incident, oldest first, against office holders and employees alike'),
  measures: z.array(z.object({
    id: z.uuid(), incidentId: z.uuid(), incidentReference: z.string(), kind: z.enum(MEASURE_KINDS), state: z.enum(MEASURE_STATES),
    startsOn: isoDate.nullable(), endsOn: isoDate.nullable(), proposedAt: isoTime, decidedAt: isoTime.nullable(),
    carriedOutAt: isoTime.nullable(), endedAt: isoTime.nullable(),
  })),
  mergedFrom: z.array(z.object({ id: z.uuid(), name: z.string() })).describe('Records merged into this one'),
  possibleDuplicates: z.array(matchSchema).describe('Other records that look like the same perpetrator'),
}));

const incidentPerpetratorsSchema = named('IncidentPerpetrators', z.object({
  incident: z.object({
    id: z.uuid(), reference: z.string(),
    perpetrator: z.object({ kind: z.enum(PERPETRATOR_KINDS), name: z.string().nullable(), details: z.string().nullable() }).nullable().describe('What the report itself says'),
  }),
  linked: z.array(perpetratorSummarySchema),
  suggestions: z.array(matchSchema).describe("Existing records like the report's perpetrator name, e-mail addresses, numbers and accounts"),
  clues: z.object({ names: z.array(z.string()), emails: z.array(z.string()), phones: z.array(z.string()), accounts: z.array(z.string()) }),
  results: z.array(perpetratorSummarySchema).optional().describe('Search results for ?q='),
}));

const ONLY = 'Only for the security adviser, mayor and municipal secretary; 404 for anyone else.';

export const perpetratorOperations: ApiOperation[] = [
  { method: 'get', path: '/api/v1/perpetrators', summary: `The perpetrator register: alphabetical, or the best matches for ?q= (name, alias, e-mail, phone, account); ?kind=, ?limit=, ?after=. ${ONLY}`, tags: ['perpetrators'], response: perpetratorListSchema },
  { method: 'post', path: '/api/v1/perpetrators', summary: `Register a perpetrator; with incidentId, link that incident at once. ${ONLY}`, tags: ['perpetrators'], body: newPerpetratorSchema, response: perpetratorDetailSchema, successStatus: 201 },
  { method: 'get', path: '/api/v1/perpetrators/{id}', summary: `One perpetrator with every incident and measure (audited). ${ONLY}`, tags: ['perpetrators'], response: perpetratorDetailSchema },
  { method: 'put', path: '/api/v1/perpetrators/{id}', summary: `Replace a perpetrator's data. ${ONLY}`, tags: ['perpetrators'], body: perpetratorSchema, response: perpetratorDetailSchema },
  { method: 'post', path: '/api/v1/perpetrators/{id}/merge', summary: `Merge a duplicate into this record: its incidents, measures, names and identifiers move here; it stays, marked mergedInto. ${ONLY}`, tags: ['perpetrators'], body: mergeSchema, response: perpetratorDetailSchema },
  { method: 'get', path: '/api/v1/incidents/{id}/perpetrators', summary: `Perpetrators linked to the incident, and suggestions from what the report says; ?q= searches too. ${ONLY}`, tags: ['perpetrators'], response: incidentPerpetratorsSchema },
  { method: 'post', path: '/api/v1/incidents/{id}/perpetrators', summary: `Link the incident to a perpetrator (201; 200 when it already was). ${ONLY}`, tags: ['perpetrators'], body: linkSchema, response: incidentPerpetratorsSchema, successStatus: 201 },
  { method: 'delete', path: '/api/v1/incidents/{id}/perpetrators/{perpetratorId}', summary: `Remove a link made in error (kept on the timeline). ${ONLY}`, tags: ['perpetrators'], response: okSchema },
];

const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
const queryText = (request: FastifyRequest) => {
  const q = (request.query as Record<string, unknown>).q;
  return typeof q === 'string' ? q : undefined;
};

/** The perpetrator register as JSON: the same use cases as the pages. */
export function perpetratorRoutes(app: FastifyInstance, db: Db) {
  const detail = async (who: SignedIn, id: string) => presentHistory(await getPerpetrator(db, who, id));

  app.get('/api/v1/perpetrators', async (request) => {
    const page = await listPerpetrators(db, requireApiCaller(request), request.query);
    return { data: page.data.map(presentPerpetratorSummary), ...(page.next ? { next: page.next } : {}) };
  });

  app.post('/api/v1/perpetrators', async (request, reply) => {
    const who = requireApiCaller(request);
    const id = await createPerpetrator(db, who, request.body ?? {});
    return reply.code(201).send(await detail(who, id));
  });

  app.get('/api/v1/perpetrators/:id', async (request) => detail(requireApiCaller(request), idOf(request)));

  app.put('/api/v1/perpetrators/:id', async (request) => {
    const who = requireApiCaller(request);
    await updatePerpetrator(db, who, idOf(request), request.body ?? {});
    return detail(who, idOf(request));
  });

  app.post('/api/v1/perpetrators/:id/merge', async (request) => {
    const who = requireApiCaller(request);
    await mergePerpetrators(db, who, idOf(request), request.body ?? {});
    return detail(who, idOf(request));
  });

  app.get('/api/v1/incidents/:id/perpetrators', async (request) =>
    presentIncidentPerpetrators(await getIncidentPerpetrators(db, requireApiCaller(request), idOf(request), queryText(request))));

  app.post('/api/v1/incidents/:id/perpetrators', async (request, reply) => {
    const who = requireApiCaller(request);
    const created = await linkPerpetrator(db, who, idOf(request), request.body ?? {});
    return reply.code(created ? 201 : 200).send(presentIncidentPerpetrators(await getIncidentPerpetrators(db, who, idOf(request))));
  });

  app.delete('/api/v1/incidents/:id/perpetrators/:perpetratorId', async (request) => {
    const { id, perpetratorId } = request.params as { id: string; perpetratorId: string };
    await unlinkPerpetrator(db, requireApiCaller(request), id, perpetratorId);
    return { ok: true };
  });
}
