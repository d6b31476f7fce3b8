/**
 * Small-number suppression (statistical disclosure control) for figures that leave the
 * organisation's handlers: the council report, and later the benchmark. A count from 1 up to
 * the organisation's threshold is not shown ("< 5"); zero is. Within a breakdown, more cells
 * are hidden ("secondary suppression") until no hidden cell can be worked out exactly from
 * what is shown: the total, the other cells, and what a reader knows of the labels.
 *
 * The reader this guards against knows this algorithm. For them:
 * - a cell shown as "< t" (small) holds 1 … t−1;
 * - a secondary cell holds at least t (only shown non-zero cells are chosen) and at most the
 *   smallest non-zero cell still shown (the smallest is always chosen first);
 * - a withheld cell (a breakdown whose small cells could not be protected any other way hides
 *   all its cells) holds anything from 0 to the total;
 * - a small total holds 1 … t−1;
 * - the cells of an additive breakdown (one key per incident: level, channel, month) add up
 *   to the total; those of an overlapping one (several behaviours per incident) add up to at
 *   least the total, for every incident has one key or more.
 * A hidden cell is protected when those facts leave it at least two possible values.
 *
 * The same number in two tables: a total (or a single figure) is suppressed by its value
 * alone, never as a secondary cell, so the incident total hidden in one table is hidden in
 * every table, and one shown is shown everywhere. Tables therefore never undo each other
 * through their totals; cells of different breakdowns count different things.
 */

export const DEFAULT_THRESHOLD = 5;
/** Statistical disclosure practice uses 3 to 10; below 3 a count of 1 or 2 would be shown. */
export const MIN_THRESHOLD = 3;
export const MAX_THRESHOLD = 10;

/** The threshold to use for an organisation's setting: whole, 3 at least, 10 at most, 5 when unset. */
export function clampThreshold(value: number | null | undefined): number {
  if (value === null || value === undefined || !Number.isFinite(value)) return DEFAULT_THRESHOLD;
  return Math.min(MAX_THRESHOLD, Math.max(MIN_THRESHOLD, Math.floor(value)));
}

/** A count as it may be published. */
export type Cell = { count: number } | { count: null; suppressed: true };

/** Why a cell is hidden: small itself; hidden so that a small one cannot be recomputed; or its whole breakdown withheld. */
export type Hidden = 'small' | 'secondary' | 'withheld';

export interface SuppressedRow<K extends string = string> {
  key: K;
  cell: Cell;
  /** Absent when the count is shown. */
  hidden?: Hidden;
}

/** One-way breakdowns: one key per incident (adds up), or several (adds up to at least the total). */
export type BreakdownKind = 'additive' | 'overlapping';

export interface SuppressedBreakdown<K extends string = string> {
  total: Cell;
  rows: SuppressedRow<K>[];
}

const hiddenCell = (): Cell => ({ count: null, suppressed: true });
const isSmall = (n: number, threshold: number) => n >= 1 && n < threshold;

/** A single figure (no breakdown): shown when 0 or at least the threshold. */
export function suppressCount(n: number, threshold: number): Cell {
  return isSmall(n, clampThreshold(threshold)) ? hiddenCell() : { count: n };
}

/** The count of a cell, or undefined when it is hidden. */
export const shown = (cell: Cell): number | undefined => (cell.count === null ? undefined : cell.count);

interface Range {
  lo: number;
  hi: number;
}

/**
 * Suppresses a breakdown of `total` incidents. `counts` are the exact counts per key, in the
 * order they are shown (zeros included).
 */
export function suppressBreakdown<K extends string>(
  counts: readonly { key: K; count: number }[],
  total: number,
  threshold: number,
  kind: BreakdownKind,
): SuppressedBreakdown<K> {
  const t = clampThreshold(threshold);
  const hidden: (Hidden | undefined)[] = counts.map((c) => (isSmall(c.count, t) ? 'small' : undefined));
  const totalRange: Range = isSmall(total, t) ? { lo: 1, hi: t - 1 } : { lo: total, hi: total };

  for (;;) {
    if (protectedAll(counts, hidden, totalRange, t, kind)) break;
    const next = smallestShown(counts, hidden);
    if (next === undefined) {
      // Every non-zero cell is hidden and their labels still pin one down: hide the lot.
      for (let i = 0; i < hidden.length; i++) hidden[i] = 'withheld';
      break;
    }
    hidden[next] = 'secondary';
  }

  return {
    total: isSmall(total, t) ? hiddenCell() : { count: total },
    rows: counts.map((c, i) => {
      const why = hidden[i];
      return why ? { key: c.key, cell: hiddenCell(), hidden: why } : { key: c.key, cell: { count: c.count } };
    }),
  };
}

/** The smallest non-zero count still shown (the first of equals), if any. */
function smallestShown(counts: readonly { count: number }[], hidden: readonly (Hidden | undefined)[]): number | undefined {
  let best: number | undefined;
  counts.forEach((c, i) => {
    if (hidden[i] || c.count === 0) return;
    if (best === undefined || c.count < counts[best]!.count) best = i;
  });
  return best;
}

/** What a reader can tell of each cell from its label alone (no cell exceeds the total: each counts incidents). */
function labelRanges(counts: readonly { count: number }[], hidden: readonly (Hidden | undefined)[], totalHi: number, t: number): Range[] {
  const shownNonZero = counts.filter((c, i) => !hidden[i] && c.count > 0).map((c) => c.count);
  const cap = Math.min(totalHi, ...shownNonZero);
  return counts.map((c, i) => {
    switch (hidden[i]) {
      case undefined:
        return { lo: c.count, hi: c.count };
      case 'small':
        return { lo: 1, hi: Math.min(t - 1, totalHi) };
      case 'secondary':
        return { lo: t, hi: cap };
      case 'withheld':
        return { lo: 0, hi: totalHi };
    }
  });
}

/**
 * Whether every hidden cell keeps two or more possible values. With the cells' ranges and the
 * sum constraint, a cell's values form one interval: its own range cut by what the total
 * leaves after the others' least and most.
 */
function protectedAll(
  counts: readonly { count: number }[],
  hidden: readonly (Hidden | undefined)[],
  total: Range,
  t: number,
  kind: BreakdownKind,
): boolean {
  const ranges = labelRanges(counts, hidden, total.hi, t);
  const sumLo = ranges.reduce((s, r) => s + r.lo, 0);
  const sumHi = ranges.reduce((s, r) => s + r.hi, 0);
  return ranges.every((range, i) => {
    if (!hidden[i]) return true;
    const othersLo = sumLo - range.lo;
    const othersHi = sumHi - range.hi;
    // Additive: total.lo ≤ sum ≤ total.hi. Overlapping: sum ≥ total.lo only.
    const lo = Math.max(range.lo, total.lo - othersHi);
    const hi = kind === 'additive' ? Math.min(range.hi, total.hi - othersLo) : range.hi;
    return hi - lo >= 1;
  });
}
