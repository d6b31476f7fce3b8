import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Db } from '../src/db/database.js';
import { currentTotp } from '../src/domain/auth/totp.js';
import { buildServer } from '../src/http/server.js';
import { localEvidenceStore } from '../src/domain/evidence/evidence-store.js';
import os from 'node:os';
import path from 'node:path';

/** Evidence written by tests goes to one temporary directory per worker process. */
export const testEvidenceDir = path.join(os.tmpdir(), `wb-evidence-${process.pid}`);
import { TEST_PASSWORD } from './factories.js';

/** The real server; the per-IP sign-in limit is raised because every test request comes from 127.0.0.1. */
export function buildTestServer(db: Db, options: { signInAttemptsPerMinute?: number } = {}): Promise<FastifyInstance> {
  return buildServer({
    db,
    logger: false,
    evidenceStore: localEvidenceStore(testEvidenceDir),
    signInAttemptsPerMinute: options.signInAttemptsPerMinute ?? 10_000,
  });
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
    const done = await browser.post('/sign-in/second-factor', { code: currentTotp(secret) });
    if (done.statusCode !== 303) throw new Error(`enrolment failed: ${done.statusCode}`);
  }
  return browser;
}
