/**
 * Small-number suppression as the benchmark calls it. The council report's module
 * (suppression.ts, with the organisation's own threshold) is the one rule of the product; this
 * file is the seam the benchmark calls, so that module can take its place by replacing the two
 * bodies below without touching the benchmark.
 */

/** The benchmark's threshold: the product's default, which no organisation's own setting goes below. */
export const GROUP_THRESHOLD = 5;

/** A count as it may be shown: the number, or "fewer than `below`". */
export type Cell = { count: number } | { suppressed: true; below: number };

/** A count from 1 to threshold − 1 is shown as "< threshold"; zero and larger counts as they are. */
export function suppressCount(count: number, threshold: number): Cell {
  return count > 0 && count < threshold ? { suppressed: true, below: threshold } : { count };
}

/**
 * The cells of one breakdown whose total is known (shares add up to 100 %). Primary: small
 * counts. Secondary: when exactly one cell is suppressed, the total would give it back, so the
 * smallest other non-zero cell is suppressed too.
 */
export function suppressBreakdown(counts: readonly number[], threshold: number): Cell[] {
  const cells = counts.map((c) => suppressCount(c, threshold));
  const hidden = cells.filter((c) => 'suppressed' in c).length;
  if (hidden === 1) {
    let smallest = -1;
    counts.forEach((c, i) => {
      if (c > 0 && !('suppressed' in cells[i]!) && (smallest < 0 || c < counts[smallest]!)) smallest = i;
    });
    if (smallest >= 0) cells[smallest] = { suppressed: true, below: threshold };
  }
  return cells;
}
