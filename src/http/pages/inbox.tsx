import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { incidentReference } from '../../domain/incident/incident.js';
import { listInbox, markInboxRead, type InboxItem } from '../../domain/notification/inbox.js';
import { ErrorSummary, Form, Layout, type FieldErrors } from '../components/index.js';
import type { View } from '../components/view.js';
import { formatDateTime } from '../i18n/index.js';
import { formRoute, pageRoute } from '../pipeline/page-route.js';

function link(item: InboxItem): string {
  if (item.incidentId) return `/incidents/${item.incidentId}`;
  if (item.consultationId) return `/consult/${item.consultationId}`;
  return '/';
}

function InboxPage({ view, items, errors = {} }: { view: View; items: InboxItem[]; errors?: FieldErrors }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('inbox.title')}>
      <ErrorSummary view={view} errors={errors} />
      {items.length === 0 ? (
        <p class="utrecht-paragraph">{t('inbox.none')}</p>
      ) : (
        <>
          <ul class="utrecht-unordered-list wb-inbox">
            {items.map((item) => (
              <li class="utrecht-unordered-list__item">
                {!item.read && <strong class="wb-badge">{t('inbox.unread')}</strong>}{' '}
                <a class="utrecht-link" href={link(item)}>
                  {t(`notification.${item.kind}`, {
                    reference: item.incidentNumber ? incidentReference({ number: item.incidentNumber }) : '',
                  })}
                </a>{' '}
                — <time dateTime={item.createdAt.toISOString()}>{formatDateTime(item.createdAt, view.lang)}</time>
              </li>
            ))}
          </ul>
          {items.some((i) => !i.read) && (
            <Form view={view} action="/inbox/read">
              <div class="wb-actions">
                <button type="submit" class="utrecht-button utrecht-button--secondary-action">
                  {t('inbox.mark_read')}
                </button>
              </div>
            </Form>
          )}
        </>
      )}
    </Layout>
  );
}

export function inboxPageRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/inbox',
    handler: async ({ tx, who, view }) => <InboxPage view={view} items={await listInbox(tx, who)} />,
  });
  formRoute(app, db, {
    url: '/inbox/read',
    form: z.object({}).loose(),
    command: async ({ tx, who }) => {
      await markInboxRead(tx, who, 'all');
      return '/inbox';
    },
    render: async ({ tx, who, view, errors }) => (
      <InboxPage view={{ ...view, path: '/inbox' }} items={await listInbox(tx, who)} errors={errors} />
    ),
  });
}
