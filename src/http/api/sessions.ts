import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { requireRole } from '../../domain/access/access.js';
import type { SignedIn } from '../../domain/auth/session.js';
import {
  adoptionSchema,
  evaluationTextsSchema,
  newEvaluationSchema,
  newProtocolVersionSchema,
} from '../../domain/evaluation/evaluation.js';
import { evaluationPolicy } from '../../domain/evaluation/evaluation.policy.js';
import { presentEvaluation, presentEvaluationSummary, presentProtocolVersion } from '../../domain/evaluation/evaluation.presenter.js';
import {
  addProtocolVersion,
  adoptYearEvaluation,
  currentProtocol,
  getEvaluation,
  listEvaluations,
  listProtocolVersions,
  openEvaluation,
  writeEvaluation,
} from '../../domain/evaluation/evaluations.js';
import { CHANNELS, LEVELS } from '../../domain/incident/norm.js';
import { RISK_LEVELS } from '../../domain/risk-assessment/risk-assessment.js';
import {
  attendanceSchema,
  discussedIncidentSchema,
  newSessionSchema,
  newTermSchema,
  SESSION_KINDS,
  TOPICS,
} from '../../domain/training/training.js';
import { trainingPolicy } from '../../domain/training/training.policy.js';
import { presentOwnSessions, presentSession, presentSessionSummary } from '../../domain/training/training.presenter.js';
import {
  addDiscussedIncident,
  getTrainingSession,
  listTerms,
  listTrainingSessions,
  ownSessions,
  planSession,
  recordSessionHeld,
  recordTerm,
} from '../../domain/training/training-sessions.js';
import { notFound } from '../../errors.js';
import { apiRoute, idParams } from '../pipeline/api-route.js';
import { named } from './openapi.js';
import { createdSchema, okSchema } from './schemas.js';

const isoTime = z.string().describe('ISO 8601 date-time');
const isoDay = z.string().describe('yyyy-mm-dd');
const person = z.object({ id: z.uuid(), name: z.string() });

const sessionBase = {
  id: z.uuid(),
  kind: z.enum(SESSION_KINDS).describe('term_start: start of the council term; casuistry: the yearly session on cases; training: skills'),
  title: z.string(),
  plannedOn: isoDay,
  location: z.string().nullable(),
  topics: z.array(z.enum(TOPICS)),
  provider: z.string().nullable(),
  withOfficials: z.boolean(),
  termId: z.uuid().nullable(),
  state: z.enum(['planned', 'held']),
  heldAt: isoTime.nullable(),
};
const sessionSummarySchema = named(
  'TrainingSessionSummary',
  z.object({ ...sessionBase, invited: z.number().int(), attended: z.number().int() }),
);
const sessionSchema = named(
  'TrainingSession',
  z.object({
    ...sessionBase,
    description: z.string().nullable(),
    agreements: z.string().nullable(),
    adjustProtocol: z.boolean().describe('An outcome of the casuistry session: the protocol is to be adjusted'),
    invitees: z.array(person.extend({ attended: z.boolean().nullable().describe('Null until attendance is recorded') })),
    incidents: z
      .array(
        z.object({
          id: z.uuid().describe("The link's id, not the incident's"),
          level: z.enum(LEVELS),
          channel: z.enum(CHANNELS),
          month: z.string().describe('yyyy-mm'),
          behaviours: z.array(z.string()),
        }),
      )
      .describe('The incidents discussed, anonymised: no names, no description, no reference'),
    createdBy: person,
    createdAt: isoTime,
  }),
);
const ownSession = z.object({ ...sessionBase, attended: z.boolean().nullable() });
const ownSessionsSchema = named(
  'OwnTrainingSessions',
  z.object({ coming: z.array(ownSession), attended: z.array(ownSession), missed: z.array(ownSession) }),
);
const termSchema = named('CouncilTerm', z.object({ id: z.uuid(), startsOn: isoDay, recordedAt: isoTime }));

