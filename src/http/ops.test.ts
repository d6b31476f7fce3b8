import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import { makeOrganisation, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import { Browser, buildTestServer, testEvidenceDir } from '../../test/http.js';
import { localEvidenceStore } from '../domain/evidence/evidence-store.js';
import { createDb } from '../db/database.js';
import { buildServer } from './server.js';

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';
const HSTS = 'max-age=31536000; includeSubDomains';

/** The Set-Cookie lines of an answer, by cookie name. */
function setCookies(response: LightMyRequestResponse): Map<string, string> {
  const lines = [response.headers['set-cookie'] ?? []].flat();
  return new Map(lines.map((line) => [line.split('=')[0]!, line]));
}

describe('operations endpoints', () => {
  let t: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db, { metricsToken: METRICS_TOKEN });
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('healthz and readyz answer while the database is reachable', async () => {
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await app.inject('/readyz')).statusCode).toBe(200);
  });

  it('readyz answers 503 when the database cannot be reached', async () => {
    const unreachable = createDb('postgres://nobody:x@127.0.0.1:1/none', 1);
    const broken = await buildServer({ db: unreachable, logger: false, evidenceStore: localEvidenceStore(testEvidenceDir) });
    expect((await broken.inject('/readyz')).statusCode).toBe(503);
    expect((await broken.inject('/healthz')).statusCode).toBe(200);
    await broken.close();
    await unreachable.destroy();
  });

  it('with the database out of reach, the API and pages answer 503 with Retry-After, not 500', async () => {
    const unreachable = createDb('postgres://nobody:x@127.0.0.1:1/none', 1);
    const broken = await buildServer({ db: unreachable, logger: false, evidenceStore: localEvidenceStore(testEvidenceDir) });
    try {
      const api = await broken.inject({ url: '/api/v1/me', headers: { authorization: 'Bearer whatever' } });
      expect(api.statusCode).toBe(503);
      expect(api.headers['retry-after']).toBe('5');
      expect(api.json()).toEqual({ error: { id: 'database_unavailable', message: expect.stringContaining('opnieuw') as string } });
      const report = await broken.inject({
        method: 'POST',
        url: '/api/v1/incidents',
        headers: { authorization: 'Bearer whatever', 'accept-language': 'en' },
        payload: {},
      });
      expect(report.statusCode).toBe(503);
      expect(report.json()).toMatchObject({
        error: { id: 'database_unavailable', message: expect.stringContaining('try again') as string },
      });

      const page = await broken.inject('/sign-in');
      expect(page.statusCode).toBe(503);
      expect(page.headers['retry-after']).toBe('5');
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain('Even niet beschikbaar');
      expect(page.body).toContain('Probeer het over een ogenblik opnieuw');
      // A page nobody routed (the not-found handler looks up who is asking) too.
      expect((await broken.inject('/bestaat-niet')).statusCode).toBe(503);
      expect((await broken.inject('/readyz')).headers['retry-after']).toBe('5');
    } finally {
      await broken.close();
      await unreachable.destroy();
    }
  });

  it('metrics are in Prometheus format with route templates, not raw URLs', async () => {
    await app.inject('/people/00000000-0000-0000-0000-000000000001');
    const metrics = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toContain('weerbaar_http_request_duration_seconds_bucket');
    expect(metrics.body).toContain('route="/people/:id"');
    expect(metrics.body).not.toContain('00000000-0000-0000-0000-000000000001');
  });

  it('metrics need the bearer token of METRICS_TOKEN', async () => {
    const none = await app.inject('/metrics');
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toContain('Bearer');
    expect(none.body).not.toContain('weerbaar_http_request_duration_seconds');
    const wrong = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}x` } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).not.toContain('weerbaar_');
  });

  it('without METRICS_TOKEN there are no metrics at all (404)', async () => {
    const plain = await buildTestServer(t.db);
    try {
      const response = await plain.inject({ url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('weerbaar_http_request_duration_seconds');
    } finally {
      await plain.close();
    }
  });

  it('pages carry security headers', async () => {
    const response = await app.inject('/sign-in');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  describe('over HTTPS', () => {
    it('plain HTTP gets no HSTS and no Secure cookies', async () => {
      const response = await app.inject('/sign-in');
      expect(response.headers['strict-transport-security']).toBeUndefined();
      expect(setCookies(response).get('wb_form')).not.toMatch(/;\s*Secure/i);
      const lang = await app.inject('/lang/en?back=/sign-in');
      expect(setCookies(lang).get('wb_lang')).not.toMatch(/;\s*Secure/i);
    });

    it('behind a trusted proxy that says https: HSTS, and every cookie Secure', async () => {
      const proxied = await buildTestServer(t.db, { trustProxy: ['127.0.0.1'] });
      try {
        const https = { 'x-forwarded-proto': 'https' };
        const page = await proxied.inject({ url: '/sign-in', headers: https });
        expect(page.headers['strict-transport-security']).toBe(HSTS);
        expect(setCookies(page).get('wb_form')).toMatch(/;\s*Secure/i);
        const api = await proxied.inject({ url: '/api/v1/me', headers: https });
        expect(api.headers['strict-transport-security']).toBe(HSTS);
        const lang = await proxied.inject({ url: '/lang/en?back=/sign-in', headers: https });
        expect(setCookies(lang).get('wb_lang')).toMatch(/;\s*Secure/i);

        // An untrusted client saying https is not believed.
        const other = await buildTestServer(t.db);
        try {
          const spoofed = await other.inject({ url: '/sign-in', headers: https });
          expect(spoofed.headers['strict-transport-security']).toBeUndefined();
        } finally {
          await other.close();
        }
      } finally {
        await proxied.close();
      }
    });

    it('with PUBLIC_URL https: HSTS, and the session, form and language cookies Secure', async () => {
      const organisation = await makeOrganisation(t.db);
      const employee = await makeUser(t.db, organisation, ['employee']);
      const secured = await buildTestServer(t.db, { publicUrl: 'https://weerbaar.example.nl' });
      try {
        const browser = new Browser(secured);
        const page = await browser.get('/sign-in');
        expect(page.headers['strict-transport-security']).toBe(HSTS);
        expect(setCookies(page).get('wb_form')).toMatch(/;\s*Secure/i);
        const signedIn = await browser.post('/sign-in', { email: employee.email, password: TEST_PASSWORD });
        expect(signedIn.statusCode).toBe(303);
        const session = setCookies(signedIn).get('wb_session');
        expect(session).toBeDefined();
        expect(session).toMatch(/;\s*Secure/i);
        expect(session).toMatch(/;\s*HttpOnly/i);
        const lang = await browser.get('/lang/en?back=/');
        expect(setCookies(lang).get('wb_lang')).toMatch(/;\s*Secure/i);
        expect(lang.headers['strict-transport-security']).toBe(HSTS);
      } finally {
        await secured.close();
      }
    });
  });
});
