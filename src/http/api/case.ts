import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { addDamage, damageSchema, listDamage, updateDamage } from '../../domain/damage/damage.js';
import { presentDamage } from '../../domain/damage/damage.presenter.js';
import {
  addSecurityMeasure,
  ESCALATION_KINDS,
  escalationDoneSchema,
  getEscalations,
  markForTriangle,
  recordEscalation,
  securityMeasureSchema,
  triangleList,
  triangleSchema,
  unmarkTriangle,
  updateInjury,
} from '../../domain/escalation/escalation.js';
import { presentEscalations, presentTriangleItem } from '../../domain/escalation/escalation.presenter.js';
import { injurySchema } from '../../domain/incident/incident.schema.js';
import {
  consentSchema,
  fileReport,
  getPolice,
  policeReportSchema,
  prosecutionSchema,
  recordConsent,
  updateProsecution,
} from '../../domain/police/police.js';
import { presentPolice } from '../../domain/police/police.presenter.js';
import { apiRoute, idParams } from '../pipeline/api-route.js';
import { named } from './openapi.js';
import { createdSchema, okSchema } from './schemas.js';

const iso = z.string();
const policeSchema = named(
  'Police',
  z.object({
    canManage: z.boolean(),
    hidden: z.boolean().describe('Reports exist but are not shared with the caller'),
    consents: z.array(
      z.object({
        id: z.uuid(),
        affectedUserId: z.uuid(),
        affectedName: z.string(),
        given: z.boolean(),
        how: z.string(),
        givenAt: iso,
        shareBeyondHandlers: z.boolean(),
        recordedByName: z.string(),
      }),
    ),
    reports: z.array(
      z.object({
        id: z.uuid(),
        consentId: z.uuid(),
        filedOn: z.string(),
        filedByName: z.string(),
        registrationNumber: z.string().nullable(),
        elaApplied: z.boolean(),
        organisationAddressUsed: z.boolean(),
        vptRequested: z.boolean(),
        vptConfirmed: z.boolean(),
        prosecutionStatus: z.string().nullable(),
        outcome: z.string().nullable(),
        feedbackAffectedOn: z.string().nullable(),
        feedbackCouncilOn: z.string().nullable(),
      }),
    ),
  }),
);
const damageOut = named(
  'Damage',
  z.object({
    items: z.array(
      z.object({
        id: z.uuid(),
        kind: z.enum(['material', 'immaterial']),
        description: z.string(),
        amountCents: z.number().int(),
        reimbursedOn: z.string().nullable(),
        claimedOn: z.string().nullable(),
        paidOn: z.string().nullable(),
        paidCents: z.number().int().nullable(),
        writtenOffOn: z.string().nullable(),
      }),
    ),
    totals: z.object({
      totalCents: z.number().int(),
      reimbursedCents: z.number().int(),
      claimedCents: z.number().int(),
      recoveredCents: z.number().int(),
      writtenOffCents: z.number().int(),
      outstandingCents: z.number().int(),
    }),
  }),
);
const escalationOut = named(
  'Escalations',
  z.object({
    canManage: z.boolean(),
    escalations: z.array(
      z.object({
        id: z.uuid(),
        kind: z.enum(['labour_inspectorate', 'kings_commissioner']),
        doneAt: iso.nullable(),
        how: z.string().nullable(),
        reference: z.string().nullable(),
      }),
    ),
    triangle: z.object({ meetingOn: z.string().nullable(), note: z.string().nullable(), discussedOn: z.string().nullable() }).nullable(),
    securityMeasures: z
      .array(
        z.object({
          id: z.uuid(),
          description: z.string(),
          advisedBy: z.string(),
          ownCostCents: z.number().int(),
          organisationCostCents: z.number().int(),
          safetyNetRequestedOn: z.string().nullable(),
          safetyNetCents: z.number().int().nullable(),
          safetyNetStatus: z.string().nullable(),
        }),
      )
      .optional()
      .describe('Only for security-measure roles; never in exports'),
  }),
);
const escalationParams = z.object({ id: z.uuid(), kind: z.enum(ESCALATION_KINDS) });
const triangleOut = z.object({
  data: z.array(
    z.object({
      incidentId: z.uuid(),
      reference: z.string(),
      level: z.string(),
      occurredAt: iso,
      meetingOn: z.string().nullable(),
      note: z.string().nullable(),
      discussedOn: z.string().nullable(),
    }),
  ),
});

