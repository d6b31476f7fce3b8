import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { requireRole } from '../../domain/access/access.js';
import type { SignedIn } from '../../domain/auth/session.js';
import {
  addPrecautionSchema,
  ASSESSMENT_KINDS,
  evaluationSchema,
  MEETING_ACCESS,
  newAssessmentSchema,
  PRECAUTION_DECISIONS,
  PRECAUTION_KINDS,
  precautionDecisionSchema,
  questionnaireSchema,
  RISK_LEVELS,
  SENSITIVITIES,
} from '../../domain/risk-assessment/risk-assessment.js';
import { riskPolicy } from '../../domain/risk-assessment/risk-assessment.policy.js';
import { presentAssessment, presentAssessmentSummary, presentPrecaution } from '../../domain/risk-assessment/risk-assessment.presenter.js';
import {
  addPrecaution,
  completePrecaution,
  decidePrecautionOf,
  evaluateAssessment,
  getRiskAssessment,
  listRiskAssessments,
  planAssessment,
  submitQuestionnaire,
  todaysConversations,
} from '../../domain/risk-assessment/risk-assessments.js';
import { apiRoute, idParams } from '../pipeline/api-route.js';
import { named } from './openapi.js';
import { createdSchema, okSchema } from './schemas.js';

const isoTime = z.string().describe('ISO 8601 date-time');
const person = z.object({ id: z.uuid(), name: z.string() });
const precautionSchema = named(
  'RiskPrecaution',
  z.object({
    id: z.uuid(),
    kind: z.enum(PRECAUTION_KINDS),
    suggested: z.boolean().describe('Suggested by the risk level (rather than added by hand)'),
    decision: z.enum(PRECAUTION_DECISIONS),
    owner: person.nullable().describe('Who sees it through (when taken)'),
    note: z.string().nullable(),
    decidedAt: isoTime.nullable(),
    doneAt: isoTime.nullable(),
  }),
);
const baseSchema = z.object({
  id: z.uuid(),
  kind: z.enum(ASSESSMENT_KINDS),
  title: z.string(),
  startsAt: isoTime,
  location: z.string().nullable(),
  chair: z.string().nullable(),
  host: person.nullable().describe('Who of the organisation holds a conversation'),
  level: z.enum(RISK_LEVELS).nullable().describe('Null until the questionnaire is in'),
  state: z.enum(['planned', 'assessed', 'evaluated']),
  createdBy: person,
  createdAt: isoTime,
});
const summarySchema = named('RiskAssessmentSummary', baseSchema.extend({ precautions: z.array(precautionSchema) }));
const assessmentSchema = named(
  'RiskAssessment',
  baseSchema.extend({
    questionnaire: z
      .object({
        topic: z.string(),
        sensitivity: z.enum(SENSITIVITIES).nullable(),
        expectedAttendance: z.number().int().nullable(),
        access: z.enum(MEETING_ACCESS).nullable(),
        earlierIncidents: z.boolean().nullable(),
        livestream: z.boolean().nullable(),
        expectedPerpetrators: z.number().int(),
        expectedPerpetratorIds: z.array(z.uuid()).nullable().describe('Only for those who may read the perpetrator register'),
      })
      .nullable(),
    points: z.number().int().nullable(),
    reasons: z.array(z.string()).describe('The facts that counted towards the level'),
    assessedAt: isoTime.nullable(),
    precautions: z.array(precautionSchema),
    evaluation: z.string().nullable(),
    evaluatedAt: isoTime.nullable(),
    incidents: z.array(z.object({ id: z.uuid(), reference: z.string() })),
  }),
);
const assessedSchema = named(
  'RiskAssessed',
  z.object({
    level: z.enum(RISK_LEVELS),
    points: z.number().int(),
    reasons: z.array(z.string()),
    suggested: z.array(z.enum(PRECAUTION_KINDS)),
  }),
);

const guard = (who: SignedIn) => requireRole(riskPolicy, who, 'risk.read');

