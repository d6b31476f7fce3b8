import {
  COMPARED,
  COUNCIL_SECTIONS,
  type Amount,
  type Compared,
  type Comparison,
  type CouncilReport,
  type CouncilSection,
} from '../../../domain/insight/council-report.js';
import type { Cell, Hidden, SuppressedBreakdown } from '../../../domain/insight/suppression.js';
import { barChartSvg } from '../../charts/bar-chart.js';
import type { Lang, MessageKey, Translate } from '../../i18n/index.js';

/**
 * The report as one neutral document — headings, paragraphs, tables, charts — laid out alike
 * as the page, the PDF and the DOCX, so the three never say different things. Every number in
 * it comes from the suppressed report: this module never sees an exact small count.
 */

export type Block =
  | { kind: 'paragraph'; text: string }
  /** A table: the first column names the row, the others are numbers. */
  | { kind: 'table'; caption: string; header: string[]; rows: string[][]; note?: string | undefined }
  | { kind: 'facts'; caption: string; rows: [string, string][] }
  | { kind: 'chart'; caption: string; svg: string };

export interface DocumentSection {
  section: CouncilSection;
  title: string;
  blocks: Block[];
  /** The section's written text, or its default; null when there is neither. */
  text: string | null;
}

export interface CouncilDocument {
  title: string;
  organisation: string;
  intro: string;
  legend: string;
  sections: DocumentSection[];
  footer: string;
}

/** How a cell reads: its count, "< 5" for a small one, "×" for one hidden to protect another. */
export function cellText(cell: Cell, hidden: Hidden | undefined, threshold: number, lang: Lang): string {
  if (cell.count !== null) return cell.count.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB');
  return hidden === 'small' ? `< ${threshold}` : '×';
}

const totalText = (cell: Cell, threshold: number, lang: Lang) => cellText(cell, cell.count === null ? 'small' : undefined, threshold, lang);

const money = (amount: Amount, lang: Lang) =>
  amount.cents === null
    ? '×'
    : new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { style: 'currency', currency: 'EUR' }).format(amount.cents / 100);

const LABEL: Record<Compared, (key: string, t: Translate, lang: Lang) => string> = {
  level: (key, t) => t(`level.${key}` as MessageKey),
  behaviour: (key, t) => t(`behaviour.${key}` as MessageKey),
  channel: (key, t) => t(`channel.${key}` as MessageKey),
  role_category: (key, t) => t(`council.role_category.${key}` as MessageKey),
  month: (key, _t, lang) =>
    new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { month: 'long', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2000, Number(key) - 1, 1)),
    ),
};

const shortMonth = (key: string, lang: Lang) =>
  new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { month: 'short', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2000, Number(key) - 1, 1)),
  );

/** The trend in words: "32 meldingen, 8 meer dan vorig jaar (24)." — or no difference where one total is hidden. */
export function trendText(report: CouncilReport, t: Translate, lang: Lang): string {
  const { total, difference } = report.incidents;
  const count = totalText(total.current, report.threshold, lang);
  const previous = totalText(total.previous, report.threshold, lang);
  if (difference === null) return t('council.trend.hidden', { count, previous });
  if (difference === 0) return t('council.trend.same', { count });
  return t(difference > 0 ? 'council.trend.more' : 'council.trend.fewer', { count, previous, difference: String(Math.abs(difference)) });
}

function comparisonTable(report: CouncilReport, dimension: Compared, t: Translate, lang: Lang): Block {
  const c: Comparison = report.incidents.by[dimension];
  const th = report.threshold;
  const rows = c.current.rows
    .map((row, i) => ({ row, previous: c.previous.rows[i]! }))
    // Rows shown as 0 in both years say nothing; a hidden cell keeps its row (it may be 0, and must not be told apart).
    .filter(({ row, previous }) => dimension === 'month' || row.cell.count !== 0 || previous.cell.count !== 0)
    .map(({ row, previous }) => [
      LABEL[dimension](row.key, t, lang),
      cellText(row.cell, row.hidden, th, lang),
      cellText(previous.cell, previous.hidden, th, lang),
    ]);
  rows.push([t('council.total'), totalText(c.current.total, th, lang), totalText(c.previous.total, th, lang)]);
  return {
    kind: 'table',
    caption: t(`council.table.${dimension}`),
    header: [t(`council.column.${dimension}`), String(report.year), String(report.year - 1)],
    rows,
    note: c.kind === 'overlapping' ? t('council.overlapping') : undefined,
  };
}

