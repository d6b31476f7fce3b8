import type { ComponentChildren } from 'preact';
import { canCase } from '../../../domain/case/case.policy.js';
import { insightPolicy } from '../../../domain/insight/insight.policy.js';
import { quickCardHref as cardHref } from '../../../domain/quick-card/quick-card.js';
import { keepsMeetingLog } from '../../../domain/meeting/meeting.policy.js';
import { seesAccountability } from '../../../domain/accountability/accountability.policy.js';
import { canTraining } from '../../../domain/training/training.policy.js';
import { riskNavigation } from '../../../domain/risk-assessment/risk-assessment.policy.js';
import { canRequest } from '../../../domain/request/request.policy.js';
import { canPeople } from '../../../domain/user/user.policy.js';
import { stylesheetHref } from '../../stylesheet.js';
import type { View } from '../view.js';

interface NavItem {
  href: string;
  label: string;
  /** How many things wait there (the inbox's unread items). */
  count?: number | undefined;
}

function navigation(view: View): NavItem[] {
  const who = view.who;
  if (!who || who.stage !== 'complete' || who.user.mustChangePassword) return [];
  const items: NavItem[] = [
    { href: '/', label: view.t('nav.home') },
    { href: '/report', label: view.t('nav.report') },
    { href: '/incidents', label: view.t('nav.incidents') },
    { href: '/inbox', label: view.t('nav.inbox'), count: view.unread },
    { href: '/consult', label: view.t('nav.consult') },
    { href: '/tasks', label: view.t('nav.tasks') },
    { href: '/help', label: view.t('nav.help') },
  ];
  if (keepsMeetingLog(who.user.roles)) items.push({ href: '/meetings', label: view.t('nav.meetings') });
  // The register for those who keep or read it; for office holders their own sessions.
  if (canTraining(who.user.roles, 'training.read')) items.push({ href: '/training', label: view.t('nav.training') });
  else if (canTraining(who.user.roles, 'training.own')) items.push({ href: '/training/mine', label: view.t('nav.training_mine') });
  // The people on duty find today's risky conversations on their start page, not in the menu.
  if (riskNavigation(who) === 'all') items.push({ href: '/risk-assessments', label: view.t('nav.risk') });
  if (canCase(who.user.roles, 'perpetrator.read')) items.push({ href: '/perpetrators', label: view.t('nav.perpetrators') });
  if (canCase(who.user.roles, 'triangle.list')) items.push({ href: '/triangle', label: view.t('triangle.title') });
  if (canCase(who.user.roles, 'bans.front_desk')) items.push({ href: '/bans', label: view.t('nav.bans') });
  if (insightPolicy.abilitiesOf(who).includes('dashboard')) items.push({ href: '/insight', label: view.t('nav.insight') });
  if (canRequest(who.user.roles, 'request.read')) items.push({ href: '/requests', label: view.t('nav.requests') });
  if (canPeople(who.user.roles, 'people.list')) items.push({ href: '/people', label: view.t('nav.people') });
  // The audit trail, the access review, the register of processing (and retention) are reached from there.
  if (seesAccountability(who)) items.push({ href: '/privacy', label: view.t('nav.privacy') });
  // Routing, aftercare and contacts are reached from the settings page.
  if (canPeople(who.user.roles, 'organisation.settings')) items.push({ href: '/settings', label: view.t('nav.settings') });
  items.push({ href: '/account', label: view.t('nav.account') });
  return items;
}

/**
 * A title with its incident references (M-00073) kept on one line: a browser may break a line
 * after a hyphen, which left "M-" at the end of one line and the number on the next.
 */
function titleParts(title: string): ComponentChildren {
  return title.split(/(M-\d+)/).map((part, i) => (i % 2 === 1 ? <span class="wb-nowrap">{part}</span> : part));
}

/**
 * The page frame: skip link, header with organisation and navigation, main, footer. `head` adds
 * to the document head (the quick card's manifest and script); `quickCardHref` is where the
 * header's "Wat nu te doen" goes (default: the card of the signed-in person's organisation).
 */
