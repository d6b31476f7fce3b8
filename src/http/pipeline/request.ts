import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db, Tx } from '../../db/database.js';
import { bufferAudit, flushAudit } from '../../domain/audit/audit.js';
import { identify, touchApiToken, type Credential, type SignedIn } from '../../domain/auth/session.js';
import { AppError, csrfFailed, unauthorized } from '../../errors.js';
import { isApi, Redirect, requireSignedIn } from '../context.js';
import type { MultipartForm } from './upload.js';
import { PRE_SESSION_COOKIE, SESSION_COOKIE, sessionCookieOptions } from '../session-cookie.js';

/**
 * Who may call a route:
 * - 'public': anyone (sign-in, setup); `who` is set when a session is there;
 * - 'second_factor': a session that has given its password but not yet its second factor;
 * - 'signed_in': a page for a person fully signed in (otherwise off to the right step);
 * - 'api': a complete session or a personal token (otherwise 401).
 */
export type Audience = 'public' | 'second_factor' | 'signed_in' | 'api';

export interface RequestContext<W> {
  tx: Tx;
  who: W;
  request: FastifyRequest;
  reply: FastifyReply;
}

export type WhoFor<A extends Audience> = A extends 'public' ? SignedIn | undefined : SignedIn;

function credentialOf(request: FastifyRequest): Credential | undefined {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) return { kind: 'api_token', token: authorization.slice(7).trim() };
  const token = request.cookies[SESSION_COOKIE];
  return token ? { kind: 'session', token } : undefined;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** Before sign-in, forms are protected by a double-submit cookie; it is set on first sight. */
function ensurePreSessionToken(request: FastifyRequest, reply: FastifyReply) {
  let token = request.cookies[PRE_SESSION_COOKIE];
  if (!token) {
    token = randomBytes(24).toString('base64url');
    reply.setCookie(PRE_SESSION_COOKIE, token, sessionCookieOptions(request));
  }
  request.preSessionToken = token;
}

/**
 * Forms carry a token: the session's own, or before sign-in the double-submit cookie. A
 * multipart form (a file upload) is read by its route before the transaction, which hands its
 * fields over: the token travels in the body like any form's, never in the URL, where it
 * would end up in proxy logs, the browser history and Referer headers.
 */
function checkCsrf(request: FastifyRequest, multipart: MultipartForm | undefined) {
  if (request.method === 'GET' || request.method === 'HEAD') return;
  if (isApi(request)) {
    // Tokens are not sent by browsers on their own; cookie sessions must prove intent.
    if (request.headers.authorization?.startsWith('Bearer ')) return;
    const header = request.headers['x-csrf-token'];
    if (!request.who?.csrfToken || typeof header !== 'string' || !sameToken(header, request.who.csrfToken)) throw csrfFailed();
    return;
  }
  // A body that is not multipart inside (no boundary) carries no token, and its route answers
  // 400 before anything is written; the person hears what is wrong with the file, not 403.
  if (multipart?.unreadable && multipart.fields._csrf === undefined) return;
  const sent = request.isMultipart() ? multipart?.fields._csrf : (request.body as Record<string, unknown> | undefined)?._csrf;
  const expected = request.who?.csrfToken ?? request.cookies[PRE_SESSION_COOKIE];
  if (typeof sent !== 'string' || !expected || !sameToken(sent, expected)) throw csrfFailed();
}

/** Sends a page request on to the step the person has not taken yet. */
function admit(request: FastifyRequest, audience: Audience): void {
  const who = request.who;
  switch (audience) {
    case 'public':
      return;
    case 'api':
      if (!who || who.stage !== 'complete') throw unauthorized();
      return;
    case 'second_factor':
      if (!who?.sessionId) throw new Redirect('/sign-in');
      return;
    case 'signed_in':
      requireSignedIn(request);
      return;
  }
}

/** What a held `reply.send` gives back inside the transaction (see inRequest). */
const HELD = Object.freeze({ held: true });

/**
 * One transaction per request: identify the caller, admit them, check the form token, then
 * run the handler — all on one connection, committed together or not at all. An error rolls
 * everything back, except one that says its writes must stay (a failed sign-in).
 */
export async function inRequest<A extends Audience, T>(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  audience: A,
  handler: (context: RequestContext<WhoFor<A>>) => Promise<T>,
  options: { multipart?: MultipartForm } = {},
): Promise<T> {
  let kept: AppError | undefined;
  let staleToken: { organisationId: string; tokenId: string } | undefined;
  // Nothing leaves before the commit: an answer sent inside the transaction (a redirect, a
  // file, a form shown again) is held and sent once the transaction has committed, so the
  // browser's next request reads what this one wrote. A rollback drops it for the error page.
  // The stand-in answers with a token, not the reply: a reply is thenable (it resolves once
  // sent), so a handler returning it from inside the transaction would wait for itself.
  let held: { payload: unknown } | undefined;
  reply.send = ((payload?: unknown) => {
    held = { payload };
    return HELD;
  }) as unknown as typeof reply.send;
  let result: T | undefined;
  try {
    result = await db.transaction().execute(async (tx) => {
      const identified = await identify(tx, credentialOf(request), request.ip);
      request.who = identified.who;
      if (identified.staleApiTokenId && identified.who)
        staleToken = { organisationId: identified.who.organisation.id, tokenId: identified.staleApiTokenId };
      if (!request.who && !isApi(request)) ensurePreSessionToken(request, reply);
      admit(request, audience);
      checkCsrf(request, options.multipart);
      bufferAudit(tx);
      let value: T | undefined;
      try {
        value = await handler({ tx, who: request.who as WhoFor<A>, request, reply });
      } catch (error) {
        if (!(error instanceof AppError && error.keepsWrites)) throw error;
        kept = error;
      }
      await flushAudit(tx);
      return value;
    });
  } finally {
    // Back to Fastify's own send (on the prototype).
    Reflect.deleteProperty(reply, 'send');
  }
  // A bookkeeping write after the answer's work is done: if it fails, the request still succeeded.
  if (staleToken) {
    await touchApiToken(db, staleToken.organisationId, staleToken.tokenId).catch((error: unknown) =>
      request.log.warn({ err: { name: (error as Error).name, code: (error as { code?: string }).code } }, 'api token use not recorded'),
    );
  }
  if (kept) throw kept;
  if (held) {
    reply.send(held.payload);
    return reply as T;
  }
  return result as T;
}

/** For answers outside any route (the not-found page): who is looking, in a short transaction of its own. */
export async function identifyOnly(db: Db, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  await db.transaction().execute(async (tx) => {
    request.who = (await identify(tx, credentialOf(request), request.ip)).who;
  });
  if (!request.who && !isApi(request)) ensurePreSessionToken(request, reply);
}
