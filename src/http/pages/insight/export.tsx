import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/database.js';
import { requireRole } from '../../../domain/access/access.js';
import { EXPORT_FORMATS, exportSize, type ExportFormat } from '../../../domain/insight/export.js';
import { GROUPS, type InsightFilter } from '../../../domain/insight/insight.js';
import { insightPolicy } from '../../../domain/insight/insight.policy.js';
import { insightFilterSchema } from '../../../domain/insight/insight.schema.js';
import { CHANNELS, LEVELS } from '../../../domain/incident/norm.js';
import { issueFields } from '../../../validation.js';
import {
  Button,
  ButtonRow,
  ErrorSummary,
  Heading,
  Input,
  Layout,
  Link,
  ListItem,
  Paragraph,
  Select,
  UnorderedList,
  type FieldErrors,
} from '../../components/index.js';
import type { View } from '../../components/view.js';
import { incidentExportFile, sendExport } from '../../export/incident-export.js';
import { sendPage } from '../../render.js';
import { pageRoute } from '../../pipeline/page-route.js';
import { filterQuery, rawInsightFilters, type RawInsightFilters } from './filters.js';

const formatDay = (day: string, view: View) =>
  new Intl.DateTimeFormat(view.lang === 'en' ? 'en-GB' : 'nl-NL', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );

function ExportPage({
  view,
  values,
  errors,
  ready,
}: {
  view: View;
  values: RawInsightFilters;
  errors: FieldErrors;
  /** The checked filter and how many incidents it holds; absent while the form has mistakes. */
  ready?: { filter: InsightFilter; count: number };
}) {
  const t = view.t;
  const all = { value: '', label: t('export.all') };
  const link = (format: ExportFormat) => `/insight/export/incidents.${format}?${ready ? filterQuery(ready.filter).toString() : ''}`;
  return (
    <Layout view={view} title={t('export.title')}>
      <Paragraph>{t('export.intro')}</Paragraph>
      <Heading level={2}>{t('export.contains_title')}</Heading>
      <Paragraph>{t('export.contains')}</Paragraph>
      <Paragraph>{t('export.key_explained')}</Paragraph>
      <Heading level={2}>{t('export.excludes_title')}</Heading>
      <Paragraph>{t('export.excludes')}</Paragraph>
      <Paragraph>{t('export.caution')}</Paragraph>

      <Heading level={2} id="export-filter">
        {t('export.filter')}
      </Heading>
      <ErrorSummary view={view} errors={errors} />
      <form method="get" action="/insight/export" class="wb-form wb-filters" aria-labelledby="export-filter">
        <div class="wb-field-row">
          <Input view={view} name="from" type="date" label={t('export.from')} value={values.from} errors={errors} />
          <Input view={view} name="to" type="date" label={t('export.to')} value={values.to} errors={errors} />
          <Select
            view={view}
            name="level"
            label={t('export.level')}
            value={values.level}
            errors={errors}
            options={[all, ...LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))]}
          />
          <Select
            view={view}
            name="channel"
            label={t('export.channel')}
            value={values.channel}
            errors={errors}
            options={[all, ...CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))]}
          />
          <Select
            view={view}
            name="group"
            label={t('export.group')}
            value={values.group}
            errors={errors}
            options={[all, ...GROUPS.map((g) => ({ value: g, label: t(`export.group.${g}`) }))]}
          />
        </div>
        <ButtonRow>
          <Button variant="secondary">{t('export.apply')}</Button>
        </ButtonRow>
      </form>

      {ready && (
        <>
          <Heading level={2}>{t('export.download_title')}</Heading>
          <Paragraph>
            {t('export.summary', {
              from: formatDay(ready.filter.from, view),
              to: formatDay(ready.filter.to, view),
              count: String(ready.count),
            })}
          </Paragraph>
          <UnorderedList>
            <ListItem>
              <Link href={link('csv')}>{t('export.download_csv')}</Link>
            </ListItem>
            <ListItem>
              <Link href={link('xlsx')}>{t('export.download_xlsx')}</Link>
            </ListItem>
          </UnorderedList>
        </>
      )}
      <Paragraph>
        <Link href="/insight">{t('export.back')}</Link>
      </Paragraph>
    </Layout>
  );
}

/** The form shows the period it exports: the one asked for, or this year. */
function valuesOf(raw: RawInsightFilters, filter?: InsightFilter): RawInsightFilters {
  return filter ? { ...raw, from: filter.from, to: filter.to } : raw;
}

/**
 * The export page (`/insight/export`) and its two downloads for cookie sessions: the same use
 * case and file as the API. A period that does not fit brings the page back with its messages.
 */
export function exportPageRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/insight/export',
    query: rawInsightFilters,
    handler: async ({ tx, who, query, view, reply }) => {
      requireRole(insightPolicy, who, 'export');
      const parsed = insightFilterSchema.safeParse(query);
      if (!parsed.success) return sendPage(reply, <ExportPage view={view} values={query} errors={issueFields(parsed.error)} />, 400);
      const count = await exportSize(tx, who, parsed.data);
      return <ExportPage view={view} values={valuesOf(query, parsed.data)} errors={{}} ready={{ filter: parsed.data, count }} />;
    },
  });

  for (const format of EXPORT_FORMATS) {
    pageRoute(app, db, {
      url: `/insight/export/incidents.${format}`,
      query: rawInsightFilters,
      handler: async ({ tx, who, query, view, reply }) => {
        requireRole(insightPolicy, who, 'export');
        const parsed = insightFilterSchema.safeParse(query);
        if (!parsed.success) return sendPage(reply, <ExportPage view={view} values={query} errors={issueFields(parsed.error)} />, 400);
        return sendExport(reply, await incidentExportFile(tx, who, parsed.data, format, view.t));
      },
    });
  }
}
