import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db, Tx } from '../../db/database.js';
import type { SignedIn } from '../../domain/auth/session.js';
import { CHANNELS, LEVELS, PERPETRATOR_KINDS, STATUSES } from '../../domain/incident/norm.js';
import { linkPerpetrator, unlinkPerpetrator } from '../../domain/perpetrator/link-perpetrator.js';
import { createPerpetrator, updatePerpetrator } from '../../domain/perpetrator/manage-perpetrator.js';
import { mergePerpetrators } from '../../domain/perpetrator/merge-perpetrators.js';
import { MATCH_REASONS, MEASURE_KINDS, MEASURE_STATES } from '../../domain/perpetrator/perpetrator.js';
import { getIncidentPerpetrators, getPerpetrator, listPerpetrators } from '../../domain/perpetrator/perpetrator-queries.js';
import { presentHistory, presentIncidentPerpetrators, presentPerpetratorSummary } from '../../domain/perpetrator/perpetrator.presenter.js';
import {
  linkSchema,
  mergeSchema,
  newPerpetratorSchema,
  perpetratorFilterSchema,
  perpetratorSchema,
} from '../../domain/perpetrator/perpetrator.schema.js';
import { requireRole } from '../../domain/access/access.js';
import { perpetratorPolicy } from '../../domain/perpetrator/perpetrator.policy.js';
import { apiRoute, idParams } from '../pipeline/api-route.js';
import { named } from './openapi.js';
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

export const perpetratorSummarySchema = named(
  'PerpetratorSummary',
  z.object({
    id: z.uuid(),
    kind: z.enum(PERPETRATOR_KINDS),
    name: z.string(),
    ...identifiers,
    incidentCount: z.number().int(),
    repeat,
    lastIncidentAt: isoTime.nullable(),
  }),
);

const perpetratorListSchema = named(
  'PerpetratorList',
  z.object({
    data: z.array(perpetratorSummarySchema),
    next: z.string().optional().describe('Pass as ?after= for the next page (browsing without q only)'),
  }),
);

const matchSchema = named(
  'PerpetratorMatch',
  z.object({
    perpetrator: perpetratorSummarySchema,
    score: z.number().describe('Name similarity 0–1 (trigrams) over name and aliases'),
    reasons: z.array(z.enum(MATCH_REASONS)).describe('What matched: a similar name, or the same e-mail address, phone number or account'),
  }),
);

export const perpetratorDetailSchema = named(
  'Perpetrator',
  z.object({
    id: z.uuid(),
    kind: z.enum(PERPETRATOR_KINDS),
    name: z.string(),
    ...identifiers,
    dateOfBirth: isoDate.nullable(),
    address: z.string().nullable(),
    notes: z.string().nullable(),
    mergedInto: z.uuid().nullable().describe('Set when this record was merged into another, which now holds its history'),
    createdAt: isoTime,
    updatedAt: isoTime,
    repeat,
    incidentCount: z.number().int(),
    againstOfficeHolders: z.number().int(),
    againstEmployees: z.number().int(),
    incidents: z
      .array(
        z.object({
          id: z.uuid(),
          reference: z.string(),
          ordinal: z.number().int().describe('1 is the first incident by this perpetrator'),
          level: z.enum(LEVELS),
          status: z.enum(STATUSES),
          channel: z.enum(CHANNELS),
          occurredAt: isoTime,
          linkedAt: isoTime,
          against: z.array(z.enum(['office_holder', 'employee'])),
          viewerMayOpen: z.boolean().describe('Whether the caller may open the incident itself'),
        }),
      )
      .describe('Every linked incident, oldest first, against office holders and employees alike'),
    measures: z.array(
      z.object({
        id: z.uuid(),
        incidentId: z.uuid(),
        incidentReference: z.string(),
        kind: z.enum(MEASURE_KINDS),
        state: z.enum(MEASURE_STATES),
        startsOn: isoDate.nullable(),
        endsOn: isoDate.nullable(),
        proposedAt: isoTime,
        decidedAt: isoTime.nullable(),
        carriedOutAt: isoTime.nullable(),
        endedAt: isoTime.nullable(),
      }),
    ),
    mergedFrom: z.array(z.object({ id: z.uuid(), name: z.string() })).describe('Records merged into this one'),
    possibleDuplicates: z.array(matchSchema).describe('Other records that look like the same perpetrator'),
  }),
);

const incidentPerpetratorsSchema = named(
  'IncidentPerpetrators',
  z.object({
    incident: z.object({
      id: z.uuid(),
      reference: z.string(),
      perpetrator: z
        .object({ kind: z.enum(PERPETRATOR_KINDS), name: z.string().nullable(), details: z.string().nullable() })
        .nullable()
        .describe('What the report itself says'),
    }),
    linked: z.array(perpetratorSummarySchema),
    suggestions: z
      .array(matchSchema)
      .describe("Existing records like the report's perpetrator name, e-mail addresses, numbers and accounts"),
    clues: z.object({
      names: z.array(z.string()),
      emails: z.array(z.string()),
      phones: z.array(z.string()),
      accounts: z.array(z.string()),
    }),
    results: z.array(perpetratorSummarySchema).optional().describe('Search results for ?q='),
  }),
);

