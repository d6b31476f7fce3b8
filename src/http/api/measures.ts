import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db, Tx } from '../../db/database.js';
import type { SignedIn } from '../../domain/auth/session.js';
import type { EvidenceStore } from '../../domain/evidence/evidence-store.js';
import { LEVELS, STATUSES } from '../../domain/incident/norm.js';
import {
  carryOutMeasure,
  decideMeasure,
  endMeasure,
  proposeMeasure,
  recordHearing,
  recordFacts,
  rejectMeasure,
} from '../../domain/measure/handle-measure.js';
import { generateLetter, readLetter } from '../../domain/measure/letters.js';
import { HEARING_KINDS, LETTER_FORMATS, LETTER_KINDS, MEASURE_KINDS, MEASURE_STATES } from '../../domain/measure/measure.js';
import { getIncidentMeasures, getMeasure, listActiveBans } from '../../domain/measure/measure-queries.js';
import { MEASURE_STEPS } from '../../domain/measure/measure.policy.js';
import { presentIncidentMeasures, presentLetter, presentMeasure } from '../../domain/measure/measure.presenter.js';
import {
  decideSchema,
  factsSchema,
  hearingSchema,
  letterRequestSchema,
  proposeSchema,
  rejectSchema,
} from '../../domain/measure/measure.schema.js';
import { apiRoute, idParams } from '../pipeline/api-route.js';
import { sendFile } from '../pipeline/upload.js';
import { named } from './openapi.js';

const isoTime = z.string().describe('ISO 8601 date-time');
const isoDate = z.string().describe('Calendar date, YYYY-MM-DD');
const person = z.object({ id: z.uuid(), name: z.string() });

const letterSchema = named(
  'Letter',
  z.object({
    id: z.uuid(),
    measureId: z.uuid(),
    kind: z.enum(LETTER_KINDS),
    format: z.enum(LETTER_FORMATS),
    fileName: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    sizeBytes: z.number().int(),
    createdBy: person,
    createdAt: isoTime,
    download: z.string().describe('Path of the file'),
  }),
);

const measureSchema = named(
  'Measure',
  z.object({
    id: z.uuid(),
    incidentId: z.uuid(),
    kind: z.enum(MEASURE_KINDS),
    state: z.enum(MEASURE_STATES),
    perpetrator: person.nullable().describe('The perpetrator in the register, when linked'),
    subjectName: z.string().nullable().describe('Who the measure is against: the linked perpetrator, else the name in the report'),
    details: z.string().nullable(),
    facts: z.string().nullable().describe('The facts as written for the letter; a letter is made only with them, never from the report'),
    advice: z.string().nullable(),
    reasons: z.string(),
    startsOn: isoDate.nullable(),
    endsOn: isoDate.nullable(),
    hearing: z
      .object({ kind: z.enum(HEARING_KINDS), statement: z.string().nullable() })
      .nullable()
      .describe('Hoor en wederhoor; required before a decision'),
    proposedBy: person,
    proposedAt: isoTime,
    decidedBy: person.nullable(),
    decidedAt: isoTime.nullable(),
    decisionNote: z.string().nullable(),
    carriedOutAt: isoTime.nullable(),
    endedAt: isoTime.nullable(),
    letters: z.array(letterSchema),
    abilities: z.array(z.enum(MEASURE_STEPS)).describe('What the caller may do next'),
  }),
);

const historySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(['person', 'collective', 'organisation']),
  incidentCount: z.number().int(),
  measureCount: z.number().int(),
  incidents: z.array(
    z.object({ id: z.uuid(), reference: z.string(), occurredAt: isoTime, level: z.enum(LEVELS), status: z.enum(STATUSES) }),
  ),
  measures: z.array(
    z.object({
      id: z.uuid(),
      incidentReference: z.string(),
      kind: z.enum(MEASURE_KINDS),
      state: z.enum(MEASURE_STATES),
      proposedAt: isoTime,
      decidedAt: isoTime.nullable(),
    }),
  ),
});

