import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { requireRole } from '../../domain/access/access.js';
import { accountabilityPolicy } from '../../domain/accountability/accountability.policy.js';
import {
  ACCESS_DECISIONS,
  decideAccessLine,
  decisionSchema,
  getAccessReview,
  listAccessReviews,
  reviewState,
  startAccessReview,
  type AccessReview,
  type AccessReviewRead,
} from '../../domain/accountability/access-review.js';
import { auditFilterSchema, exportAudit, searchAudit } from '../../domain/accountability/audit-viewer.js';
import { processingRegister } from '../../domain/accountability/register.js';
import { PERIOD_NAMES } from '../../domain/retention/retention.js';
import { ROLES } from '../../domain/user/roles.js';
import { auditCsv, presentAuditRow } from '../export/audit-export.js';
import { apiRoute, idParams } from '../pipeline/api-route.js';
import { sendFile } from '../pipeline/upload.js';
import { named } from './openapi.js';
import { createdSchema } from './schemas.js';
import { createHash } from 'node:crypto';

const isoTime = z.string().describe('ISO 8601 date-time');
const person = z.object({ id: z.uuid(), name: z.string() });
const tags = ['accountability'];

const auditRowSchema = named(
  'AuditRow',
  z.object({
    seq: z.string().describe('Place on the trail; newer rows have higher numbers'),
    occurredAt: isoTime,
    actor: person.nullable().describe('Null for the system (a job, the command line)'),
    action: z.string(),
    objectType: z.string().nullable(),
    objectId: z.string().nullable(),
    reference: z.string().nullable().describe('The incident reference (M-00073) when the object is an incident that still exists'),
    result: z.enum(['success', 'failure', 'denied']),
  }),
);

const reviewSchema = named(
  'AccessReview',
  z.object({
    id: z.uuid(),
    year: z.number().int(),
    state: z.enum(['planned', 'open', 'completed']),
    dueAt: isoTime,
    periodFrom: isoTime.nullable(),
    periodTo: isoTime.nullable(),
    completedAt: isoTime.nullable(),
  }),
);

const reviewDetailSchema = named(
  'AccessReviewDetail',
  reviewSchema.extend({
    pending: z.number().int(),
    people: z.array(
      z.object({
        user: person.extend({ active: z.boolean() }),
        lines: z.array(
          z.object({
            id: z.uuid(),
            role: z.enum(ROLES),
            decision: z.enum(['pending', ...ACCESS_DECISIONS]),
            decidedBy: person.nullable(),
            decidedAt: isoTime.nullable(),
          }),
        ),
        opened: z
          .array(z.object({ objectType: z.string(), objects: z.number().int() }))
          .describe('How many different objects of each type the person opened in the period (from the audit trail)'),
      }),
    ),
  }),
);

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const presentReview = (r: AccessReview) => ({
  id: r.id,
  year: r.year,
  state: reviewState(r),
  dueAt: r.dueAt.toISOString(),
  periodFrom: iso(r.period?.from ?? null),
  periodTo: iso(r.period?.to ?? null),
  completedAt: iso(r.completedAt),
});
const presentReviewDetail = (read: AccessReviewRead) => ({
  ...presentReview(read.review),
  pending: read.pending,
  people: read.people.map((p) => ({
    user: p.user,
    lines: p.lines.map((l) => ({ id: l.id, role: l.role, decision: l.decision, decidedBy: l.decidedBy, decidedAt: iso(l.decidedAt) })),
    opened: p.opened,
  })),
});

