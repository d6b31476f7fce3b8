import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { addDamage, damageSchema, listDamage, updateDamage } from '../../domain/damage/damage.js';
import {
  addSecurityMeasure, escalationDoneSchema, getEscalations, markForTriangle, recordEscalation, securityMeasureSchema, triangleList, triangleSchema, unmarkTriangle, updateInjury,
} from '../../domain/escalation/escalation.js';
import { incidentReference } from '../../domain/incident/incident.js';
import { injurySchema } from '../../domain/incident/incident.schema.js';
import { consentSchema, fileReport, getPolice, policeReportSchema, prosecutionSchema, recordConsent, updateProsecution } from '../../domain/police/police.js';
import { AppError } from '../../errors.js';
import { requireApiCaller } from '../context.js';
import { named, type ApiOperation } from './openapi.js';
import { createdSchema, okSchema } from './schemas.js';

const iso = z.string();
const policeSchema = named('Police', z.object({
  canManage: z.boolean(),
  hidden: z.boolean().describe('Reports exist but are not shared with the caller'),
  consents: z.array(z.object({ id: z.uuid(), affectedUserId: z.uuid(), affectedName: z.string(), given: z.boolean(), how: z.string(), givenAt: iso, shareBeyondHandlers: z.boolean(), recordedByName: z.string() })),
  reports: z.array(z.object({
    id: z.uuid(), consentId: z.uuid(), filedOn: z.string(), filedByName: z.string(), registrationNumber: z.string().nullable(), elaApplied: z.boolean(),
    organisationAddressUsed: z.boolean(), vptRequested: z.boolean(), vptConfirmed: z.boolean(), prosecutionStatus: z.string().nullable(), outcome: z.string().nullable(),
    feedbackAffectedOn: z.string().nullable(), feedbackCouncilOn: z.string().nullable(),
  })),
}));
const damageOut = named('Damage', z.object({
  items: z.array(z.object({ id: z.uuid(), kind: z.enum(['material', 'immaterial']), description: z.string(), amountCents: z.number().int(), reimbursedOn: z.string().nullable(),
    claimedOn: z.string().nullable(), paidOn: z.string().nullable(), paidCents: z.number().int().nullable(), writtenOffOn: z.string().nullable() })),
  totals: z.object({ totalCents: z.number().int(), reimbursedCents: z.number().int(), claimedCents: z.number().int(), recoveredCents: z.number().int(), writtenOffCents: z.number().int(), outstandingCents: z.number().int() }),
}));
const escalationOut = named('Escalations', z.object({
  canManage: z.boolean(),
  escalations: z.array(z.object({ id: z.uuid(), kind: z.enum(['labour_inspectorate', 'kings_commissioner']), doneAt: iso.nullable(), how: z.string().nullable(), reference: z.string().nullable() })),
  triangle: z.object({ meetingOn: z.string().nullable(), note: z.string().nullable(), discussedOn: z.string().nullable() }).nullable(),
  securityMeasures: z.array(z.object({ id: z.uuid(), description: z.string(), advisedBy: z.string(), ownCostCents: z.number().int(), organisationCostCents: z.number().int(),
    safetyNetRequestedOn: z.string().nullable(), safetyNetCents: z.number().int().nullable(), safetyNetStatus: z.string().nullable() })).optional().describe('Only for security-measure roles; never in exports'),
}));
const kindParam = z.enum(['labour_inspectorate', 'kings_commissioner']);

