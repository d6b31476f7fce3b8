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
import { workPage } from './deadline-place.js';

function link(item: InboxItem): string {
  if (item.incidentId) return `/incidents/${item.incidentId}`;
  if (item.consultationId) return `/consult/${item.consultationId}`;
  if (item.deadline) return workPage({ incidentId: null, kind: item.deadline.kind, subjectId: item.deadline.subjectId });
  if (item.kind === 'case_role_changed') return '/people';
  return '/';
}

/** Items about one incident together (newest group first), every other item on its own. */
export function groupInbox(items: readonly InboxItem[]): InboxItem[][] {
  const groups: InboxItem[][] = [];
  const byIncident = new Map<string, InboxItem[]>();
  for (const item of items) {
    const group = item.incidentId ? byIncident.get(item.incidentId) : undefined;
    if (group) group.push(item);
    else {
      const fresh = [item];
      groups.push(fresh);
      if (item.incidentId) byIncident.set(item.incidentId, fresh);
    }
  }
  return groups;
}

function what(view: View, item: InboxItem): string {
  return view.t(`notification.${item.kind}`, {
    reference: item.incidentNumber ? incidentReference({ number: item.incidentNumber }) : '',
    task: item.deadline ? view.t(`deadline.${item.deadline.kind}`) : '',
  });
}

/** Which incident, in words the person may read: its reference, level and channel. */
function incidentHeading(view: View, item: InboxItem): string {
  const parts = [
    item.incidentNumber ? `${view.t('inbox.incident')} ${incidentReference({ number: item.incidentNumber })}` : view.t('inbox.incident'),
    item.incidentLevel ? view.t(`level.${item.incidentLevel}`) : undefined,
    item.incidentChannel ? view.t(`channel.${item.incidentChannel}`) : undefined,
  ];
  return parts.filter(Boolean).join(' · ');
}

/** Who did it ("door Jan de Vries"); nothing when the program did it by itself. */
const by = (view: View, item: InboxItem) => item.actor && <> {view.t('inbox.by', { name: item.actor.name })}</>;

const when = (view: View, item: InboxItem) => (
  <time dateTime={item.createdAt.toISOString()}>{formatDateTime(item.createdAt, view.lang)}</time>
);

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
            {groupInbox(items).map((group) => {
              const first = group[0]!;
              const unread = group.filter((i) => !i.read).length;
              const badge = unread > 0 && (
                <strong class="wb-badge">
                  {group.length > 1 ? t('inbox.unread_count', { count: String(unread) }) : t('inbox.unread')}
                </strong>
              );
              if (!first.incidentId || group.length === 1)
                return (
                  <ListItem>
                    {badge} <Link href={link(first)}>{what(view, first)}</Link>
                    {by(view, first)}
                    {first.incidentId && <span class="wb-inbox-about"> ({incidentHeading(view, first)})</span>} — {when(view, first)}
                  </ListItem>
                );
              // Repeated updates of one incident as one item: which incident, then what happened, newest first.
              return (
                <ListItem>
                  {badge} <Link href={link(first)}>{incidentHeading(view, first)}</Link>
                  <UnorderedList>
                    {group.map((item) => (
                      <ListItem>
                        {what(view, item)}
                        {by(view, item)} — {when(view, item)}
                      </ListItem>
                    ))}
                  </UnorderedList>
                </ListItem>
              );
            })}
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
