import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.js';
import { needsSetup } from '../../domain/organisation/create-organisation.js';
import { Layout } from '../components/index.js';
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
          <p class="utrecht-paragraph">{t('home.welcome', { name: user.name })}</p>
          <p class="utrecht-paragraph">{t('home.intro')}</p>
          <h2 class="utrecht-heading-2">{t('home.roles')}</h2>
          <ul class="utrecht-unordered-list">
            {user.roles.map((role) => (
              <li class="utrecht-unordered-list__item">{t(`role.${role}`)}</li>
            ))}
          </ul>
        </Layout>
      );
    },
  });
}
