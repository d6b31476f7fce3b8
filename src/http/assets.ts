import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createRequire } from 'node:module';
import { buildStylesheet, useStylesheet } from './stylesheet.js';

const require = createRequire(import.meta.url);

// Our own few rules on top of the NL Design System: layout of header and forms only.
const OWN_CSS = `
.wb-header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; justify-content: space-between; padding: 1rem; border-block-end: 1px solid #ccc; }
.wb-brand { margin: 0; display: flex; flex-direction: column; }
.wb-app { font-weight: 700; font-size: 1.25rem; }
.wb-nav { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; margin: 0; padding: 0; }
.wb-nav a[aria-current="page"] { font-weight: 700; }
.wb-tools { display: flex; gap: 1rem; align-items: center; }
.wb-inline { display: inline; }
.utrecht-page-content { padding: 1rem; max-inline-size: 60rem; overflow-wrap: break-word; }
.wb-footer { padding: 1rem; border-block-start: 1px solid #ccc; }
.wb-form .utrecht-form-field, .wb-form .utrecht-form-fieldset { margin-block-end: 1.25rem; }
.wb-form .utrecht-textbox { max-inline-size: 30rem; inline-size: 100%; }
.wb-actions { margin-block: 1.5rem; }
.wb-button-row { display: flex; flex-wrap: wrap; gap: 0.5rem; }
.wb-error-summary { margin-block-end: 1.5rem; flex-direction: column; }
.wb-qr { display: block; margin-block: 1rem; background: #fff; }
.wb-secret { word-break: break-all; }
.utrecht-skip-link:not(:focus) { position: absolute; inline-size: 1px; block-size: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.wb-field-row { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-end; }
.wb-field-row .utrecht-form-field { margin-block-end: 0.5rem; }
.wb-details { margin-block: 1rem; border: 1px solid #ccc; border-radius: 4px; padding: 0.5rem 1rem; }
.wb-details__summary { cursor: pointer; font-weight: 600; padding-block: 0.5rem; }
.wb-details__body { padding-block-start: 0.5rem; }
.wb-option-note { margin-block: 0.25rem 0.75rem; }
.wb-timeline { padding-inline-start: 1.25rem; }
.wb-timeline li { margin-block-end: 0.5rem; }
.wb-pre { white-space: pre-wrap; }
.wb-break { word-break: break-all; }
.wb-badge { padding: 0 0.4rem; border: 1px solid currentColor; border-radius: 3px; font-size: 0.85em; }
.wb-quote { margin-inline: 0; padding-inline-start: 1rem; border-inline-start: 4px solid #ccc; }
.wb-form .wb-narrow, .wb-narrow { max-inline-size: 6rem; }
.wb-rule { border: 1px solid #ddd; padding: 0.5rem 1rem; margin-block-end: 1rem; }
.wb-filters { margin-block-end: 1.5rem; }
.wb-contacts { list-style: none; padding: 0; display: grid; gap: 1rem; }
.wb-contact { border: 1px solid #ccc; border-radius: 4px; padding: 0.75rem 1rem; }
.wb-chart { margin: 1rem 0 1.5rem; }
.wb-chart__svg { display: block; inline-size: 100%; max-inline-size: 40rem; block-size: auto; }
.wb-conversation { border-block-start: 1px solid #ddd; padding-block: 0.75rem; }
.wb-quick-link { font-weight: 700; color: #a4001f; }
.wb-call { display: inline-block; padding: 0.75rem 1.5rem; border-radius: 4px; background: #a4001f; color: #fff; font-size: 1.5rem; font-weight: 700; text-decoration: none; }
.wb-call:focus-visible { outline: 3px solid #000; outline-offset: 2px; }
.wb-report-urgent { margin-block-end: 1.5rem; }
/* The disruption log's buttons: big, one a row on a phone, two side by side on a tablet. */
.wb-big-buttons { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 0.75rem; margin-block: 1rem; }
.wb-big-buttons .utrecht-button { min-block-size: 3.5rem; inline-size: 100%; max-inline-size: none; font-size: 1.15rem; }
/* Headings wrap between words: hyphenation where the browser has it (the page's lang), a size
   that lets long Dutch words fit a phone, and a reference such as M-00073 kept whole. Breaking
   inside a word stays only as the last resort, for a word longer than the line (a name), since
   sideways scrolling would be worse (WCAG 1.4.10). */
.utrecht-heading-1, .utrecht-heading-2, .utrecht-heading-3, .utrecht-heading-4 { hyphens: auto; -webkit-hyphens: auto; word-break: normal; }
.utrecht-heading-1 { font-size: clamp(1.5rem, 1rem + 2.5vw, 2rem); }
.wb-nowrap { white-space: nowrap; }
.wb-overdue { display: inline-block; padding: 0 0.4rem; border-radius: 3px; background: #a4001f; color: #fff; font-weight: 700; font-size: 0.9em; }
.wb-today { display: inline-block; padding: 0 0.4rem; border-radius: 3px; background: #ffe08a; color: #000; font-weight: 700; font-size: 0.9em; }
/* On paper: the page's content, without the menu, the search, the forms and buttons (issue 10 §4). */
@media print {
  .wb-header nav, .wb-search, .wb-tools, .utrecht-skip-link, .wb-footer, .wb-no-print, form, .utrecht-button { display: none !important; }
  body { font-size: 11pt; color: #000; background: #fff; }
  a { color: #000; text-decoration: none; }
  .wb-timeline li, .utrecht-data-list__item, tr { break-inside: avoid; }
}
/* A risk level at a glance; the word says it too, for those who do not see the colour. */
.wb-risk { display: inline-block; padding: 0 0.4rem; border-radius: 3px; font-weight: 700; font-size: 0.9em; }
.wb-risk--low { background: #e6f4ea; color: #0b3d1a; }
.wb-risk--elevated { background: #ffe08a; color: #000; }
.wb-risk--high { background: #a4001f; color: #fff; }
.wb-steps { padding-inline-start: 1.5rem; }
.wb-search { display: flex; gap: 0.5rem; align-items: center; }
.wb-search__input { max-inline-size: 14rem; }
.wb-search-page { margin-block-end: 1.5rem; }
.wb-count { display: inline-block; min-inline-size: 1.5em; margin-inline-start: 0.25em; padding: 0 0.35em; border-radius: 1em; background: #24578f; color: #fff; font-size: 0.85em; font-weight: 700; text-align: center; }
.wb-visually-hidden { position: absolute; inline-size: 1px; block-size: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
/* Tables on a narrow screen: each row a block, each cell under its column's name. Wide tables
   (figures to compare) keep their columns and scroll, with a hint and edge shadows. */
.wb-scroll-hint { display: none; font-style: italic; }
@media (max-width: 40rem) {
  /* The page's own 2rem beside the content's 1rem left a phone 48 px margins and headings no room. */
  .utrecht-page { padding-inline: 0; }
  .wb-scroll-hint { display: block; }
  .wb-table-stack { overflow: visible; }
  .wb-table-stack .utrecht-table, .wb-table-stack .utrecht-table__body, .wb-table-stack .utrecht-table__row,
  .wb-table-stack .utrecht-table__cell, .wb-table-stack .utrecht-table__body .utrecht-table__header-cell { display: block; inline-size: auto; block-size: auto; text-align: start; }
  .wb-table-stack .utrecht-table__header { position: absolute; inline-size: 1px; block-size: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); }
  .wb-table-stack .utrecht-table__body .utrecht-table__row { border-block-end: 1px solid #ccc; padding-block: 0.5rem; }
  .wb-table-stack .utrecht-table__cell, .wb-table-stack .utrecht-table__body .utrecht-table__header-cell { border: 0; padding-block: 0.25rem; padding-inline: 0; }
  .wb-table-stack [data-label]::before { content: attr(data-label); display: block; font-weight: 700; font-size: 0.9em; }
}
`;

