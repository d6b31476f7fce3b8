import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'wb_session';
export const PRE_SESSION_COOKIE = 'wb_form';
export const LANG_COOKIE = 'wb_lang';

/** HttpOnly, SameSite=Lax, and Secure whenever the request came over HTTPS: every cookie we set uses these. */
export function sessionCookieOptions(request: FastifyRequest): CookieSerializeOptions {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure: request.overHttps };
}

/** What browsers keep HTTPS-only once they have seen it: a year, subdomains included. */
export const HSTS = 'max-age=31536000; includeSubDomains';
