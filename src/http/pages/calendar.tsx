import type { FastifyInstance } from 'fastify';
import ical from 'ical-generator';
import { z } from 'zod';
import { withOrganisation, withoutOrganisation, type Db } from '../../db/database.js';
import {
  calendarFeedState,
  feedDeadlines,
  findCalendarFeed,
  renewCalendarFeed,
  revokeCalendarFeed,
} from '../../domain/calendar/calendar.js';
import { notFound } from '../../errors.js';
import { Alert, Button, Code, DataList, DataRow, Form, Layout, Paragraph, UnorderedList, ListItem } from '../components/index.js';
import type { View } from '../components/view.js';
import { formatDateTime, translator } from '../i18n/index.js';
import { formRoute, pageRoute } from '../pipeline/page-route.js';
import type { CalendarFeedState } from '../../domain/calendar/calendar.js';

/** /account/calendar: a private iCalendar address for one's deadlines, made, renewed and revoked here. */
function CalendarPage({ view, state, address }: { view: View; state: CalendarFeedState; address?: string }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('calendar.title')}>
      <Paragraph>{t('calendar.intro')}</Paragraph>
      {address && (
        <Alert type="ok">
          <Paragraph>{t('calendar.created')}</Paragraph>
          <Paragraph>
            <Code>{address}</Code>
          </Paragraph>
        </Alert>
      )}
      <DataList>
        <DataRow label={t('calendar.state')}>
          {state.active && state.createdAt
            ? t('calendar.active_since', { date: formatDateTime(state.createdAt, view.lang) })
            : t('calendar.none')}
        </DataRow>
        {state.active && (
          <DataRow label={t('calendar.last_fetched')}>
            {state.lastFetchedAt ? formatDateTime(state.lastFetchedAt, view.lang) : t('calendar.never_fetched')}
          </DataRow>
        )}
      </DataList>
      <UnorderedList>
        <ListItem>{t('calendar.how_outlook')}</ListItem>
        <ListItem>{t('calendar.how_phone')}</ListItem>
        <ListItem>{t('calendar.what_it_shows')}</ListItem>
      </UnorderedList>
      <Form view={view} action="/account/calendar">
        <Button variant="primary">{t(state.active ? 'calendar.renew' : 'calendar.create')}</Button>
      </Form>
      {state.active && (
        <Form view={view} action="/account/calendar/revoke">
          <Button variant="secondary">{t('calendar.revoke')}</Button>
        </Form>
      )}
    </Layout>
  );
}

const nothing = z.object({});

export function calendarRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/account/calendar',
    handler: async ({ tx, who, view }) => <CalendarPage view={view} state={await calendarFeedState(tx, who)} />,
  });

  formRoute(app, db, {
    url: '/account/calendar',
    form: nothing,
    // The address is shown once, on the answer itself: only its hash is kept.
    command: async ({ tx, who, view, request }) => {
      const token = await renewCalendarFeed(tx, who);
      const address = `${request.protocol}://${request.host}/calendar/${token}.ics`;
      return { page: <CalendarPage view={view} state={await calendarFeedState(tx, who)} address={address} /> };
    },
    render: async ({ tx, who, view }) => <CalendarPage view={view} state={await calendarFeedState(tx, who)} />,
  });

  formRoute(app, db, {
    url: '/account/calendar/revoke',
    form: nothing,
    command: async ({ tx, who }) => {
      await revokeCalendarFeed(tx, who);
      return '/account/calendar?notice=calendar.revoked';
    },
    render: async ({ tx, who, view }) => <CalendarPage view={view} state={await calendarFeedState(tx, who)} />,
  });

  // The feed itself: no session (a calendar program cannot sign in), the secret in the address.
  app.get<{ Params: { token: string } }>('/calendar/:token', { schema: { hide: true } }, async (request, reply) => {
    const token = request.params.token.replace(/\.ics$/, '');
    if (!/^wbcal_[A-Za-z0-9_-]{43}$/.test(token)) throw notFound();
    const feed = await withoutOrganisation(db, (tx) => findCalendarFeed(tx, token));
    if (!feed) throw notFound();
    const deadlines = await withOrganisation(db, feed.organisationId, (tx) => feedDeadlines(tx, feed.userId));
    const t = translator('nl');
    const base = `${request.protocol}://${request.host}`;
    const calendar = ical({
      name: t('calendar.feed_name'),
      timezone: 'Europe/Amsterdam',
      prodId: { company: 'Weerbaar', product: 'Weerbaar' },
    });
    for (const d of deadlines)
      calendar.createEvent({
        id: `${d.id}@weerbaar`,
        start: d.dueAt,
        end: new Date(d.dueAt.getTime() + 15 * 60_000),
        // The kind of duty only: no incident, no person, no place (the feed may sit on a phone).
        summary: `${t('calendar.event_prefix')}: ${t(`deadline.${d.kind}`)}`,
        description: t('calendar.event_description', { url: `${base}/tasks` }),
        url: `${base}/tasks`,
      });
    return reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('cache-control', 'private, max-age=300')
      .send(calendar.toString());
  });
}