/** The app's icon: a shield, in the header's blue (also answers /favicon.ico, which browsers ask for unasked). */
const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path fill="#24578f" d="M16 2 4 6v9c0 7.5 5.1 13.4 12 15 6.9-1.6 12-7.5 12-15V6z"/><path fill="#fff" d="m14 20.6-4.3-4.3 1.8-1.8 2.5 2.5 6.5-6.5 1.8 1.8z"/></svg>`;

/** A year: the name changes with the content, so a browser never needs to ask again. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Design tokens + the Utrecht components our pages use + our layout, cut, minified and
 * compressed once at start (stylesheet.ts), served under a name with its hash. The plain name
 * stays for pages rendered before the server knew the hash (component tests).
 */
export async function assetRoutes(app: FastifyInstance): Promise<void> {
  const sheet = await buildStylesheet(
    [require.resolve('@utrecht/design-tokens/dist/theme.css'), require.resolve('@utrecht/component-library-css/dist/index.css')],
    OWN_CSS,
  );
  useStylesheet(sheet);
  const etag = `"${sheet.hash}"`;
  const send = (request: FastifyRequest, reply: FastifyReply, cacheControl: string) => {
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    const accepted = String(request.headers['accept-encoding'] ?? '');
    reply
      .header('content-type', 'text/css; charset=utf-8')
      .header('etag', etag)
      .header('cache-control', cacheControl)
      .header('vary', 'accept-encoding');
    if (/\bbr\b/.test(accepted)) return reply.header('content-encoding', 'br').send(sheet.brotli);
    if (/\bgzip\b/.test(accepted)) return reply.header('content-encoding', 'gzip').send(sheet.gzip);
    return reply.send(sheet.css);
  };
  app.get(`/assets/weerbaar.${sheet.hash}.css`, (request, reply) => send(request, reply, IMMUTABLE));
  app.get('/assets/weerbaar.css', (request, reply) => send(request, reply, 'public, max-age=3600'));
  for (const url of ['/assets/icon.svg', '/favicon.ico'])
    app.get(url, (_request, reply) =>
      reply.header('content-type', 'image/svg+xml').header('cache-control', 'public, max-age=86400').send(ICON),
    );
}
