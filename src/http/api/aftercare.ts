import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { aftercareSettingsSchema, changeAftercareSettings, getAftercareSettings } from '../../domain/aftercare/aftercare-settings.js';
import { getAftercare, type AftercarePlan } from '../../domain/aftercare/aftercare-queries.js';
import { contactSchema, createContact, listContacts, updateContact } from '../../domain/aftercare/contacts.js';
import { holdConversation, holdSchema, offerConversation, referFromConversation, referralSchema, respondToConversation } from '../../domain/aftercare/conversation.js';
import { DEADLINE_KINDS, DEADLINE_STATES, type Deadline } from '../../domain/deadline/deadline.js';
import { cancelDeadline, incidentDeadlines, myTasks, overdueOverview } from '../../domain/deadline/deadline-queries.js';
import { incidentReference } from '../../domain/incident/incident.js';
import { ROLES } from '../../domain/user/roles.js';
import { AppError } from '../../errors.js';
import { requireApiCaller } from '../context.js';
import { named, type ApiOperation } from './openapi.js';
import { createdSchema, okSchema } from './schemas.js';

const isoTime = z.string().describe('ISO 8601 date-time');
const person = z.object({ id: z.uuid(), name: z.string() });

const deadlineSchema = named('Deadline', z.object({
  id: z.uuid(), kind: z.enum(DEADLINE_KINDS), incidentId: z.uuid(), incidentReference: z.string(),
  notBefore: isoTime.nullable(), dueAt: isoTime, state: z.enum(DEADLINE_STATES), doneAt: isoTime.nullable(), cancelReason: z.string().nullable(),
}));
const deadlineListSchema = named('DeadlineList', z.object({ data: z.array(deadlineSchema) }));

const aftercareSchema = named('Aftercare', z.object({
  data: z.array(z.object({
    affected: person,
    viewerRole: z.enum(['caregiver', 'affected', 'viewer']),
    conversations: z.array(z.object({
      id: z.uuid(), number: z.number().int(), state: z.enum(['planned', 'offered', 'accepted', 'declined', 'held']), caregivers: z.array(person),
      offeredAt: isoTime.nullable(), respondedAt: isoTime.nullable(), heldAt: isoTime.nullable(), heldBy: person.nullable(),
      deadlineId: z.uuid().nullable(), notBefore: isoTime.nullable(), dueAt: isoTime.nullable(), deadlineState: z.string().nullable(),
      notes: z.string().nullable().optional().describe('Only for caregivers and the affected person'), stalledRecovery: z.boolean().optional(),
    })),
    referrals: z.array(z.object({ id: z.uuid(), contactName: z.string(), note: z.string().nullable(), createdAt: isoTime, createdBy: person })).optional(),
  })),
}));

const contactOut = named('Contact', z.object({
  id: z.uuid(), position: z.number().int(), name: z.string(), description: z.string(), phone: z.string().nullable(),
  phoneOutOfHours: z.string().nullable(), url: z.string().nullable(), available: z.string().nullable(), active: z.boolean(),
}));
const settingsOut = named('AftercareSettings', z.object({
  timings: z.object({ firstHours: z.number().int(), secondHours: z.number().int(), thirdFromDays: z.number().int(), thirdUntilDays: z.number().int() }),
  caregivers: z.array(z.object({ affectedRole: z.enum(ROLES), caregiverRoles: z.array(z.enum(ROLES)), caregiverManager: z.boolean() })),
}));
const respondSchema = z.object({ answer: z.enum(['accept', 'decline'], { error: 'error.answer_invalid' }) });
const cancelSchema = z.object({ reason: z.string().max(2000) });

export const aftercareOperations: ApiOperation[] = [
  { method: 'get', path: '/api/v1/incidents/{id}/deadlines', summary: 'Every open and done deadline of the incident', tags: ['deadlines'], response: deadlineListSchema },
  { method: 'get', path: '/api/v1/incidents/{id}/aftercare', summary: 'The aftercare plans (notes only for caregivers and the affected person)', tags: ['aftercare'], response: aftercareSchema },
  { method: 'post', path: '/api/v1/aftercare/{id}/offer', summary: 'A caregiver offers the conversation (again)', tags: ['aftercare'], response: okSchema },
  { method: 'post', path: '/api/v1/aftercare/{id}/respond', summary: 'Accept or decline an offered conversation', tags: ['aftercare'], body: respondSchema, response: okSchema },
  { method: 'post', path: '/api/v1/aftercare/{id}/hold', summary: 'Record the conversation as held (closes its deadline)', tags: ['aftercare'], body: holdSchema, response: okSchema },
  { method: 'post', path: '/api/v1/aftercare/{id}/referrals', summary: 'Record a referral to external help', tags: ['aftercare'], body: referralSchema, response: okSchema, successStatus: 201 },
  { method: 'get', path: '/api/v1/tasks', summary: "The caller's deadlines: open, overdue and recently done", tags: ['deadlines'], response: deadlineListSchema },
  { method: 'get', path: '/api/v1/tasks/overdue', summary: 'Every overdue deadline in the organisation (security adviser)', tags: ['deadlines'], response: deadlineListSchema },
  { method: 'post', path: '/api/v1/deadlines/{id}/cancel', summary: 'Cancel a deadline, with a reason', tags: ['deadlines'], body: cancelSchema, response: okSchema },
  { method: 'get', path: '/api/v1/contacts', summary: 'The directory of external help', tags: ['aftercare'], response: z.object({ data: z.array(contactOut) }) },
  { method: 'post', path: '/api/v1/contacts', summary: 'Add a contact (administrators)', tags: ['aftercare'], body: contactSchema, response: createdSchema, successStatus: 201 },
  { method: 'put', path: '/api/v1/contacts/{id}', summary: 'Change a contact (administrators)', tags: ['aftercare'], body: contactSchema, response: okSchema },
  { method: 'get', path: '/api/v1/aftercare-settings', summary: 'Aftercare timings and caregivers by role (administrators)', tags: ['aftercare'], response: settingsOut },
  { method: 'put', path: '/api/v1/aftercare-settings', summary: 'Change aftercare timings and caregivers (administrators)', tags: ['aftercare'], body: aftercareSettingsSchema, response: settingsOut },
];