export const caseOperations: ApiOperation[] = [
  { method: 'get', path: '/api/v1/incidents/{id}/police', summary: 'Consent and police reports (details only for handlers, the affected person, or when shared)', tags: ['police'], response: policeSchema },
  { method: 'post', path: '/api/v1/incidents/{id}/police/consents', summary: "Record the affected person's consent (or refusal) to a police report", tags: ['police'], body: consentSchema, response: createdSchema, successStatus: 201 },
  { method: 'post', path: '/api/v1/incidents/{id}/police/reports', summary: 'Record a filed police report (needs a given consent); closes the 2-working-day duty', tags: ['police'], body: policeReportSchema, response: createdSchema, successStatus: 201 },
  { method: 'put', path: '/api/v1/police-reports/{id}', summary: 'Prosecution course, outcome and feedback', tags: ['police'], body: prosecutionSchema, response: okSchema },
  { method: 'get', path: '/api/v1/incidents/{id}/damage', summary: 'Damage items with totals (handlers)', tags: ['damage'], response: damageOut },
  { method: 'post', path: '/api/v1/incidents/{id}/damage', summary: 'Add a damage item', tags: ['damage'], body: damageSchema, response: createdSchema, successStatus: 201 },
  { method: 'put', path: '/api/v1/damage/{id}', summary: 'Change a damage item (reimbursed, claimed, paid, written off)', tags: ['damage'], body: damageSchema, response: okSchema },
  { method: 'put', path: '/api/v1/incidents/{id}/injury', summary: 'Mark injury; serious harm opens the labour-inspectorate duty at once', tags: ['escalation'], body: injurySchema, response: z.object({ dutyOpened: z.boolean() }) },
  { method: 'get', path: '/api/v1/incidents/{id}/escalations', summary: 'Escalation duties, triangle mark and (for their roles) security measures', tags: ['escalation'], response: escalationOut },
  { method: 'post', path: '/api/v1/incidents/{id}/escalations/{kind}', summary: 'Record when and how the inspectorate or King’s Commissioner was informed', tags: ['escalation'], body: escalationDoneSchema, response: okSchema },
  { method: 'put', path: '/api/v1/incidents/{id}/triangle', summary: 'Mark for the next triangle meeting', tags: ['escalation'], body: triangleSchema, response: okSchema },
  { method: 'delete', path: '/api/v1/incidents/{id}/triangle', summary: 'Remove the triangle mark', tags: ['escalation'], response: okSchema },
  { method: 'get', path: '/api/v1/triangle', summary: 'Incidents marked for the triangle', tags: ['escalation'], response: z.object({ data: z.array(z.object({ incidentId: z.uuid(), reference: z.string(), level: z.string(), occurredAt: iso, meetingOn: z.string().nullable(), note: z.string().nullable(), discussedOn: z.string().nullable() })) }) },
  { method: 'post', path: '/api/v1/incidents/{id}/security-measures', summary: 'Record a security measure with its cost split (security roles)', tags: ['escalation'], body: securityMeasureSchema, response: createdSchema, successStatus: 201 },
];

export function caseRoutes(app: FastifyInstance, db: Db) {
  const idOf = (request: { params: unknown }) => (request.params as { id: string }).id;
  const isoOf = (d: Date | null) => d?.toISOString() ?? null;

  app.get('/api/v1/incidents/:id/police', async (request) => {
    const view = await getPolice(db, requireApiCaller(request), idOf(request));
    return { ...view, consents: view.consents.map((c) => ({ ...c, givenAt: c.givenAt.toISOString() })) };
  });
  app.post('/api/v1/incidents/:id/police/consents', async (request, reply) => reply.code(201).send({ id: await recordConsent(db, requireApiCaller(request), idOf(request), request.body) }));
  app.post('/api/v1/incidents/:id/police/reports', async (request, reply) => reply.code(201).send({ id: await fileReport(db, requireApiCaller(request), idOf(request), request.body) }));
  app.put('/api/v1/police-reports/:id', async (request) => {
    await updateProsecution(db, requireApiCaller(request), idOf(request), request.body);
    return { ok: true };
  });
  app.get('/api/v1/incidents/:id/damage', async (request) => {
    const { items, totals } = await listDamage(db, requireApiCaller(request), idOf(request));
    return { items, totals };
  });
  app.post('/api/v1/incidents/:id/damage', async (request, reply) => reply.code(201).send({ id: await addDamage(db, requireApiCaller(request), idOf(request), request.body) }));
  app.put('/api/v1/damage/:id', async (request) => {
    await updateDamage(db, requireApiCaller(request), idOf(request), request.body);
    return { ok: true };
  });
  app.put('/api/v1/incidents/:id/injury', async (request) => updateInjury(db, requireApiCaller(request), idOf(request), request.body));
  app.get('/api/v1/incidents/:id/escalations', async (request) => {
    const view = await getEscalations(db, requireApiCaller(request), idOf(request));
    return { ...view, escalations: view.escalations.map((e) => ({ ...e, doneAt: isoOf(e.doneAt) })) };
  });
  app.post('/api/v1/incidents/:id/escalations/:kind', async (request) => {
    const kind = kindParam.safeParse((request.params as { kind: string }).kind);
    if (!kind.success) throw new AppError(404, 'not_found', 'error.not_found');
    await recordEscalation(db, requireApiCaller(request), idOf(request), kind.data, request.body);
    return { ok: true };
  });
  app.put('/api/v1/incidents/:id/triangle', async (request) => {
    await markForTriangle(db, requireApiCaller(request), idOf(request), request.body);
    return { ok: true };
  });
  app.delete('/api/v1/incidents/:id/triangle', async (request) => {
    await unmarkTriangle(db, requireApiCaller(request), idOf(request));
    return { ok: true };
  });
  app.get('/api/v1/triangle', async (request) => ({
    data: (await triangleList(db, requireApiCaller(request))).map((t) => ({
      incidentId: t.incidentId, reference: incidentReference(t), level: t.level, occurredAt: t.occurredAt.toISOString(), meetingOn: t.meetingOn, note: t.note, discussedOn: t.discussedOn,
    })),
  }));
  app.post('/api/v1/incidents/:id/security-measures', async (request, reply) => reply.code(201).send({ id: await addSecurityMeasure(db, requireApiCaller(request), idOf(request), request.body) }));
}