const ONLY = 'Only for the security adviser, mayor and municipal secretary; 404 for anyone else.';

const linkParams = z.object({ id: z.uuid(), perpetratorId: z.uuid() });
const searchQuery = z.object({ q: z.string().optional().describe('Search the register as well (name, alias, e-mail, phone, account)') });

/** The perpetrator register as JSON: the same use cases as the pages. */
export function perpetratorRoutes(app: FastifyInstance, db: Db) {
  const tags = ['perpetrators'];
  // For everyone without the ability the register does not exist: 404 before any input is read.
  const reads = (who: SignedIn) => requireRole(perpetratorPolicy, who, 'perpetrator.read');
  const manages = (who: SignedIn) => requireRole(perpetratorPolicy, who, 'perpetrator.manage');
  const detail = async (tx: Tx, who: SignedIn, id: string) => presentHistory(await getPerpetrator(tx, who, id));

  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/perpetrators',
    tags,
    guard: reads,
    query: perpetratorFilterSchema,
    errors: [404],
    summary: `The perpetrator register: alphabetical, or the best matches for ?q= (name, alias, e-mail, phone, account); ?kind=, ?limit=, ?after=. ${ONLY}`,
    response: perpetratorListSchema,
    handler: async ({ tx, who, query }) => {
      const page = await listPerpetrators(tx, who, query);
      return { data: page.data.map(presentPerpetratorSummary), ...(page.next ? { next: page.next } : {}) };
    },
  });

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/perpetrators',
    tags,
    guard: manages,
    body: newPerpetratorSchema,
    status: 201,
    errors: [404, 409],
    summary: `Register a perpetrator; with incidentId, link that incident at once. ${ONLY}`,
    response: perpetratorDetailSchema,
    handler: async ({ tx, who, body }) => detail(tx, who, await createPerpetrator(tx, who, body)),
  });

  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/perpetrators/:id',
    tags,
    guard: reads,
    params: idParams,
    summary: `One perpetrator with every incident and measure (audited). ${ONLY}`,
    response: perpetratorDetailSchema,
    handler: async ({ tx, who, params }) => detail(tx, who, params.id),
  });

  apiRoute(app, db, {
    method: 'PUT',
    url: '/api/v1/perpetrators/:id',
    tags,
    guard: manages,
    params: idParams,
    body: perpetratorSchema,
    errors: [409],
    summary: `Replace a perpetrator's data. ${ONLY}`,
    response: perpetratorDetailSchema,
    handler: async ({ tx, who, params, body }) => {
      await updatePerpetrator(tx, who, params.id, body);
      return detail(tx, who, params.id);
    },
  });

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/perpetrators/:id/merge',
    tags,
    guard: manages,
    params: idParams,
    body: mergeSchema,
    errors: [409],
    summary: `Merge a duplicate into this record: its incidents, measures, names and identifiers move here; it stays, marked mergedInto. ${ONLY}`,
    response: perpetratorDetailSchema,
    handler: async ({ tx, who, params, body }) => {
      await mergePerpetrators(tx, who, params.id, body);
      return detail(tx, who, params.id);
    },
  });

  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/incidents/:id/perpetrators',
    tags,
    guard: reads,
    params: idParams,
    query: searchQuery,
    summary: `Perpetrators linked to the incident, and suggestions from what the report says; ?q= searches too. ${ONLY}`,
    response: incidentPerpetratorsSchema,
    handler: async ({ tx, who, params, query }) => presentIncidentPerpetrators(await getIncidentPerpetrators(tx, who, params.id, query.q)),
  });

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/incidents/:id/perpetrators',
    tags,
    guard: manages,
    params: idParams,
    body: linkSchema,
    status: 201,
    alsoStatus: 200,
    errors: [409],
    summary: `Link the incident to a perpetrator (201; 200 when it already was, changing nothing). ${ONLY}`,
    response: incidentPerpetratorsSchema,
    handler: async ({ tx, who, params, body, answerWith }) => {
      const created = await linkPerpetrator(tx, who, params.id, body);
      if (!created) answerWith(200);
      return presentIncidentPerpetrators(await getIncidentPerpetrators(tx, who, params.id));
    },
  });

  apiRoute(app, db, {
    method: 'DELETE',
    url: '/api/v1/incidents/:id/perpetrators/:perpetratorId',
    tags,
    guard: manages,
    params: linkParams,
    summary: `Remove a link made in error (kept on the timeline). ${ONLY}`,
    response: okSchema,
    handler: async ({ tx, who, params }) => {
      await unlinkPerpetrator(tx, who, params.id, params.perpetratorId);
      return { ok: true as const };
    },
  });
}
