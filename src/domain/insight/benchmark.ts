import { LEVELS, type Level } from '../incident/norm.js';
import { percentage } from './insight.js';
import { suppressBreakdown, suppressCount, type Cell } from './benchmark-suppression.js';

/**
 * The benchmark between organisations (issue 9 §5): an organisation that takes part sees its
 * own figures of a year beside those of its group — the other participating organisations of
 * the same kind and size class — as rates and shares, never as anyone's counts. A group figure
 * exists only over at least MIN_OTHERS other organisations and never names one; small counts
 * in it are suppressed.
 */

export const ORGANISATION_KINDS = ['municipality', 'province', 'water_board', 'other'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/**
 * Size classes by inhabitants. The class is stored, not the number: an exact number of
 * inhabitants is public and would name the organisation to anyone who sees it.
 */
export const SIZE_CLASSES = ['lt_20k', '20k_50k', '50k_100k', '100k_250k', 'gt_250k'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

/** A group figure is shown over at least this many other participating organisations. */
export const MIN_OTHERS = 5;

/** The years the daily job recomputes: this one and the four before it. Older years stay as they were. */
export const REFRESHED_YEARS = 5;

export interface BenchmarkProfile {
  participating: boolean;
  kind: OrganisationKind | null;
  sizeClass: SizeClass | null;
  officeHolders: number | null;
  employees: number | null;
}

export const NO_PROFILE: BenchmarkProfile = { participating: false, kind: null, sizeClass: null, officeHolders: null, employees: null };

/** One organisation's counts of a year (a row of benchmark_figures). */
export interface YearCounts {
  incidents: number;
  officeHolderIncidents: number;
  employeeIncidents: number;
  levels: Record<Level, number>;
  online: number;
  policeReported: number;
  aftercareOnTime: number;
  aftercareDue: number;
}

/** The sums over the group's other organisations, with their number and headcounts. */
export interface GroupCounts extends YearCounts {
  organisations: number;
  officeHolders: number;
  employees: number;
}

/** A rate or share as shown: a number, nothing to divide (null), or suppressed ("< 5"). */
export type Shown = { value: number | null } | { suppressed: true; below: number };

export interface BenchmarkFigures {
  incidentsPerOfficeHolder: Shown;
  incidentsPer1000Employees: Shown;
  levelShares: { level: Level; share: Shown }[];
  onlineShare: Shown;
  policeReportRate: Shown;
  aftercareOnTime: Shown;
}

export interface Benchmark {
  year: number;
  profile: BenchmarkProfile;
  /** The organisation's own figures (exact: its adviser may see every incident behind them); null before the first count. */
  own: BenchmarkFigures | null;
  /** The group's, or null when it has fewer than MIN_OTHERS other organisations. */
  group: { organisations: number; figures: BenchmarkFigures } | null;
  /** When the figures were counted (the daily job). */
  computedAt: Date | null;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Divides when there is something to divide by; the numerator's cell decides whether it may be shown. */
function rate(cell: Cell, denominator: number, scale: number, digits: number): Shown {
  if ('suppressed' in cell) return { suppressed: true, below: cell.below };
  if (denominator <= 0) return { value: null };
  return { value: round((cell.count * scale) / denominator, digits) };
}

/**
 * A share of a whole: suppressed when the part is small, or when the rest is (95 % of 40 tells
 * that 2 were not).
 */
function share(part: number, whole: number, threshold: number): Shown {
  for (const cell of [suppressCount(part, threshold), suppressCount(whole - part, threshold)])
    if ('suppressed' in cell) return { suppressed: true, below: cell.below };
  return { value: percentage(part, whole) };
}

/**
 * Rates and shares of a year's counts. `threshold` suppresses every count from 1 to
 * threshold − 1 (and, in the level mix, what would give such a count away); 0 shows all.
 */
export function figuresOf(counts: YearCounts, officeHolders: number, employees: number, threshold: number): BenchmarkFigures {
  const cell = (count: number) => suppressCount(count, threshold);
  const levels = suppressBreakdown(
    LEVELS.map((level) => counts.levels[level]),
    threshold,
  );
  return {
    incidentsPerOfficeHolder: rate(cell(counts.officeHolderIncidents), officeHolders, 1, 2),
    incidentsPer1000Employees: rate(cell(counts.employeeIncidents), employees, 1000, 1),
    levelShares: LEVELS.map((level, i) => {
      const c = levels[i]!;
      return { level, share: 'suppressed' in c ? { suppressed: true, below: c.below } : { value: percentage(c.count, counts.incidents) } };
    }),
    onlineShare: share(counts.online, counts.incidents, threshold),
    policeReportRate: share(counts.policeReported, counts.incidents, threshold),
    aftercareOnTime: share(counts.aftercareOnTime, counts.aftercareDue, threshold),
  };
}