const incidentMeasuresSchema = named(
  'IncidentMeasures',
  z.object({
    incident: z.object({ id: z.uuid(), reference: z.string(), level: z.enum(LEVELS).describe('Norm level, to weigh proportionality') }),
    perpetrators: z.array(z.object({ id: z.uuid(), name: z.string() })),
    history: z
      .array(historySchema)
      .optional()
      .describe("The linked perpetrators' record; only for roles that may read the perpetrator register"),
    deadlines: z.array(z.object({ id: z.uuid(), kind: z.string(), dueAt: isoTime, state: z.string(), subjectId: z.uuid().nullable() })),
    data: z.array(measureSchema),
  }),
);

const banListSchema = named(
  'ActiveBans',
  z.object({ data: z.array(z.object({ name: z.string(), until: isoDate.describe('Last day the ban holds') })) }),
);
const noBody = z.object({}).loose().optional().describe('No body');

/** The measures API: the same use cases as the pages, answered as JSON. */
export function measureRoutes(app: FastifyInstance, db: Db, store: EvidenceStore) {
  const tags = ['measures'];

  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/incidents/:id/measures',
    tags,
    params: idParams,
    summary: "Measures of the incident with its norm level and the perpetrator's history (handlers only)",
    response: incidentMeasuresSchema,
    handler: async ({ tx, who, params }) => presentIncidentMeasures(await getIncidentMeasures(tx, who, params.id)),
  });

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/incidents/:id/measures',
    tags,
    params: idParams,
    body: proposeSchema,
    status: 201,
    summary: 'Propose a measure: kind, advice and (required) reasons; a ban with start and end date',
    response: measureSchema,
    handler: async ({ tx, who, params, body }) => presentMeasure(await getMeasure(tx, who, await proposeMeasure(tx, who, params.id, body))),
  });

  /** A step on one measure; the answer is the measure as it is now. */
  const step = <B extends z.ZodType>(
    path: string,
    summary: string,
    body: B,
    run: (tx: Tx, who: SignedIn, id: string, body: z.output<B>) => Promise<void>,
  ) =>
    apiRoute(app, db, {
      method: 'POST',
      url: `/api/v1/measures/:id/${path}`,
      tags,
      params: idParams,
      body,
      errors: [409],
      summary,
      response: measureSchema,
      handler: async ({ tx, who, params, body: input }) => {
        await run(tx, who, params.id, input as z.output<B>);
        return presentMeasure(await getMeasure(tx, who, params.id));
      },
    });
  step('hearing', 'Record hoor en wederhoor: what the perpetrator said, or why that was not possible', hearingSchema, recordHearing);
  step('facts', 'Write the facts for the letter of a written warning or ban (never taken from the report)', factsSchema, recordFacts);
  step('decide', 'Decide a proposed measure (mayor or secretary; a ban only the mayor); needs the hearing', decideSchema, decideMeasure);
  step('reject', 'Reject a proposed measure, with a reason', rejectSchema, rejectMeasure);
  step('carry-out', 'Record that a decided measure was carried out', noBody, (tx, who, id) => carryOutMeasure(tx, who, id));
  step('end', 'End a measure in force (a ban before its end date: only the mayor)', noBody, (tx, who, id) => endMeasure(tx, who, id));

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/measures/:id/letters',
    tags,
    params: idParams,
    body: letterRequestSchema,
    status: 201,
    errors: [409, 422],
    summary: "Produce the letter of a decided written warning or ban as DOCX or PDF from the organisation's template",
    response: letterSchema,
    handler: async ({ tx, who, params, body }) => presentLetter(await generateLetter(tx, store, who, params.id, body)),
  });

  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/letters/:id',
    tags,
    params: idParams,
    produces: 'application/pdf',
    summary: 'Download a letter: PDF, or DOCX (application/vnd.openxmlformats-officedocument.wordprocessingml.document) as it was made',
    response: z.string(),
    handler: async ({ tx, who, params, reply }) => {
      const { letter, mediaType, bytes } = await readLetter(tx, store, who, params.id);
      sendFile(reply, { fileName: letter.fileName, mediaType, sha256: letter.sha256 }, bytes);
      return '';
    },
  });

  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/bans',
    tags,
    errors: [404],
    summary: 'Bans in force today, for the front desk: name and last day only',
    response: banListSchema,
    handler: async ({ tx, who }) => ({ data: await listActiveBans(tx, who) }),
  });
}
