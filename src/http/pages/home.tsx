import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.js';
import type { Level } from '../../domain/incident/norm.js';
import { needsSetup } from '../../domain/organisation/create-organisation.js';
import { ownFigures } from '../../domain/insight/figures.js';
import { previousYear } from '../../domain/insight/insight.js';
import { amsterdamToday } from '../../time/amsterdam.js';
import { isEmpty, workListOf } from '../../domain/worklist/worklist.js';
import { WorkListSections } from './worklist.js';
import { Heading, Layout, Link, ListItem, Paragraph, Table, UnorderedList } from '../components/index.js';
import { trendSentence } from './insight/labels.js';
import { redirect, requireSignedIn } from '../context.js';
import { pageRoute } from '../pipeline/page-route.js';

export function homeRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/',
    audience: 'public',
    handler: async ({ tx, who, view, request, reply }) => {
      if (!who && (await needsSetup(tx))) return redirect(reply, '/setup');
      const me = requireSignedIn(request);
      const { user } = me;
      const t = view.t;
      // Their own incidents of this year, against the same days last year (nobody else's).
      const today = amsterdamToday();
      const period = { from: `${today.slice(0, 4)}-01-01`, to: today };
      const own = await ownFigures(tx, me, period);
      const before = await ownFigures(tx, me, previousYear(period));
      // What waits for this person first: the start page is their work list (issue 10 §1).
      const work = await workListOf(tx, me);
      return (
        <Layout view={view} title={t('home.title')}>
          <Paragraph>{t('home.welcome', { name: user.name })}</Paragraph>
          <Paragraph>
            <Link href="/report">{t('worklist.report')}</Link>
          </Paragraph>
          <WorkListSections view={view} work={work} empty={isEmpty(work)} />
          <section aria-labelledby="own-incidents">
            <Heading level={2} id="own-incidents">
              {t('home.own_incidents', { year: today.slice(0, 4) })}
            </Heading>
            <Paragraph>{trendSentence(t, own.total, before.total)}</Paragraph>
            {own.total > 0 && (
              <Table
                caption={t('home.own_incidents', { year: today.slice(0, 4) })}
                captionHidden
                rows={own.byLevel}
                columns={[
                  { header: t('insight.dimension.level'), rowHeader: true, cell: (c) => t(`level.${c.key as Level}`) },
                  { header: t('insight.count'), numeric: true, cell: (c) => c.count },
                ]}
              />
            )}
            <Paragraph>
              <Link href="/incidents">{t('home.own_incidents_link')}</Link>
            </Paragraph>
          </section>
          <Heading level={2}>{t('home.roles')}</Heading>
          <UnorderedList>
            {user.roles.map((role) => (
              <ListItem>{t(`role.${role}`)}</ListItem>
            ))}
          </UnorderedList>
        </Layout>
      );
    },
  });
}