export function caseRoutes(app: FastifyInstance, db: Db) {
  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/incidents/:id/police',
    tags: ['police'],
    params: idParams,
    response: policeSchema,
    summary: 'Consent and police reports (details only for handlers, the affected person, or when shared)',
    handler: async ({ tx, who, params }) => presentPolice(await getPolice(tx, who, params.id)),
  });
  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/incidents/:id/police/consents',
    tags: ['police'],
    params: idParams,
    body: consentSchema,
    response: createdSchema,
    status: 201,
    summary: "Record the affected person's consent (or refusal) to a police report",
    handler: async ({ tx, who, params, body }) => ({ id: await recordConsent(tx, who, params.id, body) }),
  });
  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/incidents/:id/police/reports',
    tags: ['police'],
    params: idParams,
    body: policeReportSchema,
    response: createdSchema,
    status: 201,
    summary: 'Record a filed police report (needs a given consent); closes the 2-working-day duty',
    handler: async ({ tx, who, params, body }) => ({ id: await fileReport(tx, who, params.id, body) }),
  });
  apiRoute(app, db, {
    method: 'PUT',
    url: '/api/v1/police-reports/:id',
    tags: ['police'],
    params: idParams,
    body: prosecutionSchema,
    response: okSchema,
    summary: 'Prosecution course, outcome and feedback',
    handler: async ({ tx, who, params, body }) => {
      await updateProsecution(tx, who, params.id, body);
      return { ok: true as const };
    },
  });
  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/incidents/:id/damage',
    tags: ['damage'],
    params: idParams,
    response: damageOut,
    summary: 'Damage items with totals (handlers)',
    handler: async ({ tx, who, params }) => presentDamage(await listDamage(tx, who, params.id)),
  });
  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/incidents/:id/damage',
    tags: ['damage'],
    params: idParams,
    body: damageSchema,
    response: createdSchema,
    status: 201,
    summary: 'Add a damage item',
    handler: async ({ tx, who, params, body }) => ({ id: await addDamage(tx, who, params.id, body) }),
  });
  apiRoute(app, db, {
    method: 'PUT',
    url: '/api/v1/damage/:id',
    tags: ['damage'],
    params: idParams,
    body: damageSchema,
    response: okSchema,
    summary: 'Change a damage item (reimbursed, claimed, paid, written off)',
    handler: async ({ tx, who, params, body }) => {
      await updateDamage(tx, who, params.id, body);
      return { ok: true as const };
    },
  });
  apiRoute(app, db, {
    method: 'PUT',
    url: '/api/v1/incidents/:id/injury',
    tags: ['escalation'],
    params: idParams,
    body: injurySchema,
    response: z.object({ dutyOpened: z.boolean() }),
    summary: 'Mark injury; serious harm opens the labour-inspectorate duty at once',
    handler: async ({ tx, who, params, body }) => updateInjury(tx, who, params.id, body),
  });
  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/incidents/:id/escalations',
    tags: ['escalation'],
    params: idParams,
    response: escalationOut,
    summary: 'Escalation duties, triangle mark and (for their roles) security measures',
    handler: async ({ tx, who, params }) => presentEscalations(await getEscalations(tx, who, params.id)),
  });
  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/incidents/:id/escalations/:kind',
    tags: ['escalation'],
    params: escalationParams,
    body: escalationDoneSchema,
    response: okSchema,
    errors: [409],
    summary: 'Record when and how the inspectorate or King’s Commissioner was informed',
    handler: async ({ tx, who, params, body }) => {
      await recordEscalation(tx, who, params.id, params.kind, body);
      return { ok: true as const };
    },
  });
  apiRoute(app, db, {
    method: 'PUT',
    url: '/api/v1/incidents/:id/triangle',
    tags: ['escalation'],
    params: idParams,
    body: triangleSchema,
    response: okSchema,
    summary: 'Mark for the next triangle meeting',
    handler: async ({ tx, who, params, body }) => {
      await markForTriangle(tx, who, params.id, body);
      return { ok: true as const };
    },
  });
  apiRoute(app, db, {
    method: 'DELETE',
    url: '/api/v1/incidents/:id/triangle',
    tags: ['escalation'],
    params: idParams,
    response: okSchema,
    summary: 'Remove the triangle mark',
    handler: async ({ tx, who, params }) => {
      await unmarkTriangle(tx, who, params.id);
      return { ok: true as const };
    },
  });
  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/triangle',
    tags: ['escalation'],
    response: triangleOut,
    errors: [404],
    summary: 'Incidents marked for the triangle (mayor, security adviser, secretary; 404 for others)',
    handler: async ({ tx, who }) => ({ data: (await triangleList(tx, who)).map(presentTriangleItem) }),
  });
  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/incidents/:id/security-measures',
    tags: ['escalation'],
    params: idParams,
    body: securityMeasureSchema,
    response: createdSchema,
    status: 201,
    summary: 'Record a security measure with its cost split (security roles)',
    handler: async ({ tx, who, params, body }) => ({ id: await addSecurityMeasure(tx, who, params.id, body) }),
  });
}
