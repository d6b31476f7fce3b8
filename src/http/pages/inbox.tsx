import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { incidentReference } from '../../domain/incident/incident.js';
import { listInbox, markInboxRead, type InboxItem } from '../../domain/notification/inbox.js';
import {
  Button,
  ButtonRow,
  ErrorSummary,
  Form,
  Layout,
  Link,
  ListItem,
  Paragraph,
  UnorderedList,
  type FieldErrors,
} from '../components/index.js';
import type { View } from '../components/view.js';
import { formatDateTime } from '../i18n/index.js';
import { formRoute, pageRoute } from '../pipeline/page-route.js';

function link(item: InboxItem): string {
  if (item.incidentId) return `/incidents/${item.incidentId}`;
  if (item.consultationId) return `/consult/${item.consultationId}`;
  if (item.kind === 'case_role_changed') return '/people';
  return '/';
}

function InboxPage({ view, items, errors = {} }: { view: View; items: InboxItem[]; errors?: FieldErrors }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('inbox.title')}>
      <ErrorSummary view={view} errors={errors} />
      {items.length === 0 ? (
        <Paragraph>{t('inbox.none')}</Paragraph>
      ) : (
        <>
          <UnorderedList>
            {items.map((item) => (
              <ListItem>
                {!item.read && <strong class="wb-badge">{t('inbox.unread')}</strong>}{' '}
                <Link href={link(item)}>
                  {t(`notification.${item.kind}`, {
                    reference: item.incidentNumber ? incidentReference({ number: item.incidentNumber }) : '',
                  })}
                </Link>{' '}
                — <time dateTime={item.createdAt.toISOString()}>{formatDateTime(item.createdAt, view.lang)}</time>
              </ListItem>
            ))}
          </UnorderedList>
          {items.some((i) => !i.read) && (
            <Form view={view} action="/inbox/read">
              <ButtonRow>
                <Button variant="secondary">{t('inbox.mark_read')}</Button>
              </ButtonRow>
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
