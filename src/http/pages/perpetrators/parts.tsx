import type { SignedIn } from '../../../domain/auth/session.js';
import { requireRole } from '../../../domain/access/access.js';
import { repeatState, type MatchReason, type PerpetratorSummary } from '../../../domain/perpetrator/perpetrator.js';
import { perpetratorPolicy, type PerpetratorAbility } from '../../../domain/perpetrator/perpetrator.policy.js';
import { AppError } from '../../../errors.js';
import { formatDay } from '../../displayed.js';
import type { View } from '../../components/view.js';

/** Holding the ability; everyone else is told the page does not exist. */
export function requireRegister(who: SignedIn, ability: PerpetratorAbility): SignedIn {
  requireRole(perpetratorPolicy, who, ability);
  return who;
}

/** Whether the person may keep the register (the pages show its buttons from this). */
export function mayManage(who: SignedIn | undefined): boolean {
  return who !== undefined && perpetratorPolicy.abilitiesOf(who).includes('perpetrator.manage');
}

/**
 * The small button forms (link, unlink, merge) have no fields to show a message at: a refusal
 * (400, 409) sends the browser back to the page with the reason (?error=), as a redirect. The
 * use cases refuse before they write, so nothing is left to roll back.
 */
export async function refusalAsRedirect(back: string, command: () => Promise<unknown>, done: string): Promise<string> {
  try {
    await command();
  } catch (error) {
    if (!(error instanceof AppError) || ![400, 409].includes(error.status)) throw error;
    return `${back}?error=${Object.values(error.fields)[0] ?? error.messageKey}`;
  }
  return done;
}

/** A calendar date (YYYY-MM-DD) as people write it. */
export const formatDate = formatDay;

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
  return value
    .split(/\r?\n/)
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** A button that posts one small form (link, unlink): a real form, so it works without JavaScript. */
export function PostButton({
  view,
  action,
  label,
  name,
  value,
  secondary = true,
  describedBy,
}: {
  view: View;
  action: string;
  label: string;
  name?: string;
  value?: string;
  secondary?: boolean;
  describedBy?: string;
}) {
  return (
    <form method="post" action={action} class="wb-inline">
      <input type="hidden" name="_csrf" value={view.csrfToken} />
      {name && <input type="hidden" name={name} value={value} />}
      <button
        type="submit"
        class={`utrecht-button ${secondary ? 'utrecht-button--secondary-action' : 'utrecht-button--primary-action'}`}
        aria-describedby={describedBy}
      >
        {label}
      </button>
    </form>
  );
}
