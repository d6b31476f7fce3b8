import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isUuid, parse } from '../../../validation.js';
import type { Db } from '../../../db/database.js';
import { incidentReference } from '../../../domain/incident/incident.js';
import { canIncident } from '../../../domain/incident/incident.policy.js';
import { mergePerpetrators } from '../../../domain/perpetrator/merge-perpetrators.js';
import type { PerpetratorHistory, PerpetratorSummary } from '../../../domain/perpetrator/perpetrator.js';
import { getPerpetrator, listPerpetrators } from '../../../domain/perpetrator/perpetrator-queries.js';
import { mergeSchema } from '../../../domain/perpetrator/perpetrator.schema.js';
import { Form, Layout, TextField } from '../../components/index.js';
import type { View } from '../../components/view.js';
import { redirect } from '../../context.js';
import { formatDateTime } from '../../i18n/index.js';
import { idParams } from '../../pipeline/api-route.js';
import { formRoute, pageRoute } from '../../pipeline/page-route.js';
import { PerpetratorTable } from './list.js';
import { formatDate, mayManage, reasonText, RepeatBadge, refusalAsRedirect, requireRegister, Row } from './parts.js';
import { viewOf } from '../../render.js';

function Identifiers({ view, history }: { view: View; history: PerpetratorHistory }) {
  const t = view.t;
  const p = history.perpetrator;
  const none = t('perpetrators.none');
  const list = (values: string[]) =>
    values.length === 0 ? (
      none
    ) : (
      <ul class="utrecht-unordered-list">
        {values.map((v) => (
          <li class="utrecht-unordered-list__item">{v}</li>
        ))}
      </ul>
    );
  return (
    <dl class="utrecht-data-list">
      <Row label={t('perpetrators.kind')}>{t(`perpetrators.kind.${p.kind}`)}</Row>
      <Row label={t('perpetrators.aliases')}>{list(p.aliases)}</Row>
      <Row label={t('perpetrators.date_of_birth')}>{p.dateOfBirth ? formatDate(p.dateOfBirth, view.lang) : none}</Row>
      <Row label={t('perpetrators.address')}>
        <span class="wb-pre">{p.address ?? none}</span>
      </Row>
      <Row label={t('perpetrators.emails')}>{list(p.emails)}</Row>
      <Row label={t('perpetrators.phones')}>{list(p.phones)}</Row>
      <Row label={t('perpetrators.accounts')}>{list(p.socialAccounts)}</Row>
      <Row label={t('perpetrators.notes')}>
        <span class="wb-pre">{p.notes ?? none}</span>
      </Row>
      <Row label={t('perpetrators.registered')}>{formatDateTime(p.createdAt, view.lang)}</Row>
    </dl>
  );
}

/** First or repeated, and against whom: what the choice of a measure starts with. */
function RepeatSummary({ view, history }: { view: View; history: PerpetratorHistory }) {
  const t = view.t;
  const count = history.incidents.length;
  const against = (group: 'office_holder' | 'employee') => String(history.incidents.filter((i) => i.against.includes(group)).length);
  return (
    // Not a live region: it is part of the page, not news; a notice after saving is the page's one status.
    <div class={`utrecht-alert ${count > 1 ? 'utrecht-alert--warning' : 'utrecht-alert--info'}`}>
      <p class="utrecht-paragraph">
        <strong>
          <RepeatBadge view={view} count={count} />
        </strong>{' '}
        {count > 0 && t('perpetrators.against_summary', { officeHolders: against('office_holder'), employees: against('employee') })}
      </p>
    </div>
  );
}

