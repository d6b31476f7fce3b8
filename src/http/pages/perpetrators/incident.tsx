import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isUuid } from '../../../validation.js';
import type { Db } from '../../../db/database.js';
import { incidentReference } from '../../../domain/incident/incident.js';
import { linkPerpetrator, unlinkPerpetrator } from '../../../domain/perpetrator/link-perpetrator.js';
import type { PerpetratorSummary } from '../../../domain/perpetrator/perpetrator.js';
import { canPerpetrator } from '../../../domain/perpetrator/perpetrator.policy.js';
import { getIncidentPerpetrators, type IncidentPerpetrators } from '../../../domain/perpetrator/perpetrator-queries.js';
import { AppError, notFound } from '../../../errors.js';
import { TextField } from '../../components/form.js';
import { Layout } from '../../components/layout.js';
import type { View } from '../../components/view.js';
import { field, redirect } from '../../context.js';
import { sendPage } from '../../render.js';
import { PerpetratorTable } from './list.js';
import { identifierText, pageView, PostButton, reasonText, RepeatBadge, requireRegister } from './parts.js';

function LinkPage({ view, data, q }: { view: View; data: IncidentPerpetrators; q: string }) {
  const t = view.t;
  const incident = data.incident;
  const path = `/incidents/${incident.id}/perpetrators`;
  const manage = canPerpetrator(view.who!, 'perpetrator.manage');
  const reference = incidentReference(incident);
  const linkButton = (p: PerpetratorSummary) =>
    manage ? <PostButton view={view} action={`${path}/link`} name="perpetratorId" value={p.id} label={t('perpetrators.link_this', { name: p.name })} /> : null;
  const reported = incident.perpetrator;
  return (
    <Layout view={view} title={t('perpetrators.incident_title', { reference })}>
      <p class="utrecht-paragraph"><a class="utrecht-link" href={`/incidents/${incident.id}`}>{t('perpetrators.back_to_incident', { reference })}</a></p>
      <p class="utrecht-paragraph">{t('perpetrators.confidential')}</p>

      <section aria-labelledby="reported-heading">
        <h2 class="utrecht-heading-2" id="reported-heading">{t('perpetrators.reported_title')}</h2>
        <p class="utrecht-paragraph">
          {reported ? [t(`perpetrators.kind.${reported.kind}`), reported.name, reported.details].filter(Boolean).join(' — ') : t('perpetrators.reported_none')}
        </p>
      </section>

      <section aria-labelledby="linked-heading">
        <h2 class="utrecht-heading-2" id="linked-heading">{t('perpetrators.linked_title')}</h2>
        {data.linked.length === 0 ? <p class="utrecht-paragraph">{t('perpetrators.linked_none')}</p> : (
          <PerpetratorTable view={view} perpetrators={data.linked}
            action={manage ? (p) => <PostButton view={view} action={`${path}/${p.id}/unlink`} label={t('perpetrators.unlink_this', { name: p.name })} /> : undefined} />
        )}
      </section>

      <section aria-labelledby="suggestions-heading">
        <h2 class="utrecht-heading-2" id="suggestions-heading">{t('perpetrators.suggestions_title')}</h2>
        <p class="utrecht-paragraph">{t('perpetrators.suggestions_intro')}</p>
        {data.suggestions.length === 0 ? <p class="utrecht-paragraph">{t('perpetrators.suggestions_none')}</p> : (
          <ul class="utrecht-unordered-list">
            {data.suggestions.map((s) => (
              <li class="utrecht-unordered-list__item">
                <a class="utrecht-link" href={`/perpetrators/${s.perpetrator.id}`}>{s.perpetrator.name}</a> — {reasonText(view, s.reasons, s.score)}
                {' '}<RepeatBadge view={view} count={s.perpetrator.incidentCount} />
                <br />{identifierText(view, s.perpetrator)}
                {manage && <div>{linkButton(s.perpetrator)}</div>}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="search-heading">
        <h2 class="utrecht-heading-2" id="search-heading">{t('perpetrators.search_other')}</h2>
        <form method="get" action={path} class="wb-form" role="search" aria-labelledby="search-heading">
          <TextField view={view} name="q" label={t('perpetrators.search_label')} hint={t('perpetrators.search_hint')} value={q} errors={{}} />
          <div class="wb-actions"><button type="submit" class="utrecht-button utrecht-button--secondary-action">{t('perpetrators.search')}</button></div>
        </form>
        {data.results && (data.results.length === 0
          ? <p class="utrecht-paragraph">{t('perpetrators.no_results')}</p>
          : <PerpetratorTable view={view} perpetrators={data.results} action={manage ? linkButton : undefined} />)}
      </section>

      {manage && (
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={`/perpetrators/new?incident=${incident.id}`}>{t('perpetrators.new_from_incident')}</a>
        </p>
      )}
    </Layout>
  );
}

/** Runs a link or unlink; a refusal (draft, merged record) comes back as a message on the page. */
async function change(request: FastifyRequest, reply: FastifyReply, notice: string, command: () => Promise<unknown>) {
  const id = (request.params as { id: string }).id;
  if (!isUuid(id)) throw notFound();
  try {
    await command();
  } catch (error) {
    if (!(error instanceof AppError) || ![400, 409].includes(error.status)) throw error;
    return redirect(reply, `/incidents/${id}/perpetrators?error=${Object.values(error.fields)[0] ?? error.messageKey}`);
  }
  return redirect(reply, `/incidents/${id}/perpetrators?notice=${notice}`);
}

export function incidentPerpetratorRoutes(app: FastifyInstance, db: Db) {
  app.get('/incidents/:id/perpetrators', async (request, reply) => {
    const who = requireRegister(request, 'perpetrator.read');
    const raw = (request.query as Record<string, unknown>).q;
    const q = typeof raw === 'string' ? raw.trim().slice(0, 300) : '';
    const data = await getIncidentPerpetrators(db, who, (request.params as { id: string }).id, q || undefined);
    return sendPage(reply, <LinkPage view={pageView(request)} data={data} q={q} />);
  });

  app.post('/incidents/:id/perpetrators/link', (request, reply) => {
    const who = requireRegister(request, 'perpetrator.manage');
    const id = (request.params as { id: string }).id;
    return change(request, reply, 'perpetrators.linked', () => linkPerpetrator(db, who, id, { perpetratorId: field(request.body, 'perpetratorId') }));
  });

  app.post('/incidents/:id/perpetrators/:perpetratorId/unlink', (request, reply) => {
    const who = requireRegister(request, 'perpetrator.manage');
    const { id, perpetratorId } = request.params as { id: string; perpetratorId: string };
    return change(request, reply, 'perpetrators.unlinked', () => unlinkPerpetrator(db, who, id, perpetratorId));
  });
}
