import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { requireRole } from '../../domain/access/access.js';
import type { SignedIn } from '../../domain/auth/session.js';
import type { EvidenceStore } from '../../domain/evidence/evidence-store.js';
import { removeErasedFiles } from '../../domain/request/erase.js';
import {
  compileAccessExport,
  decideRequest,
  getRequest,
  listRequests,
  openExport,
  recordRequest,
  releaseAccessExport,
} from '../../domain/request/handle-request.js';
import {
  DECISIONS,
  EXPORT_STATES,
  OMISSION_GROUNDS,
  OMISSION_KINDS,
  REQUEST_KINDS,
  SECTION_KEYS,
  SUBJECT_KINDS,
  decisionSchema,
  newRequestSchema,
  releaseSchema,
} from '../../domain/request/request.js';
import { requestPolicy } from '../../domain/request/request.policy.js';
import { presentRequest, presentRequestDetail, presentReview } from '../../domain/request/request.presenter.js';
import { renderAccessExportPdf } from '../export/access-export-pdf.js';
import { apiRoute, idParams } from '../pipeline/api-route.js';
import { sendFile } from '../pipeline/upload.js';
import { named } from './openapi.js';
import { createdSchema } from './schemas.js';

const isoTime = z.string().describe('ISO 8601 date-time');
const day = z.string().describe('yyyy-mm-dd');
const person = z.object({ id: z.uuid(), name: z.string() });
const omission = z.object({ kind: z.enum(OMISSION_KINDS), ground: z.enum(OMISSION_GROUNDS), count: z.number().int() });

const requestSchema = named(
  'DataRequest',
  z.object({
    id: z.uuid(),
    kind: z.enum(REQUEST_KINDS),
    subject: z.object({
      kind: z.enum(SUBJECT_KINDS),
      name: z.string().describe('The name the request was received under'),
      userId: z.uuid().nullable(),
      perpetratorId: z.uuid().nullable().describe('The register record; only for those who may read the register; null once erased'),
    }),
    receivedOn: day,
    dueOn: day.nullable().describe('One month after receipt (art. 12(3) GDPR)'),
    description: z.string().nullable(),
    recordedBy: person,
    createdAt: isoTime,
    decision: z.enum(DECISIONS).nullable(),
    decisionReason: z.string().nullable(),
    decidedBy: person.nullable(),
    decidedAt: isoTime.nullable(),
    erased: z.record(z.string(), z.number()).nullable().describe('What an erasure removed, by kind and count'),
    exportState: z.enum(EXPORT_STATES).nullable(),
  }),
);
const reviewSchema = named(
  'AccessExportReview',
  z.object({
    state: z.enum(EXPORT_STATES),
    compiledBy: person,
    compiledAt: isoTime,
    reviewedBy: person.nullable(),
    reviewedAt: isoTime.nullable(),
    reviewNote: z.string().nullable(),
    sections: z.array(z.object({ key: z.enum(SECTION_KEYS), count: z.number().int() })).describe('How many items each section holds'),
    omitted: z.array(omission).describe('What was left out, and on which ground'),
  }),
);
const detailSchema = named(
  'DataRequestDetail',
  requestSchema.extend({
    review: reviewSchema.nullable(),
    exportAvailable: z.boolean().describe('Whether the caller may open the export itself (the security adviser)'),
    erasable: z
      .array(z.object({ id: z.uuid(), reference: z.string().nullable(), occurredOn: day, status: z.string() }))
      .describe('For an erasure about a person in the organisation: their incidents, by reference and day'),
  }),
);
const value = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);
const exportSchema = named(
  'AccessExport',
  z.object({
    format: z.literal('weerbaar.access-export.v1'),
    organisation: z.string(),
    request: z.object({ id: z.uuid(), receivedOn: day }),
    subject: z.object({ kind: z.enum(SUBJECT_KINDS), name: z.string() }),
    compiledAt: isoTime,
    sections: z.array(z.object({ key: z.enum(SECTION_KEYS), items: z.array(z.record(z.string(), value)) })),
    omitted: z.array(omission),
  }),
);

