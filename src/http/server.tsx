import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { EvidenceStore } from '../domain/evidence/evidence-store.js';
import { MAX_EVIDENCE_BYTES } from '../domain/evidence/file-type.js';
import { resolveApiToken, resolveSession } from '../domain/auth/session.js';
import { AppError, csrfFailed, notFound, tooManyRequests } from '../errors.js';
import { aftercareOperations, aftercareRoutes } from './api/aftercare.js';
import { caseOperations, caseRoutes } from './api/case.js';
import { consultationOperations, consultationRoutes } from './api/consultations.js';
import { inboxOperations, inboxRoutes } from './api/inbox.js';
import { incidentOperations, incidentRoutes } from './api/incidents.js';
import { measureOperations, measureRoutes } from './api/measures.js';
import { meOperations, meRoutes } from './api/me.js';
import { peopleApiRoutes, peopleOperations } from './api/people.js';
import { perpetratorOperations, perpetratorRoutes } from './api/perpetrators.js';
import { routingOperations, routingRoutes } from './api/routing.js';
import { openApiDocument, type ApiOperation } from './api/openapi.js';
import { assetRoutes } from './assets.js';
import { isApi, Redirect, safeLocalPath } from './context.js';
import { parseLang, translator } from './i18n/index.js';
import { opsRoutes } from './ops.js';
import { accountRoutes } from './pages/account.js';
import { ErrorPage } from './pages/error.js';
import { homeRoutes } from './pages/home.js';
import { peopleRoutes } from './pages/people.js';
import { perpetratorPageRoutes } from './pages/perpetrators/routes.js';
import { settingsRoutes } from './pages/settings.js';
import { setupRoutes } from './pages/setup.js';
import { consultRoutes } from './pages/consult.js';
import { inboxPageRoutes } from './pages/inbox.js';
import { incidentDetailRoutes } from './pages/incidents/detail.js';
import { incidentListRoutes } from './pages/incidents/list.js';
import { reportRoutes } from './pages/incidents/report.js';
import { routingPageRoutes } from './pages/routing.js';
import { aftercarePageRoutes } from './pages/aftercare/aftercare.js';
import { helpRoutes } from './pages/aftercare/help.js';
import { aftercareSettingsRoutes } from './pages/aftercare/settings.js';
import { taskRoutes } from './pages/aftercare/tasks.js';
import { banPageRoutes } from './pages/measures/bans.js';
import { letterSettingsRoutes } from './pages/measures/letter-settings.js';
import { measurePageRoutes } from './pages/measures/measures.js';
import { casePageRoutes } from './pages/case/case.js';
import { preparationRoutes } from './pages/case/preparation.js';
import { signInRoutes } from './pages/sign-in.js';
import { sendPage, viewOf } from './render.js';
import { LANG_COOKIE, PRE_SESSION_COOKIE, SESSION_COOKIE, sessionCookieOptions } from './session-cookie.js';

export interface ServerOptions {
  db: Db;
  evidenceStore: EvidenceStore;
  logger: FastifyBaseLogger | false;
  trustProxy?: boolean;
  /** Sign-in attempts per IP address per minute (default 20), on top of the per-account lockout. */
  signInAttemptsPerMinute?: number;
}

const API_OPERATIONS: ApiOperation[] = [
  ...measureOperations,
  ...meOperations, ...peopleOperations, ...incidentOperations, ...inboxOperations, ...consultationOperations, ...routingOperations, ...aftercareOperations, ...caseOperations,
  ...perpetratorOperations,
];

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** Establishes language and the signed-in person (session cookie or bearer token). */
async function identify(db: Db, request: FastifyRequest) {
  request.lang = parseLang(request.cookies[LANG_COOKIE] ?? (isApi(request) && /^en\b/.test(request.headers['accept-language'] ?? '') ? 'en' : 'nl'));
  request.t = translator(request.lang);
  request.who = undefined;
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) {
    request.who = await resolveApiToken(db, authorization.slice(7).trim(), request.ip);
    return;
  }
  const token = request.cookies[SESSION_COOKIE];
  if (token) request.who = await resolveSession(db, token, request.ip);
}

/** Forms carry a token: the session's own, or before sign-in a double-submit cookie. */
function checkCsrf(request: FastifyRequest) {
  if (request.method === 'GET' || request.method === 'HEAD') return;
  if (isApi(request)) {
    // Tokens are not sent by browsers on their own; cookie sessions must prove intent.
    if (request.headers.authorization?.startsWith('Bearer ')) return;
    const header = request.headers['x-csrf-token'];
    if (!request.who?.csrfToken || typeof header !== 'string' || !sameToken(header, request.who.csrfToken)) throw csrfFailed();
    return;
  }
  // Multipart forms (file uploads) are read by their handler, so they carry the token in the URL.
  const sent = request.isMultipart()
    ? (request.query as Record<string, unknown>)._csrf
    : (request.body as Record<string, unknown> | undefined)?._csrf;
  const expected = request.who?.csrfToken ?? request.cookies[PRE_SESSION_COOKIE];
  if (typeof sent !== 'string' || !expected || !sameToken(sent, expected)) throw csrfFailed();
}

