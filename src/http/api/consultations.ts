import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { answerConsultation, answerSchema, askConsultation, askSchema, getConsultation, listConsultations, reportFromConsultation } from '../../domain/consultation/consultation.js';
import { newIncidentSchema } from '../../domain/incident/incident.schema.js';
import { requireApiCaller } from '../context.js';
import { named, type ApiOperation } from './openapi.js';
import { createdSchema, okSchema } from './schemas.js';

const person = z.object({ id: z.uuid(), name: z.string() });
const consultationSchema = named('Consultation', z.object({
  id: z.uuid(), question: z.string(), status: z.enum(['open', 'answered', 'converted', 'closed']), asker: person,
  incidentId: z.uuid().nullable(), createdAt: z.string(),
  messages: z.array(z.object({ id: z.uuid(), author: person, body: z.string(), createdAt: z.string() })).optional(),
}));

export const consultationOperations: ApiOperation[] = [
  { method: 'post', path: '/api/v1/consultations', summary: 'Ask the mayor and/or clerk whether something crosses the line', tags: ['consultations'], body: askSchema, response: createdSchema, successStatus: 201 },
  { method: 'get', path: '/api/v1/consultations', summary: 'Consultations the caller takes part in', tags: ['consultations'], response: z.object({ data: z.array(consultationSchema) }) },
  { method: 'get', path: '/api/v1/consultations/{id}', summary: 'One consultation with its messages', tags: ['consultations'], response: consultationSchema },
  { method: 'post', path: '/api/v1/consultations/{id}/messages', summary: 'Answer or add to a consultation', tags: ['consultations'], body: answerSchema, response: okSchema, successStatus: 201 },
  { method: 'post', path: '/api/v1/consultations/{id}/report', summary: 'The asker turns the consultation into a report', tags: ['consultations'], body: newIncidentSchema, response: createdSchema, successStatus: 201 },
];

export function consultationRoutes(app: FastifyInstance, db: Db) {
  const idOf = (request: { params: unknown }) => (request.params as { id: string }).id;
  const present = (c: Awaited<ReturnType<typeof getConsultation>> | Awaited<ReturnType<typeof listConsultations>>[number]) => ({
    ...c,
    createdAt: c.createdAt.toISOString(),
    ...('messages' in c ? { messages: c.messages.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })) } : {}),
  });

  app.post('/api/v1/consultations', async (request, reply) => {
    const id = await askConsultation(db, requireApiCaller(request), request.body);
    return reply.code(201).send({ id });
  });
  app.get('/api/v1/consultations', async (request) => ({ data: (await listConsultations(db, requireApiCaller(request))).map(present) }));
  app.get('/api/v1/consultations/:id', async (request) => present(await getConsultation(db, requireApiCaller(request), idOf(request))));
  app.post('/api/v1/consultations/:id/messages', async (request, reply) => {
    await answerConsultation(db, requireApiCaller(request), idOf(request), request.body);
    return reply.code(201).send({ ok: true });
  });
  app.post('/api/v1/consultations/:id/report', async (request, reply) => {
    const id = await reportFromConsultation(db, requireApiCaller(request), idOf(request), request.body as never);
    return reply.code(201).send({ id });
  });
}
