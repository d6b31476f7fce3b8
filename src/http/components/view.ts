import type { SignedIn } from '../../domain/auth/session.js';
import type { Lang, Translate } from '../i18n/index.js';

/** What every page needs to render: language, who is looking, the form token, where we are. */
export interface View {
  lang: Lang;
  t: Translate;
  who: SignedIn | undefined;
  csrfToken: string;
  path: string;
  /** A one-time message after a redirect (e.g. "saved"). */
  notice?: string;
  /** A one-time problem after a redirect, shown as an alert. */
  problem?: string;
  /** The signed-in person's unread inbox items, shown beside "Inbox" in the navigation. */
  unread?: number;
}
