import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import type { EvidenceStore } from '../../domain/evidence/evidence-store.js';
import { listEvidence, readEvidence, uploadEvidence } from '../../domain/evidence/upload-evidence.js';
import { addOnlineMessage, grantExtraAccess } from '../../domain/incident/handle-incident.js';
import { getIncident, getOnlineMessages, getTimeline, listIncidents } from '../../domain/incident/incident-queries.js';
import { presentEvidence } from '../../domain/evidence/evidence.presenter.js';
import { presentIncident, presentOnlineMessage, presentSummary, presentTimelineEntry } from '../../domain/incident/incident.presenter.js';
import { listFilterSchema, newIncidentSchema, onlineMessageSchema, transitionSchema } from '../../domain/incident/incident.schema.js';
import { changeStatus, reportIncident } from '../../domain/protocol/incident-reported.js';
import type { SignedIn } from '../../domain/auth/session.js';
import type { Tx } from '../../db/database.js';
import { fileMissing } from '../../errors.js';
import { apiRoute, idParams } from '../pipeline/api-route.js';
import { sendFile } from '../pipeline/upload.js';
import {
  createdSchema,
  evidenceListSchema,
  evidenceSchema,
  incidentListSchema,
  incidentSchema,
  okSchema,
  onlineMessageListSchema,
  timelineSchema,
} from './schemas.js';

const grantSchema = z.object({ userId: z.uuid({ error: 'error.user_unknown' }) });
const evidenceParams = z.object({ id: z.uuid(), evidenceId: z.uuid() });

/** The incident as the caller sees it now (the read is audited). */
async function present(tx: Tx, who: SignedIn, id: string) {
  const view = await getIncident(tx, who, id);
  return presentIncident(who, view.incident, view.access);
}

/** The incident API: the same commands as the pages, answered as JSON. */
export function incidentRoutes(app: FastifyInstance, db: Db, store: EvidenceStore) {
  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/incidents',
    tags: ['incidents'],
    summary: 'Report an incident (or keep it as a draft)',
    body: newIncidentSchema,
    response: incidentSchema,
    status: 201,
    handler: async ({ tx, who, body }) => present(tx, who, await reportIncident(tx, who, body)),
  });

  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/incidents',
    tags: ['incidents'],
    summary: 'Incidents the caller may see, newest first (filters: level, status, channel, from, to, mine; paging: after, limit)',
    query: listFilterSchema,
    response: incidentListSchema,
    handler: async ({ tx, who, query }) => {
      const page = await listIncidents(tx, who, query);
      return { data: page.data.map(presentSummary), ...(page.next ? { next: page.next } : {}) };
    },
  });

  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/incidents/:id',
    tags: ['incidents'],
    summary: 'One incident; 404 when it does not exist or the caller may not see it',
    params: idParams,
    response: incidentSchema,
    handler: async ({ tx, who, params }) => present(tx, who, params.id),
  });

  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/incidents/:id/timeline',
    tags: ['incidents'],
    summary: 'Everything that happened to the incident, in order',
    params: idParams,
    response: timelineSchema,
    handler: async ({ tx, who, params }) => ({ data: (await getTimeline(tx, who, params.id)).map(presentTimelineEntry) }),
  });

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/incidents/:id/status',
    tags: ['incidents'],
    summary: 'Move the incident: submit (a draft), start, close or reopen (close and reopen need a reason)',
    params: idParams,
    body: transitionSchema,
    response: incidentSchema,
    errors: [409],
    handler: async ({ tx, who, params, body }) => {
      await changeStatus(tx, who, params.id, body);
      return present(tx, who, params.id);
    },
  });

  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/incidents/:id/online-messages',
    tags: ['incidents'],
    summary: 'The running log of an online incident',
    params: idParams,
    response: onlineMessageListSchema,
    handler: async ({ tx, who, params }) => ({ data: (await getOnlineMessages(tx, who, params.id)).map(presentOnlineMessage) }),
  });

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/incidents/:id/online-messages',
    tags: ['incidents'],
    summary: 'Add a message to the running log',
    params: idParams,
    body: onlineMessageSchema,
    response: createdSchema,
    status: 201,
    handler: async ({ tx, who, params, body }) => ({ id: await addOnlineMessage(tx, who, params.id, body) }),
  });

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/incidents/:id/access',
    tags: ['incidents'],
    summary: 'Give a named person access to this incident (logged)',
    params: idParams,
    body: grantSchema,
    response: okSchema,
    handler: async ({ tx, who, params, body }) => {
      await grantExtraAccess(tx, who, params.id, body.userId);
      return { ok: true as const };
    },
  });

  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/incidents/:id/evidence',
    tags: ['evidence'],
    summary: 'Evidence files with their SHA-256',
    params: idParams,
    response: evidenceListSchema,
    handler: async ({ tx, who, params }) => ({ data: (await listEvidence(tx, who, params.id)).map(presentEvidence) }),
  });

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/incidents/:id/evidence',
    tags: ['evidence'],
    summary: 'Upload one evidence file (multipart/form-data, field "file"; PNG, JPEG, GIF, WebP, HEIC, PDF or .eml; at most 20 MB)',
    params: idParams,
    upload: true,
    response: evidenceSchema,
    status: 201,
    handler: async ({ tx, who, params, file }) => {
      if (!file) throw fileMissing();
      return presentEvidence(await uploadEvidence(tx, store, who, params.id, file));
    },
  });

  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/incidents/:id/evidence/:evidenceId',
    tags: ['evidence'],
    summary: 'Download one evidence file (as an attachment, never shown inline); the read is audited',
    params: evidenceParams,
    response: z.unknown(),
    produces: 'application/octet-stream',
    handler: async ({ tx, who, params, reply }) => {
      const { evidence, bytes } = await readEvidence(tx, store, who, params.id, params.evidenceId);
      return sendFile(reply, evidence, bytes);
    },
  });
}