function Incidents({ view, history }: { view: View; history: PerpetratorHistory }) {
  const t = view.t;
  if (history.incidents.length === 0) return <p class="utrecht-paragraph">{t('perpetrators.no_incidents')}</p>;
  return (
    <div class="utrecht-table-container">
      <table class="utrecht-table">
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            <th class="utrecht-table__header-cell" scope="col">
              {t('perpetrators.ordinal_header')}
            </th>
            <th class="utrecht-table__header-cell" scope="col">
              {t('perpetrators.incident')}
            </th>
            <th class="utrecht-table__header-cell" scope="col">
              {t('perpetrators.occurred')}
            </th>
            <th class="utrecht-table__header-cell" scope="col">
              {t('perpetrators.level')}
            </th>
            <th class="utrecht-table__header-cell" scope="col">
              {t('perpetrators.against')}
            </th>
            <th class="utrecht-table__header-cell" scope="col">
              {t('perpetrators.status')}
            </th>
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          {history.incidents.map((i) => (
            <tr class="utrecht-table__row">
              <td class="utrecht-table__cell">
                {t(i.ordinal === 1 ? 'perpetrators.ordinal_first' : 'perpetrators.ordinal', { n: String(i.ordinal) })}
              </td>
              <th class="utrecht-table__header-cell" scope="row">
                {/* Only incidents the viewer may open are links; the others are listed, not shown. */}
                {canIncident(i.viewerAccess, 'view') ? (
                  <a class="utrecht-link" href={`/incidents/${i.id}`}>
                    {incidentReference(i)}
                  </a>
                ) : (
                  incidentReference(i)
                )}
              </th>
              <td class="utrecht-table__cell">{formatDateTime(i.occurredAt, view.lang)}</td>
              <td class="utrecht-table__cell">{t(`level.${i.level}`)}</td>
              <td class="utrecht-table__cell">
                {i.against.map((g) => t(`perpetrators.against.${g}`)).join(', ') || t('perpetrators.none')}
              </td>
              <td class="utrecht-table__cell">{t(`status.${i.status}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Measures({ view, history }: { view: View; history: PerpetratorHistory }) {
  const t = view.t;
  const none = t('perpetrators.none');
  const date = (d: string | null) => (d ? formatDate(d, view.lang) : none);
  if (history.measures.length === 0) return <p class="utrecht-paragraph">{t('perpetrators.no_measures')}</p>;
  return (
    <div class="utrecht-table-container">
      <table class="utrecht-table">
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            <th class="utrecht-table__header-cell" scope="col">
              {t('perpetrators.measure')}
            </th>
            <th class="utrecht-table__header-cell" scope="col">
              {t('perpetrators.incident')}
            </th>
            <th class="utrecht-table__header-cell" scope="col">
              {t('perpetrators.measure_state')}
            </th>
            <th class="utrecht-table__header-cell" scope="col">
              {t('perpetrators.measure_proposed')}
            </th>
            <th class="utrecht-table__header-cell" scope="col">
              {t('perpetrators.measure_decided')}
            </th>
            <th class="utrecht-table__header-cell" scope="col">
              {t('perpetrators.measure_period')}
            </th>
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          {history.measures.map((m) => (
            <tr class="utrecht-table__row">
              <th class="utrecht-table__header-cell" scope="row">
                {t(`perpetrators.measure_kind.${m.kind}`)}
              </th>
              <td class="utrecht-table__cell">{incidentReference({ number: m.incidentNumber })}</td>
              <td class="utrecht-table__cell">{t(`perpetrators.measure_state.${m.state}`)}</td>
              <td class="utrecht-table__cell">{formatDateTime(m.proposedAt, view.lang)}</td>
              <td class="utrecht-table__cell">{m.decidedAt ? formatDateTime(m.decidedAt, view.lang) : none}</td>
              <td class="utrecht-table__cell">{m.startsOn || m.endsOn ? `${date(m.startsOn)} – ${date(m.endsOn)}` : none}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MergeSection({
  view,
  history,
  mergeQuery,
  results,
}: {
  view: View;
  history: PerpetratorHistory;
  mergeQuery: string;
  results?: PerpetratorSummary[];
}) {
  const t = view.t;
  const id = history.perpetrator.id;
  const mergeLink = (other: PerpetratorSummary) => (
    <a class="utrecht-link" href={`/perpetrators/${id}/merge?duplicateId=${other.id}`}>
      {t('perpetrators.merge_this', { name: other.name })}
    </a>
  );
  return (
    <section aria-labelledby="merge-heading">
      <h2 class="utrecht-heading-2" id="merge-heading">
        {t('perpetrators.merge_title')}
      </h2>
      <p class="utrecht-paragraph">{t('perpetrators.merge_intro')}</p>
      {history.possibleDuplicates.length > 0 && (
        <>
          <h3 class="utrecht-heading-3">{t('perpetrators.possible_duplicates')}</h3>
          <ul class="utrecht-unordered-list">
            {history.possibleDuplicates.map((d) => (
              <li class="utrecht-unordered-list__item">
                <a class="utrecht-link" href={`/perpetrators/${d.perpetrator.id}`}>
                  {d.perpetrator.name}
                </a>{' '}
                — {reasonText(view, d.reasons, d.score)} <RepeatBadge view={view} count={d.perpetrator.incidentCount} /> —{' '}
                {mergeLink(d.perpetrator)}
              </li>
            ))}
          </ul>
        </>
      )}
      <form method="get" action={`/perpetrators/${id}`} class="wb-form" role="search" aria-label={t('perpetrators.merge_search')}>
        <TextField
          view={view}
          name="mergeQuery"
          label={t('perpetrators.merge_search')}
          hint={t('perpetrators.search_hint')}
          value={mergeQuery}
          errors={{}}
        />
        <div class="wb-actions">
          <button type="submit" class="utrecht-button utrecht-button--secondary-action">
            {t('perpetrators.search')}
          </button>
        </div>
      </form>
      {results &&
        (results.length === 0 ? (
          <p class="utrecht-paragraph">{t('perpetrators.no_results')}</p>
        ) : (
          <PerpetratorTable view={view} perpetrators={results} action={mergeLink} />
        ))}
    </section>
  );
}

function DetailPage({
  view,
  history,
  mergeQuery,
  results,
}: {
  view: View;
  history: PerpetratorHistory;
  mergeQuery: string;
  results?: PerpetratorSummary[];
}) {
  const t = view.t;
  const p = history.perpetrator;
  const manage = mayManage(view.who) && !p.mergedInto;
  return (
    <Layout view={view} title={p.name}>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/perpetrators">
          {t('perpetrators.back_to_list')}
        </a>
      </p>
      {p.mergedInto && (
        <div class="utrecht-alert utrecht-alert--warning">
          <p class="utrecht-paragraph">
            {t('perpetrators.merged_notice')}{' '}
            <a class="utrecht-link" href={`/perpetrators/${p.mergedInto}`}>
              {t('perpetrators.merged_go')}
            </a>
          </p>
        </div>
      )}
      {!p.mergedInto && <RepeatSummary view={view} history={history} />}
      <p class="utrecht-paragraph">{t('perpetrators.confidential')}</p>
      <h2 class="utrecht-heading-2">{t('perpetrators.data')}</h2>
      <Identifiers view={view} history={history} />
      {manage && (
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={`/perpetrators/${p.id}/edit`}>
            {t('perpetrators.edit')}
          </a>
        </p>
      )}

      <section aria-labelledby="incidents-heading">
        <h2 class="utrecht-heading-2" id="incidents-heading">
          {t('perpetrators.incidents_title')}
        </h2>
        <p class="utrecht-paragraph">{t('perpetrators.incidents_intro')}</p>
        <Incidents view={view} history={history} />
      </section>

      <section aria-labelledby="measures-heading">
        <h2 class="utrecht-heading-2" id="measures-heading">
          {t('perpetrators.measures_title')}
        </h2>
        <Measures view={view} history={history} />
      </section>

      {history.mergedFrom.length > 0 && (
        <section aria-labelledby="merged-heading">
          <h2 class="utrecht-heading-2" id="merged-heading">
            {t('perpetrators.merged_from')}
          </h2>
          <ul class="utrecht-unordered-list">
            {history.mergedFrom.map((m) => (
              <li class="utrecht-unordered-list__item">
                <a class="utrecht-link" href={`/perpetrators/${m.id}`}>
                  {m.name}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}

      {manage && <MergeSection view={view} history={history} mergeQuery={mergeQuery} results={results} />}
    </Layout>
  );
}

function Side({ view, history, heading }: { view: View; history: PerpetratorHistory; heading: string }) {
  const t = view.t;
  return (
    <section aria-label={heading}>
      <h2 class="utrecht-heading-2">
        {heading}: {history.perpetrator.name}
      </h2>
      <p class="utrecht-paragraph">
        <RepeatBadge view={view} count={history.incidents.length} />
      </p>
      <Identifiers view={view} history={history} />
      <p class="utrecht-paragraph">{t('perpetrators.merge_measures', { count: String(history.measures.length) })}</p>
    </section>
  );
}

function MergePage({ view, kept, duplicate }: { view: View; kept: PerpetratorHistory; duplicate: PerpetratorHistory }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('perpetrators.merge_confirm_title')}>
      <p class="utrecht-paragraph">
        {t('perpetrators.merge_confirm_intro', { kept: kept.perpetrator.name, duplicate: duplicate.perpetrator.name })}
      </p>
      <Side view={view} history={kept} heading={t('perpetrators.merge_kept')} />
      <Side view={view} history={duplicate} heading={t('perpetrators.merge_duplicate')} />
      <Form view={view} action={`/perpetrators/${kept.perpetrator.id}/merge`}>
        <input type="hidden" name="duplicateId" value={duplicate.perpetrator.id} />
        <div class="wb-actions wb-button-row">
          <button type="submit" class="utrecht-button utrecht-button--primary-action">
            {t('perpetrators.merge_submit')}
          </button>
          <a class="utrecht-link" href={`/perpetrators/${kept.perpetrator.id}`}>
            {t('perpetrators.cancel')}
          </a>
        </div>
      </Form>
    </Layout>
  );
}

export function perpetratorDetailRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/perpetrators/:id',
    params: idParams,
    query: z.object({ mergeQuery: z.string().optional() }),
    handler: async ({ tx, who, request, params, query }) => {
      const history = await getPerpetrator(tx, requireRegister(who, 'perpetrator.read'), params.id);
      const mergeQuery = (query.mergeQuery ?? '').trim().slice(0, 300);
      const searching = mergeQuery !== '' && mayManage(who) && !history.perpetrator.mergedInto;
      const results = searching
        ? (await listPerpetrators(tx, who, { q: mergeQuery, limit: 20 })).data.filter((p) => p.id !== history.perpetrator.id)
        : undefined;
      return <DetailPage view={viewOf(request)} history={history} mergeQuery={mergeQuery} results={results} />;
    },
  });

  pageRoute(app, db, {
    url: '/perpetrators/:id/merge',
    params: idParams,
    query: z.object({ duplicateId: z.string().optional() }),
    handler: async ({ tx, who, request, reply, params, query }) => {
      const kept = await getPerpetrator(tx, requireRegister(who, 'perpetrator.manage'), params.id);
      const duplicateId = query.duplicateId;
      if (duplicateId === undefined || !isUuid(duplicateId) || duplicateId.toLowerCase() === kept.perpetrator.id) {
        return redirect(reply, `/perpetrators/${kept.perpetrator.id}?error=error.perpetrator_merge_same`);
      }
      const duplicate = await getPerpetrator(tx, who, duplicateId);
      if (kept.perpetrator.mergedInto || duplicate.perpetrator.mergedInto)
        return redirect(reply, `/perpetrators/${kept.perpetrator.id}?error=error.perpetrator_merged`);
      return <MergePage view={viewOf(request)} kept={kept} duplicate={duplicate} />;
    },
  });

  // 404 stays 404; a wrong or already merged choice goes back to the record with the reason.
  formRoute(app, db, {
    url: '/perpetrators/:id/merge',
    params: idParams,
    form: z.object({ duplicateId: z.string().optional() }),
    command: ({ tx, who, params, form }) => {
      requireRegister(who, 'perpetrator.manage');
      const back = `/perpetrators/${params.id}`;
      return refusalAsRedirect(
        back,
        () => mergePerpetrators(tx, who, params.id, parse(mergeSchema, { duplicateId: form.duplicateId ?? '' })),
        `${back}?notice=perpetrators.merged`,
      );
    },
    render: async ({ tx, who, request, params }) => (
      <DetailPage view={viewOf(request)} history={await getPerpetrator(tx, who, params.id)} mergeQuery="" />
    ),
  });
}
