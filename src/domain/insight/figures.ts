import { requireRole } from '../access/access.js';
import type { SignedIn } from '../auth/session.js';
import type { Tx } from '../../db/database.js';
import { amsterdamToday } from '../../time/amsterdam.js';
import { complete, DIMENSIONS, type Count, type Dimension, type Figures, type InsightFilter } from './insight.js';
import { insightPolicy } from './insight.policy.js';
import { countByDimension, countOwn, figureRows, PROSECUTION_KEYS, type DimensionRow } from './insight.repository.js';
import { MEASURE_KINDS, MEASURE_STATES } from '../measure/measure.js';

const single = (rows: readonly { dimension: string; count: number }[], dimension: string) =>
  rows.find((r) => r.dimension === dimension)?.count ?? 0;

const completeKeys = (keys: readonly string[], counts: readonly Count[]): Count[] => [
  ...keys.map((key) => ({ key, count: counts.find((c) => c.key === key)?.count ?? 0 })),
  ...counts.filter((c) => !keys.includes(c.key)),
];

function byDimension(filter: InsightFilter, rows: readonly DimensionRow[]): Record<Dimension, Count[]> {
  return Object.fromEntries(
    DIMENSIONS.map((dimension) => [
      dimension,
      complete(
        dimension,
        filter,
        rows.filter((r) => r.dimension === dimension),
      ).map(({ key, count }) => ({ key, count })),
    ]),
  ) as Record<Dimension, Count[]>;
}

/**
 * Every figure of a period for the incidents this person may see (one statement). Used by
 * the dashboard, the council report and the statistics API alike, so they never disagree.
 */
export async function figuresFor(tx: Tx, who: SignedIn, filter: InsightFilter, now = new Date()): Promise<Figures> {
  const viewer = who.user.id;
  const { dimensions: rows, handling: done, onTime: duties } = await figureRows(tx, viewer, filter, amsterdamToday(now), now);
  const by = byDimension(filter, rows);
  return {
    filter,
    total: single(rows, 'total'),
    online: single(rows, 'online'),
    by,
    repeat: {
      perpetrators: single(rows, 'repeat_perpetrators'),
      incidents: single(rows, 'repeat_incidents'),
      bothGroups: single(rows, 'both_groups'),
    },
    handling: {
      measuresByKind: completeKeys(MEASURE_KINDS, done.measuresByKind),
      measuresByState: completeKeys(MEASURE_STATES, done.measuresByState),
      bansInForce: done.bansInForce,
      policeReports: done.policeReports,
      prosecution: completeKeys(PROSECUTION_KEYS, done.prosecution),
      damages: {
        items: done.damageItems,
        amountCents: done.amountCents,
        reimbursedCents: done.reimbursedCents,
        recoveredCents: done.recoveredCents,
        outstandingCents: done.outstandingCents,
      },
    },
    onTime: duties,
  };
}

/** The figures, for someone whose role works with them (anyone else: 404). */
export async function insightFigures(tx: Tx, who: SignedIn, filter: InsightFilter, now = new Date()): Promise<Figures> {
  requireRole(insightPolicy, who, 'dashboard');
  return figuresFor(tx, who, filter, now);
}

/** One breakdown, for the statistics API. */
export async function statistics(
  tx: Tx,
  who: SignedIn,
  filter: InsightFilter,
  dimension: Dimension,
): Promise<{ data: Count[]; total: number }> {
  requireRole(insightPolicy, who, 'dashboard');
  const rows = await countByDimension(tx, who.user.id, filter, ['total', dimension]);
  return {
    data: complete(
      dimension,
      filter,
      rows.filter((r) => r.dimension === dimension),
    ).map(({ key, count }) => ({ key, count })),
    total: single(rows, 'total'),
  };
}

/** Everyone's own incidents (reported by them or affecting them), by level: for their start page. */
export async function ownFigures(tx: Tx, who: SignedIn, filter: InsightFilter): Promise<{ total: number; byLevel: Count[] }> {
  const counts = await countOwn(tx, who.user.id, filter);
  return { total: counts.reduce((n, c) => n + c.count, 0), byLevel: complete('level', filter, counts) };
}

/** Only the breakdowns, for a period to compare with (the dashboard's last year). */
export async function breakdownsFor(tx: Tx, who: SignedIn, filter: InsightFilter): Promise<Pick<Figures, 'total' | 'by'>> {
  const rows = await countByDimension(tx, who.user.id, filter, ['total', ...DIMENSIONS]);
  return { total: single(rows, 'total'), by: byDimension(filter, rows) };
}
