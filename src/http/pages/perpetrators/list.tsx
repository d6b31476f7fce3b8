import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../db/database.js';
import { PERPETRATOR_KINDS } from '../../../domain/incident/norm.js';
import type { PerpetratorSummary } from '../../../domain/perpetrator/perpetrator.js';
import { perpetratorFilterSchema } from '../../../domain/perpetrator/perpetrator.schema.js';
import { listPerpetrators } from '../../../domain/perpetrator/perpetrator-queries.js';
import { ErrorSummary, Layout, Select, TextField, type FieldErrors } from '../../components/index.js';
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
  return (
    <div class="utrecht-table-container">
      <table class="utrecht-table">
        {caption && <caption class="utrecht-table__caption">{caption}</caption>}
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            <th class="utrecht-table__header-cell" scope="col">
              {t('perpetrators.name')}
            </th>
            <th class="utrecht-table__header-cell" scope="col">
              {t('perpetrators.kind')}
            </th>
            <th class="utrecht-table__header-cell" scope="col">
              {t('perpetrators.aliases')}
            </th>
            <th class="utrecht-table__header-cell" scope="col">
              {t('perpetrators.incidents')}
            </th>
            <th class="utrecht-table__header-cell" scope="col">
              {t('perpetrators.last_incident')}
            </th>
            {action && (
              <th class="utrecht-table__header-cell" scope="col">
                {t('perpetrators.actions')}
              </th>
            )}
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          {perpetrators.map((p) => (
            <tr class="utrecht-table__row">
              <th class="utrecht-table__header-cell" scope="row">
                <a class="utrecht-link" href={`/perpetrators/${p.id}`}>
                  {p.name}
                </a>
              </th>
              <td class="utrecht-table__cell">{t(`perpetrators.kind.${p.kind}`)}</td>
              <td class="utrecht-table__cell">{p.aliases.join(', ') || t('perpetrators.none')}</td>
              <td class="utrecht-table__cell">
                <RepeatBadge view={view} count={p.incidentCount} />
              </td>
              <td class="utrecht-table__cell">{p.lastIncidentAt ? formatDateTime(p.lastIncidentAt, view.lang) : t('perpetrators.none')}</td>
              {action && <td class="utrecht-table__cell">{action(p)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
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
      <p class="utrecht-paragraph">{t('perpetrators.intro')}</p>
      <p class="utrecht-paragraph">{t('perpetrators.confidential')}</p>
      {mayManage(view.who) && (
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href="/perpetrators/new">
            {t('perpetrators.new')}
          </a>
        </p>
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
        <div class="wb-actions">
          <button type="submit" class="utrecht-button utrecht-button--secondary-action">
            {t('perpetrators.search')}
          </button>
        </div>
      </form>
      {perpetrators.length === 0 ? (
        <p class="utrecht-paragraph">{query.q ? t('perpetrators.no_results') : t('perpetrators.empty')}</p>
      ) : (
        <PerpetratorTable view={view} perpetrators={perpetrators} />
      )}
      {next && (
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={`/perpetrators?${nextQuery.toString()}`} rel="next">
            {t('perpetrators.next')}
          </a>
        </p>
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
