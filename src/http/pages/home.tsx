import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.js';
import { needsSetup } from '../../domain/organisation/create-organisation.js';
import { Layout } from '../components/layout.js';
import { redirect, requireSignedIn } from '../context.js';
import { sendPage, viewOf } from '../render.js';

export function homeRoutes(app: FastifyInstance, db: Db) {
  app.get('/', async (request, reply) => {
    if (!request.who && (await needsSetup(db))) return redirect(reply, '/setup');
    const who = requireSignedIn(request);
    const view = viewOf(request);
    const t = view.t;
    return sendPage(
      reply,
      <Layout view={view} title={t('home.title')}>
        <p class="utrecht-paragraph">{t('home.welcome', { name: who.user.name })}</p>
        <p class="utrecht-paragraph">{t('home.intro')}</p>
        <h2 class="utrecht-heading-2">{t('home.roles')}</h2>
        <ul class="utrecht-unordered-list">
          {who.user.roles.map((role) => (
            <li class="utrecht-unordered-list__item">{t(`role.${role}`)}</li>
          ))}
        </ul>
      </Layout>,
    );
  });
}