const versionSchema = named(
  'ProtocolVersion',
  z.object({
    id: z.uuid(),
    version: z.number().int(),
    summary: z.string().describe('The norm in a few lines, as the report form shows it'),
    body: z.string(),
    changes: z.string(),
    decidedOn: isoDay,
    decidedBy: z.string(),
    recordedBy: person,
    recordedAt: isoTime,
  }),
);
const count = z.object({ key: z.string(), count: z.number().int() });
const evaluationSummarySchema = named(
  'ProtocolEvaluationSummary',
  z.object({ id: z.uuid(), year: z.number().int(), adopted: z.boolean(), adoptedAt: isoTime.nullable() }),
);
const evaluationSchema = named(
  'ProtocolEvaluation',
  evaluationSummarySchema.extend({
    conclusions: z.string().nullable(),
    decidedChanges: z.string().nullable(),
    decidedBy: z.string().nullable(),
    figures: z
      .object({
        total: z.number().int(),
        previousTotal: z.number().int(),
        byLevel: z.array(count),
        byChannel: z.array(count),
        online: z.number().int(),
        repeatPerpetrators: z.number().int(),
        policeReports: z.number().int(),
        bansInForce: z.number().int(),
      })
      .describe('From insight, over the incidents the reader may see; kept as they were when adopted'),
    casuistry: z.array(
      z.object({
        id: z.uuid(),
        title: z.string(),
        plannedOn: isoDay,
        held: z.boolean(),
        agreements: z.string().nullable(),
        adjustProtocol: z.boolean(),
      }),
    ),
    sessions: z.object({ term_start: z.number().int(), casuistry: z.number().int(), training: z.number().int() }),
    riskAssessments: z.array(
      z.object({
        id: z.uuid(),
        kind: z.enum(['group_meeting', 'conversation']),
        title: z.string(),
        startsAt: isoTime,
        level: z.enum(RISK_LEVELS).nullable(),
        evaluated: z.boolean(),
        evaluation: z.string().nullable(),
      }),
    ),
    protocolVersions: z.array(
      z.object({ id: z.uuid(), version: z.number().int(), decidedOn: isoDay, decidedBy: z.string(), changes: z.string() }),
    ),
  }),
);

const reads = (who: SignedIn) => requireRole(trainingPolicy, who, 'training.read');
const manages = (who: SignedIn) => requireRole(trainingPolicy, who, 'training.manage');
const evaluationReads = (who: SignedIn) => requireRole(evaluationPolicy, who, 'evaluation.read');
const evaluationManages = (who: SignedIn) => requireRole(evaluationPolicy, who, 'evaluation.manage');