export function Layout({
  view,
  title,
  children,
  head,
  quickCardHref,
}: {
  view: View;
  title: string;
  children: ComponentChildren;
  head?: ComponentChildren;
  quickCardHref?: string;
}) {
  const items = navigation(view);
  const otherLang = view.lang === 'nl' ? 'en' : 'nl';
  // The most specific item is current: /settings/routing is Routing, not Settings.
  const matching = items.filter((i) => (i.href === '/' ? view.path === '/' : view.path === i.href || view.path.startsWith(`${i.href}/`)));
  const best = matching.sort((a, b) => b.href.length - a.href.length)[0]?.href;
  const current = (href: string) => href === best;
  return (
    <html lang={view.lang} class="utrecht-html">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} — ${view.who?.organisation.name ?? view.t('app.name')}`}</title>
        <link rel="stylesheet" href={stylesheetHref()} />
        <link rel="icon" href="/assets/icon.svg" type="image/svg+xml" />
        {head}
      </head>
      <body class="utrecht-theme utrecht-document utrecht-body">
        <a class="utrecht-skip-link" href="#main">
          {view.t('layout.skip')}
        </a>
        <div class="utrecht-page">
          <header class="utrecht-page-header wb-header">
            <p class="wb-brand">
              <span class="wb-app">{view.t('app.name')}</span>
              {view.who && <span class="wb-org">{view.who.organisation.name}</span>}
            </p>
            {items.length > 0 && (
              <nav aria-label={view.t('layout.nav')} class="utrecht-nav-bar">
                <ul class="utrecht-nav-list wb-nav">
                  {items.map((item) => (
                    <li class="utrecht-nav-list__item">
                      <a
                        class="utrecht-link utrecht-nav-list__link"
                        href={item.href}
                        aria-current={current(item.href) ? 'page' : undefined}
                      >
                        {item.label}
                        {item.count ? ' ' : null}
                        {item.count ? (
                          <span class="wb-count">
                            {item.count}
                            <span class="wb-visually-hidden"> {view.t('layout.unread')}</span>
                          </span>
                        ) : null}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            )}
            {/* On the search page its own, larger box is the one search landmark. */}
            {items.length > 0 && view.path !== '/search' && (
              <form method="get" action="/search" role="search" class="wb-search">
                <label class="wb-visually-hidden" for="header-search">
                  {view.t('search.header_label')}
                </label>
                <input
                  class="utrecht-textbox utrecht-textbox--html-input wb-search__input"
                  id="header-search"
                  name="q"
                  type="search"
                  autocomplete="off"
                />
                <button type="submit" class="utrecht-button utrecht-button--secondary-action">
                  {view.t('search.submit')}
                </button>
              </form>
            )}
            <div class="wb-tools">
              {/* One tap from every page, signed in or not (issue 13 §1). */}
              <a
                class="utrecht-link wb-quick-link"
                href={quickCardHref ?? cardHref(view.who?.organisation.slug)}
                aria-current={view.path === '/quick-card' ? 'page' : undefined}
              >
                {view.t('quickcard.link')}
              </a>
              <a
                class="utrecht-link"
                href={`/lang/${otherLang}?back=${encodeURIComponent(view.path === '/quick-card' && quickCardHref ? quickCardHref : view.path)}`}
                lang={otherLang}
                hrefLang={otherLang}
                aria-label={view.t('layout.switch_language_label')}
              >
                {view.t('layout.switch_language')}
              </a>
              {view.who && (
                <form method="post" action="/sign-out" class="wb-inline">
                  <input type="hidden" name="_csrf" value={view.csrfToken} />
                  <button type="submit" class="utrecht-button utrecht-button--subtle">
                    {view.t('layout.sign_out')}
                  </button>
                </form>
              )}
            </div>
          </header>
          <main id="main" class="utrecht-page-content" tabIndex={-1}>
            <h1 class="utrecht-heading-1">{titleParts(title)}</h1>
            {view.problem && (
              <div class="utrecht-alert utrecht-alert--error" role="alert">
                <p class="utrecht-paragraph">{view.problem}</p>
              </div>
            )}
            {view.notice && (
              <div class="utrecht-alert utrecht-alert--ok" role="status">
                <p class="utrecht-paragraph">{view.notice}</p>
              </div>
            )}
            {children}
          </main>
          <footer class="utrecht-page-footer wb-footer">
            <p class="utrecht-paragraph">{view.t('app.tagline')}</p>
          </footer>
        </div>
      </body>
    </html>
  );
}