/** Risk assessments for programs: the same commands as the pages. */
export function riskAssessmentRoutes(app: FastifyInstance, db: Db) {
  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/risk-assessments',
    tags: ['risk assessments'],
    summary: 'Plan a group meeting (its analysis falls due a week ahead) or record a risky conversation with its precautions',
    guard,
    body: newAssessmentSchema,
    response: createdSchema,
    status: 201,
    handler: async ({ tx, who, body }) => ({ id: await planAssessment(tx, who, body) }),
  });

  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/risk-assessments',
    tags: ['risk assessments'],
    summary: 'Risk assessments, the latest date first',
    guard,
    response: named('RiskAssessmentList', z.object({ data: z.array(summarySchema) })),
    handler: async ({ tx, who }) => ({ data: (await listRiskAssessments(tx, who)).map(presentAssessmentSummary) }),
  });

  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/risk-assessments/today',
    tags: ['risk assessments'],
    summary: "Today's risky conversations, for the people on duty",
    guard: (who) => requireRole(riskPolicy, who, 'risk.today'),
    response: named(
      'RiskConversationsToday',
      z.object({
        data: z.array(
          z.object({
            id: z.uuid(),
            startsAt: isoTime,
            location: z.string().nullable(),
            host: person.nullable(),
            precautions: z.array(precautionSchema),
          }),
        ),
      }),
    ),
    handler: async ({ tx, who }) => ({
      data: (await todaysConversations(tx, who)).map((a) => ({
        id: a.id,
        startsAt: a.startsAt.toISOString(),
        location: a.location,
        host: a.host,
        precautions: a.precautions.map(presentPrecaution),
      })),
    }),
  });

  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/risk-assessments/:id',
    tags: ['risk assessments'],
    summary: 'One risk assessment with its questionnaire, level, precautions and evaluation',
    guard,
    params: idParams,
    response: assessmentSchema,
    handler: async ({ tx, who, params }) => presentAssessment(await getRiskAssessment(tx, who, params.id)),
  });

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/risk-assessments/:id/questionnaire',
    tags: ['risk assessments'],
    summary: 'Answer the questionnaire of a group meeting: gives the risk level and suggests precautions',
    guard,
    params: idParams,
    body: questionnaireSchema,
    response: assessedSchema,
    errors: [409],
    handler: async ({ tx, who, params, body }) => submitQuestionnaire(tx, who, params.id, body),
  });

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/risk-assessments/:id/precautions',
    tags: ['risk assessments'],
    summary: 'Add a precaution that was not suggested',
    guard,
    params: idParams,
    body: addPrecautionSchema,
    response: okSchema,
    status: 201,
    errors: [409],
    handler: async ({ tx, who, params, body }) => {
      await addPrecaution(tx, who, params.id, body.kind);
      return { ok: true as const };
    },
  });

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/risk-precautions/:id/decision',
    tags: ['risk assessments'],
    summary: 'Decide a precaution: taken (ownerId: who arranges it) or declined (note: why)',
    guard,
    params: idParams,
    body: precautionDecisionSchema,
    response: okSchema,
    errors: [409],
    handler: async ({ tx, who, params, body }) => {
      await decidePrecautionOf(tx, who, params.id, body);
      return { ok: true as const };
    },
  });

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/risk-precautions/:id/done',
    tags: ['risk assessments'],
    summary: 'A taken precaution is arranged',
    guard,
    params: idParams,
    response: okSchema,
    errors: [409],
    handler: async ({ tx, who, params }) => {
      await completePrecaution(tx, who, params.id);
      return { ok: true as const };
    },
  });

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/risk-assessments/:id/evaluation',
    tags: ['risk assessments'],
    summary: 'After the meeting: how it went, and the incidents that happened there (by reference, e.g. M-00073)',
    guard,
    params: idParams,
    body: evaluationSchema,
    response: okSchema,
    errors: [409],
    handler: async ({ tx, who, params, body }) => {
      await evaluateAssessment(tx, who, params.id, body);
      return { ok: true as const };
    },
  });
}
