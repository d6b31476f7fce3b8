import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clampThreshold,
  suppressBreakdown,
  suppressCount,
  type BreakdownKind,
  type SuppressedBreakdown,
  DEFAULT_THRESHOLD,
  MAX_THRESHOLD,
  MIN_THRESHOLD,
} from './suppression.js';

/** A random one-way table: counts per key and the incidents they describe. */
interface Table {
  counts: number[];
  total: number;
  kind: BreakdownKind;
  threshold: number;
}

const additive = fc
  .record({ counts: fc.array(fc.nat({ max: 9 }), { minLength: 1, maxLength: 5 }), threshold: fc.integer({ min: 3, max: 10 }) })
  .map(({ counts, threshold }): Table => ({ counts, total: counts.reduce((a, b) => a + b, 0), kind: 'additive', threshold }));

/** Several keys per incident: the cells add up to at least the total, none exceeds it. */
const overlapping = fc
  .record({
    incidents: fc.array(fc.uniqueArray(fc.nat({ max: 3 }), { minLength: 1, maxLength: 3 }), { maxLength: 16 }),
    threshold: fc.integer({ min: 3, max: 10 }),
  })
  .map(({ incidents, threshold }): Table => {
    const counts = [0, 0, 0, 0];
    for (const keys of incidents) for (const k of keys) counts[k]! += 1;
    return { counts, total: incidents.length, kind: 'overlapping', threshold };
  });

const tables = fc.oneof(additive, overlapping);

const run = (table: Table) =>
  suppressBreakdown(
    table.counts.map((count, i) => ({ key: `k${i}`, count })),
    table.total,
    table.threshold,
    table.kind,
  );

/**
 * Written apart from the algorithm: every table a reader who knows the algorithm cannot tell
 * from the published one, by brute force over the hidden cells. The labels mean: small 1…t−1,
 * secondary t … the smallest non-zero count still shown, withheld 0 … total; a small total
 * 1…t−1; no cell above the total; additive cells add up to the total, overlapping ones to at
 * least the total.
 */
function possibleValues(table: Table, published: SuppressedBreakdown): Set<number>[] {
  const t = table.threshold;
  const totals = published.total.count === null ? Array.from({ length: t - 1 }, (_, i) => i + 1) : [published.total.count];
  const maxTotal = Math.max(...totals);
  const shownNonZero = published.rows.filter((r) => r.cell.count !== null && r.cell.count > 0).map((r) => r.cell.count!);
  const cap = Math.min(maxTotal, ...shownNonZero);
  const options = published.rows.map((row): number[] => {
    const range = (lo: number, hi: number) => Array.from({ length: Math.max(0, hi - lo + 1) }, (_, i) => lo + i);
    switch (row.hidden) {
      case undefined:
        return [row.cell.count!];
      case 'small':
        return range(1, Math.min(t - 1, maxTotal));
      case 'secondary':
        return range(t, cap);
      case 'withheld':
        return range(0, maxTotal);
    }
  });
  const seen = published.rows.map(() => new Set<number>());
  const chosen: number[] = [];
  const record = (total: number) => {
    if (chosen.every((c) => c <= total)) chosen.forEach((c, k) => seen[k]!.add(c));
  };
  const last = options.length - 1;
  const walk = (i: number, sum: number) => {
    if (table.kind === 'additive' && sum > maxTotal) return;
    // Additive: the last cell is what the total leaves, so it is looked up, not enumerated.
    if (table.kind === 'additive' && i === last) {
      for (const total of totals) {
        const v = total - sum;
        if (!options[last]!.includes(v)) continue;
        chosen.push(v);
        record(total);
        chosen.pop();
      }
      return;
    }
    if (i === options.length) {
      for (const total of totals) if (sum >= total) record(total);
      return;
    }
    for (const v of options[i]!) {
      chosen.push(v);
      walk(i + 1, sum + v);
      chosen.pop();
    }
  };
  walk(0, 0);
  return seen;
}

