import { requireRole } from '../access/access.js';
import type { SignedIn } from '../auth/session.js';
import type { Tx } from '../../db/database.js';
import { amsterdamToday } from '../../time/amsterdam.js';
import { complete, DIMENSIONS, type Count, type Dimension, type Figures, type InsightFilter, type OnTime } from './insight.js';
import { insightPolicy } from './insight.policy.js';
import { wholeOrganisationRows } from './insight-summary.repository.js';
import { countByDimension, countOwn, figureRows, PROSECUTION_KEYS, type Branch, type DimensionRow } from './insight.repository.js';
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

const rowsOf = (rows: readonly DimensionRow[], dimension: string): Count[] =>
  rows.filter((r) => r.dimension === dimension).map(({ key, count }) => ({ key, count }));
const cell = (rows: readonly DimensionRow[], dimension: string, key: string) =>
  rows.find((r) => r.dimension === dimension && r.key === key)?.count ?? 0;

function onTimeOf(rows: readonly DimensionRow[], kind: string): OnTime {
  return { onTime: cell(rows, 'duty_on_time', kind), late: cell(rows, 'duty_late', kind), overdue: cell(rows, 'duty_overdue', kind) };
}
const sum = (counts: readonly Count[]) => counts.reduce((n, c) => n + c.count, 0);

/** The counted rows as figures (both ways of counting answer the same rows). */
export function figuresOf(filter: InsightFilter, rows: readonly DimensionRow[]): Figures {
  return {
    filter,
    total: single(rows, 'total'),
    online: single(rows, 'online'),
    by: byDimension(filter, rows),
    repeat: {
      perpetrators: single(rows, 'repeat_perpetrators'),
      incidents: single(rows, 'repeat_incidents'),
      bothGroups: single(rows, 'both_groups'),
    },
    handling: {
      measuresByKind: completeKeys(MEASURE_KINDS, rowsOf(rows, 'measure_kind')),
      measuresByState: completeKeys(MEASURE_STATES, rowsOf(rows, 'measure_state')),
      bansInForce: single(rows, 'bans_in_force'),
      policeReports: single(rows, 'police_reports'),
      prosecution: completeKeys(PROSECUTION_KEYS, rowsOf(rows, 'prosecution')),
      damages: {
        items: cell(rows, 'damages', 'items'),
        amountCents: cell(rows, 'damages', 'amount'),
        reimbursedCents: cell(rows, 'damages', 'reimbursed'),
        recoveredCents: cell(rows, 'damages', 'recovered'),
        outstandingCents: cell(rows, 'damages', 'outstanding'),
      },
    },
    onTime: {
      aftercare: onTimeOf(rows, 'aftercare'),
      perpetratorResponse: onTimeOf(rows, 'perpetrator_response'),
      labourInspectorate: onTimeOf(rows, 'labour_inspectorate'),
      openDeadlines: sum(rowsOf(rows, 'duty_open')),
      overdueDeadlines: sum(rowsOf(rows, 'duty_overdue')),
    },
  };
}

const filtered = (filter: InsightFilter) => filter.level !== undefined || filter.channel !== undefined || filter.group !== undefined;

/**
 * The counted rows for this viewer: from the stored day summary when they see every reported
 * incident of the organisation and no filter is set, live over their own visible set otherwise.
 */
async function rowsFor(tx: Tx, viewerId: string, filter: InsightFilter, now: Date, only?: readonly Branch[]): Promise<DimensionRow[]> {
  const today = amsterdamToday(now);
  const summarised = filtered(filter) ? undefined : await wholeOrganisationRows(tx, viewerId, filter, today, now, only);
  if (summarised) return summarised;
  return only ? countByDimension(tx, viewerId, filter, only) : figureRows(tx, viewerId, filter, today, now);
}

/**
 * Every figure of a period for the incidents this person may see (one statement). Used by
 * the dashboard, the council report and the statistics API alike, so they never disagree.
 */
export async function figuresFor(tx: Tx, who: SignedIn, filter: InsightFilter, now = new Date()): Promise<Figures> {
  return figuresOf(filter, await rowsFor(tx, who.user.id, filter, now));
}

/** Every figure counted live over the viewer's own visible set, never from the summary (for tests and the bench). */
export async function liveFiguresFor(tx: Tx, who: SignedIn, filter: InsightFilter, now = new Date()): Promise<Figures> {
  return figuresOf(filter, await figureRows(tx, who.user.id, filter, amsterdamToday(now), now));
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
  const rows = await rowsFor(tx, who.user.id, filter, new Date(), ['total', dimension as Branch]);
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
  const rows = await rowsFor(tx, who.user.id, filter, new Date(), ['total', ...DIMENSIONS]);
  return { total: single(rows, 'total'), by: byDimension(filter, rows) };
}
