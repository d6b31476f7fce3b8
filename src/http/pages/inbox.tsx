import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.js';
import { incidentReference } from '../../domain/incident/incident.js';
import { listInbox, markInboxRead, type InboxItem } from '../../domain/notification/inbox.js';
import { Form } from '../components/form.js';
import { Layout } from '../components/layout.js';
import type { View } from '../components/view.js';
import { redirect, requireSignedIn } from '../context.js';
import { formatDateTime } from '../i18n/index.js';
import { sendPage, viewOf } from '../render.js';

function link(item: InboxItem): string {
  if (item.incidentId) return `/incidents/${item.incidentId}`;
  if (item.consultationId) return `/consult/${item.consultationId}`;
  return '/';
}

function InboxPage({ view, items }: { view: View; items: InboxItem[] }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('inbox.title')}>
      {items.length === 0 ? <p class="utrecht-paragraph">{t('inbox.none')}</p> : (
        <>
          <ul class="utrecht-unordered-list wb-inbox">
            {items.map((item) => (
              <li class="utrecht-unordered-list__item">
                {!item.read && <strong class="wb-badge">{t('inbox.unread')}</strong>}{' '}
                <a class="utrecht-link" href={link(item)}>
                  {t(`notification.${item.kind}`, { reference: item.incidentNumber ? incidentReference({ number: item.incidentNumber }) : '' })}
                </a>{' '}
                — <time dateTime={item.createdAt.toISOString()}>{formatDateTime(item.createdAt, view.lang)}</time>
              </li>
            ))}
          </ul>
          {items.some((i) => !i.read) && (
            <Form view={view} action="/inbox/read">
              <div class="wb-actions"><button type="submit" class="utrecht-button utrecht-button--secondary-action">{t('inbox.mark_read')}</button></div>
            </Form>
          )}
        </>
      )}
    </Layout>
  );
}

export function inboxPageRoutes(app: FastifyInstance, db: Db) {
  app.get('/inbox', async (request, reply) => {
    const who = requireSignedIn(request);
    return sendPage(reply, <InboxPage view={viewOf(request)} items={await listInbox(db, who)} />);
  });
  app.post('/inbox/read', async (request, reply) => {
    await markInboxRead(db, requireSignedIn(request), 'all');
    return redirect(reply, '/inbox');
  });
}