/** The web server: pages, API and operations endpoints over the same domain commands. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { db } = options;
  const app = Fastify({
    logger: options.logger === false ? false : undefined,
    loggerInstance: options.logger === false ? undefined : options.logger,
    // Fastify's own request lines carry raw URLs and addresses; we log route templates instead.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
  } as never) as unknown as FastifyInstance;

  await app.register(cookie);
  await app.register(formbody);
  await app.register(multipart, { limits: { fileSize: MAX_EVIDENCE_BYTES, files: 1, fields: 20, fieldSize: 100_000 } });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => tooManyRequests(),
  });

  app.decorateRequest('who', undefined);
  app.decorateRequest('lang', 'nl');
  app.decorateRequest('t', undefined as never);
  app.decorateRequest('preSessionToken', undefined);

  app.addHook('onRequest', async (request, reply) => {
    await identify(db, request);
    if (!isApi(request) && !request.who) {
      let token = request.cookies[PRE_SESSION_COOKIE];
      if (!token) {
        token = randomBytes(24).toString('base64url');
        reply.setCookie(PRE_SESSION_COOKIE, token, sessionCookieOptions(request));
      }
      request.preSessionToken = token;
    }
  });
  app.addHook('preHandler', async (request) => checkCsrf(request));
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    if (!isApi(request)) {
      reply.header('content-security-policy',
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    }
  });
  app.addHook('onResponse', async (request, reply) => {
    // Route templates only: no ids, query strings, addresses or names reach the log.
    request.log.info({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  app.setErrorHandler(async (error, request, reply) => {
    if (error instanceof Redirect) return reply.code(303).header('location', error.location).send();
    let appError: AppError;
    if (error instanceof AppError) appError = error;
    else {
      const status = (error as { statusCode?: number }).statusCode;
      if (status && status >= 400 && status < 500) {
        appError = new AppError(status, status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'bad_request', 'error.invalid');
      } else {
        // Name and code only: messages from the database can quote personal data.
        request.log.error({ err: { name: (error as Error).name, code: (error as { code?: string }).code, stack: (error as Error).stack?.split('\n').slice(1, 8).join('\n') } }, 'unhandled error');
        appError = new AppError(500, 'internal', 'error.internal');
      }
    }
    if (isApi(request)) {
      const fields = Object.fromEntries(Object.entries(appError.fields).map(([k, v]) => [k, request.t(v)]));
      const message = Object.keys(appError.fields).length > 0 && appError.id === 'validation_failed'
        ? `${Object.keys(appError.fields)[0]}: ${request.t(appError.messageKey)}`
        : request.t(appError.messageKey);
      return reply.code(appError.status).send({ error: { id: appError.id, message, ...(Object.keys(fields).length ? { fields } : {}) } });
    }
    return sendPage(reply, <ErrorPage view={viewOf(request)} messageKey={appError.messageKey} />, appError.status);
  });

  app.setNotFoundHandler(async (request) => {
    void request;
    throw notFound();
  });

  app.get('/lang/:lang', async (request, reply) => {
    const lang = parseLang((request.params as { lang: string }).lang);
    reply.setCookie(LANG_COOKIE, lang, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 24 * 3600 });
    return reply.code(303).header('location', safeLocalPath((request.query as Record<string, unknown>).back)).send();
  });

  assetRoutes(app);
  opsRoutes(app, db);
  setupRoutes(app, db);
  signInRoutes(app, db, options.signInAttemptsPerMinute ?? 20);
  homeRoutes(app, db);
  accountRoutes(app, db);
  peopleRoutes(app, db);
  settingsRoutes(app, db);
  routingPageRoutes(app, db);
  reportRoutes(app, db);
  incidentListRoutes(app, db);
  incidentDetailRoutes(app, db, options.evidenceStore);
  inboxPageRoutes(app, db);
  consultRoutes(app, db);
  taskRoutes(app, db);
  helpRoutes(app, db);
  aftercarePageRoutes(app, db);
  aftercareSettingsRoutes(app, db);
  measurePageRoutes(app, db, options.evidenceStore);
  banPageRoutes(app, db);
  letterSettingsRoutes(app, db);
  casePageRoutes(app, db);
  preparationRoutes(app, db);
  perpetratorPageRoutes(app, db);
  meRoutes(app);
  peopleApiRoutes(app, db);
  incidentRoutes(app, db, options.evidenceStore);
  inboxRoutes(app, db);
  consultationRoutes(app, db);
  routingRoutes(app, db);
  aftercareRoutes(app, db);
  measureRoutes(app, db, options.evidenceStore);
  caseRoutes(app, db);
  perpetratorRoutes(app, db);
  const document = openApiDocument(API_OPERATIONS);
  app.get('/api/v1/openapi.json', async () => document);
  return app;
}
