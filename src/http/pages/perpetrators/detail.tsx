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
import {
  Alert,
  Button,
  ButtonRow,
  DataList,
  DataRow,
  Form,
  Heading,
  Layout,
  Link,
  ListItem,
  Paragraph,
  Table,
  TextField,
  UnorderedList,
} from '../../components/index.js';
import type { View } from '../../components/view.js';
import { redirect } from '../../context.js';
import { formatDateTime } from '../../i18n/index.js';
import { idParams } from '../../pipeline/api-route.js';
import { formRoute, pageRoute } from '../../pipeline/page-route.js';
import { PerpetratorTable } from './list.js';
import { formatDate, mayManage, reasonText, RepeatBadge, refusalAsRedirect, requireRegister } from './parts.js';
import { viewOf } from '../../render.js';

function Identifiers({ view, history }: { view: View; history: PerpetratorHistory }) {
  const t = view.t;
  const p = history.perpetrator;
  const none = t('perpetrators.none');
  const list = (values: string[]) =>
    values.length === 0 ? (
      none
    ) : (
      <UnorderedList>
        {values.map((v) => (
          <ListItem>{v}</ListItem>
        ))}
      </UnorderedList>
    );
  return (
    <DataList>
      <DataRow label={t('perpetrators.kind')}>{t(`perpetrators.kind.${p.kind}`)}</DataRow>
      <DataRow label={t('perpetrators.aliases')}>{list(p.aliases)}</DataRow>
      <DataRow label={t('perpetrators.date_of_birth')}>{p.dateOfBirth ? formatDate(p.dateOfBirth, view.lang) : none}</DataRow>
      <DataRow label={t('perpetrators.address')} keepLineBreaks>
        {p.address ?? none}
      </DataRow>
      <DataRow label={t('perpetrators.emails')}>{list(p.emails)}</DataRow>
      <DataRow label={t('perpetrators.phones')}>{list(p.phones)}</DataRow>
      <DataRow label={t('perpetrators.accounts')}>{list(p.socialAccounts)}</DataRow>
      <DataRow label={t('perpetrators.notes')} keepLineBreaks>
        {p.notes ?? none}
      </DataRow>
      <DataRow label={t('perpetrators.registered')}>{formatDateTime(p.createdAt, view.lang)}</DataRow>
    </DataList>
  );
}

/** First or repeated, and against whom: what the choice of a measure starts with. */
function RepeatSummary({ view, history }: { view: View; history: PerpetratorHistory }) {
  const t = view.t;
  const count = history.incidents.length;
  const against = (group: 'office_holder' | 'employee') => String(history.incidents.filter((i) => i.against.includes(group)).length);
  return (
    // Not a live region: it is part of the page, not news; a notice after saving is the page's one status.
    <Alert type={count > 1 ? 'warning' : 'info'}>
      <Paragraph>
        <strong>
          <RepeatBadge view={view} count={count} />
        </strong>{' '}
        {count > 0 && t('perpetrators.against_summary', { officeHolders: against('office_holder'), employees: against('employee') })}
      </Paragraph>
    </Alert>
  );
}

type HistoryIncident = PerpetratorHistory['incidents'][number];
type HistoryMeasure = PerpetratorHistory['measures'][number];

function Incidents({ view, history }: { view: View; history: PerpetratorHistory }) {
  const t = view.t;
  return (
    <Table<HistoryIncident>
      caption={t('perpetrators.incidents_title')}
      captionHidden
      rows={history.incidents}
      empty={t('perpetrators.no_incidents')}
      columns={[
        {
          header: t('perpetrators.ordinal_header'),
          cell: (i) => t(i.ordinal === 1 ? 'perpetrators.ordinal_first' : 'perpetrators.ordinal', { n: String(i.ordinal) }),
        },
        {
          header: t('perpetrators.incident'),
          rowHeader: true,
          // Only incidents the viewer may open are links; the others are listed, not shown.
          cell: (i) =>
            canIncident(i.viewerAccess, 'view') ? <Link href={`/incidents/${i.id}`}>{incidentReference(i)}</Link> : incidentReference(i),
        },
        { header: t('perpetrators.occurred'), cell: (i) => formatDateTime(i.occurredAt, view.lang) },
        { header: t('perpetrators.level'), cell: (i) => t(`level.${i.level}`) },
        {
          header: t('perpetrators.against'),
          cell: (i) => i.against.map((g) => t(`perpetrators.against.${g}`)).join(', ') || t('perpetrators.none'),
        },
        { header: t('perpetrators.status'), cell: (i) => t(`status.${i.status}`) },
      ]}
    />
  );
}

