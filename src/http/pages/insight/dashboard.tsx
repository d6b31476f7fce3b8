import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/database.js';
import { breakdownsFor, insightFigures } from '../../../domain/insight/figures.js';
import {
  percentage,
  previousYear,
  type Count,
  type Dimension,
  type Figures,
  type InsightFilter,
  type OnTime,
} from '../../../domain/insight/insight.js';
import { requireRole } from '../../../domain/access/access.js';
import { insightPolicy } from '../../../domain/insight/insight.policy.js';
import { insightFilterSchema } from '../../../domain/insight/insight.schema.js';
import { CHANNELS, LEVELS } from '../../../domain/incident/norm.js';
import { GROUPS } from '../../../domain/user/roles.js';
import { issueFields } from '../../../validation.js';
import { barChartSvg } from '../../charts/bar-chart.js';
import {
  Button,
  ButtonRow,
  DataList,
  DataRow,
  ErrorSummary,
  Heading,
  Input,
  Layout,
  Link,
  ListItem,
  Paragraph,
  Select,
  Table,
  UnorderedList,
  type FieldErrors,
} from '../../components/index.js';
import type { View } from '../../components/view.js';
import type { MessageKey } from '../../i18n/index.js';
import { pageRoute } from '../../pipeline/page-route.js';
import { sendPage } from '../../render.js';
import { filterQuery, rawInsightFilters } from './filters.js';
import { labelOf, trendSentence } from './labels.js';

/** The breakdowns shown, in the order of the protocol's questions: how serious, what, how, when, whom. */
const SECTIONS: { dimension: Dimension; title: MessageKey; orientation: 'horizontal' | 'vertical' }[] = [
  { dimension: 'level', title: 'insight.by_level', orientation: 'horizontal' },
  { dimension: 'behaviour', title: 'insight.by_behaviour', orientation: 'horizontal' },
  { dimension: 'channel', title: 'insight.by_channel', orientation: 'horizontal' },
  { dimension: 'month', title: 'insight.by_month', orientation: 'vertical' },
  { dimension: 'group', title: 'insight.by_group', orientation: 'horizontal' },
  { dimension: 'role', title: 'insight.by_role', orientation: 'horizontal' },
  { dimension: 'target', title: 'insight.by_target', orientation: 'horizontal' },
  { dimension: 'perpetrator_kind', title: 'insight.by_perpetrator_kind', orientation: 'horizontal' },
];

/** The incident list with the period, the dashboard's filters and (optionally) one row's own filter. */
export function incidentsHref(filter: InsightFilter, dimension?: Dimension, key?: string): string | undefined {
  const query = filterQuery(filter);
  if (dimension === 'role_category') return undefined; // merged categories have no single filter in the list
  if (dimension === 'month' && key) {
    const [year, month] = key.split('-').map(Number) as [number, number];
    const first = `${key}-01`;
    const last = `${key}-${String(new Date(Date.UTC(year, month, 0)).getUTCDate()).padStart(2, '0')}`;
    query.set('from', first > filter.from ? first : filter.from);
    query.set('to', last < filter.to ? last : filter.to);
  } else if (dimension && key) query.set(dimension, key);
  return `/incidents?${query.toString()}`;
}

/** A month of this period against the same month a year earlier; any other key against itself. */
const lastYearKey = (dimension: Dimension, key: string) => (dimension === 'month' ? `${Number(key.slice(0, 4)) - 1}${key.slice(4)}` : key);

function Breakdown({
  view,
  figures,
  previous,
  dimension,
  title,
  orientation,
}: {
  view: View;
  figures: Figures;
  previous: LastYear;
  dimension: Dimension;
  title: MessageKey;
  orientation: 'horizontal' | 'vertical';
}) {
  const t = view.t;
  const before = new Map(previous.by[dimension].map((c) => [c.key, c.count]));
  const rows = figures.by[dimension]
    .map((c) => ({
      ...c,
      label: labelOf(t, view.lang, dimension, c.key),
      previous: before.get(lastYearKey(dimension, c.key)) ?? 0,
      href: incidentsHref(figures.filter, dimension, c.key),
    }))
    // Long lists (behaviours, roles) show what occurred in either year; the short ones every option, zeros too.
    .filter((r) => !LONG.includes(dimension) || r.count > 0 || r.previous > 0);
  const id = `by-${dimension}`;
  return (
    <section aria-labelledby={id}>
      <Heading level={2} id={id}>
        {t(title)}
      </Heading>
      {rows.length === 0 ? (
        <Paragraph>{t('insight.nothing')}</Paragraph>
      ) : (
        <>
          <figure class="wb-chart">
            <div
              class="wb-chart__picture"
              // The SVG is made on the server from our own labels and numbers (ECharts escapes its text).
              dangerouslySetInnerHTML={{
                __html: barChartSvg({
                  orientation,
                  bars: rows.map((r) => ({ label: r.label, value: r.count, previous: r.previous, href: r.href })),
                  series: { current: t('insight.this_period'), previous: t('insight.last_year') },
                }),
              }}
            />
            <figcaption class="utrecht-paragraph">{t('insight.chart_caption', { title: t(title) })}</figcaption>
          </figure>
          <Table
            caption={t(title)}
            captionHidden
            rows={rows}
            columns={[
              {
                header: t(`insight.dimension.${dimension}`),
                rowHeader: true,
                cell: (r) => (r.href ? <Link href={r.href}>{r.label}</Link> : r.label),
              },
              { header: t('insight.this_period'), numeric: true, cell: (r) => r.count },
              { header: t('insight.last_year'), numeric: true, cell: (r) => r.previous },
              { header: t('insight.difference'), numeric: true, cell: (r) => signed(r.count - r.previous) },
            ]}
          />
        </>
      )}
    </section>
  );
}