export function presentDeadline(d: Deadline) {
  return {
    id: d.id, kind: d.kind, incidentId: d.incidentId, incidentReference: incidentReference({ number: d.incidentNumber }),
    notBefore: d.notBefore?.toISOString() ?? null, dueAt: d.dueAt.toISOString(), state: d.state, doneAt: d.doneAt?.toISOString() ?? null, cancelReason: d.cancelReason,
  };
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function presentAftercare(plans: AftercarePlan[]) {
  return plans.map((p) => ({
    affected: p.affected,
    viewerRole: p.viewerRole,
    conversations: p.conversations.map((c) => ({
      ...c, offeredAt: iso(c.offeredAt), respondedAt: iso(c.respondedAt), heldAt: iso(c.heldAt), notBefore: iso(c.notBefore), dueAt: iso(c.dueAt),
    })),
    ...(p.referrals ? { referrals: p.referrals.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) } : {}),
  }));
}

export function aftercareRoutes(app: FastifyInstance, db: Db) {
  const idOf = (request: { params: unknown }) => (request.params as { id: string }).id;

  app.get('/api/v1/incidents/:id/deadlines', async (request) => ({ data: (await incidentDeadlines(db, requireApiCaller(request), idOf(request))).map(presentDeadline) }));
  app.get('/api/v1/incidents/:id/aftercare', async (request) => ({ data: presentAftercare(await getAftercare(db, requireApiCaller(request), idOf(request))) }));
  app.post('/api/v1/aftercare/:id/offer', async (request) => {
    await offerConversation(db, requireApiCaller(request), idOf(request));
    return { ok: true };
  });
  app.post('/api/v1/aftercare/:id/respond', async (request) => {
    const body = respondSchema.safeParse(request.body);
    if (!body.success) throw new AppError(400, 'validation_failed', 'error.answer_invalid', { answer: 'error.answer_invalid' });
    await respondToConversation(db, requireApiCaller(request), idOf(request), body.data.answer);
    return { ok: true };
  });
  app.post('/api/v1/aftercare/:id/hold', async (request) => {
    await holdConversation(db, requireApiCaller(request), idOf(request), request.body);
    return { ok: true };
  });
  app.post('/api/v1/aftercare/:id/referrals', async (request, reply) => {
    await referFromConversation(db, requireApiCaller(request), idOf(request), request.body);
    return reply.code(201).send({ ok: true });
  });
  app.get('/api/v1/tasks', async (request) => ({ data: (await myTasks(db, requireApiCaller(request))).map(presentDeadline) }));
  app.get('/api/v1/tasks/overdue', async (request) => ({ data: (await overdueOverview(db, requireApiCaller(request))).map(presentDeadline) }));
  app.post('/api/v1/deadlines/:id/cancel', async (request) => {
    const reason = (request.body as { reason?: unknown } | undefined)?.reason;
    await cancelDeadline(db, requireApiCaller(request), idOf(request), typeof reason === 'string' ? reason : '');
    return { ok: true };
  });
  app.get('/api/v1/contacts', async (request) => ({ data: await listContacts(db, requireApiCaller(request), (request.query as { all?: string }).all === 'true') }));
  app.post('/api/v1/contacts', async (request, reply) => reply.code(201).send({ id: await createContact(db, requireApiCaller(request), request.body) }));
  app.put('/api/v1/contacts/:id', async (request) => {
    await updateContact(db, requireApiCaller(request), idOf(request), request.body);
    return { ok: true };
  });
  app.get('/api/v1/aftercare-settings', async (request) => getAftercareSettings(db, requireApiCaller(request)));
  app.put('/api/v1/aftercare-settings', async (request) => changeAftercareSettings(db, requireApiCaller(request), request.body));
}
