import { clampThreshold, suppressBreakdown as suppressTable, suppressCount as suppressOne } from './suppression.js';

/**
 * Small-number suppression as the benchmark shows it, on the product's one rule (suppression.ts,
 * which the council report uses too): this file only turns its cells into the benchmark's shape.
 */

/** The benchmark's threshold: the product's default, which no organisation's own setting goes below. */
export const GROUP_THRESHOLD = 5;

/** A count as it may be shown: the number, or "fewer than `below`". */
export type Cell = { count: number } | { suppressed: true; below: number };

/** A count from 1 to threshold − 1 is shown as "< threshold"; zero and larger counts as they are; threshold 0 shows all. */
export function suppressCount(count: number, threshold: number): Cell {
  // 0: the organisation's own figures, which its adviser could count incident by incident.
  if (threshold === 0) return { count };
  const cell = suppressOne(count, threshold);
  return cell.count === null ? { suppressed: true, below: clampThreshold(threshold) } : { count: cell.count };
}

/**
 * The cells of one breakdown that adds up to its total (the level mix): small counts, and as
 * many more as it takes that no hidden one can be worked out from the total and the others.
 */
export function suppressBreakdown(counts: readonly number[], threshold: number): Cell[] {
  if (threshold === 0) return counts.map((count) => ({ count }));
  const total = counts.reduce((sum, c) => sum + c, 0);
  const table = suppressTable(
    counts.map((count, i) => ({ key: String(i), count })),
    total,
    threshold,
    'additive',
  );
  return table.rows.map((row) =>
    row.cell.count === null ? { suppressed: true, below: clampThreshold(threshold) } : { count: row.cell.count },
  );
}