/** The dialogue and training register, the protocol's versions and the yearly evaluation, for programs. */
export function sessionRoutes(app: FastifyInstance, db: Db) {
  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/council-terms',
    tags: ['training'],
    summary: 'Record the start of a council term: the start-of-term session falls due three months on, the casuistry session within a year',
    guard: manages,
    body: newTermSchema,
    response: createdSchema,
    status: 201,
    errors: [409],
    handler: async ({ tx, who, body }) => ({ id: await recordTerm(tx, who, body) }),
  });
  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/council-terms',
    tags: ['training'],
    summary: 'Council terms, the latest first',
    guard: reads,
    response: named('CouncilTermList', z.object({ data: z.array(termSchema) })),
    handler: async ({ tx, who }) => ({
      data: (await listTerms(tx, who)).map((t) => ({ id: t.id, startsOn: t.startsOn, recordedAt: t.recordedAt.toISOString() })),
    }),
  });

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/sessions',
    tags: ['training'],
    summary: 'Plan a session (start of term, casuistry or training) with whom it invites',
    description: 'Without topics a session gets those of its kind (seed 001 §3.2).',
    guard: manages,
    body: newSessionSchema,
    response: createdSchema,
    status: 201,
    handler: async ({ tx, who, body }) => ({ id: await planSession(tx, who, body) }),
  });
  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/sessions',
    tags: ['training'],
    summary: 'Sessions, the latest planned first',
    guard: reads,
    response: named('TrainingSessionList', z.object({ data: z.array(sessionSummarySchema) })),
    handler: async ({ tx, who }) => ({ data: (await listTrainingSessions(tx, who)).map(presentSessionSummary) }),
  });
  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/sessions/mine',
    tags: ['training'],
    summary: 'My own sessions: coming, attended and missed (office holders)',
    guard: (who) => requireRole(trainingPolicy, who, 'training.own'),
    response: ownSessionsSchema,
    handler: async ({ tx, who }) => presentOwnSessions(await ownSessions(tx, who)),
  });
  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/sessions/:id',
    tags: ['training'],
    summary: 'One session: invitees and attendance, agreements, and the incidents discussed (anonymised)',
    guard: reads,
    params: idParams,
    response: sessionSchema,
    handler: async ({ tx, who, params }) => presentSession(await getTrainingSession(tx, who, params.id)),
  });
  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/sessions/:id/attendance',
    tags: ['training'],
    summary: 'Record the session as held: who attended, the agreements, and (casuistry) whether the protocol is to be adjusted',
    description:
      'Invitees not named did not attend; people named who were not invited are added. Recording again corrects it. Completes the deadline of the start-of-term or casuistry session; a casuistry session makes next year’s.',
    guard: manages,
    params: idParams,
    body: attendanceSchema,
    response: okSchema,
    errors: [409],
    handler: async ({ tx, who, params, body }) => {
      await recordSessionHeld(tx, who, params.id, body);
      return { ok: true as const };
    },
  });
  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/sessions/:id/incidents',
    tags: ['training'],
    summary: 'Add an incident from the register to discuss at a casuistry session (by reference, e.g. M-00073)',
    description: 'Only an incident the caller may see; the session shows it anonymised.',
    guard: manages,
    params: idParams,
    body: discussedIncidentSchema,
    response: okSchema,
    status: 201,
    errors: [409],
    handler: async ({ tx, who, params, body }) => {
      await addDiscussedIncident(tx, who, params.id, body.incident);
      return { ok: true as const };
    },
  });

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/protocol-versions',
    tags: ['training'],
    summary: 'Record a new version of the protocol: its text, the norm in a few lines, what changed, decided when and by whom',
    guard: evaluationManages,
    body: newProtocolVersionSchema,
    response: named('ProtocolVersionCreated', z.object({ id: z.uuid(), version: z.number().int() })),
    status: 201,
    handler: async ({ tx, who, body }) => addProtocolVersion(tx, who, body),
  });
  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/protocol-versions',
    tags: ['training'],
    summary: 'Every version of the protocol, the latest first',
    guard: evaluationReads,
    response: named('ProtocolVersionList', z.object({ data: z.array(versionSchema) })),
    handler: async ({ tx, who }) => ({ data: (await listProtocolVersions(tx, who)).map(presentProtocolVersion) }),
  });
  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/protocol-versions/current',
    tags: ['training'],
    summary: 'The protocol in force (for everyone in the organisation); 404 while none is recorded',
    response: versionSchema,
    errors: [404],
    handler: async ({ tx, who }) => {
      const current = await currentProtocol(tx, who);
      if (!current) throw notFound();
      return presentProtocolVersion(current);
    },
  });

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/evaluations',
    tags: ['training'],
    summary: 'Open the protocol evaluation of a year (one per year)',
    guard: evaluationManages,
    body: newEvaluationSchema,
    response: createdSchema,
    status: 201,
    errors: [409],
    handler: async ({ tx, who, body }) => ({ id: await openEvaluation(tx, who, body.year) }),
  });
  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/evaluations',
    tags: ['training'],
    summary: 'The yearly evaluations, the latest year first',
    guard: evaluationReads,
    response: named('ProtocolEvaluationList', z.object({ data: z.array(evaluationSummarySchema) })),
    handler: async ({ tx, who }) => ({ data: (await listEvaluations(tx, who)).map(presentEvaluationSummary) }),
  });
  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/evaluations/:id',
    tags: ['training'],
    summary: "A year's evaluation: the figures, the casuistry agreements, the risk assessments and the protocol versions decided",
    guard: evaluationReads,
    params: idParams,
    response: evaluationSchema,
    handler: async ({ tx, who, params }) => presentEvaluation(await getEvaluation(tx, who, params.id)),
  });
  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/evaluations/:id',
    tags: ['training'],
    summary: 'Write the conclusions and the decided changes (until adopted)',
    guard: evaluationManages,
    params: idParams,
    body: evaluationTextsSchema,
    response: okSchema,
    errors: [409],
    handler: async ({ tx, who, params, body }) => {
      await writeEvaluation(tx, who, params.id, body);
      return { ok: true as const };
    },
  });
  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/evaluations/:id/adoption',
    tags: ['training'],
    summary: 'Adopt the evaluation (decided by whom): its figures are kept and it no longer changes',
    guard: evaluationManages,
    params: idParams,
    body: adoptionSchema,
    response: okSchema,
    errors: [409],
    handler: async ({ tx, who, params, body }) => {
      await adoptYearEvaluation(tx, who, params.id, body.decidedBy);
      return { ok: true as const };
    },
  });
}