type LastYear = Pick<Figures, 'total' | 'by'>;

const LONG: readonly Dimension[] = ['behaviour', 'role'];

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

function pct(view: View, part: number, whole: number): string {
  const p = percentage(part, whole);
  return p === null ? view.t('insight.no_share') : `${p} %`;
}

function money(view: View, cents: number): string {
  return new Intl.NumberFormat(view.lang === 'en' ? 'en-GB' : 'nl-NL', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

function CountTable({
  view,
  caption,
  header,
  counts,
  label,
}: {
  view: View;
  caption: string;
  header: string;
  counts: Count[];
  label: (key: string) => string;
}) {
  return (
    <Table
      caption={caption}
      rows={counts}
      columns={[
        { header, rowHeader: true, cell: (c) => label(c.key) },
        { header: view.t('insight.count'), numeric: true, cell: (c) => c.count },
      ]}
    />
  );
}

function Handling({ view, figures }: { view: View; figures: Figures }) {
  const t = view.t;
  const h = figures.handling;
  return (
    <section aria-labelledby="handling">
      <Heading level={2} id="handling">
        {t('insight.handling')}
      </Heading>
      <CountTable
        view={view}
        caption={t('insight.measures_by_kind')}
        header={t('insight.measure')}
        counts={h.measuresByKind}
        label={(k) => labelOf(t, view.lang, 'measure_kind', k)}
      />
      <CountTable
        view={view}
        caption={t('insight.measures_by_state')}
        header={t('insight.state')}
        counts={h.measuresByState}
        label={(k) => labelOf(t, view.lang, 'measure_state', k)}
      />
      <DataList>
        <DataRow label={t('insight.bans_in_force')}>{h.bansInForce}</DataRow>
        <DataRow label={t('insight.police_reports')}>{h.policeReports}</DataRow>
      </DataList>
      <CountTable
        view={view}
        caption={t('insight.prosecution')}
        header={t('insight.course')}
        counts={h.prosecution}
        label={(k) => labelOf(t, view.lang, 'prosecution', k)}
      />
      <Table
        caption={t('insight.damages')}
        rows={[
          { label: t('insight.damage_total'), cents: h.damages.amountCents },
          { label: t('insight.damage_reimbursed'), cents: h.damages.reimbursedCents },
          { label: t('insight.damage_recovered'), cents: h.damages.recoveredCents },
          { label: t('insight.damage_outstanding'), cents: h.damages.outstandingCents },
        ]}
        columns={[
          { header: t('insight.damage'), rowHeader: true, cell: (r) => r.label },
          { header: t('insight.amount'), numeric: true, cell: (r) => money(view, r.cents) },
        ]}
      />
    </section>
  );
}

function Protocol({ view, figures }: { view: View; figures: Figures }) {
  const t = view.t;
  const o = figures.onTime;
  const rows: { label: string; duty: OnTime }[] = [
    { label: t('insight.duty_aftercare'), duty: o.aftercare },
    { label: t('insight.duty_perpetrator_response'), duty: o.perpetratorResponse },
    { label: t('insight.duty_labour_inspectorate'), duty: o.labourInspectorate },
  ];
  return (
    <section aria-labelledby="on-time">
      <Heading level={2} id="on-time">
        {t('insight.on_time')}
      </Heading>
      <Paragraph>{t('insight.on_time_intro')}</Paragraph>
      <Table
        caption={t('insight.on_time')}
        captionHidden
        wide
        scrollHint={t('insight.scroll_hint')}
        rows={rows}
        columns={[
          { header: t('insight.duty'), rowHeader: true, cell: (r) => r.label },
          { header: t('insight.done_on_time'), numeric: true, cell: (r) => r.duty.onTime },
          { header: t('insight.done_late'), numeric: true, cell: (r) => r.duty.late },
          { header: t('insight.overdue'), numeric: true, cell: (r) => r.duty.overdue },
          {
            header: t('insight.share_on_time'),
            numeric: true,
            cell: (r) => pct(view, r.duty.onTime, r.duty.onTime + r.duty.late + r.duty.overdue),
          },
        ]}
      />
      <DataList>
        <DataRow label={t('insight.open_deadlines')}>{o.openDeadlines}</DataRow>
        <DataRow label={t('insight.overdue_deadlines')}>{o.overdueDeadlines}</DataRow>
      </DataList>
    </section>
  );
}

function FilterForm({ view, query, errors }: { view: View; query: Record<string, string>; errors: FieldErrors }) {
  const t = view.t;
  const all = { value: '', label: t('incidents.all') };
  return (
    <form method="get" action="/insight" class="wb-form wb-filters" aria-label={t('insight.filter')}>
      <div class="wb-field-row">
        <Input view={view} name="from" type="date" label={t('insight.from')} value={query.from} errors={errors} />
        <Input view={view} name="to" type="date" label={t('insight.to')} value={query.to} errors={errors} />
        <Select
          view={view}
          name="level"
          label={t('incidents.level')}
          value={query.level}
          errors={errors}
          options={[all, ...LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))]}
        />
        <Select
          view={view}
          name="channel"
          label={t('incidents.channel')}
          value={query.channel}
          errors={errors}
          options={[all, ...CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))]}
        />
        <Select
          view={view}
          name="group"
          label={t('incidents.group')}
          value={query.group}
          errors={errors}
          options={[all, ...GROUPS.map((g) => ({ value: g, label: t(`group.${g}`) }))]}
        />
      </div>
      <ButtonRow>
        <Button variant="secondary">{t('incidents.apply')}</Button>
      </ButtonRow>
    </form>
  );
}

