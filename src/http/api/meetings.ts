import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import type { EvidenceStore } from '../../domain/evidence/evidence-store.js';
import { disruptionIncidentSchema, reportDisruption } from '../../domain/meeting/disruption-incident.js';
import { ENTRY_KINDS, decisionSchema, newDisruptionSchema, newEntrySchema, newMeetingSchema } from '../../domain/meeting/meeting.js';
import {
  createDisruption,
  createMeeting,
  getDisruption,
  getMeeting,
  listMeetings,
  logEntry,
  recordDecision,
} from '../../domain/meeting/meeting-log.js';
import { meetingPolicy } from '../../domain/meeting/meeting.policy.js';
import { orderNotice, presentDisruption, presentMeeting, presentMeetingDetail } from '../../domain/meeting/meeting.presenter.js';
import { requireRole } from '../../domain/access/access.js';
import type { SignedIn } from '../../domain/auth/session.js';
import { apiRoute, idParams } from '../pipeline/api-route.js';
import { named } from './openapi.js';
import { createdSchema } from './schemas.js';

const isoTime = z.string().describe('ISO 8601 date-time');
const person = z.object({ id: z.uuid(), name: z.string() });
const meetingSchema = named(
  'Meeting',
  z.object({ id: z.uuid(), title: z.string(), date: z.string().describe('yyyy-mm-dd'), chair: z.string(), createdAt: isoTime }),
);
const meetingDetailSchema = named(
  'MeetingDetail',
  meetingSchema.extend({
    disruptions: z.array(z.object({ id: z.uuid(), description: z.string(), createdAt: isoTime, incidentId: z.uuid().nullable() })),
  }),
);
const notice = z
  .enum(['offence', 'order_after_offence'])
  .nullable()
  .describe(
    'offence: from the third order refusing to leave is an offence (lokaalvredebreuk); order_after_offence: an order after the third',
  );
const disruptionSchema = named(
  'Disruption',
  z.object({
    id: z.uuid(),
    meeting: meetingSchema,
    description: z.string(),
    perpetratorId: z.uuid().nullable().describe('The register record; only for those who may read the register'),
    incidentId: z.uuid().nullable(),
    events: z
      .array(
        z.object({
          id: z.uuid(),
          kind: z.enum(ENTRY_KINDS),
          at: isoTime,
          orderNumber: z.number().int().nullable(),
          correctsId: z.uuid().nullable(),
          correctedBy: z.uuid().nullable().describe('A later entry that corrects (replaces or withdraws) this one'),
          note: z.string().nullable(),
          report: z.boolean().nullable(),
          loggedBy: person,
          loggedAt: isoTime,
        }),
      )
      .describe('Every entry, in the order things happened; entries are never changed'),
    orders: z.number().int().describe('Orders to leave that stand (corrected ones do not count)'),
    offence: z.boolean().describe('True from the third order: refusing to leave is an offence (lokaalvredebreuk)'),
    ordersBeyondOffence: z.number().int(),
    notice,
    decision: z.object({ report: z.boolean(), at: isoTime, note: z.string().nullable() }).nullable(),
  }),
);
const entryCreatedSchema = named(
  'DisruptionEntryCreated',
  z.object({
    id: z.uuid(),
    orderNumber: z.number().int().nullable(),
    orders: z.number().int(),
    offence: z.boolean(),
    notice,
    message: z.string().nullable().describe('The notice in words, in the language of the request'),
  }),
);

const guard = (who: SignedIn) => requireRole(meetingPolicy, who, 'meeting.read');

/** The council-meeting disruption log for programs: the same commands as the pages. */
export function meetingRoutes(app: FastifyInstance, db: Db, store: EvidenceStore) {
  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/meetings',
    tags: ['meetings'],
    summary: 'Open a meeting record (title, date, chair)',
    guard,
    body: newMeetingSchema,
    response: createdSchema,
    status: 201,
    handler: async ({ tx, who, body }) => ({ id: await createMeeting(tx, who, body) }),
  });

  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/meetings',
    tags: ['meetings'],
    summary: 'Meetings, the latest first',
    guard,
    response: named('MeetingList', z.object({ data: z.array(meetingSchema) })),
    handler: async ({ tx, who }) => ({ data: (await listMeetings(tx, who)).map(presentMeeting) }),
  });

  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/meetings/:id',
    tags: ['meetings'],
    summary: 'One meeting with its disruptions',
    guard,
    params: idParams,
    response: meetingDetailSchema,
    handler: async ({ tx, who, params }) => presentMeetingDetail(await getMeeting(tx, who, params.id)),
  });

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/meetings/:id/disruptions',
    tags: ['meetings'],
    summary: 'Log a disruption: who (a description, optionally a perpetrator from the register)',
    guard,
    params: idParams,
    body: newDisruptionSchema,
    response: createdSchema,
    status: 201,
    handler: async ({ tx, who, params, body }) => ({ id: await createDisruption(tx, who, params.id, body) }),
  });

  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/disruptions/:id',
    tags: ['meetings'],
    summary: 'The timed log of a disruption, its order count and whether refusing is an offence',
    guard,
    params: idParams,
    response: disruptionSchema,
    handler: async ({ tx, who, params }) => presentDisruption(who, await getDisruption(tx, who, params.id)),
  });

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/disruptions/:id/events',
    tags: ['meetings'],
    summary: 'Log an event (at: now unless given); correctsId makes it a correction of an earlier entry',
    description:
      'Entries are never changed or removed. An event with correctsId replaces that entry; kind "correction" withdraws it (note required). From the third order the answer says refusing is an offence; an order after the third is answered with notice order_after_offence.',
    guard,
    params: idParams,
    body: newEntrySchema,
    response: entryCreatedSchema,
    status: 201,
    errors: [409],
    handler: async ({ tx, who, params, body, request }) => {
      const { id, read } = await logEntry(tx, who, params.id, body);
      const entry = read.log.lines.find((l) => l.id === id);
      const said = body.kind === 'order_to_leave' ? orderNotice(read.log) : null;
      return {
        id,
        orderNumber: entry?.orderNumber ?? null,
        orders: read.log.orders,
        offence: read.log.offence,
        notice: said,
        message: said ? request.t(`meetings.notice.${said}`) : null,
      };
    },
  });

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/disruptions/:id/decision',
    tags: ['meetings'],
    summary: 'Record the decision on a police report (by the chair, clerk and designated official); a yes is made with /incident',
    guard,
    params: idParams,
    body: decisionSchema.extend({ report: z.literal(false, { error: 'error.decision_no_only' }) }),
    response: createdSchema,
    status: 201,
    errors: [409],
    handler: async ({ tx, who, params, body }) => ({ id: await recordDecision(tx, who, params.id, body) }),
  });

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/disruptions/:id/incident',
    tags: ['meetings'],
    summary: 'Decided to report to the police: the log becomes an incident, routed like any report',
    description:
      'Records the yes decision, then reports an incident (channel meeting) with the log as its timeline and a PDF of the log as evidence. Once per disruption (409 after).',
    guard,
    params: idParams,
    body: disruptionIncidentSchema,
    response: createdSchema,
    status: 201,
    errors: [409],
    handler: async ({ tx, who, params, body }) => ({ id: await reportDisruption(tx, store, who, params.id, body) }),
  });
}
