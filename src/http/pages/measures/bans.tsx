import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/database.js';
import type { ActiveBan } from '../../../domain/measure/measure.js';
import { listActiveBans } from '../../../domain/measure/measure-queries.js';
import { Layout, Paragraph, Table } from '../../components/index.js';
import type { View } from '../../components/view.js';
import { pageRoute } from '../../pipeline/page-route.js';
import { formatDay } from './measures.js';

/** The front desk's list: who may not enter, and until when. Nothing about why. */
function BansPage({ view, bans }: { view: View; bans: ActiveBan[] }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('bans.title')}>
      <Paragraph>{t('bans.intro')}</Paragraph>
      {bans.length === 0 ? (
        <Paragraph>{t('bans.none')}</Paragraph>
      ) : (
        <Table<ActiveBan>
          caption={t('bans.title')}
          captionHidden
          rows={bans}
          columns={[
            { header: t('bans.name'), cell: (b) => b.name },
            { header: t('bans.until'), cell: (b) => <time dateTime={b.until}>{formatDay(b.until, view.lang)}</time> },
          ]}
        />
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
