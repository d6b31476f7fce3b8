import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/database.js';
import type { ActiveBan } from '../../../domain/measure/measure.js';
import { listActiveBans } from '../../../domain/measure/measure-queries.js';
import { Layout } from '../../components/index.js';
import type { View } from '../../components/view.js';
import { pageRoute } from '../../pipeline/page-route.js';
import { formatDay } from './measures.js';

/** The front desk's list: who may not enter, and until when. Nothing about why. */
function BansPage({ view, bans }: { view: View; bans: ActiveBan[] }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('bans.title')}>
      <p class="utrecht-paragraph">{t('bans.intro')}</p>
      {bans.length === 0 ? (
        <p class="utrecht-paragraph">{t('bans.none')}</p>
      ) : (
        <div class="utrecht-table-container">
          <table class="utrecht-table">
            <thead class="utrecht-table__header">
              <tr class="utrecht-table__row">
                <th class="utrecht-table__header-cell" scope="col">
                  {t('bans.name')}
                </th>
                <th class="utrecht-table__header-cell" scope="col">
                  {t('bans.until')}
                </th>
              </tr>
            </thead>
            <tbody class="utrecht-table__body">
              {bans.map((b) => (
                <tr class="utrecht-table__row">
                  <td class="utrecht-table__cell">{b.name}</td>
                  <td class="utrecht-table__cell">
                    <time dateTime={b.until}>{formatDay(b.until, view.lang)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export function banPageRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/bans',
    handler: async ({ tx, who, view }) => <BansPage view={view} bans={await listActiveBans(tx, who)} />,
  });
}