describe('small-number suppression', () => {
  it('shows every count that is 0 or at least the threshold exactly, hides every count from 1 below it', () => {
    fc.assert(
      fc.property(tables, (table) => {
        const out = run(table);
        out.rows.forEach((row, i) => {
          const n = table.counts[i]!;
          if (n >= 1 && n < table.threshold) expect(row.cell).toEqual({ count: null, suppressed: true });
          if (row.cell.count !== null) {
            expect(row.cell.count).toBe(n);
            expect(n === 0 || n >= table.threshold).toBe(true);
          }
        });
        if (table.total >= 1 && table.total < table.threshold) expect(out.total).toEqual({ count: null, suppressed: true });
        else expect(out.total).toEqual({ count: table.total });
      }),
      { numRuns: 500 },
    );
  });

  it('leaves no hidden cell that a reader who knows the rules could work out exactly', () => {
    fc.assert(
      fc.property(tables, (table) => {
        const out = run(table);
        const values = possibleValues(table, out);
        out.rows.forEach((row, i) => {
          // The truth is among the possibilities (the labels never lie) …
          expect(values[i]!.has(table.counts[i]!)).toBe(true);
          // … and a hidden cell has at least one other.
          if (row.hidden) expect(values[i]!.size).toBeGreaterThanOrEqual(2);
        });
      }),
      { numRuns: 1000 },
    );
    // A thousand tables by brute force: seconds on a busy shared machine, not the default five.
  }, 60_000);

  it('hides zero or at least two non-zero cells of an additive breakdown whose total is shown', () => {
    fc.assert(
      fc.property(additive, (table) => {
        const out = run(table);
        if (out.total.count === null) return;
        const hiddenNonZero = out.rows.filter((r, i) => r.cell.count === null && table.counts[i]! > 0).length;
        expect(hiddenNonZero === 0 || hiddenNonZero >= 2).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('hides the next smallest cell beside a single small one', () => {
    const out = suppressBreakdown(
      [
        { key: 'a', count: 12 },
        { key: 'b', count: 2 },
        { key: 'c', count: 7 },
        { key: 'd', count: 0 },
      ],
      21,
      5,
      'additive',
    );
    expect(out.total).toEqual({ count: 21 });
    expect(out.rows.map((r) => r.hidden ?? r.cell.count)).toEqual([12, 'small', 'secondary', 0]);
  });

  it('hides more when two small cells would still give themselves away (4 + 4 of 8, 1 + 5 of 6)', () => {
    const fours = suppressBreakdown(
      [
        { key: 'a', count: 4 },
        { key: 'b', count: 4 },
        { key: 'c', count: 0 },
      ],
      8,
      5,
      'additive',
    );
    expect(fours.rows.map((r) => r.hidden ?? r.cell.count)).toEqual(['withheld', 'withheld', 'withheld']);
    const oneAndFive = suppressBreakdown(
      [
        { key: 'a', count: 1 },
        { key: 'b', count: 5 },
      ],
      6,
      5,
      'additive',
    );
    expect(oneAndFive.rows.every((r) => r.hidden === 'withheld')).toBe(true);
  });

  it('needs no secondary cell where the cells do not add up to the total (behaviours)', () => {
    const out = suppressBreakdown(
      [
        { key: 'insult', count: 9 },
        { key: 'threat', count: 3 },
        { key: 'hitting', count: 6 },
      ],
      12,
      5,
      'overlapping',
    );
    expect(out.rows.map((r) => r.hidden ?? r.cell.count)).toEqual([9, 'small', 6]);
  });

  it('suppresses the same number the same way in every table: a total by its value alone', () => {
    fc.assert(
      fc.property(additive, overlapping, fc.integer({ min: 3, max: 10 }), (a, b, threshold) => {
        const total = a.total;
        const one = suppressBreakdown(
          a.counts.map((count, i) => ({ key: `a${i}`, count })),
          total,
          threshold,
          'additive',
        );
        const other = suppressBreakdown(
          b.counts.map((count, i) => ({ key: `b${i}`, count })),
          total,
          threshold,
          'overlapping',
        );
        expect(one.total).toEqual(other.total);
        expect(one.total).toEqual(suppressCount(total, threshold));
      }),
    );
  });

  it('keeps the threshold between 3 and 10, 5 when unset', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer(), fc.constant(null), fc.constant(undefined)), (value) => {
        const t = clampThreshold(value);
        expect(Number.isInteger(t)).toBe(true);
        expect(t).toBeGreaterThanOrEqual(MIN_THRESHOLD);
        expect(t).toBeLessThanOrEqual(MAX_THRESHOLD);
      }),
    );
    expect(clampThreshold(undefined)).toBe(DEFAULT_THRESHOLD);
    expect(clampThreshold(1)).toBe(3);
    expect(clampThreshold(50)).toBe(10);
    expect(clampThreshold(7)).toBe(7);
    // A threshold below 3 set anyway still hides a 2.
    expect(suppressCount(2, 1)).toEqual({ count: null, suppressed: true });
    expect(suppressCount(0, 5)).toEqual({ count: 0 });
    expect(suppressCount(5, 5)).toEqual({ count: 5 });
  });
});
