import type { FastifyRequest } from 'fastify';
import { isUuid } from '../../../validation.js';
import type { ComponentChildren } from 'preact';
import type { SignedIn } from '../../../domain/auth/session.js';
import { repeatState, type MatchReason, type PerpetratorSummary } from '../../../domain/perpetrator/perpetrator.js';
import { requirePerpetratorAbility, type PerpetratorAbility } from '../../../domain/perpetrator/perpetrator.policy.js';
import type { View } from '../../components/view.js';
import { requireSignedIn } from '../../context.js';
import type { Lang } from '../../i18n/index.js';
import { viewOf } from '../../render.js';

/** Notices the register's pages show after a redirect (?notice=…). */
const NOTICES = new Set(['perpetrators.created', 'perpetrators.saved', 'perpetrators.linked', 'perpetrators.unlinked', 'perpetrators.merged']);

/** The page view, with the register's own notices. */
export function pageView(request: FastifyRequest): View {
  const view = viewOf(request);
  const notice = (request.query as Record<string, unknown> | undefined)?.notice;
  return typeof notice === 'string' && NOTICES.has(notice) ? { ...view, notice: view.t(notice) } : view;
}

/** Signed in and holding the ability; everyone else is told the page does not exist. */
export function requireRegister(request: FastifyRequest, ability: PerpetratorAbility): SignedIn {
  const who = requireSignedIn(request);
  requirePerpetratorAbility(who, ability);
  return who;
}


/** A calendar date (YYYY-MM-DD) as people write it. */
export function formatDate(value: string, lang: Lang): string {
  const date = new Date(`${value}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nl-NL', { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

export function Row({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="utrecht-data-list__item">
      <dt class="utrecht-data-list__item-key">{label}</dt>
      <dd class="utrecht-data-list__item-value">{children}</dd>
    </div>
  );
}

/** First incident or a repeat, readable at a glance (and in words, not only as a style). */
export function RepeatBadge({ view, count }: { view: View; count: number }) {
  const state = repeatState(count);
  return <span class="wb-badge">{view.t(`perpetrators.repeat.${state}`, { count: String(count) })}</span>;
}

export function identifierText(view: View, p: Pick<PerpetratorSummary, 'aliases' | 'emails' | 'phones' | 'socialAccounts'>): string {
  return [...p.aliases, ...p.emails, ...p.phones, ...p.socialAccounts].join(', ') || view.t('perpetrators.none');
}

export function reasonText(view: View, reasons: readonly MatchReason[], score: number): string {
  return reasons.map((r) => view.t(`perpetrators.reason.${r}`, { percent: String(Math.round(score * 100)) })).join(', ');
}

/** Lines of a text area as a list of values (one alias, address or number per line). */
export function lines(value: string): string[] {
  return value.split(/\r?\n/).map((v) => v.trim()).filter((v) => v !== '');
}

/** A button that posts one small form (link, unlink): a real form, so it works without JavaScript. */
export function PostButton({ view, action, label, name, value, secondary = true, describedBy }: {
  view: View; action: string; label: string; name?: string; value?: string; secondary?: boolean; describedBy?: string;
}) {
  return (
    <form method="post" action={action} class="wb-inline">
      <input type="hidden" name="_csrf" value={view.csrfToken} />
      {name && <input type="hidden" name={name} value={value} />}
      <button type="submit" class={`utrecht-button ${secondary ? 'utrecht-button--secondary-action' : 'utrecht-button--primary-action'}`} aria-describedby={describedBy}>
        {label}
      </button>
    </form>
  );
}
