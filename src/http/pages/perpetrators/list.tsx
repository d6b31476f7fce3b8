import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/database.js';
import { PERPETRATOR_KINDS } from '../../../domain/incident/norm.js';
import type { PerpetratorSummary } from '../../../domain/perpetrator/perpetrator.js';
import { canPerpetrator } from '../../../domain/perpetrator/perpetrator.policy.js';
import { listPerpetrators } from '../../../domain/perpetrator/perpetrator-queries.js';
import { AppError } from '../../../errors.js';
import { Select } from '../../components/fields.js';
import { ErrorSummary, TextField, type FieldErrors } from '../../components/form.js';
import { Layout } from '../../components/layout.js';
import type { View } from '../../components/view.js';
import { formatDateTime } from '../../i18n/index.js';
import { sendPage } from '../../render.js';
import { pageView, RepeatBadge, requireRegister } from './parts.js';

/** A table of records; `action` renders a per-row control (e.g. "link" on the incident page). */
export function PerpetratorTable({ view, perpetrators, caption, action }: {
  view: View; perpetrators: PerpetratorSummary[]; caption?: string; action?: (p: PerpetratorSummary) => preact.ComponentChildren;
}) {
  const t = view.t;
  return (
    <div class="utrecht-table-container">
      <table class="utrecht-table">
        {caption && <caption class="utrecht-table__caption">{caption}</caption>}
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            <th class="utrecht-table__header-cell" scope="col">{t('perpetrators.name')}</th>
            <th class="utrecht-table__header-cell" scope="col">{t('perpetrators.kind')}</th>
            <th class="utrecht-table__header-cell" scope="col">{t('perpetrators.aliases')}</th>
            <th class="utrecht-table__header-cell" scope="col">{t('perpetrators.incidents')}</th>
            <th class="utrecht-table__header-cell" scope="col">{t('perpetrators.last_incident')}</th>
            {action && <th class="utrecht-table__header-cell" scope="col">{t('perpetrators.actions')}</th>}
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          {perpetrators.map((p) => (
            <tr class="utrecht-table__row">
              <th class="utrecht-table__header-cell" scope="row"><a class="utrecht-link" href={`/perpetrators/${p.id}`}>{p.name}</a></th>
              <td class="utrecht-table__cell">{t(`perpetrators.kind.${p.kind}`)}</td>
              <td class="utrecht-table__cell">{p.aliases.join(', ') || t('perpetrators.none')}</td>
              <td class="utrecht-table__cell"><RepeatBadge view={view} count={p.incidentCount} /></td>
              <td class="utrecht-table__cell">{p.lastIncidentAt ? formatDateTime(p.lastIncidentAt, view.lang) : t('perpetrators.none')}</td>
              {action && <td class="utrecht-table__cell">{action(p)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ListPage({ view, query, perpetrators, next, errors }: { view: View; query: Record<string, string>; perpetrators: PerpetratorSummary[]; next?: string; errors: FieldErrors }) {
  const t = view.t;
  const who = view.who!;
  const nextQuery = new URLSearchParams({ ...(query.kind ? { kind: query.kind } : {}), ...(next ? { after: next } : {}) });
  return (
    <Layout view={view} title={t('perpetrators.title')}>
      <p class="utrecht-paragraph">{t('perpetrators.intro')}</p>
      <p class="utrecht-paragraph">{t('perpetrators.confidential')}</p>
      {canPerpetrator(who, 'perpetrator.manage') && (
        <p class="utrecht-paragraph"><a class="utrecht-link" href="/perpetrators/new">{t('perpetrators.new')}</a></p>
      )}
      <ErrorSummary view={view} errors={errors} />
      <form method="get" action="/perpetrators" class="wb-form wb-filters" role="search" aria-label={t('perpetrators.search')}>
        <div class="wb-field-row">
          <TextField view={view} name="q" label={t('perpetrators.search_label')} hint={t('perpetrators.search_hint')} value={query.q} errors={errors} />
          <Select view={view} name="kind" label={t('perpetrators.kind')} value={query.kind} errors={errors}
            options={[{ value: '', label: t('perpetrators.all_kinds') }, ...PERPETRATOR_KINDS.map((k) => ({ value: k, label: t(`perpetrators.kind.${k}`) }))]} />
        </div>
        <div class="wb-actions"><button type="submit" class="utrecht-button utrecht-button--secondary-action">{t('perpetrators.search')}</button></div>
      </form>
      {perpetrators.length === 0
        ? <p class="utrecht-paragraph">{query.q ? t('perpetrators.no_results') : t('perpetrators.empty')}</p>
        : <PerpetratorTable view={view} perpetrators={perpetrators} />}
      {next && (
        <p class="utrecht-paragraph"><a class="utrecht-link" href={`/perpetrators?${nextQuery.toString()}`} rel="next">{t('perpetrators.next')}</a></p>
      )}
    </Layout>
  );
}

export function perpetratorListRoutes(app: FastifyInstance, db: Db) {
  app.get('/perpetrators', async (request, reply) => {
    const who = requireRegister(request, 'perpetrator.read');
    const raw = request.query as Record<string, unknown>;
    const query: Record<string, string> = {};
    for (const name of ['q', 'kind', 'after'] as const) {
      const value = raw[name];
      if (typeof value === 'string' && value.trim() !== '') query[name] = value;
    }
    try {
      const page = await listPerpetrators(db, who, query);
      return sendPage(reply, <ListPage view={pageView(request)} query={query} perpetrators={page.data} next={page.next} errors={{}} />);
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 400) throw error;
      return sendPage(reply, <ListPage view={pageView(request)} query={query} perpetrators={[]} errors={error.fields} />, 400);
    }
  });
}