const guard = (who: SignedIn) => requireRole(requestPolicy, who, 'request.read');
const tags = ['requests'];

/** Requests from the people in it (GDPR art. 15–17), for programs: the same commands as the pages. */
export function requestRoutes(app: FastifyInstance, db: Db, store: EvidenceStore) {
  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/requests',
    tags,
    summary: 'Requests for access, rectification and erasure, the latest received first',
    guard,
    response: named('DataRequestList', z.object({ data: z.array(requestSchema) })),
    handler: async ({ tx, who }) => ({ data: (await listRequests(tx, who)).map((r) => presentRequest(who, r)) }),
  });

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/requests',
    tags,
    summary: 'Record a request (from a person in the organisation or a perpetrator in the register); due in one month',
    description:
      'subjectKind user: subjectId is the person; perpetrator: a register record (only for those who may read the register). The deadline (kind data_request) is owned by the recorder and the privacy officers.',
    guard,
    body: newRequestSchema,
    response: createdSchema,
    status: 201,
    handler: async ({ tx, who, body }) => ({ id: await recordRequest(tx, who, body) }),
  });

  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/requests/:id',
    tags,
    summary: 'One request with its decision and the review of its access export (never the content)',
    guard,
    params: idParams,
    response: detailSchema,
    handler: async ({ tx, who, params }) => presentRequestDetail(who, await getRequest(tx, who, params.id)),
  });

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/requests/:id/decision',
    tags,
    summary: 'Decide a request: granted or refused, with the reason; a granted erasure deletes the data now',
    description:
      'Erasure about a perpetrator: the register record and its links go (409 while a measure names it). About a person: the incidents named in incidentIds (from erasable) with everything attached, and with aftercareNotes the notes of their aftercare, through the same deletion as retention (409 under a hold). Granted access is answered by /release instead (409).',
    guard,
    params: idParams,
    body: decisionSchema,
    response: requestSchema,
    errors: [409],
    handler: async ({ tx, who, params, body, reply }) => {
      const erasure = await decideRequest(tx, who, params.id, body);
      if (erasure && erasure.files.length > 0) {
        // After the answer is sent, the transaction has committed (or not: then the rows still name the files).
        reply.raw.once('finish', () => {
          removeErasedFiles(db, store, who.organisation.id, erasure.files).catch(() => undefined);
        });
      }
      return presentRequest(who, (await getRequest(tx, who, params.id)).request);
    },
  });

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/requests/:id/export',
    tags,
    summary: 'Compile (again) the draft access export: the security adviser only',
    guard,
    params: idParams,
    response: reviewSchema,
    errors: [409],
    handler: async ({ tx, who, params }) => presentReview(await compileAccessExport(tx, who, params.id)),
  });

  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/requests/:id/export.json',
    tags,
    summary: 'The access export as JSON (machine-readable): the security adviser only, draft or released; audited',
    guard,
    params: idParams,
    response: exportSchema,
    handler: async ({ tx, who, params }) => (await openExport(tx, who, params.id, 'json')).export.content,
  });

  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/requests/:id/export.pdf',
    tags,
    produces: 'application/pdf',
    summary: 'The access export as a PDF, made from the same JSON: the security adviser only; audited',
    guard,
    params: idParams,
    response: z.string(),
    handler: async ({ tx, who, params, request, reply }) => {
      const { export: found } = await openExport(tx, who, params.id, 'pdf');
      const bytes = await renderAccessExportPdf(found.content, request.t, request.lang);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      sendFile(reply, { fileName: `inzage-${found.content.request.receivedOn}.pdf`, mediaType: 'application/pdf', sha256 }, bytes);
      return '';
    },
  });

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/requests/:id/release',
    tags,
    summary: 'Review and release the access export: someone other than who compiled it; the request is answered',
    guard,
    params: idParams,
    body: releaseSchema,
    response: requestSchema,
    errors: [409],
    handler: async ({ tx, who, params, body }) => {
      await releaseAccessExport(tx, who, params.id, body);
      return presentRequest(who, (await getRequest(tx, who, params.id)).request);
    },
  });
}
