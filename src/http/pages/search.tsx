import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { incidentReference } from '../../domain/incident/incident.js';
import { SEARCH_LIMIT, searchIncidents, type SearchHit } from '../../domain/search/search.js';
import { Layout, Link, Paragraph, Table } from '../components/index.js';
import type { View } from '../components/view.js';
import { formatDateTime } from '../i18n/index.js';
import { pageRoute } from '../pipeline/page-route.js';

function SearchPage({ view, query, hits }: { view: View; query: string; hits: SearchHit[] | undefined }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('search.title')}>
      <form method="get" action="/search" role="search" class="wb-form wb-search-page">
        <div class="utrecht-form-field utrecht-form-field--text">
          <label class="utrecht-form-label" for="search-page-q">
            {t('search.label')}
          </label>
          <p class="utrecht-form-field-description" id="search-page-hint">
            {t('search.hint')}
          </p>
          <input
            class="utrecht-textbox utrecht-textbox--html-input"
            id="search-page-q"
            name="q"
            type="search"
            value={query}
            aria-describedby="search-page-hint"
            autocomplete="off"
          />
        </div>
        <button type="submit" class="utrecht-button utrecht-button--primary-action">
          {t('search.submit')}
        </button>
      </form>
      {hits !== undefined &&
        (hits.length === 0 ? (
          <Paragraph>{t('search.none', { query })}</Paragraph>
        ) : (
          <Table
            caption={t('search.results', { count: String(hits.length) })}
            rows={hits}
            columns={[
              {
                header: t('incidents.reference'),
                rowHeader: true,
                cell: (h) => <Link href={`/incidents/${h.id}`}>{incidentReference(h, t('incident.draft_reference'))}</Link>,
              },
              { header: t('incidents.occurred'), cell: (h) => formatDateTime(h.occurredAt, view.lang) },
              { header: t('incidents.level'), cell: (h) => t(`level.${h.level}`) },
              { header: t('incidents.status'), cell: (h) => t(`status.${h.status}`) },
              { header: t('search.matched'), cell: (h) => t(`search.matched.${h.matched}`) },
            ]}
          />
        ))}
      {hits !== undefined && hits.length === SEARCH_LIMIT && <Paragraph>{t('search.more', { count: String(SEARCH_LIMIT) })}</Paragraph>}
    </Layout>
  );
}

const searchQuery = z.object({ q: z.string().max(200).optional() });

/** /search?q=: the incidents the person may see that match. */
export function searchRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/search',
    query: searchQuery,
    handler: async ({ tx, who, view, query }) => {
      const q = (query.q ?? '').trim();
      return <SearchPage view={view} query={q} hits={q ? await searchIncidents(tx, who, q) : undefined} />;
    },
  });
}
