import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { aftercareSettingsSchema, changeAftercareSettings, getAftercareSettings } from '../../domain/aftercare/aftercare-settings.js';
import { getAftercare } from '../../domain/aftercare/aftercare-queries.js';
import { presentAftercare, presentAftercareSettings, presentContact } from '../../domain/aftercare/aftercare.presenter.js';
import { contactSchema, createContact, listContacts, updateContact } from '../../domain/aftercare/contacts.js';
import {
  CONVERSATION_STATES,
  holdConversation,
  holdSchema,
  offerConversation,
  referFromConversation,
  referralSchema,
  respondSchema,
  respondToConversation,
} from '../../domain/aftercare/conversation.js';
import { DEADLINE_KINDS, DEADLINE_STATES } from '../../domain/deadline/deadline.js';
import { cancelDeadline, incidentDeadlines, myTasks, overdueOverview } from '../../domain/deadline/deadline-queries.js';
import { presentDeadline } from '../../domain/deadline/deadline.presenter.js';
import { INFORMABLE_ROLES, ROLES } from '../../domain/user/roles.js';
import { apiRoute, idParams } from '../pipeline/api-route.js';
import { named } from './openapi.js';
import { createdSchema, okSchema } from './schemas.js';

const isoTime = z.string().describe('ISO 8601 date-time');
const person = z.object({ id: z.uuid(), name: z.string() });

const deadlineSchema = named(
  'Deadline',
  z.object({
    id: z.uuid(),
    kind: z.enum(DEADLINE_KINDS),
    /** Null for a duty of the organisation itself (a risk analysis, a request); then subjectId is the record. */
    incidentId: z.uuid().nullable(),
    incidentReference: z.string().nullable(),
    subjectId: z.uuid().nullable(),
    notBefore: isoTime.nullable(),
    dueAt: isoTime,
    state: z.enum(DEADLINE_STATES),
    doneAt: isoTime.nullable(),
    cancelReason: z.string().nullable(),
  }),
);
const deadlineListSchema = named('DeadlineList', z.object({ data: z.array(deadlineSchema) }));

const aftercareSchema = named(
  'Aftercare',
  z.object({
    data: z.array(
      z.object({
        affected: person,
        viewerRole: z.enum(['caregiver', 'affected', 'viewer']),
        conversations: z.array(
          z.object({
            id: z.uuid(),
            number: z.number().int(),
            state: z.enum(CONVERSATION_STATES),
            caregivers: z.array(person),
            offeredAt: isoTime.nullable(),
            plannedAt: isoTime.nullable().describe('When the conversation is planned, once a caregiver planned it'),
            respondedAt: isoTime.nullable(),
            heldAt: isoTime.nullable(),
            heldBy: person.nullable(),
            deadlineId: z.uuid().nullable(),
            notBefore: isoTime.nullable(),
            dueAt: isoTime.nullable(),
            deadlineState: z.enum(DEADLINE_STATES).nullable(),
            notes: z.string().nullable().optional().describe('Only for caregivers and the affected person'),
            stalledRecovery: z.boolean().optional(),
          }),
        ),
        referrals: z
          .array(z.object({ id: z.uuid(), contactName: z.string(), note: z.string().nullable(), createdAt: isoTime, createdBy: person }))
          .optional()
          .describe('Only for caregivers and the affected person'),
      }),
    ),
  }),
);

const contactOut = named(
  'Contact',
  z.object({
    id: z.uuid(),
    position: z.number().int(),
    name: z.string(),
    description: z.string(),
    phone: z.string().nullable(),
    phoneOutOfHours: z.string().nullable(),
    url: z.string().nullable(),
    available: z.string().nullable(),
    active: z.boolean(),
  }),
);
const settingsOut = named(
  'AftercareSettings',
  z.object({
    timings: z.object({
      firstHours: z.number().int(),
      secondHours: z.number().int(),
      thirdFromDays: z.number().int(),
      thirdUntilDays: z.number().int(),
    }),
    caregivers: z.array(
      z.object({ affectedRole: z.enum(ROLES), caregiverRoles: z.array(z.enum(INFORMABLE_ROLES)), caregiverManager: z.boolean() }),
    ),
  }),
);
// The reason is checked by the use case, so an empty one is refused with its own message.
const cancelSchema = z.object({ reason: z.string().max(2000, 'error.text_too_long').default('') });
const contactsQuery = z.object({ all: z.string().optional().describe("'true': also the hidden contacts (administrators)") });

