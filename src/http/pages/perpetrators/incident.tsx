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
import { Layout, TextField } from '../../components/index.js';
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
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={`/incidents/${incident.id}`}>
          {t('perpetrators.back_to_incident', { reference })}
        </a>
      </p>
      <p class="utrecht-paragraph">{t('perpetrators.confidential')}</p>

      <section aria-labelledby="reported-heading">
        <h2 class="utrecht-heading-2" id="reported-heading">
          {t('perpetrators.reported_title')}
        </h2>
        <p class="utrecht-paragraph">
          {reported
            ? [t(`perpetrators.kind.${reported.kind}`), reported.name, reported.details].filter(Boolean).join(' — ')
            : t('perpetrators.reported_none')}
        </p>
      </section>

      <section aria-labelledby="linked-heading">
        <h2 class="utrecht-heading-2" id="linked-heading">
          {t('perpetrators.linked_title')}
        </h2>
        {data.linked.length === 0 ? (
          <p class="utrecht-paragraph">{t('perpetrators.linked_none')}</p>
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
        <h2 class="utrecht-heading-2" id="suggestions-heading">
          {t('perpetrators.suggestions_title')}
        </h2>
        <p class="utrecht-paragraph">{t('perpetrators.suggestions_intro')}</p>
        {data.suggestions.length === 0 ? (
          <p class="utrecht-paragraph">{t('perpetrators.suggestions_none')}</p>
        ) : (
          <ul class="utrecht-unordered-list">
            {data.suggestions.map((s) => (
              <li class="utrecht-unordered-list__item">
                <a class="utrecht-link" href={`/perpetrators/${s.perpetrator.id}`}>
                  {s.perpetrator.name}
                </a>{' '}
                — {reasonText(view, s.reasons, s.score)} <RepeatBadge view={view} count={s.perpetrator.incidentCount} />
                <br />
                {identifierText(view, s.perpetrator)}
                {manage && <div>{linkButton(s.perpetrator)}</div>}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="search-heading">
        <h2 class="utrecht-heading-2" id="search-heading">
          {t('perpetrators.search_other')}
        </h2>
        <form method="get" action={path} class="wb-form" role="search" aria-labelledby="search-heading">
          <TextField
            view={view}
            name="q"
            label={t('perpetrators.search_label')}
            hint={t('perpetrators.search_hint')}
            value={q}
            errors={{}}
          />
          <div class="wb-actions">
            <button type="submit" class="utrecht-button utrecht-button--secondary-action">
              {t('perpetrators.search')}
            </button>
          </div>
        </form>
        {data.results &&
          (data.results.length === 0 ? (
            <p class="utrecht-paragraph">{t('perpetrators.no_results')}</p>
          ) : (
            <PerpetratorTable view={view} perpetrators={data.results} action={manage ? linkButton : undefined} />
          ))}
      </section>

      {manage && (
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={`/perpetrators/new?incident=${incident.id}`}>
            {t('perpetrators.new_from_incident')}
          </a>
        </p>
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
