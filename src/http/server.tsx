import { statisticsRoutes } from './api/statistics.js';
import { insightRoutes } from './pages/insight/dashboard.js';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import pg from 'pg';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import type { TrustProxy } from '../config.js';
import type { Db } from '../db/database.js';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../db/unavailable.js';
import { DEFAULT_SESSION_MAX_HOURS } from '../domain/auth/session.repository.js';
import type { EvidenceStore } from '../domain/evidence/evidence-store.js';
import { MAX_EVIDENCE_BYTES } from '../domain/evidence/file-type.js';
import { AppError, databaseUnavailable, inputUnprocessable, internalError, notFound, requestRejected, tooManyRequests } from '../errors.js';
import { aftercareRoutes } from './api/aftercare.js';
import { caseRoutes } from './api/case.js';
import { consultationRoutes } from './api/consultations.js';
import { exportRoutes } from './api/exports.js';
import { inboxRoutes } from './api/inbox.js';
import { incidentRoutes } from './api/incidents.js';
import { measureRoutes } from './api/measures.js';
import { holdRoutes } from './api/holds.js';
import { retentionPageRoutes } from './pages/retention.js';
import { holdPageRoutes } from './pages/retention-hold.js';
import { meRoutes } from './api/me.js';
import { peopleApiRoutes } from './api/people.js';
import { perpetratorRoutes } from './api/perpetrators.js';
import { councilReportApiRoutes } from './api/reports.js';
import { routingRoutes } from './api/routing.js';
import { meetingRoutes } from './api/meetings.js';
import { incidentSummaryRoutes } from './pages/incidents/summary.js';
import { riskAssessmentRoutes } from './api/risk-assessments.js';
import { sessionRoutes } from './api/sessions.js';
import { riskAssessmentPageRoutes } from './pages/risk/risk-assessments.js';
import { requestRoutes } from './api/requests.js';
import { accountabilityRoutes } from './api/accountability.js';
import { privacyPageRoutes } from './pages/privacy/privacy.js';
import { meetingPageRoutes } from './pages/meetings/meetings.js';
import { requestPageRoutes } from './pages/requests/requests.js';
import { evaluationPageRoutes } from './pages/training/evaluations.js';
import { trainingPageRoutes } from './pages/training/training.js';
import { OPENAPI_PATH, registerOpenApi } from './api/openapi.js';
import { identifyOnly } from './pipeline/request.js';
import { assetRoutes } from './assets.js';
import { isApi, Redirect, safeLocalPath } from './context.js';
import { parseLang, translator } from './i18n/index.js';
import { opsRoutes } from './ops.js';
import { calendarRoutes } from './pages/calendar.js';
import { mailPreferenceRoutes } from './pages/mail-preference.js';
import { searchRoutes } from './pages/search.js';
import { accountRoutes } from './pages/account.js';
import { accountRecoveryRoutes } from './pages/account-recovery.js';
import { ErrorPage } from './pages/error.js';
import { homeRoutes } from './pages/home.js';
import { peopleRoutes } from './pages/people.js';
import { perpetratorPageRoutes } from './pages/perpetrators/routes.js';
import { settingsRoutes } from './pages/settings.js';
import { benchmarkSettingsRoutes } from './pages/benchmark-settings.js';
import { benchmarkPageRoutes } from './pages/insight/benchmark.js';
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
import { exportPageRoutes } from './pages/insight/export.js';
import { councilRoutes } from './pages/insight/council.js';
import { signInRoutes } from './pages/sign-in.js';
import { ssoSignInRoutes } from './pages/sso.js';
import { ssoSettingsRoutes } from './pages/sso-settings.js';
import { randomBytes } from 'node:crypto';
import { quickCardRoutes } from './pages/quick-card.js';
import { sendPage, viewOf } from './render.js';
import { HSTS, LANG_COOKIE, sessionCookieOptions } from './session-cookie.js';

export interface ServerOptions {
  db: Db;
  evidenceStore: EvidenceStore;
  logger: FastifyBaseLogger | false;
  /** Proxies trusted for X-Forwarded-*: none (default), a number of hops, or their addresses (see config.ts). */
  trustProxy?: TrustProxy;
  /** Sign-in attempts per IP address per minute (default 20), on top of the per-account lockout. */
  signInAttemptsPerMinute?: number;
  /** Sign-in attempts per account (e-mail address) per 15 minutes, from any address (default 10). */
  signInAttemptsPerAccount?: number;
  /** A session's absolute lifetime in hours (default 12). */
  sessionMaxHours?: number;
  /** The address people use (PUBLIC_URL): when it is https, every answer is treated as served over HTTPS. */
  publicUrl?: string;
  /** Bearer token for /metrics (METRICS_TOKEN); without it /metrics does not exist (404). */
  metricsToken?: string;
  /** The SSO key (SSO_SECRET_KEY or dataDir/sso.key); without it one for this process only. */
  ssoKey?: Buffer;
  /** Where SSO secrets given by environment are read; process.env unless a test says otherwise. */
  env?: NodeJS.ProcessEnv;
}

