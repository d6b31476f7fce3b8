import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db, Tx } from '../../../db/database.js';
import type { SignedIn } from '../../../domain/auth/session.js';
import { incidentReference } from '../../../domain/incident/incident.js';
import { linkPerpetrator, unlinkPerpetrator } from '../../../domain/perpetrator/link-perpetrator.js';
import type { PerpetratorSummary } from '../../../domain/perpetrator/perpetrator.js';
import { getIncidentPerpetrators, type IncidentPerpetrators } from '../../../domain/perpetrator/perpetrator-queries.js';
import { linkSchema } from '../../../domain/perpetrator/perpetrator.schema.js';
import { parse } from '../../../validation.js';
import { Button, ButtonRow, Heading, Layout, Link, ListItem, Paragraph, TextField, UnorderedList } from '../../components/index.js';
import type { View } from '../../components/view.js';
import { idParams } from '../../pipeline/api-route.js';
import { formRoute, pageRoute } from '../../pipeline/page-route.js';
import { PerpetratorTable } from './list.js';
import { identifierText, mayManage, PostButton, reasonText, RepeatBadge, refusalAsRedirect, requireRegister } from './parts.js';
import { viewOf } from '../../render.js';

function LinkPage({ view, data, q }: { view: View; data: IncidentPerpetrators; q: string }) {
  const t = view.t;
  const incident = data.incident;
  const path = `/incidents/${incident.id}/perpetrators`;
  const manage = mayManage(view.who);
  const reference = incidentReference(incident);
  const linkButton = (p: PerpetratorSummary) =>
    manage ? (
      <PostButton
        view={view}
        action={`${path}/link`}
        name="perpetratorId"
        value={p.id}
        label={t('perpetrators.link_this', { name: p.name })}
      />
    ) : null;
  const reported = incident.perpetrator;
  return (
    <Layout view={view} title={t('perpetrators.incident_title', { reference })}>
      <Paragraph>
        <Link href={`/incidents/${incident.id}`}>{t('perpetrators.back_to_incident', { reference })}</Link>
      </Paragraph>
      <Paragraph>{t('perpetrators.confidential')}</Paragraph>

      <section aria-labelledby="reported-heading">
        <Heading level={2} id="reported-heading">
          {t('perpetrators.reported_title')}
        </Heading>
        <Paragraph>
          {reported
            ? [t(`perpetrators.kind.${reported.kind}`), reported.name, reported.details].filter(Boolean).join(' — ')
            : t('perpetrators.reported_none')}
        </Paragraph>
      </section>

      <section aria-labelledby="linked-heading">
        <Heading level={2} id="linked-heading">
          {t('perpetrators.linked_title')}
        </Heading>
        {data.linked.length === 0 ? (
          <Paragraph>{t('perpetrators.linked_none')}</Paragraph>
        ) : (
          <PerpetratorTable
            view={view}
            perpetrators={data.linked}
            action={
              manage
                ? (p) => (
                    <PostButton view={view} action={`${path}/${p.id}/unlink`} label={t('perpetrators.unlink_this', { name: p.name })} />
                  )
                : undefined
            }
          />
        )}
      </section>

      <section aria-labelledby="suggestions-heading">
        <Heading level={2} id="suggestions-heading">
          {t('perpetrators.suggestions_title')}
        </Heading>
        <Paragraph>{t('perpetrators.suggestions_intro')}</Paragraph>
        {data.suggestions.length === 0 ? (
          <Paragraph>{t('perpetrators.suggestions_none')}</Paragraph>
        ) : (
          <UnorderedList>
            {data.suggestions.map((s) => (
              <ListItem>
                <Link href={`/perpetrators/${s.perpetrator.id}`}>{s.perpetrator.name}</Link> — {reasonText(view, s.reasons, s.score)}{' '}
                <RepeatBadge view={view} count={s.perpetrator.incidentCount} />
                <br />
                {identifierText(view, s.perpetrator)}
                {manage && <div>{linkButton(s.perpetrator)}</div>}
              </ListItem>
            ))}
          </UnorderedList>
        )}
      </section>

      <section aria-labelledby="search-heading">
        <Heading level={2} id="search-heading">
          {t('perpetrators.search_other')}
        </Heading>
        <form method="get" action={path} class="wb-form" role="search" aria-labelledby="search-heading">
          <TextField
            view={view}
            name="q"
            label={t('perpetrators.search_label')}
            hint={t('perpetrators.search_hint')}
            value={q}
            errors={{}}
          />
          <ButtonRow>
            <Button variant="secondary">{t('perpetrators.search')}</Button>
          </ButtonRow>
        </form>
        {data.results &&
          (data.results.length === 0 ? (
            <Paragraph>{t('perpetrators.no_results')}</Paragraph>
          ) : (
            <PerpetratorTable view={view} perpetrators={data.results} action={manage ? linkButton : undefined} />
          ))}
      </section>

      {manage && (
        <Paragraph>
          <Link href={`/perpetrators/new?incident=${incident.id}`}>{t('perpetrators.new_from_incident')}</Link>
        </Paragraph>
      )}
    </Layout>
  );
}

const linkForm = z.object({ perpetratorId: z.string().optional() });
const unlinkParams = z.object({ id: z.uuid(), perpetratorId: z.uuid() });

export function incidentPerpetratorRoutes(app: FastifyInstance, db: Db) {
  const pagePath = (id: string) => `/incidents/${id}/perpetrators`;
  const linkPage = async (tx: Tx, who: SignedIn, request: FastifyRequest, id: string, q = '') => (
    <LinkPage
      view={{ ...viewOf(request), path: pagePath(id) }}
      data={await getIncidentPerpetrators(tx, requireRegister(who, 'perpetrator.read'), id, q || undefined)}
      q={q}
    />
  );

  pageRoute(app, db, {
    url: '/incidents/:id/perpetrators',
    params: idParams,
    query: z.object({ q: z.string().optional() }),
    handler: async ({ tx, who, request, params, query }) => linkPage(tx, who, request, params.id, (query.q ?? '').trim().slice(0, 300)),
  });

  formRoute(app, db, {
    url: '/incidents/:id/perpetrators/link',
    params: idParams,
    form: linkForm,
    command: ({ tx, who, params, form }) => {
      requireRegister(who, 'perpetrator.manage');
      return refusalAsRedirect(
        pagePath(params.id),
        () => linkPerpetrator(tx, who, params.id, parse(linkSchema, { perpetratorId: form.perpetratorId ?? '' })),
        `${pagePath(params.id)}?notice=perpetrators.linked`,
      );
    },
    render: async ({ tx, who, request, params }) => linkPage(tx, who, request, params.id),
  });

  formRoute(app, db, {
    url: '/incidents/:id/perpetrators/:perpetratorId/unlink',
    params: unlinkParams,
    form: z.object({}),
    command: ({ tx, who, params }) => {
      requireRegister(who, 'perpetrator.manage');
      return refusalAsRedirect(
        pagePath(params.id),
        () => unlinkPerpetrator(tx, who, params.id, params.perpetratorId),
        `${pagePath(params.id)}?notice=perpetrators.unlinked`,
      );
    },
    render: async ({ tx, who, request, params }) => linkPage(tx, who, request, params.id),
  });
}
