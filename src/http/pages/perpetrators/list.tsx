import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../db/database.js';
import { PERPETRATOR_KINDS } from '../../../domain/incident/norm.js';
import type { PerpetratorSummary } from '../../../domain/perpetrator/perpetrator.js';
import { perpetratorFilterSchema } from '../../../domain/perpetrator/perpetrator.schema.js';
import { listPerpetrators } from '../../../domain/perpetrator/perpetrator-queries.js';
import {
  Button,
  ButtonRow,
  ErrorSummary,
  Layout,
  Link,
  Paragraph,
  Select,
  Table,
  TextField,
  type FieldErrors,
  type TableColumn,
} from '../../components/index.js';
import type { View } from '../../components/view.js';
import { formatDateTime } from '../../i18n/index.js';
import { pageRoute } from '../../pipeline/page-route.js';
import { issueFields } from '../../../validation.js';
import { sendPage, viewOf } from '../../render.js';
import { mayManage, RepeatBadge, requireRegister } from './parts.js';

/** A table of records; `action` renders a per-row control (e.g. "link" on the incident page). */
export function PerpetratorTable({
  view,
  perpetrators,
  caption,
  action,
}: {
  view: View;
  perpetrators: PerpetratorSummary[];
  caption?: string;
  action?: (p: PerpetratorSummary) => preact.ComponentChildren;
}) {
  const t = view.t;
  const columns: TableColumn<PerpetratorSummary>[] = [
    { header: t('perpetrators.name'), rowHeader: true, cell: (p) => <Link href={`/perpetrators/${p.id}`}>{p.name}</Link> },
    { header: t('perpetrators.kind'), cell: (p) => t(`perpetrators.kind.${p.kind}`) },
    { header: t('perpetrators.aliases'), cell: (p) => p.aliases.join(', ') || t('perpetrators.none') },
    { header: t('perpetrators.incidents'), cell: (p) => <RepeatBadge view={view} count={p.incidentCount} /> },
    {
      header: t('perpetrators.last_incident'),
      cell: (p) => (p.lastIncidentAt ? formatDateTime(p.lastIncidentAt, view.lang) : t('perpetrators.none')),
    },
  ];
  if (action) columns.push({ header: t('perpetrators.actions'), cell: action });
  // Without a caption of its own the table is named (not shown) after the register.
  return <Table caption={caption ?? t('perpetrators.title')} captionHidden={!caption} columns={columns} rows={perpetrators} />;
}

function ListPage({
  view,
  query,
  perpetrators,
  next,
  errors,
}: {
  view: View;
  query: Record<string, string>;
  perpetrators: PerpetratorSummary[];
  next?: string;
  errors: FieldErrors;
}) {
  const t = view.t;
  const nextQuery = new URLSearchParams({ ...(query.kind ? { kind: query.kind } : {}), ...(next ? { after: next } : {}) });
  return (
    <Layout view={view} title={t('perpetrators.title')}>
      <Paragraph>{t('perpetrators.intro')}</Paragraph>
      <Paragraph>{t('perpetrators.confidential')}</Paragraph>
      {mayManage(view.who) && (
        <Paragraph>
          <Link href="/perpetrators/new">{t('perpetrators.new')}</Link>
        </Paragraph>
      )}
      <ErrorSummary view={view} errors={errors} />
      <form method="get" action="/perpetrators" class="wb-form wb-filters" role="search" aria-label={t('perpetrators.search')}>
        <div class="wb-field-row">
          <TextField
            view={view}
            name="q"
            label={t('perpetrators.search_label')}
            hint={t('perpetrators.search_hint')}
            value={query.q}
            errors={errors}
          />
          <Select
            view={view}
            name="kind"
            label={t('perpetrators.kind')}
            value={query.kind}
            errors={errors}
            options={[
              { value: '', label: t('perpetrators.all_kinds') },
              ...PERPETRATOR_KINDS.map((k) => ({ value: k, label: t(`perpetrators.kind.${k}`) })),
            ]}
          />
        </div>
        <ButtonRow>
          <Button variant="secondary">{t('perpetrators.search')}</Button>
        </ButtonRow>
      </form>
      {perpetrators.length === 0 ? (
        <Paragraph>{query.q ? t('perpetrators.no_results') : t('perpetrators.empty')}</Paragraph>
      ) : (
        <PerpetratorTable view={view} perpetrators={perpetrators} />
      )}
      {next && (
        <Paragraph>
          <Link href={`/perpetrators?${nextQuery.toString()}`} rel="next">
            {t('perpetrators.next')}
          </Link>
        </Paragraph>
      )}
    </Layout>
  );
}

const rawFilter = z.object({ q: z.string().optional(), kind: z.string().optional(), after: z.string().optional() });

export function perpetratorListRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/perpetrators',
    query: rawFilter,
    handler: async ({ tx, who, request, reply, query: raw }) => {
      requireRegister(who, 'perpetrator.read');
      const query: Record<string, string> = {};
      for (const name of ['q', 'kind', 'after'] as const) {
        const value = raw[name];
        if (value !== undefined && value.trim() !== '') query[name] = value;
      }
      // A filter that does not fit (a kind that does not exist) is said at its field, with 400.
      const filter = perpetratorFilterSchema.safeParse(query);
      if (!filter.success)
        return sendPage(reply, <ListPage view={viewOf(request)} query={query} perpetrators={[]} errors={issueFields(filter.error)} />, 400);
      const page = await listPerpetrators(tx, who, filter.data);
      return <ListPage view={viewOf(request)} query={query} perpetrators={page.data} next={page.next} errors={{}} />;
    },
  });
}
