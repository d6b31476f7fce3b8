import { z } from 'zod';
import type { Tx } from '../../db/database.js';
import { requireRole } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { figuresFor } from './figures.js';
import { previousYear, type Count, type Figures, type InsightFilter } from './insight.js';
import { insightPolicy } from './insight.policy.js';
import { retainedAftercare } from '../retention/retained-figures.js';
import {
  aftercareCounts,
  COUNCIL_SECTIONS,
  findCouncilTexts,
  findSuppressionThreshold,
  saveCouncilText,
  type AftercareCounts,
  type CouncilSection,
} from './council-report.repository.js';
import {
  clampThreshold,
  suppressBreakdown,
  suppressCount,
  type BreakdownKind,
  type Cell,
  type SuppressedBreakdown,
} from './suppression.js';
import { amsterdamToday } from '../../time/amsterdam.js';

export { COUNCIL_SECTIONS, type CouncilSection };

/**
 * The yearly report to the council (seed 001 §5.4, "raadsinformatiebrief"): what happened in a
 * calendar year, what the organisation did about it, and the texts the clerk or secretary
 * writes beside the figures. Everything in it may leave the organisation's handlers, so:
 * counts only, each suppressed with the organisation's threshold; roles only as categories
 * (a role held by one person never stands alone); no names, no free text of incidents.
 */

/** The first year the report can be made for; later than this year is not a report yet. */
export const FIRST_REPORT_YEAR = 2000;

export function reportYears(today = amsterdamToday()): { first: number; last: number } {
  return { first: FIRST_REPORT_YEAR, last: Number(today.slice(0, 4)) };
}

/** A year in a path: four digits, from the first report year up to this year (anything else: 404). */
export const councilYearSchema = z
  .string()
  .regex(/^\d{4}$/)
  .transform(Number)
  .refine((year) => {
    const { first, last } = reportYears();
    return year >= first && year <= last;
  });

/** A breakdown of this year beside the same breakdown of last year, each suppressed on its own. */
export interface Comparison {
  kind: BreakdownKind;
  current: SuppressedBreakdown;
  previous: SuppressedBreakdown;
}

/** An amount of money, hidden with the count of the items it adds up (one item's amount would describe one case). */
export type Amount = { cents: number } | { cents: null; suppressed: true };

export const COMPARED = ['level', 'behaviour', 'channel', 'role_category', 'month'] as const;
export type Compared = (typeof COMPARED)[number];

export interface CouncilReport {
  year: number;
  threshold: number;
  /** The texts written for this year; absent sections show their default. */
  texts: Partial<Record<CouncilSection, string>>;
  incidents: {
    total: { current: Cell; previous: Cell };
    /** This year's total less last year's, only when both totals are shown (a difference would give a hidden one away). */
    difference: number | null;
    by: Record<Compared, Comparison>;
  };
  handling: {
    /** Measures taken for the year's incidents, by kind. */
    measures: SuppressedBreakdown;
    bansInForce: Cell;
    /** Police reports filed, by the course of the prosecution. */
    policeReports: SuppressedBreakdown;
    damages: { items: Cell; reimbursed: Amount; recovered: Amount };
    aftercare: { offered: Cell; held: Cell };
  };
}

/** How each breakdown adds up: one key per incident, or possibly several. */
const KIND: Record<Compared, BreakdownKind> = {
  level: 'additive',
  channel: 'additive',
  month: 'additive',
  // An incident can have several behaviours and affect several role categories.
  behaviour: 'overlapping',
  role_category: 'overlapping',
};

export function yearFilter(year: number): InsightFilter {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/** Months as 01…12, so that this year and last year line up. */
const countsOf = (figures: Figures, dimension: Compared): Count[] =>
  dimension === 'month' ? figures.by.month.map((c) => ({ key: c.key.slice(5, 7), count: c.count })) : figures.by[dimension];

const sumOf = (counts: readonly Count[]) => counts.reduce((sum, c) => sum + c.count, 0);

/** The report for a year, as the viewer may see it (their visible incidents only), suppressed. */
export async function councilReport(tx: Tx, who: SignedIn, year: number, now = new Date()): Promise<CouncilReport> {
  requireRole(insightPolicy, who, 'council_report_read');
  const filter = yearFilter(year);
  const current = await figuresFor(tx, who, filter, now);
  const previous = await figuresFor(tx, who, previousYear(filter), now);
  const counted = await aftercareCounts(tx, who.user.id, filter);
  // What retention deleted keeps its aftercare in the year's numbers (docs/retention.md).
  const kept = await retainedAftercare(tx, who.user.id, filter);
  const aftercare = { offered: counted.offered + kept.offered, held: counted.held + kept.held };
  const threshold = clampThreshold(await findSuppressionThreshold(tx));
  return buildCouncilReport({ year, threshold, current, previous, aftercare, texts: await findCouncilTexts(tx, year) });
}

/** The report from its exact figures: every count leaves here suppressed. */
export function buildCouncilReport(input: {
  year: number;
  threshold: number;
  current: Figures;
  previous: Figures;
  aftercare: AftercareCounts;
  texts: Partial<Record<CouncilSection, string>>;
}): CouncilReport {
  const { threshold: t, current, previous } = input;
  const totals = { current: suppressCount(current.total, t), previous: suppressCount(previous.total, t) };
  const by = Object.fromEntries(
    COMPARED.map((dimension) => [
      dimension,
      {
        kind: KIND[dimension],
        current: suppressBreakdown(countsOf(current, dimension), current.total, t, KIND[dimension]),
        previous: suppressBreakdown(countsOf(previous, dimension), previous.total, t, KIND[dimension]),
      },
    ]),
  ) as Record<Compared, Comparison>;
  const h = current.handling;
  const damageItems = suppressCount(h.damages.items, t);
  const amount = (cents: number): Amount => (damageItems.count === null ? { cents: null, suppressed: true } : { cents });
  return {
    year: input.year,
    threshold: t,
    texts: input.texts,
    incidents: {
      total: totals,
      difference: totals.current.count !== null && totals.previous.count !== null ? totals.current.count - totals.previous.count : null,
      by,
    },
    handling: {
      measures: suppressBreakdown(h.measuresByKind, sumOf(h.measuresByKind), t, 'additive'),
      bansInForce: suppressCount(h.bansInForce, t),
      policeReports: suppressBreakdown(h.prosecution, h.policeReports, t, 'additive'),
      damages: { items: damageItems, reimbursed: amount(h.damages.reimbursedCents), recovered: amount(h.damages.recoveredCents) },
      aftercare: { offered: suppressCount(input.aftercare.offered, t), held: suppressCount(input.aftercare.held, t) },
    },
  };
}

export const councilTextSchema = z.object({
  body: z.string().trim().max(20_000, 'error.text_too_long'),
});

/** Writes one section's text for a year (empty: back to the default), audited. */
export async function writeCouncilText(tx: Tx, who: SignedIn, year: number, section: CouncilSection, body: string): Promise<void> {
  requireRole(insightPolicy, who, 'council_report_edit');
  await saveCouncilText(tx, { organisationId: who.organisation.id, year, section, body, updatedBy: who.user.id });
  await audit(
    tx,
    { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp },
    { action: 'council_report.text', objectType: 'council_report', objectId: `${year}/${section}` },
  );
}

/** The threshold the organisation set (for the settings page). */
export async function suppressionThreshold(tx: Tx): Promise<number> {
  return clampThreshold(await findSuppressionThreshold(tx));
}

export const isCouncilSection = (value: string): value is CouncilSection => (COUNCIL_SECTIONS as readonly string[]).includes(value);
