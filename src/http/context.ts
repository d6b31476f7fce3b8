import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../domain/audit/audit.js';
import type { SignedIn } from '../domain/auth/session.js';
import type { Lang, Translate } from './i18n/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    who: SignedIn | undefined;
    lang: Lang;
    t: Translate;
    /** Anti-forgery token for forms shown before sign-in (double-submit cookie). */
    preSessionToken: string | undefined;
    /** Whether the person reached us over HTTPS (directly, through a trusted proxy, or PUBLIC_URL says so). */
    overHttps: boolean;
  }
}

/** Thrown by page guards to send the browser elsewhere (sign-in, second factor, new password). */
export class Redirect extends Error {
  constructor(readonly location: string) {
    super('redirect');
  }
}

export function isApi(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

/** The person behind a page request, fully signed in; otherwise off to the right step. */
export function requireSignedIn(request: FastifyRequest): SignedIn & { sessionId: string } {
  const who = request.who;
  if (!who?.sessionId) throw new Redirect(`/sign-in?next=${encodeURIComponent(request.url)}`);
  if (who.stage === 'second_factor') throw new Redirect('/sign-in/second-factor');
  if (who.user.mustChangePassword && !request.url.startsWith('/account/password')) throw new Redirect('/account/password');
  return who as SignedIn & { sessionId: string };
}

export function actorOf(who: SignedIn): Actor & { organisationId: string } {
  return { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp };
}

export function redirect(reply: FastifyReply, location: string) {
  return reply.code(303).header('location', location).send();
}

const ORIGIN = 'http://weerbaar.invalid';

/**
 * A redirect target from the request (?next=, ?back=, a form field): only a path on this site,
 * else the fallback. The value must be printable ASCII without spaces or backslashes — browsers
 * drop tabs and newlines from a Location and read "\\" as "/", so "/\t/evil.example" would
 * leave the site, and a CR, LF or non-ASCII character cannot go into a header at all — and,
 * parsed as a URL against this site, must stay on it ("//evil.example", "/\\evil" do not).
 */
export function safeLocalPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length > 2000 || !/^\/[\x21-\x5b\x5d-\x7e]*$/.test(value)) return fallback;
  try {
    return new URL(value, ORIGIN).origin === ORIGIN && !value.startsWith('//') ? value : fallback;
  } catch {
    return fallback;
  }
}
