import type {} from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { fileTooLarge, listEvidence, readEvidence, uploadEvidence } from '../../domain/evidence/upload-evidence.js';
import type { EvidenceStore } from '../../domain/evidence/evidence-store.js';
import { addOnlineMessage, changeStatus, grantExtraAccess } from '../../domain/incident/handle-incident.js';
import { getIncident, getOnlineMessages, getTimeline, listIncidents } from '../../domain/incident/incident-queries.js';
import { presentEvidence, presentIncident, presentOnlineMessage, presentSummary, presentTimelineEntry } from '../../domain/incident/incident.presenter.js';
import { newIncidentSchema, onlineMessageSchema, transitionSchema } from '../../domain/incident/incident.schema.js';
import { reportIncident } from '../../domain/incident/report-incident.js';
import { AppError } from '../../errors.js';
import { requireApiCaller } from '../context.js';
import type { ApiOperation } from './openapi.js';
import { createdSchema, evidenceListSchema, evidenceSchema, incidentListSchema, incidentSchema, okSchema, onlineMessageListSchema, timelineSchema } from './schemas.js';

const grantSchema = z.object({ userId: z.uuid({ error: 'error.user_unknown' }) });

export const incidentOperations: ApiOperation[] = [
  { method: 'post', path: '/api/v1/incidents', summary: 'Report an incident (or keep it as a draft)', tags: ['incidents'], body: newIncidentSchema, response: incidentSchema, successStatus: 201 },
  { method: 'get', path: '/api/v1/incidents', summary: 'Incidents the caller may see, newest first (filters: level, status, channel, from, to, mine; paging: after, limit)', tags: ['incidents'], response: incidentListSchema },
  { method: 'get', path: '/api/v1/incidents/{id}', summary: 'One incident; 404 when it does not exist or the caller may not see it', tags: ['incidents'], response: incidentSchema },
  { method: 'get', path: '/api/v1/incidents/{id}/timeline', summary: 'Everything that happened to the incident, in order', tags: ['incidents'], response: timelineSchema },
  { method: 'post', path: '/api/v1/incidents/{id}/status', summary: 'Move the incident: submit (a draft), start, close or reopen (close and reopen need a reason)', tags: ['incidents'], body: transitionSchema, response: incidentSchema },
  { method: 'get', path: '/api/v1/incidents/{id}/online-messages', summary: 'The running log of an online incident', tags: ['incidents'], response: onlineMessageListSchema },
  { method: 'post', path: '/api/v1/incidents/{id}/online-messages', summary: 'Add a message to the running log', tags: ['incidents'], body: onlineMessageSchema, response: createdSchema, successStatus: 201 },
  { method: 'post', path: '/api/v1/incidents/{id}/access', summary: 'Give a named person access to this incident (logged)', tags: ['incidents'], body: grantSchema, response: okSchema },
  { method: 'get', path: '/api/v1/incidents/{id}/evidence', summary: 'Evidence files with their SHA-256', tags: ['evidence'], response: evidenceListSchema },
  { method: 'post', path: '/api/v1/incidents/{id}/evidence', summary: 'Upload one evidence file (multipart/form-data, field "file"; PNG, JPEG, GIF, WebP, HEIC, PDF or .eml; at most 20 MB)', tags: ['evidence'], response: evidenceSchema, successStatus: 201 },
];

