import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.js';
import { needsSetup } from '../../domain/organisation/create-organisation.js';
import { Heading, Layout, ListItem, Paragraph, UnorderedList } from '../components/index.js';
import { redirect, requireSignedIn } from '../context.js';
import { pageRoute } from '../pipeline/page-route.js';

export function homeRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/',
    audience: 'public',
    handler: async ({ tx, who, view, request, reply }) => {
      if (!who && (await needsSetup(tx))) return redirect(reply, '/setup');
      const { user } = requireSignedIn(request);
      const t = view.t;
      return (
        <Layout view={view} title={t('home.title')}>
          <Paragraph>{t('home.welcome', { name: user.name })}</Paragraph>
          <Paragraph>{t('home.intro')}</Paragraph>
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