/** The audit viewer and the access review for programs (issue 11 §3): administrator and privacy officer only. */
export function accountabilityRoutes(app: FastifyInstance, db: Db) {
  const auditGuard = (who: Parameters<typeof requireRole>[1]) => requireRole(accountabilityPolicy, who, 'audit.read');
  const reviewGuard = (who: Parameters<typeof requireRole>[1]) => requireRole(accountabilityPolicy, who, 'access_review.read');

  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/audit',
    tags,
    summary: "Search the organisation's audit trail: by person, object, action and period, newest first",
    description:
      'Who did what, about which object, when — never content. `object` takes an id or an incident reference (M-00073); ' +
      '`action` an action (perpetrator.read) or a kind (perpetrator). Page with `before` = nextCursor. Every search is audited.',
    guard: auditGuard,
    query: auditFilterSchema,
    response: named('AuditPage', z.object({ data: z.array(auditRowSchema), nextCursor: z.string().nullable() })),
    handler: async ({ tx, who, query }) => {
      const page = await searchAudit(tx, who, query);
      return { data: page.rows.map(presentAuditRow), nextCursor: page.nextCursor };
    },
  });

  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/audit/export.csv',
    tags,
    summary: 'The rows a search finds (up to 10 000) as CSV (UTF-8 with BOM, separated by semicolons)',
    guard: auditGuard,
    query: auditFilterSchema,
    produces: 'text/csv',
    response: z.string(),
    handler: async ({ tx, who, query, request, reply }) => {
      const bytes = auditCsv(await exportAudit(tx, who, query, 'csv'), request.t);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      sendFile(reply, { fileName: 'audit.csv', mediaType: 'text/csv; charset=utf-8', sha256 }, bytes);
      return '';
    },
  });

  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/access-reviews',
    tags,
    summary: 'The yearly access reviews, the latest first',
    guard: reviewGuard,
    response: named('AccessReviewList', z.object({ data: z.array(reviewSchema) })),
    handler: async ({ tx, who }) => ({ data: (await listAccessReviews(tx, who)).map(presentReview) }),
  });

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/access-reviews',
    tags,
    summary: 'Start the access review that is due (or a first one): a line for every role of every active person',
    guard: (who) => requireRole(accountabilityPolicy, who, 'access_review.decide'),
    response: createdSchema,
    status: 201,
    handler: async ({ tx, who }) => ({ id: await startAccessReview(tx, who) }),
  });

  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/access-reviews/:id',
    tags,
    summary: 'One access review: every person with their roles, the decisions, and what they opened in the year',
    guard: reviewGuard,
    params: idParams,
    response: reviewDetailSchema,
    handler: async ({ tx, who, params }) => presentReviewDetail(await getAccessReview(tx, who, params.id)),
  });

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/access-review-lines/:id',
    tags,
    summary: 'Confirm or revoke one role of one person (revoke removes the role, as the people page does)',
    description:
      'Nobody decides their own roles (the only administrator may confirm their own). The last decision completes the review and plans the next.',
    guard: (who) => requireRole(accountabilityPolicy, who, 'access_review.decide'),
    params: idParams,
    body: decisionSchema,
    errors: [409],
    response: named(
      'AccessReviewLineDecided',
      z.object({
        id: z.uuid(),
        decision: z.enum(ACCESS_DECISIONS),
        nextReviewId: z.uuid().nullable().describe('Set when the review is complete'),
      }),
    ),
    handler: async ({ tx, who, params, body }) => decideAccessLine(tx, who, params.id, body.decision),
  });

  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/privacy/register',
    tags,
    summary: 'The register of processing (GDPR art. 30) as the configuration makes it now: the parts that vary by organisation',
    description:
      'Retention periods, routing (who receives an incident by the role of the affected person), active people per role, privacy officers. The page and PDF add the fixed texts.',
    guard: (who) => requireRole(accountabilityPolicy, who, 'register.read'),
    response: named(
      'ProcessingRegister',
      z.object({
        organisation: z.string(),
        generatedAt: isoTime,
        retention: z.object(
          Object.fromEntries(PERIOD_NAMES.map((n) => [n, z.number().int()])) as Record<(typeof PERIOD_NAMES)[number], z.ZodNumber>,
        ),
        routing: z.object({
          alwaysInform: z.array(z.enum(ROLES)),
          rules: z.array(z.object({ affectedRole: z.enum(ROLES), informRoles: z.array(z.enum(ROLES)), informManager: z.boolean() })),
        }),
        holders: z.record(z.enum(ROLES), z.number().int()).describe('Active people per role'),
        privacyOfficers: z.array(z.string()),
        mfaForEmployees: z.boolean(),
      }),
    ),
    handler: async ({ tx, who }) => {
      const r = await processingRegister(tx, who);
      return {
        organisation: r.organisation,
        generatedAt: r.generatedAt.toISOString(),
        retention: r.periods,
        routing: r.routing,
        holders: r.holders,
        privacyOfficers: r.privacyOfficers,
        mfaForEmployees: r.mfaForEmployees,
      };
    },
  });
}