function Dashboard({
  view,
  query,
  figures,
  previous,
  errors,
  abilities,
}: {
  view: View;
  query: Record<string, string>;
  figures?: Figures;
  previous?: LastYear;
  errors: FieldErrors;
  abilities: readonly string[];
}) {
  const t = view.t;
  const year = (figures?.filter.to ?? query.to ?? '').slice(0, 4) || String(new Date().getFullYear());
  return (
    <Layout view={view} title={t('insight.title')}>
      <Paragraph>{t('insight.intro')}</Paragraph>
      <ErrorSummary view={view} errors={errors} />
      <FilterForm view={view} query={query} errors={errors} />
      {(abilities.includes('council_report_read') || abilities.includes('export') || abilities.includes('benchmark')) && (
        <nav aria-label={t('insight.more')}>
          <UnorderedList>
            {abilities.includes('council_report_read') && (
              <ListItem>
                <Link href={`/insight/council/${year}`}>{t('insight.council_report', { year })}</Link>
              </ListItem>
            )}
            {abilities.includes('export') && (
              <ListItem>
                <Link href="/insight/export">{t('insight.export')}</Link>
              </ListItem>
            )}
            {abilities.includes('benchmark') && (
              <ListItem>
                <Link href="/insight/benchmark">{t('insight.benchmark')}</Link>
              </ListItem>
            )}
          </UnorderedList>
        </nav>
      )}
      {figures && previous && (
        <>
          <section aria-labelledby="at-a-glance">
            <Heading level={2} id="at-a-glance">
              {t('insight.at_a_glance')}
            </Heading>
            <Paragraph>{trendSentence(t, figures.total, previous.total)}</Paragraph>
            <DataList>
              <DataRow label={t('insight.period')}>
                {t('insight.period_value', { from: figures.filter.from, to: figures.filter.to })}
              </DataRow>
              <DataRow label={t('insight.total')}>
                <Link href={incidentsHref(figures.filter)!}>{figures.total}</Link>
              </DataRow>
              <DataRow label={t('insight.online_share')}>{`${figures.online} (${pct(view, figures.online, figures.total)})`}</DataRow>
              <DataRow label={t('insight.repeat_perpetrators')}>
                {t('insight.repeat_value', {
                  perpetrators: String(figures.repeat.perpetrators),
                  incidents: String(figures.repeat.incidents),
                })}
              </DataRow>
              <DataRow label={t('insight.both_groups')}>{figures.repeat.bothGroups}</DataRow>
            </DataList>
          </section>
          {SECTIONS.map((s) => (
            <Breakdown view={view} figures={figures} previous={previous} {...s} />
          ))}
          <Handling view={view} figures={figures} />
          <Protocol view={view} figures={figures} />
        </>
      )}
    </Layout>
  );
}

export function insightRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/insight',
    query: rawInsightFilters,
    handler: async ({ tx, who, query: raw, view, reply }) => {
      const query = Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
      // Someone without the figures gets the 404 of a page that does not exist, whatever they typed.
      requireRole(insightPolicy, who, 'dashboard');
      const abilities = insightPolicy.abilitiesOf(who);
      const filter = insightFilterSchema.safeParse(query);
      if (!filter.success)
        return sendPage(reply, <Dashboard view={view} query={query} errors={issueFields(filter.error)} abilities={abilities} />, 400);
      const figures = await insightFigures(tx, who, filter.data);
      // Last year only as far as the comparison needs: the breakdowns.
      const previous = await breakdownsFor(tx, who, previousYear(filter.data));
      const shown = { ...query, from: filter.data.from, to: filter.data.to };
      return <Dashboard view={view} query={shown} figures={figures} previous={previous} errors={{}} abilities={abilities} />;
    },
  });
}