function comparisonChart(report: CouncilReport, dimension: 'level' | 'month', t: Translate, lang: Lang): Block {
  const c = report.incidents.by[dimension];
  const th = report.threshold;
  return {
    kind: 'chart',
    caption: t(`council.chart.${dimension}`, { year: String(report.year), previous: String(report.year - 1) }),
    svg: barChartSvg({
      orientation: dimension === 'month' ? 'vertical' : 'horizontal',
      series: { current: String(report.year), previous: String(report.year - 1) },
      bars: c.current.rows.map((row, i) => {
        const previous = c.previous.rows[i]!;
        const label = LABEL[dimension](row.key, t, lang);
        const hiddenNote = row.cell.count === null || previous.cell.count === null;
        // A hidden count has no bar; its label says how it reads in the table.
        return {
          label:
            dimension === 'month'
              ? shortMonth(row.key, lang)
              : hiddenNote
                ? `${label} (${cellText(row.cell, row.hidden, th, lang)} / ${cellText(previous.cell, previous.hidden, th, lang)})`
                : label,
          value: row.cell.count,
          previous: previous.cell.count,
        };
      }),
    }),
  };
}

function breakdownTable(
  breakdown: SuppressedBreakdown,
  caption: MessageKey,
  column: MessageKey,
  label: (key: string) => string,
  threshold: number,
  t: Translate,
  lang: Lang,
): Block {
  const rows = breakdown.rows.filter((r) => r.cell.count !== 0).map((r) => [label(r.key), cellText(r.cell, r.hidden, threshold, lang)]);
  rows.push([t('council.total'), totalText(breakdown.total, threshold, lang)]);
  return { kind: 'table', caption: t(caption), header: [t(column), t('council.column.count')], rows };
}

/** The default text of a section, if it has one. */
function defaultText(section: CouncilSection, t: Translate): string | null {
  return section === 'norm' ? t('council.default.norm') : null;
}

export function councilDocument(
  report: CouncilReport,
  options: { t: Translate; lang: Lang; organisation: string; today: string },
): CouncilDocument {
  const { t, lang } = options;
  const th = report.threshold;
  const h = report.handling;
  const year = String(report.year);
  const blocks: Record<CouncilSection, Block[]> = {
    norm: [],
    incidents: [
      { kind: 'paragraph', text: trendText(report, t, lang) },
      comparisonChart(report, 'level', t, lang),
      ...COMPARED.filter((d) => d !== 'month').map((d) => comparisonTable(report, d, t, lang)),
      comparisonChart(report, 'month', t, lang),
      comparisonTable(report, 'month', t, lang),
    ],
    handling: [
      breakdownTable(
        h.measures,
        'council.table.measures',
        'council.column.measure',
        (k) => t(`measure.kind.${k}` as MessageKey),
        th,
        t,
        lang,
      ),
      breakdownTable(
        h.policeReports,
        'council.table.police',
        'council.column.prosecution',
        (k) => t(k === 'unknown' ? 'council.prosecution.unknown' : (`prosecution.${k}` as MessageKey)),
        th,
        t,
        lang,
      ),
      {
        kind: 'facts',
        caption: t('council.figures'),
        rows: [
          [t('council.bans_in_force'), totalText(h.bansInForce, th, lang)],
          [t('council.damage_items'), totalText(h.damages.items, th, lang)],
          [t('council.damage_reimbursed'), money(h.damages.reimbursed, lang)],
          [t('council.damage_recovered'), money(h.damages.recovered, lang)],
          [t('council.aftercare_offered'), totalText(h.aftercare.offered, th, lang)],
          [t('council.aftercare_held'), totalText(h.aftercare.held, th, lang)],
        ],
      },
    ],
    prevention: [{ kind: 'paragraph', text: t('council.prevention_no_register') }],
    lessons: [],
  };
  return {
    title: t('council.document_title', { year }),
    organisation: options.organisation,
    intro: t('council.intro', { year }),
    legend: t('council.legend', { threshold: String(th) }),
    sections: COUNCIL_SECTIONS.map((section) => ({
      section,
      title: t(`council.section.${section}`),
      blocks: blocks[section],
      text: report.texts[section] ?? defaultText(section, t),
    })),
    footer: t('council.made_on', { date: options.today }),
  };
}
