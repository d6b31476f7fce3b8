import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { withOrganisation, withoutOrganisation, type Db } from '../src/db/database.js';
import type { TrustProxy } from '../src/config.js';
import { lookupUserByEmail } from '../src/domain/auth/session.repository.js';
import { currentTotp } from '../src/domain/auth/totp.js';
import { buildServer } from '../src/http/server.js';
import { localEvidenceStore } from '../src/domain/evidence/evidence-store.js';
import os from 'node:os';
import path from 'node:path';

/** Evidence written by tests goes to one temporary directory per worker process. */
export const testEvidenceDir = path.join(os.tmpdir(), `wb-evidence-${process.pid}`);
import { TEST_PASSWORD } from './factories.js';

const databases = new WeakMap<FastifyInstance, Db>();

/**
 * The real server; the sign-in limits (per address, per account) are raised because every test
 * request comes from 127.0.0.1 and tests sign the same people in many times.
 */
export async function buildTestServer(
  db: Db,
  options: {
    signInAttemptsPerMinute?: number;
    signInAttemptsPerAccount?: number;
    trustProxy?: TrustProxy;
    sessionMaxHours?: number;
    publicUrl?: string;
    metricsToken?: string;
    ssoKey?: Buffer;
    env?: NodeJS.ProcessEnv;
  } = {},
): Promise<FastifyInstance> {
  const app = await buildServer({
    db,
    logger: false,
    evidenceStore: localEvidenceStore(testEvidenceDir),
    ...options,
    signInAttemptsPerMinute: options.signInAttemptsPerMinute ?? 10_000,
    signInAttemptsPerAccount: options.signInAttemptsPerAccount ?? 10_000,
  });
  databases.set(app, db);
  return app;
}

/**
 * Forgets which second-factor code a person used last, as if the next 30-second step had come:
 * a code is accepted once, and tests sign the same person in many times within one step. Only
 * the sign-in helpers use this; the sign-in tests themselves prove that a used code is refused.
 */
export async function forgetUsedCode(db: Db, email: string): Promise<void> {
  const found = await withoutOrganisation(db, (tx) => lookupUserByEmail(tx, email.trim().toLowerCase()));
  if (!found) return;
  await withOrganisation(db, found.organisationId, (tx) =>
    tx.updateTable('appUser').set({ totpLastStep: null }).where('id', '=', found.userId).execute(),
  );
}

/** A browser-like client over app.inject: keeps cookies, finds the form token in pages. */
export class Browser {
  private cookies = new Map<string, string>();
  csrf = '';

  constructor(private readonly app: FastifyInstance) {}

  private remember(response: LightMyRequestResponse) {
    for (const c of response.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrf = token;
  }

  /** Any request with this browser's cookies (e.g. a multipart upload built by hand). */
  async inject(options: { method: 'GET' | 'POST'; url: string; payload?: Buffer | string; headers?: Record<string, string> }) {
    const response = await this.app.inject({ ...options, headers: { cookie: this.cookieHeader(), ...options.headers } });
    this.remember(response);
    return response;
  }

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string, headers: Record<string, string> = {}) {
    const response = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), ...headers } });
    this.remember(response);
    return response;
  }

  /** Posts a form; the current form token is added unless the test sets _csrf itself. */
  async post(url: string, form: Record<string, string | string[]>, headers: Record<string, string> = {}) {
    const params = new URLSearchParams();
    if (!('_csrf' in form)) params.append('_csrf', this.csrf);
    for (const [key, value] of Object.entries(form)) for (const v of [value].flat()) params.append(key, v);
    const response = await this.app.inject({
      method: 'POST',
      url,
      payload: params.toString(),
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
    this.remember(response);
    return response;
  }

  hasCookie(name: string) {
    return this.cookies.has(name);
  }
}

// Secrets of people enrolled by signIn, so the same person can sign in again in another test.
const enrolledSecrets = new Map<string, string>();

/** Signs a person in through the pages, enrolling or answering the second factor as needed. */
export async function signIn(app: FastifyInstance, email: string, password = TEST_PASSWORD): Promise<Browser> {
  const browser = new Browser(app);
  await browser.get('/sign-in');
  const response = await browser.post('/sign-in', { email, password });
  if (response.statusCode !== 303) throw new Error(`sign-in failed: ${response.statusCode}`);
  if (response.headers.location === '/sign-in/second-factor') {
    const page = await browser.get('/sign-in/second-factor');
    const secret =
      /class="utrecht-code wb-secret">([^<]+)</.exec(page.body)?.[1]?.replace(/\s/g, '') ?? enrolledSecrets.get(email.toLowerCase());
    if (!secret) throw new Error('second factor enrolled outside this helper');
    enrolledSecrets.set(email.toLowerCase(), secret);
    const db = databases.get(app);
    if (db) await forgetUsedCode(db, email);
    const done = await browser.post('/sign-in/second-factor', { code: currentTotp(secret) });
    // 303 after a code; 200 after an enrolment, which answers with the recovery codes (shown once).
    if (done.statusCode !== 303 && done.statusCode !== 200) throw new Error(`enrolment failed: ${done.statusCode}`);
  }
  return browser;
}