/** The incident API: the same commands as the pages, answered as JSON. */
export function incidentRoutes(app: FastifyInstance, db: Db, store: EvidenceStore) {
  const idOf = (request: { params: unknown }) => (request.params as { id: string }).id;
  const present = async (who: ReturnType<typeof requireApiCaller>, id: string) => {
    const view = await getIncident(db, who, id);
    return presentIncident(view.incident, view.access);
  };

  app.post('/api/v1/incidents', async (request, reply) => {
    const who = requireApiCaller(request);
    const id = await reportIncident(db, who, request.body as never);
    return reply.code(201).send(await present(who, id));
  });

  app.get('/api/v1/incidents', async (request) => {
    const who = requireApiCaller(request);
    const page = await listIncidents(db, who, request.query);
    return { data: page.data.map(presentSummary), ...(page.next ? { next: page.next } : {}) };
  });

  app.get('/api/v1/incidents/:id', async (request) => present(requireApiCaller(request), idOf(request)));

  app.get('/api/v1/incidents/:id/timeline', async (request) => {
    const entries = await getTimeline(db, requireApiCaller(request), idOf(request));
    return { data: entries.map(presentTimelineEntry) };
  });

  app.post('/api/v1/incidents/:id/status', async (request) => {
    const who = requireApiCaller(request);
    await changeStatus(db, who, idOf(request), request.body);
    return present(who, idOf(request));
  });

  app.get('/api/v1/incidents/:id/online-messages', async (request) => {
    const messages = await getOnlineMessages(db, requireApiCaller(request), idOf(request));
    return { data: messages.map(presentOnlineMessage) };
  });

  app.post('/api/v1/incidents/:id/online-messages', async (request, reply) => {
    const id = await addOnlineMessage(db, requireApiCaller(request), idOf(request), request.body as never);
    return reply.code(201).send({ id });
  });

  app.post('/api/v1/incidents/:id/access', async (request) => {
    const body = grantSchema.safeParse(request.body);
    if (!body.success) throw new AppError(400, 'validation_failed', 'error.user_unknown', { userId: 'error.user_unknown' });
    await grantExtraAccess(db, requireApiCaller(request), idOf(request), body.data.userId);
    return { ok: true };
  });

  app.get('/api/v1/incidents/:id/evidence', async (request) => {
    const files = await listEvidence(db, requireApiCaller(request), idOf(request));
    return { data: files.map(presentEvidence) };
  });

  app.post('/api/v1/incidents/:id/evidence', async (request, reply) => {
    const who = requireApiCaller(request);
    const file = await readUploadedFile(request);
    const evidence = await uploadEvidence(db, store, who, idOf(request), file);
    return reply.code(201).send(presentEvidence(evidence));
  });

  app.get('/api/v1/incidents/:id/evidence/:evidenceId', async (request, reply) => {
    const { evidence, bytes } = await readEvidence(db, store, requireApiCaller(request), idOf(request), (request.params as { evidenceId: string }).evidenceId);
    return sendEvidence(reply, evidence, bytes);
  });
}

/** Reads the one "file" part of a multipart request; too large → 413, none → 400. */
export async function readUploadedFile(request: import('fastify').FastifyRequest): Promise<{ fileName: string; bytes: Buffer; fields: Record<string, string> }> {
  if (!request.isMultipart()) throw new AppError(400, 'validation_failed', 'error.file_missing', { file: 'error.file_missing' });
  const fields: Record<string, string> = {};
  let file: { fileName: string; bytes: Buffer } | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || file) {
        part.file.resume();
        continue;
      }
      const bytes = await part.toBuffer().catch((error: { code?: string }) => {
        throw error.code === 'FST_REQ_FILE_TOO_LARGE' ? fileTooLarge() : error;
      });
      file = { fileName: part.filename, bytes };
    } else if (typeof part.value === 'string') {
      fields[part.fieldname] = part.value;
    }
  }
  if (!file || file.bytes.length === 0) throw new AppError(400, 'validation_failed', 'error.file_missing', { file: 'error.file_missing' });
  return { ...file, fields };
}

/** Serves an evidence file as a download that the browser never renders inline. */
export function sendEvidence(reply: import('fastify').FastifyReply, evidence: { fileName: string; mediaType: string; sha256: string }, bytes: Buffer) {
  return reply
    .header('content-type', evidence.mediaType)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(evidence.fileName)}`)
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('x-content-sha256', evidence.sha256)
    .header('cache-control', 'private, no-store')
    .send(bytes);
}
