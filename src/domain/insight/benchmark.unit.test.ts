import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { figuresOf, type YearCounts } from './benchmark.js';
import { suppressBreakdown, suppressCount } from './benchmark-suppression.js';

const counts = (over: Partial<YearCounts> = {}): YearCounts => ({
  incidents: 100,
  officeHolderIncidents: 60,
  employeeIncidents: 40,
  levels: { emotional: 10, verbal_aggression: 50, threat: 37, physical_violence: 3 },
  online: 98,
  policeReported: 4,
  aftercareOnTime: 20,
  aftercareDue: 30,
  ...over,
});

describe('benchmark figures and their suppression', () => {
  it('a count from 1 to 4 is "< 5"; zero and five are shown', () => {
    expect(suppressCount(0, 5)).toEqual({ count: 0 });
    expect(suppressCount(1, 5)).toEqual({ suppressed: true, below: 5 });
    expect(suppressCount(4, 5)).toEqual({ suppressed: true, below: 5 });
    expect(suppressCount(5, 5)).toEqual({ count: 5 });
  });

  it('the group’s rates: small parts, and parts whose rest is small, are suppressed; the level mix hides a second cell', () => {
    const f = figuresOf(counts(), 125, 1500, 5);
    expect(f.incidentsPerOfficeHolder).toEqual({ value: 0.48 });
    expect(f.incidentsPer1000Employees).toEqual({ value: 26.7 });
    expect(f.policeReportRate).toEqual({ suppressed: true, below: 5 });
    // 98 of 100 online would tell that 2 were not.
    expect(f.onlineShare).toEqual({ suppressed: true, below: 5 });
    expect(f.aftercareOnTime).toEqual({ value: 67 });
    expect(f.levelShares.map((l) => 'suppressed' in l.share)).toEqual([true, false, false, true]);
  });

  it('own figures (threshold 0) are exact; nothing to divide by is no number', () => {
    const f = figuresOf(counts({ aftercareDue: 0, aftercareOnTime: 0 }), 0, 1500, 0);
    expect(f.policeReportRate).toEqual({ value: 4 });
    expect(f.incidentsPerOfficeHolder).toEqual({ value: null });
    expect(f.aftercareOnTime).toEqual({ value: null });
  });

  it('property: in a breakdown with a known total, never exactly one cell is hidden, and no small count is shown', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(40), { minLength: 2, maxLength: 6 }), fc.integer({ min: 3, max: 10 }), (row, threshold) => {
        const cells = suppressBreakdown(row, threshold);
        const hidden = cells.filter((c) => 'suppressed' in c).length;
        const nonZero = row.filter((c) => c > 0).length;
        if (nonZero > 1) expect(hidden).not.toBe(1);
        cells.forEach((c, i) => {
          if ('count' in c) expect(c.count === 0 || c.count >= threshold).toBe(true);
          else expect(row[i]).toBeGreaterThan(0);
        });
      }),
    );
  });
});