/** A route as registered, for the route-table test and the OpenAPI check. */
export interface RegisteredRoute {
  method: string;
  url: string;
}

const routeTables = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route the server answers, as declared. */
export function routeTable(app: FastifyInstance): readonly RegisteredRoute[] {
  return routeTables.get(app) ?? [];
}

/**
 * Fastify's trustProxy for our setting. A hop count becomes a function: Fastify refuses plain
 * numbers (it cannot tell the proxy from a client that connects directly), and `true` would
 * trust every entry of X-Forwarded-For, the first of which the client writes itself.
 */
function proxyTrust(trust: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return trust;
}

/**
 * PostgreSQL's class 22, data exception: a value out of its column's range, a character the
 * database cannot store, a date that does not exist. Division by zero is left out: that is
 * the server's own arithmetic.
 */
function isDataException(error: unknown): boolean {
  return error instanceof pg.DatabaseError && typeof error.code === 'string' && error.code.startsWith('22') && error.code !== '22012';
}

/** The web server: pages, API and operations endpoints over the same domain commands. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { db } = options;
  const app = Fastify({
    logger: options.logger === false ? false : undefined,
    loggerInstance: options.logger === false ? undefined : options.logger,
    // Fastify's own request lines carry raw URLs and addresses; we log route templates instead.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: proxyTrust(options.trustProxy ?? false),
    bodyLimit: 1024 * 1024,
  } as never) as unknown as FastifyInstance;

  const routes: RegisteredRoute[] = [];
  routeTables.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url });
  });
  // Answers are checked against their zod schemas on the way out (fastify-type-provider-zod).
  app.setSerializerCompiler(serializerCompiler);
  await registerOpenApi(app);
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
  app.decorateRequest('overHttps', false);
  // Behind a TLS-terminating proxy the connection is plain HTTP: request.protocol believes the
  // proxy's X-Forwarded-Proto only when TRUST_PROXY trusts it, and PUBLIC_URL https says so outright.
  const publicHttps = options.publicUrl?.startsWith('https:') ?? false;

  // Who is asking is established inside each route's transaction (http/pipeline/request.ts).
  app.addHook('onRequest', async (request) => {
    request.lang = parseLang(
      request.cookies[LANG_COOKIE] ?? (isApi(request) && /^en\b/.test(request.headers['accept-language'] ?? '') ? 'en' : 'nl'),
    );
    request.t = translator(request.lang);
    request.who = undefined;
    request.overHttps = publicHttps || request.protocol === 'https';
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    if (request.overHttps) reply.header('strict-transport-security', HSTS);
    if (!isApi(request)) {
      reply.header(
        'content-security-policy',
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      );
    }
  });
  app.addHook('onResponse', async (request, reply) => {
    // Route templates only: no ids, query strings, addresses or names reach the log.
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });

  app.setErrorHandler(async (error, request, reply) => {
    if (error instanceof Redirect) return reply.code(303).header('location', error.location).send();
    let appError: AppError;
    if (error instanceof AppError) appError = error;
    else {
      const status = (error as { statusCode?: number }).statusCode;
      if (status && status >= 400 && status < 500) {
        appError = requestRejected(status);
      } else if (isDataException(error)) {
        // A value the schemas let through and the database refused: the caller's input, so 400,
        // but logged, because a schema should have said what is wrong (name and code only).
        request.log.warn(
          { err: { name: (error as Error).name, code: (error as { code?: string }).code } },
          'input refused by the database',
        );
        appError = inputUnprocessable();
      } else if (isDatabaseUnavailable(error)) {
        // The database is down or restarting (see db/embedded-watchdog.ts): nothing was written,
        // and the request can be sent again in a moment.
        request.log.warn({ err: { name: (error as Error).name, code: (error as { code?: string }).code } }, 'database unavailable');
        appError = databaseUnavailable();
      } else {
        // Name and code only: messages from the database can quote personal data.
        request.log.error(
          {
            err: {
              name: (error as Error).name,
              code: (error as { code?: string }).code,
              stack: (error as Error).stack?.split('\n').slice(1, 8).join('\n'),
            },
          },
          'unhandled error',
        );
        appError = internalError();
      }
    }
    if (appError.status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    if (isApi(request)) {
      const fields = Object.fromEntries(Object.entries(appError.fields).map(([k, v]) => [k, request.t(v)]));
      const message =
        Object.keys(appError.fields).length > 0 && appError.id === 'validation_failed'
          ? `${Object.keys(appError.fields)[0]}: ${request.t(appError.messageKey)}`
          : request.t(appError.messageKey);
      return reply.code(appError.status).send({ error: { id: appError.id, message, ...(Object.keys(fields).length ? { fields } : {}) } });
    }
    const titleKey = appError.status === 503 ? 'ops.unavailable_title' : undefined;
    return sendPage(reply, <ErrorPage view={viewOf(request)} messageKey={appError.messageKey} titleKey={titleKey} />, appError.status);
  });

  app.setNotFoundHandler(async (request, reply) => {
    // The error page shows the menu of whoever is signed in.
    await identifyOnly(db, request, reply);
    throw notFound();
  });

  app.get('/lang/:lang', async (request, reply) => {
    const lang = parseLang((request.params as { lang: string }).lang);
    reply.setCookie(LANG_COOKIE, lang, { ...sessionCookieOptions(request), maxAge: 365 * 24 * 3600 });
    return reply
      .code(303)
      .header('location', safeLocalPath((request.query as Record<string, unknown>).back))
      .send();
  });

  await assetRoutes(app);
  opsRoutes(app, db, { metricsToken: options.metricsToken });
  setupRoutes(app, db);
  const sso = {
    key: options.ssoKey ?? randomBytes(32),
    publicUrl: (options.publicUrl ?? 'http://localhost:3000').replace(/\/$/, ''),
    env: options.env ?? process.env,
  };
  signInRoutes(app, db, {
    attemptsPerMinute: options.signInAttemptsPerMinute ?? 20,
    attemptsPerAccount: options.signInAttemptsPerAccount ?? 10,
    sessionMaxHours: options.sessionMaxHours ?? DEFAULT_SESSION_MAX_HOURS,
    sso,
  });
  ssoSignInRoutes(app, db, sso, {
    attemptsPerMinute: options.signInAttemptsPerMinute ?? 20,
    sessionMaxHours: options.sessionMaxHours ?? DEFAULT_SESSION_MAX_HOURS,
  });
  ssoSettingsRoutes(app, db, sso);
  homeRoutes(app, db);
  accountRoutes(app, db);
  accountRecoveryRoutes(app, db, { attemptsPerMinute: options.signInAttemptsPerMinute ?? 20, resetsPerAccount: 5 });
  calendarRoutes(app, db);
  mailPreferenceRoutes(app, db);
  searchRoutes(app, db);
  peopleRoutes(app, db);
  settingsRoutes(app, db);
  benchmarkSettingsRoutes(app, db);
  benchmarkPageRoutes(app, db);
  routingPageRoutes(app, db);
  reportRoutes(app, db);
  incidentListRoutes(app, db);
  incidentDetailRoutes(app, db, options.evidenceStore);
  incidentSummaryRoutes(app, db);
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
  insightRoutes(app, db);
  exportPageRoutes(app, db);
  councilRoutes(app, db);
  quickCardRoutes(app, db);
  meRoutes(app, db);
  peopleApiRoutes(app, db);
  incidentRoutes(app, db, options.evidenceStore);
  inboxRoutes(app, db);
  consultationRoutes(app, db);
  routingRoutes(app, db);
  aftercareRoutes(app, db);
  measureRoutes(app, db, options.evidenceStore);
  caseRoutes(app, db);
  holdRoutes(app, db);
  retentionPageRoutes(app, db);
  holdPageRoutes(app, db);
  perpetratorRoutes(app, db);
  statisticsRoutes(app, db);
  exportRoutes(app, db);
  councilReportApiRoutes(app, db);
  meetingRoutes(app, db, options.evidenceStore);
  requestRoutes(app, db, options.evidenceStore);
  meetingPageRoutes(app, db, options.evidenceStore);
  riskAssessmentRoutes(app, db);
  sessionRoutes(app, db);
  trainingPageRoutes(app, db);
  evaluationPageRoutes(app, db);
  riskAssessmentPageRoutes(app, db);
  requestPageRoutes(app, db, options.evidenceStore);
  accountabilityRoutes(app, db);
  privacyPageRoutes(app, db);
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
  return app;
}
