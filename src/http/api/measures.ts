import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import type { EvidenceStore } from '../../domain/evidence/evidence-store.js';
import { incidentReference } from '../../domain/incident/incident.js';
import { LEVELS } from '../../domain/incident/norm.js';
import { carryOutMeasure, decideMeasure, endMeasure, proposeMeasure, recordHearing, rejectMeasure } from '../../domain/measure/handle-measure.js';
import { generateLetter, readLetter } from '../../domain/measure/letters.js';
import { HEARING_KINDS, LETTER_FORMATS, LETTER_KINDS, MEASURE_KINDS, MEASURE_STATES, type Letter, type PerpetratorHistory } from '../../domain/measure/measure.js';
import { getIncidentMeasures, getMeasure, listActiveBans, type MeasureView } from '../../domain/measure/measure-queries.js';
import { MEASURE_ABILITIES } from '../../domain/measure/measure.policy.js';
import { decideSchema, hearingSchema, letterRequestSchema, proposeSchema, rejectSchema } from '../../domain/measure/measure.schema.js';
import { requireApiCaller } from '../context.js';
import { sendEvidence } from './incidents.js';
import { named, type ApiOperation } from './openapi.js';

const isoTime = z.string().describe('ISO 8601 date-time');
const isoDate = z.string().describe('Calendar date, YYYY-MM-DD');
const person = z.object({ id: z.uuid(), name: z.string() });

const letterSchema = named('Letter', z.object({
  id: z.uuid(), measureId: z.uuid(), kind: z.enum(LETTER_KINDS), format: z.enum(LETTER_FORMATS), fileName: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/), sizeBytes: z.number().int(), createdBy: person, createdAt: isoTime,
  download: z.string().describe('Path of the file'),
}));

const measureSchema = named('Measure', z.object({
  id: z.uuid(), incidentId: z.uuid(), kind: z.enum(MEASURE_KINDS), state: z.enum(MEASURE_STATES),
  perpetrator: person.nullable().describe('The perpetrator in the register, when linked'),
  subjectName: z.string().nullable().describe('Who the measure is against: the linked perpetrator, else the name in the report'),
  details: z.string().nullable(), advice: z.string().nullable(), reasons: z.string(), startsOn: isoDate.nullable(), endsOn: isoDate.nullable(),
  hearing: z.object({ kind: z.enum(HEARING_KINDS), statement: z.string().nullable() }).nullable().describe('Hoor en wederhoor; required before a decision'),
  proposedBy: person, proposedAt: isoTime, decidedBy: person.nullable(), decidedAt: isoTime.nullable(), decisionNote: z.string().nullable(),
  carriedOutAt: isoTime.nullable(), endedAt: isoTime.nullable(), letters: z.array(letterSchema),
  abilities: z.array(z.enum(MEASURE_ABILITIES)).describe('What the caller may do next'),
}));

const historySchema = z.object({
  id: z.uuid(), name: z.string(), kind: z.enum(['person', 'collective', 'organisation']), incidentCount: z.number().int(), measureCount: z.number().int(),
  incidents: z.array(z.object({ id: z.uuid(), reference: z.string(), occurredAt: isoTime, level: z.enum(LEVELS), status: z.string() })),
  measures: z.array(z.object({ id: z.uuid(), incidentReference: z.string(), kind: z.enum(MEASURE_KINDS), state: z.enum(MEASURE_STATES), proposedAt: isoTime, decidedAt: isoTime.nullable() })),
});

const incidentMeasuresSchema = named('IncidentMeasures', z.object({
  incident: z.object({ id: z.uuid(), reference: z.string(), level: z.enum(LEVELS).describe('Norm level, to weigh proportionality') }),
  perpetrators: z.array(z.object({ id: z.uuid(), name: z.string() })),
  history: z.array(historySchema).optional().describe('The linked perpetrators\' record; only for roles that may read the perpetrator register'),
  deadlines: z.array(z.object({ id: z.uuid(), kind: z.string(), dueAt: isoTime, state: z.string(), subjectId: z.uuid().nullable() })),
  data: z.array(measureSchema),
}));

const banListSchema = named('ActiveBans', z.object({ data: z.array(z.object({ name: z.string(), until: isoDate.describe('Last day the ban holds') })) }));
const noteSchema = z.object({}).describe('No body');

