import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../db/database.js';
import type { BenchmarkFigures, Shown } from '../../../domain/insight/benchmark.js';
import { benchmarkFor } from '../../../domain/insight/benchmark-figures.js';
import { peoplePolicy } from '../../../domain/user/user.policy.js';
import { amsterdamToday } from '../../../time/amsterdam.js';
import { Button, ButtonRow, Layout, Link, Paragraph, Select, Table } from '../../components/index.js';
import type { View } from '../../components/view.js';
import { formatDateTime, type MessageKey } from '../../i18n/index.js';
import { pageRoute } from '../../pipeline/page-route.js';

const yearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2200).optional() });

type Benchmark = Awaited<ReturnType<typeof benchmarkFor>>;

interface FigureRow {
  label: string;
  own: Shown | undefined;
  group: Shown | undefined;
  percent: boolean;
}

function rows(view: View, own: BenchmarkFigures | null, group: BenchmarkFigures | undefined): FigureRow[] {
  const t = view.t;
  const row = (label: string, pick: (f: BenchmarkFigures) => Shown, percent: boolean): FigureRow => ({
    label,
    own: own ? pick(own) : undefined,
    group: group ? pick(group) : undefined,
    percent,
  });
  const levels = (own ?? group)?.levelShares.map((l) => l.level) ?? [];
  return [
    row(t('benchmark.per_office_holder'), (f) => f.incidentsPerOfficeHolder, false),
    row(t('benchmark.per_1000_employees'), (f) => f.incidentsPer1000Employees, false),
    ...levels.map((level) =>
      row(
        t('benchmark.level_share', { level: t(`level.${level}`).toLowerCase() }),
        (f) => f.levelShares.find((l) => l.level === level)!.share,
        true,
      ),
    ),
    row(t('benchmark.online_share'), (f) => f.onlineShare, true),
    row(t('benchmark.police_rate'), (f) => f.policeReportRate, true),
    row(t('benchmark.aftercare_on_time'), (f) => f.aftercareOnTime, true),
  ];
}

function shown(view: View, value: Shown | undefined, percent: boolean): string {
  if (value === undefined) return '–';
  if ('suppressed' in value) return view.t('benchmark.suppressed', { below: String(value.below) });
  if (value.value === null) return view.t('benchmark.nothing');
  const number = value.value.toLocaleString(view.lang === 'nl' ? 'nl-NL' : 'en-GB');
  return percent ? view.t('benchmark.percent', { value: number }) : number;
}

function BenchmarkPage({ view, b }: { view: View; b: Benchmark }) {
  const t = view.t;
  const mayChange = view.who !== undefined && peoplePolicy.abilitiesOf(view.who).includes('organisation.settings');
  if (!b.profile.participating) {
    return (
      <Layout view={view} title={t('benchmark.title')}>
        <Paragraph>{t('benchmark.not_participating')}</Paragraph>
        {mayChange && (
          <Paragraph>
            <Link href="/settings/benchmark">{t('benchmark.settings_link')}</Link>
          </Paragraph>
        )}
      </Layout>
    );
  }
  const years = [...new Set([b.year, ...b.years])].sort((x, y) => y - x);
  const kind = t(`benchmark.kind.${b.profile.kind!}` as MessageKey).toLowerCase();
  const size = t(`benchmark.size.${b.profile.sizeClass!}` as MessageKey);
  return (
    <Layout view={view} title={t('benchmark.title')}>
      <Paragraph>{t('benchmark.intro', { kind, size })}</Paragraph>
      <form method="get" action="/insight/benchmark" class="wb-form wb-filters" aria-label={t('benchmark.year')}>
        <div class="wb-field-row">
          <Select
            view={view}
            name="year"
            label={t('benchmark.year')}
            value={String(b.year)}
            errors={{}}
            options={years.map((y) => ({ value: String(y), label: String(y) }))}
          />
        </div>
        <ButtonRow>
          <Button variant="secondary">{t('benchmark.show')}</Button>
        </ButtonRow>
      </form>
      {b.own === null ? (
        <Paragraph>{t('benchmark.not_counted', { year: String(b.year) })}</Paragraph>
      ) : (
        <>
          <Table
            caption={t('benchmark.caption', { year: String(b.year) })}
            columns={[
              { header: t('benchmark.figure'), cell: (r: FigureRow) => r.label, rowHeader: true },
              { header: t('benchmark.own'), cell: (r) => shown(view, r.own, r.percent), numeric: true },
              {
                header: b.group ? t('benchmark.group', { count: String(b.group.organisations) }) : t('benchmark.group_none'),
                cell: (r) => shown(view, r.group, r.percent),
                numeric: true,
              },
            ]}
            rows={rows(view, b.own, b.group?.figures)}
          />
          {!b.group && <Paragraph>{t('benchmark.no_group', { year: String(b.year) })}</Paragraph>}
          {b.computedAt && <Paragraph>{t('benchmark.computed', { when: formatDateTime(b.computedAt, view.lang) })}</Paragraph>}
        </>
      )}
      {mayChange && (
        <Paragraph>
          <Link href="/settings/benchmark">{t('benchmark.settings_link')}</Link>
        </Paragraph>
      )}
    </Layout>
  );
}

/** /insight/benchmark: the security adviser's benchmark of a year (anyone else: 404). */
export function benchmarkPageRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/insight/benchmark',
    query: yearQuery,
    handler: async ({ tx, who, view, query }) => {
      const year = query.year ?? Number(amsterdamToday().slice(0, 4));
      return <BenchmarkPage view={view} b={await benchmarkFor(tx, who, year)} />;
    },
  });
}
