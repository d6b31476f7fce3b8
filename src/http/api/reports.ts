import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { requireRole } from '../../domain/access/access.js';
import {
  COMPARED,
  COUNCIL_SECTIONS,
  councilReport,
  councilYearSchema,
  type Amount,
  type CouncilReport,
} from '../../domain/insight/council-report.js';
import { insightPolicy } from '../../domain/insight/insight.policy.js';
import type { SuppressedBreakdown } from '../../domain/insight/suppression.js';
import { amsterdamToday } from '../../time/amsterdam.js';
import type { Lang, Translate } from '../i18n/index.js';
import { councilDocument, trendText } from '../pages/insight/council-document.js';
import { apiRoute } from '../pipeline/api-route.js';
import { named } from './openapi.js';

const shownCount = z.object({ count: z.number().int().min(0) });
const hiddenCount = z.object({ count: z.null(), suppressed: z.literal(true) });

export const cellSchema = named(
  'SuppressedCount',
  z
    .union([shownCount, hiddenCount])
    .describe('A count, or { count: null, suppressed: true } for a small number (or one that would give a small number away)'),
);

const rowSchema = named('SuppressedCountByKey', z.union([shownCount.extend({ key: z.string() }), hiddenCount.extend({ key: z.string() })]));

const breakdownSchema = named(
  'SuppressedBreakdown',
  z.object({
    total: cellSchema,
    data: z.array(rowSchema),
  }),
);

const comparisonSchema = z.object({
  kind: z
    .enum(['additive', 'overlapping'])
    .describe('additive: one key per incident; overlapping: an incident can count under several keys'),
  current: breakdownSchema,
  previous: breakdownSchema.describe('The same breakdown for the year before'),
});

const amountSchema = z
  .union([z.object({ cents: z.number().int() }), z.object({ cents: z.null(), suppressed: z.literal(true) })])
  .describe('Euro cents; hidden when the number of items it adds up is');

export const councilReportSchema = named(
  'CouncilReport',
  z.object({
    year: z.number().int(),
    threshold: z.number().int().describe('Counts from 1 below this are suppressed'),
    sections: z.array(
      z.object({
        section: z.enum(COUNCIL_SECTIONS),
        title: z.string(),
        text: z.string().nullable().describe('The text written for this year, or the default; null when there is neither'),
      }),
    ),
    incidents: z.object({
      total: z.object({ current: cellSchema, previous: cellSchema }),
      difference: z.number().int().nullable().describe('This year less last year; null when either total is suppressed'),
      trend: z.string().describe('The trend in words, e.g. "32 meldingen, 8 meer dan vorig jaar (24)."'),
      by: z.object(
        Object.fromEntries(COMPARED.map((d) => [d, comparisonSchema])) as Record<(typeof COMPARED)[number], typeof comparisonSchema>,
      ),
    }),
    handling: z.object({
      measures: breakdownSchema.describe('Measures by kind'),
      policeReports: breakdownSchema.describe('Police reports by the course of the prosecution'),
      bansInForce: cellSchema,
      damages: z.object({ items: cellSchema, reimbursed: amountSchema, recovered: amountSchema }),
      aftercare: z.object({ offered: cellSchema, held: cellSchema }),
    }),
  }),
);

/** Breakdown rows without how they were hidden (small or protecting another): the cell alone says enough. */
const breakdown = (b: SuppressedBreakdown) => ({ total: b.total, data: b.rows.map((r) => ({ key: r.key, ...r.cell })) });
const amount = (a: Amount) => a;

export function presentCouncilReport(
  report: CouncilReport,
  t: Translate,
  lang: Lang,
  organisation: string,
): z.output<typeof councilReportSchema> {
  const doc = councilDocument(report, { t, lang, organisation, today: amsterdamToday() });
  const by = report.incidents.by;
  return {
    year: report.year,
    threshold: report.threshold,
    sections: doc.sections.map((s) => ({ section: s.section, title: s.title, text: s.text })),
    incidents: {
      total: report.incidents.total,
      difference: report.incidents.difference,
      trend: trendText(report, t, lang),
      by: Object.fromEntries(
        COMPARED.map((d) => [d, { kind: by[d].kind, current: breakdown(by[d].current), previous: breakdown(by[d].previous) }]),
      ) as z.output<typeof councilReportSchema>['incidents']['by'],
    },
    handling: {
      measures: breakdown(report.handling.measures),
      policeReports: breakdown(report.handling.policeReports),
      bansInForce: report.handling.bansInForce,
      damages: {
        items: report.handling.damages.items,
        reimbursed: amount(report.handling.damages.reimbursed),
        recovered: amount(report.handling.damages.recovered),
      },
      aftercare: report.handling.aftercare,
    },
  };
}

/** The council's yearly report as data: the same content as the page, every count suppressed. */
export function councilReportApiRoutes(app: FastifyInstance, db: Db) {
  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/reports/council/:year',
    summary: 'The yearly report to the council',
    description:
      'The report of a calendar year (Amsterdam) beside the year before, over the incidents the caller may see. Small numbers are suppressed with the organisation’s threshold, with secondary suppression so that none can be recomputed; roles appear only as role categories.',
    tags: ['insight'],
    params: z.object({ year: councilYearSchema }),
    guard: (who) => requireRole(insightPolicy, who, 'council_report_read'),
    response: councilReportSchema,
    handler: async ({ tx, who, params, request }) => {
      const report = await councilReport(tx, who, params.year);
      return presentCouncilReport(report, request.t, request.lang, who.organisation.name);
    },
  });
}