export const measureOperations: ApiOperation[] = [
  { method: 'get', path: '/api/v1/incidents/{id}/measures', summary: 'Measures of the incident with its norm level and the perpetrator\'s history (handlers only)', tags: ['measures'], response: incidentMeasuresSchema },
  { method: 'post', path: '/api/v1/incidents/{id}/measures', summary: 'Propose a measure: kind, advice and (required) reasons; a ban with start and end date', tags: ['measures'], body: proposeSchema, response: measureSchema, successStatus: 201 },
  { method: 'post', path: '/api/v1/measures/{id}/hearing', summary: 'Record hoor en wederhoor: what the perpetrator said, or why that was not possible', tags: ['measures'], body: hearingSchema, response: measureSchema },
  { method: 'post', path: '/api/v1/measures/{id}/decide', summary: 'Decide a proposed measure (mayor or secretary; a ban only the mayor); needs the hearing', tags: ['measures'], body: decideSchema, response: measureSchema },
  { method: 'post', path: '/api/v1/measures/{id}/reject', summary: 'Reject a proposed measure, with a reason', tags: ['measures'], body: rejectSchema, response: measureSchema },
  { method: 'post', path: '/api/v1/measures/{id}/carry-out', summary: 'Record that a decided measure was carried out', tags: ['measures'], body: noteSchema, response: measureSchema },
  { method: 'post', path: '/api/v1/measures/{id}/end', summary: 'End a measure in force (a ban before its end date: only the mayor)', tags: ['measures'], body: noteSchema, response: measureSchema },
  { method: 'post', path: '/api/v1/measures/{id}/letters', summary: 'Produce the letter of a decided written warning or ban as DOCX or PDF from the organisation\'s template', tags: ['measures'], body: letterRequestSchema, response: letterSchema, successStatus: 201 },
  { method: 'get', path: '/api/v1/letters/{id}', summary: 'Download a letter (DOCX or PDF)', tags: ['measures'], response: z.string().describe('The file') },
  { method: 'get', path: '/api/v1/bans', summary: 'Bans in force today, for the front desk: name and last day only', tags: ['measures'], response: banListSchema },
];

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function presentLetter(l: Letter) {
  return { ...l, createdAt: l.createdAt.toISOString(), download: `/api/v1/letters/${l.id}` };
}

export function presentMeasure(m: MeasureView) {
  return {
    id: m.id, incidentId: m.incidentId, kind: m.kind, state: m.state, perpetrator: m.perpetrator, subjectName: m.subjectName,
    details: m.details, advice: m.advice, reasons: m.reasons, startsOn: m.startsOn, endsOn: m.endsOn, hearing: m.hearing,
    proposedBy: m.proposedBy, proposedAt: m.proposedAt.toISOString(), decidedBy: m.decidedBy, decidedAt: iso(m.decidedAt), decisionNote: m.decisionNote,
    carriedOutAt: iso(m.carriedOutAt), endedAt: iso(m.endedAt), letters: m.letters.map(presentLetter), abilities: m.abilities,
  };
}

function presentHistory(h: PerpetratorHistory) {
  return {
    id: h.id, name: h.name, kind: h.kind, incidentCount: h.incidents.length, measureCount: h.measures.length,
    incidents: h.incidents.map((i) => ({ id: i.id, reference: incidentReference(i), occurredAt: i.occurredAt.toISOString(), level: i.level, status: i.status })),
    measures: h.measures.map((m) => ({
      id: m.id, incidentReference: incidentReference({ number: m.incidentNumber }), kind: m.kind, state: m.state, proposedAt: m.proposedAt.toISOString(), decidedAt: iso(m.decidedAt),
    })),
  };
}

/** The measures API: the same use cases as the pages, answered as JSON. */
export function measureRoutes(app: FastifyInstance, db: Db, store: EvidenceStore) {
  const idOf = (request: { params: unknown }) => (request.params as { id: string }).id;

  app.get('/api/v1/incidents/:id/measures', async (request) => {
    const view = await getIncidentMeasures(db, requireApiCaller(request), idOf(request));
    return {
      incident: { id: view.incident.id, reference: incidentReference(view.incident), level: view.incident.level },
      perpetrators: view.perpetrators.map(({ id, name }) => ({ id, name })),
      ...(view.history ? { history: view.history.map(presentHistory) } : {}),
      deadlines: view.deadlines.map((d) => ({ id: d.id, kind: d.kind, dueAt: d.dueAt.toISOString(), state: d.state, subjectId: d.subjectId })),
      data: view.measures.map(presentMeasure),
    };
  });

  app.post('/api/v1/incidents/:id/measures', async (request, reply) => {
    const who = requireApiCaller(request);
    const id = await proposeMeasure(db, who, idOf(request), request.body);
    return reply.code(201).send(presentMeasure(await getMeasure(db, who, id)));
  });

  const step = (path: string, run: (who: ReturnType<typeof requireApiCaller>, id: string, body: unknown) => Promise<void>) =>
    app.post(`/api/v1/measures/:id/${path}`, async (request) => {
      const who = requireApiCaller(request);
      await run(who, idOf(request), request.body ?? {});
      return presentMeasure(await getMeasure(db, who, idOf(request)));
    });
  step('hearing', (who, id, body) => recordHearing(db, who, id, body));
  step('decide', (who, id, body) => decideMeasure(db, who, id, body));
  step('reject', (who, id, body) => rejectMeasure(db, who, id, body));
  step('carry-out', (who, id) => carryOutMeasure(db, who, id));
  step('end', (who, id) => endMeasure(db, who, id));

  app.post('/api/v1/measures/:id/letters', async (request, reply) => {
    const letter = await generateLetter(db, store, requireApiCaller(request), idOf(request), request.body ?? {});
    return reply.code(201).send(presentLetter(letter));
  });

  app.get('/api/v1/letters/:id', async (request, reply) => {
    const { letter, mediaType, bytes } = await readLetter(db, store, requireApiCaller(request), idOf(request));
    return sendEvidence(reply, { fileName: letter.fileName, mediaType, sha256: letter.sha256 }, bytes);
  });

  app.get('/api/v1/bans', async (request) => ({ data: await listActiveBans(db, requireApiCaller(request)) }));
}
