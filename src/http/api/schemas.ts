import { z } from 'zod';
import type { AccessReason } from '../../domain/incident/incident.js';
import { INCIDENT_ABILITIES } from '../../domain/incident/incident.policy.js';
import { BEHAVIOURS, CHANNELS, LEVELS, PERPETRATOR_KINDS, STATUSES, TARGETS } from '../../domain/incident/norm.js';
import { NOTIFICATION_KINDS } from '../../domain/notification/notification.js';
import { INFORMABLE_ROLES, ROLES } from '../../domain/user/roles.js';
import { named } from './openapi.js';

/** Response shapes of the API, named in the OpenAPI document. The presenters produce them. */
const person = named('PersonRef', z.object({ id: z.uuid(), name: z.string() }));
const access = z.enum(['reporter', 'affected', 'routed', 'always_inform', 'granted', 'caregiver'] satisfies AccessReason[]);
const isoTime = z.string().describe('ISO 8601 date-time');

export const incidentSchema = named(
  'Incident',
  z.object({
    id: z.uuid(),
    reference: z.string().nullable().describe('Human reference, e.g. M-00042; null while a draft (given when reported)'),
    number: z.number().int().nullable().describe('Running number, given when reported; null while a draft'),
    status: z.enum(STATUSES),
    level: z.enum(LEVELS),
    channel: z.enum(CHANNELS),
    behaviours: z.array(z.enum(BEHAVIOURS)),
    occurredAt: isoTime,
    occurredUntil: isoTime.nullable(),
    place: z.string().nullable(),
    description: z.string(),
    targets: z.array(z.enum(TARGETS)),
    perpetrator: z.object({ kind: z.enum(PERPETRATOR_KINDS), name: z.string().nullable(), details: z.string().nullable() }).nullable(),
    witnesses: z.string().nullable(),
    injury: z.object({ physical: z.boolean(), mental: z.boolean(), hospital: z.boolean(), lastingHarm: z.boolean(), death: z.boolean() }),
    damage: z.string().nullable(),
    online: z
      .object({
        platform: z.string(),
        account: z.string().nullable(),
        normStated: z.boolean().nullable(),
        platformNotified: z.boolean().nullable(),
      })
      .nullable(),
    reporter: person,
    onBehalfOf: person.nullable(),
    affected: z.array(person),
    createdAt: isoTime,
    reportedAt: isoTime.nullable(),
    closedAt: isoTime.nullable(),
    access: access.describe('How the caller came to see this incident'),
    abilities: z.array(z.enum(INCIDENT_ABILITIES)),
    transitions: z.array(z.enum(['submit', 'start', 'close', 'reopen'])),
  }),
);

export const incidentSummarySchema = named(
  'IncidentSummary',
  z.object({
    id: z.uuid(),
    reference: z.string().nullable(),
    number: z.number().int().nullable(),
    status: z.enum(STATUSES),
    level: z.enum(LEVELS),
    channel: z.enum(CHANNELS),
    occurredAt: isoTime,
    reportedAt: isoTime.nullable(),
    access,
  }),
);

export const incidentListSchema = named(
  'IncidentList',
  z.object({
    data: z.array(incidentSummarySchema),
    next: z.string().optional().describe('Pass as ?after= for the next page'),
  }),
);

export const timelineSchema = named(
  'Timeline',
  z.object({
    data: z.array(
      z.object({ id: z.string(), at: isoTime, kind: z.string(), actor: person.nullable(), detail: z.record(z.string(), z.unknown()) }),
    ),
  }),
);

export const onlineMessageListSchema = named(
  'OnlineMessages',
  z.object({
    data: z.array(
      z.object({
        id: z.uuid(),
        sentAt: isoTime,
        account: z.string().nullable(),
        url: z.string().nullable(),
        content: z.string().nullable(),
        addedBy: person,
        addedAt: isoTime,
      }),
    ),
  }),
);

export const evidenceSchema = named(
  'Evidence',
  z.object({
    id: z.uuid(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    sizeBytes: z.number().int(),
    mediaType: z.string(),
    fileName: z.string(),
    uploadedBy: person,
    uploadedAt: isoTime,
  }),
);
export const evidenceListSchema = named('EvidenceList', z.object({ data: z.array(evidenceSchema) }));

export const inboxSchema = named(
  'Inbox',
  z.object({
    data: z.array(
      z.object({
        id: z.uuid(),
        kind: z.enum(NOTIFICATION_KINDS),
        incidentId: z.uuid().nullable(),
        incidentReference: z.string().nullable(),
        consultationId: z.uuid().nullable(),
        deadlineId: z.uuid().nullable(),
        /** Who caused it; null when the program did (a reminder). */
        actor: person.nullable(),
        createdAt: isoTime,
        read: z.boolean(),
      }),
    ),
    unread: z.number().int(),
  }),
);

export const consultationSummarySchema = named(
  'ConsultationSummary',
  z.object({
    id: z.uuid(),
    question: z.string(),
    status: z.enum(['open', 'answered', 'converted', 'closed']),
    asker: person,
    incidentId: z.uuid().nullable(),
    createdAt: isoTime,
  }),
);
export const consultationSchema = named(
  'Consultation',
  consultationSummarySchema.extend({
    messages: z.array(z.object({ id: z.uuid(), author: person, body: z.string(), createdAt: isoTime })),
  }),
);
export const consultationListSchema = named('ConsultationList', z.object({ data: z.array(consultationSummarySchema) }));

export const routingResponseSchema = named(
  'Routing',
  z.object({
    rules: z.array(z.object({ affectedRole: z.enum(ROLES), informRoles: z.array(z.enum(INFORMABLE_ROLES)), informManager: z.boolean() })),
    alwaysInform: z.array(z.enum(INFORMABLE_ROLES)),
  }),
);

export const userListSchema = named(
  'UserList',
  z.object({
    data: z.array(z.object({ id: z.uuid(), name: z.string(), roles: z.array(z.enum(ROLES)) })),
  }),
);

export const okSchema = named('Ok', z.object({ ok: z.literal(true) }));
export const createdSchema = named('Created', z.object({ id: z.uuid() }));