function Measures({ view, history }: { view: View; history: PerpetratorHistory }) {
  const t = view.t;
  const none = t('perpetrators.none');
  const date = (d: string | null) => (d ? formatDate(d, view.lang) : none);
  return (
    <Table<HistoryMeasure>
      caption={t('perpetrators.measures_title')}
      captionHidden
      rows={history.measures}
      empty={t('perpetrators.no_measures')}
      columns={[
        { header: t('perpetrators.measure'), rowHeader: true, cell: (m) => t(`perpetrators.measure_kind.${m.kind}`) },
        { header: t('perpetrators.incident'), cell: (m) => incidentReference({ number: m.incidentNumber }) },
        { header: t('perpetrators.measure_state'), cell: (m) => t(`perpetrators.measure_state.${m.state}`) },
        { header: t('perpetrators.measure_proposed'), cell: (m) => formatDateTime(m.proposedAt, view.lang) },
        { header: t('perpetrators.measure_decided'), cell: (m) => (m.decidedAt ? formatDateTime(m.decidedAt, view.lang) : none) },
        {
          header: t('perpetrators.measure_period'),
          cell: (m) => (m.startsOn || m.endsOn ? `${date(m.startsOn)} – ${date(m.endsOn)}` : none),
        },
      ]}
    />
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
    <Link href={`/perpetrators/${id}/merge?duplicateId=${other.id}`}>{t('perpetrators.merge_this', { name: other.name })}</Link>
  );
  return (
    <section aria-labelledby="merge-heading">
      <Heading level={2} id="merge-heading">
        {t('perpetrators.merge_title')}
      </Heading>
      <Paragraph>{t('perpetrators.merge_intro')}</Paragraph>
      {history.possibleDuplicates.length > 0 && (
        <>
          <Heading level={3}>{t('perpetrators.possible_duplicates')}</Heading>
          <UnorderedList>
            {history.possibleDuplicates.map((d) => (
              <ListItem>
                <Link href={`/perpetrators/${d.perpetrator.id}`}>{d.perpetrator.name}</Link> — {reasonText(view, d.reasons, d.score)}{' '}
                <RepeatBadge view={view} count={d.perpetrator.incidentCount} /> — {mergeLink(d.perpetrator)}
              </ListItem>
            ))}
          </UnorderedList>
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
        <ButtonRow>
          <Button variant="secondary">{t('perpetrators.search')}</Button>
        </ButtonRow>
      </form>
      {results &&
        (results.length === 0 ? (
          <Paragraph>{t('perpetrators.no_results')}</Paragraph>
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
      <Paragraph>
        <Link href="/perpetrators">{t('perpetrators.back_to_list')}</Link>
      </Paragraph>
      {p.mergedInto && (
        <Alert type="warning">
          <Paragraph>
            {t('perpetrators.merged_notice')} <Link href={`/perpetrators/${p.mergedInto}`}>{t('perpetrators.merged_go')}</Link>
          </Paragraph>
        </Alert>
      )}
      {!p.mergedInto && <RepeatSummary view={view} history={history} />}
      <Paragraph>{t('perpetrators.confidential')}</Paragraph>
      <Heading level={2}>{t('perpetrators.data')}</Heading>
      <Identifiers view={view} history={history} />
      {manage && (
        <Paragraph>
          <Link href={`/perpetrators/${p.id}/edit`}>{t('perpetrators.edit')}</Link>
        </Paragraph>
      )}

      <section aria-labelledby="incidents-heading">
        <Heading level={2} id="incidents-heading">
          {t('perpetrators.incidents_title')}
        </Heading>
        <Paragraph>{t('perpetrators.incidents_intro')}</Paragraph>
        <Incidents view={view} history={history} />
      </section>

      <section aria-labelledby="measures-heading">
        <Heading level={2} id="measures-heading">
          {t('perpetrators.measures_title')}
        </Heading>
        <Measures view={view} history={history} />
      </section>

      {history.mergedFrom.length > 0 && (
        <section aria-labelledby="merged-heading">
          <Heading level={2} id="merged-heading">
            {t('perpetrators.merged_from')}
          </Heading>
          <UnorderedList>
            {history.mergedFrom.map((m) => (
              <ListItem>
                <Link href={`/perpetrators/${m.id}`}>{m.name}</Link>
              </ListItem>
            ))}
          </UnorderedList>
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
      <Heading level={2}>
        {heading}: {history.perpetrator.name}
      </Heading>
      <Paragraph>
        <RepeatBadge view={view} count={history.incidents.length} />
      </Paragraph>
      <Identifiers view={view} history={history} />
      <Paragraph>{t('perpetrators.merge_measures', { count: String(history.measures.length) })}</Paragraph>
    </section>
  );
}

function MergePage({ view, kept, duplicate }: { view: View; kept: PerpetratorHistory; duplicate: PerpetratorHistory }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('perpetrators.merge_confirm_title')}>
      <Paragraph>{t('perpetrators.merge_confirm_intro', { kept: kept.perpetrator.name, duplicate: duplicate.perpetrator.name })}</Paragraph>
      <Side view={view} history={kept} heading={t('perpetrators.merge_kept')} />
      <Side view={view} history={duplicate} heading={t('perpetrators.merge_duplicate')} />
      <Form view={view} action={`/perpetrators/${kept.perpetrator.id}/merge`}>
        <input type="hidden" name="duplicateId" value={duplicate.perpetrator.id} />
        <ButtonRow>
          <Button variant="primary">{t('perpetrators.merge_submit')}</Button>
          <Link href={`/perpetrators/${kept.perpetrator.id}`}>{t('perpetrators.cancel')}</Link>
        </ButtonRow>
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
