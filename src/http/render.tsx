import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import type { View } from './components/view.js';
import { isMessageKey, translator } from './i18n/index.js';

/** Keys a redirect may ask a page to show as a notice (?notice=…); anything else is ignored. */
const NOTICES = new Set<string>([
  'calendar.revoked',
  'people.saved',
  'people.deactivated',
  'people.reactivated',
  'people.second_factor_reset',
  'settings.saved',
  'password.changed',
  'auth.other_sessions_ended',
  'tokens.revoked',
  'totp.enrolled',
  'signin.signed_out',
  'setup.done',
  'report.done',
  'report.draft_saved',
  'incident.status_changed',
  'retention.hold.placed',
  'retention.hold.lifted',
  'incident.message_added',
  'incident.evidence_added',
  'incident.granted',
  'consult.asked',
  'consult.answered',
  'routing.saved',
  'aftercare.saved',
  'deadline.cancelled',
  'aftercare_settings.saved',
  'contacts.saved',
  'case.saved',
  'perpetrators.created',
  'perpetrators.saved',
  'perpetrators.linked',
  'perpetrators.unlinked',
  'perpetrators.merged',
  'council.text_saved',
  'setpw.done',
  'sessions.ended',
  'sessions.others_ended',
  'people.invitation_resent',
]);

export function viewOf(request: FastifyRequest, params: Record<string, string> = {}): View {
  const query = request.query as Record<string, unknown> | undefined;
  const notice = query?.notice;
  const problem = query?.error;
  const t = request.t ?? translator('nl');
  return {
    lang: request.lang ?? 'nl',
    t,
    who: request.who,
    csrfToken: request.who?.csrfToken ?? request.preSessionToken ?? '',
    path: request.url.split('?')[0] ?? '/',
    notice: typeof notice === 'string' && NOTICES.has(notice) && isMessageKey(notice) ? t(notice, params) : undefined,
    // A message key after a redirect from a small form (e.g. a cancel without reason).
    problem: typeof problem === 'string' && problem.startsWith('error.') && isMessageKey(problem) ? t(problem) : undefined,
  };
}

/** Sends a server-rendered page. Preact escapes all text; raw HTML only via dangerouslySetInnerHTML. */
export function sendPage(reply: FastifyReply, page: VNode, status = 200) {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(`<!doctype html>${render(page)}`);
}