export function aftercareRoutes(app: FastifyInstance, db: Db) {
  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/incidents/:id/deadlines',
    tags: ['deadlines'],
    summary: 'Every open and done deadline of the incident',
    params: idParams,
    response: deadlineListSchema,
    handler: async ({ tx, who, params }) => ({ data: (await incidentDeadlines(tx, who, params.id)).map(presentDeadline) }),
  });
  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/incidents/:id/aftercare',
    tags: ['aftercare'],
    summary: 'The aftercare plans (notes only for caregivers and the affected person)',
    params: idParams,
    response: aftercareSchema,
    handler: async ({ tx, who, params }) => ({ data: presentAftercare(await getAftercare(tx, who, params.id)) }),
  });
  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/aftercare/:id/offer',
    tags: ['aftercare'],
    summary: 'A caregiver offers the conversation (again)',
    params: idParams,
    response: okSchema,
    errors: [409],
    handler: async ({ tx, who, params }) => {
      await offerConversation(tx, who, params.id);
      return { ok: true as const };
    },
  });
  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/aftercare/:id/respond',
    tags: ['aftercare'],
    summary: 'Accept or decline an offered conversation',
    params: idParams,
    body: respondSchema,
    response: okSchema,
    errors: [409],
    handler: async ({ tx, who, params, body }) => {
      await respondToConversation(tx, who, params.id, body.answer);
      return { ok: true as const };
    },
  });
  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/aftercare/:id/hold',
    tags: ['aftercare'],
    summary: 'Record the conversation as held (closes its deadline)',
    params: idParams,
    body: holdSchema,
    response: okSchema,
    handler: async ({ tx, who, params, body }) => {
      await holdConversation(tx, who, params.id, body);
      return { ok: true as const };
    },
  });
  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/aftercare/:id/referrals',
    tags: ['aftercare'],
    summary: 'Record a referral to external help',
    params: idParams,
    body: referralSchema,
    response: okSchema,
    status: 201,
    handler: async ({ tx, who, params, body }) => {
      await referFromConversation(tx, who, params.id, body);
      return { ok: true as const };
    },
  });
  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/tasks',
    tags: ['deadlines'],
    summary: "The caller's deadlines: open, overdue and recently done",
    response: deadlineListSchema,
    handler: async ({ tx, who }) => ({ data: (await myTasks(tx, who)).map(presentDeadline) }),
  });
  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/tasks/overdue',
    tags: ['deadlines'],
    summary: 'Every overdue deadline in the organisation (security adviser; 404 for others)',
    response: deadlineListSchema,
    errors: [404],
    handler: async ({ tx, who }) => ({ data: (await overdueOverview(tx, who)).map(presentDeadline) }),
  });
  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/deadlines/:id/cancel',
    tags: ['deadlines'],
    summary: "Cancel a deadline, with a reason (its owners and the incident's handlers)",
    params: idParams,
    body: cancelSchema,
    response: okSchema,
    errors: [409],
    handler: async ({ tx, who, params, body }) => {
      await cancelDeadline(tx, who, params.id, body.reason);
      return { ok: true as const };
    },
  });
  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/contacts',
    tags: ['aftercare'],
    summary: 'The directory of external help',
    query: contactsQuery,
    response: z.object({ data: z.array(contactOut) }),
    handler: async ({ tx, who, query }) => ({ data: (await listContacts(tx, who, query.all === 'true')).map(presentContact) }),
  });
  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/contacts',
    tags: ['aftercare'],
    summary: 'Add a contact (administrators; 404 for others)',
    body: contactSchema,
    response: createdSchema,
    status: 201,
    errors: [404],
    handler: async ({ tx, who, body }) => ({ id: await createContact(tx, who, body) }),
  });
  apiRoute(app, db, {
    method: 'PUT',
    url: '/api/v1/contacts/:id',
    tags: ['aftercare'],
    summary: 'Change a contact (administrators)',
    params: idParams,
    body: contactSchema,
    response: okSchema,
    handler: async ({ tx, who, params, body }) => {
      await updateContact(tx, who, params.id, body);
      return { ok: true as const };
    },
  });
  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/aftercare-settings',
    tags: ['aftercare'],
    summary: 'Aftercare timings and caregivers by role (administrators; 404 for others)',
    response: settingsOut,
    errors: [404],
    handler: async ({ tx, who }) => presentAftercareSettings(await getAftercareSettings(tx, who)),
  });
  apiRoute(app, db, {
    method: 'PUT',
    url: '/api/v1/aftercare-settings',
    tags: ['aftercare'],
    summary: 'Change aftercare timings and caregivers (administrators; 404 for others)',
    body: aftercareSettingsSchema,
    response: settingsOut,
    errors: [404],
    handler: async ({ tx, who, body }) => presentAftercareSettings(await changeAftercareSettings(tx, who, body)),
  });
}
