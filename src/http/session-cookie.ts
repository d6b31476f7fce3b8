import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'wb_session';
export const PRE_SESSION_COOKIE = 'wb_form';
export const LANG_COOKIE = 'wb_lang';

/** HttpOnly, SameSite=Lax, Secure whenever the request came over HTTPS. */
export function sessionCookieOptions(request: FastifyRequest): CookieSerializeOptions {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https' };
}
