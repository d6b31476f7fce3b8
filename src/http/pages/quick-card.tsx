import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import {
  changeQuickCardLines,
  dialableParts,
  QUICK_CARD_PATH,
  quickCardHref,
  quickCardLinesBySlug,
  quickCardLinesSchema,
  quickCardSettings,
} from '../../domain/quick-card/quick-card.js';
import { slugSchema } from '../../domain/user/user.schema.js';
import {
  ErrorSummary,
  Form,
  Heading,
  Layout,
  Link,
  ListItem,
  OrderedList,
  OrderedListItem,
  Paragraph,
  SubmitButton,
  TextArea,
  UnorderedList,
  type FieldErrors,
} from '../components/index.js';
import type { View } from '../components/view.js';
import { actorOf } from '../context.js';
import { stylesheetHref } from '../stylesheet.js';
import { formRoute, pageRoute } from '../pipeline/page-route.js';

export const QUICK_CARD_WORKER = '/quick-card-sw.js';
const REGISTER_SCRIPT = '/assets/quick-card.js';
const MANIFEST = '/quick-card.webmanifest';

// An unknown or malformed slug is the plain card: the card never tells whether an organisation exists.
const cardQuery = z.object({ org: slugSchema.optional().catch(undefined) });

function Dialable({ line }: { line: string }) {
  return (
    <>
      {dialableParts(line).map((part) =>
        'tel' in part ? (
          <a class="utrecht-link" href={`tel:${part.tel}`}>
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </>
  );
}

/**
 * The card. Rendered as for a signed-out visitor whoever looks (no navigation, no name, no form
 * token): the service worker keeps this page on the phone, and it must hold nothing personal.
 */
function QuickCardPage({ view, slug, lines }: { view: View; slug: string | undefined; lines: string[] }) {
  const t = view.t;
  const href = quickCardHref(slug);
  const head = (
    <>
      <link rel="manifest" href={slug ? `${MANIFEST}?org=${encodeURIComponent(slug)}` : MANIFEST} />
      <meta name="theme-color" content="#24578f" />
      <script src={REGISTER_SCRIPT} defer />
    </>
  );
  return (
    <Layout view={view} title={t('quickcard.title')} head={head} quickCardHref={href}>
      <Paragraph lead>{t('quickcard.intro')}</Paragraph>
      <p class="utrecht-paragraph">
        <a class="wb-call" href="tel:112">
          {t('quickcard.call_button')}
        </a>
      </p>
      <OrderedList>
        <OrderedListItem>{t('quickcard.step.end')}</OrderedListItem>
        <OrderedListItem>{t('quickcard.step.alarm')}</OrderedListItem>
        <OrderedListItem>
          <Dialable line={t('quickcard.step.call', { number: '112' })} />
        </OrderedListItem>
        <OrderedListItem>{t('quickcard.step.safety')}</OrderedListItem>
        <OrderedListItem>{t('quickcard.step.calm')}</OrderedListItem>
      </OrderedList>
      {lines.length > 0 && (
        <>
          <Heading level={2}>{t('quickcard.own_heading')}</Heading>
          <UnorderedList>
            {lines.map((line) => (
              <ListItem>
                <Dialable line={line} />
              </ListItem>
            ))}
          </UnorderedList>
        </>
      )}
      <Paragraph>
        {t('quickcard.after')} <Link href="/report">{t('quickcard.report_link')}</Link>
      </Paragraph>
      <p class="utrecht-paragraph" id="quick-card-offline" role="status" hidden>
        {t('quickcard.offline_ready')}
      </p>
    </Layout>
  );
}

function QuickCardSettingsPage({ view, value, errors }: { view: View; value: string; errors: FieldErrors }) {
  const t = view.t;
  const href = quickCardHref(view.who?.organisation.slug);
  return (
    <Layout view={view} title={t('quickcard.settings_title')}>
      <Paragraph>{t('quickcard.settings_intro')}</Paragraph>
      <Paragraph>
        <Link href={href}>{t('quickcard.public_link', { url: href })}</Link>
      </Paragraph>
      <ErrorSummary view={view} errors={errors} />
      <Form view={view} action="/settings/quick-card">
        <TextArea
          view={view}
          name="lines"
          label={t('quickcard.lines')}
          hint={t('quickcard.lines_hint')}
          value={value}
          errors={errors}
          rows={8}
        />
        <SubmitButton>{t('quickcard.save')}</SubmitButton>
      </Form>
    </Layout>
  );
}

/**
 * The service worker: keeps the card (each address it was opened at) and its stylesheet, and
 * nothing else; every other request goes to the network as if there were no worker. The card
 * is fetched fresh when there is a connection and taken from the cache when there is none.
 * Named by the stylesheet's hash, so a new stylesheet brings a new worker and a fresh cache.
 */
function workerScript(sheet: string): string {
  return `'use strict';
// Weerbaar, the quick card offline (issue 13 §1). Keeps ONLY the card and its stylesheet.
const CACHE = 'weerbaar-quick-card-${sheet.replace(/[^a-z0-9]/gi, '')}';
const CARD = ${JSON.stringify(QUICK_CARD_PATH)};
const SHEET = ${JSON.stringify(sheet)};
const own = (url) => url.origin === self.location.origin;
const isCard = (url) => own(url) && url.pathname === CARD;
const key = (url) => url.pathname + url.search;
self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([CARD, SHEET])));
  self.skipWaiting();
});
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});
// The page asks to keep the address it was opened at (with its organisation).
self.addEventListener('message', (event) => {
  const port = event.ports[0];
  const answer = (text) => port && port.postMessage(text);
  let url;
  try { url = new URL(String(event.data && event.data.keep), self.location.href); } catch { answer('refused'); return; }
  if (!isCard(url)) { answer('refused'); return; }
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([key(url), SHEET])).then(() => answer('kept'), () => answer('failed')));
});
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (own(url) && url.pathname === SHEET) {
    event.respondWith(caches.match(SHEET).then((hit) => hit || fetch(request)));
    return;
  }
  if (!isCard(url)) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(key(url), copy)));
        }
        return response;
      })
      .catch(() => caches.match(key(url)).then((hit) => hit || Response.error())),
  );
});
`;
}

/** Registers the worker from a file of our own (the CSP allows no inline script) and asks it to keep this card. */
const REGISTER = `'use strict';
if ('serviceWorker' in navigator) {
  navigator.serviceWorker
    .register(${JSON.stringify(QUICK_CARD_WORKER)}, { scope: ${JSON.stringify(QUICK_CARD_PATH)} })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => new Promise((resolve, reject) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => (event.data === 'kept' ? resolve() : reject(new Error(String(event.data))));
      registration.active.postMessage({ keep: location.pathname + location.search }, [channel.port2]);
    }))
    .then(() => {
      const note = document.getElementById('quick-card-offline');
      if (note) note.hidden = false;
    })
    .catch(() => undefined);
}
`;

const settingsForm = z.object({
  lines: z.preprocess((v) => (Array.isArray(v) ? v[0] : (v ?? '')), z.string()).pipe(quickCardLinesSchema),
});

/** The quick card (public), its worker, manifest and script, and the administrator's settings (anyone else: 404). */
export function quickCardRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: QUICK_CARD_PATH,
    audience: 'public',
    query: cardQuery,
    handler: async ({ tx, who, view, query }) => {
      const slug = query.org ?? who?.organisation.slug;
      const lines = slug ? await quickCardLinesBySlug(tx, slug) : [];
      return <QuickCardPage view={{ ...view, who: undefined, unread: undefined, csrfToken: '' }} slug={slug} lines={lines} />;
    },
  });

  app.get(QUICK_CARD_WORKER, { schema: { hide: true } }, async (_request, reply) =>
    reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(workerScript(stylesheetHref())),
  );
  app.get(REGISTER_SCRIPT, { schema: { hide: true } }, async (_request, reply) =>
    reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(REGISTER),
  );
  app.get(MANIFEST, { schema: { hide: true } }, async (request, reply) => {
    const slug = cardQuery.parse(request.query ?? {}).org;
    return reply
      .header('content-type', 'application/manifest+json; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(
        JSON.stringify({
          name: `${request.t('app.name')} — ${request.t('quickcard.title')}`,
          short_name: request.t('quickcard.title'),
          lang: request.lang,
          start_url: quickCardHref(slug),
          scope: QUICK_CARD_PATH,
          display: 'standalone',
          background_color: '#ffffff',
          theme_color: '#24578f',
          icons: [{ src: '/assets/icon.svg', sizes: 'any', type: 'image/svg+xml' }],
        }),
      );
  });

  pageRoute(app, db, {
    url: '/settings/quick-card',
    handler: async ({ tx, who, view }) => (
      <QuickCardSettingsPage view={view} value={(await quickCardSettings(tx, who)).join('\n')} errors={{}} />
    ),
  });

  formRoute(app, db, {
    url: '/settings/quick-card',
    form: settingsForm,
    generalField: 'lines',
    command: async ({ tx, who, form }) => {
      await changeQuickCardLines(tx, who, actorOf(who), form.lines);
      return '/settings/quick-card?notice=settings.saved';
    },
    render: async ({ tx, who, view, values, errors }) => {
      await quickCardSettings(tx, who);
      return <QuickCardSettingsPage view={view} value={values.lines ?? ''} errors={errors} />;
    },
  });
}
