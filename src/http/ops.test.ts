import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import { buildTestServer, testEvidenceDir } from '../../test/http.js';
import { localEvidenceStore } from '../domain/evidence/evidence-store.js';
import { createDb } from '../db/database.js';
import { buildServer } from './server.js';

describe('operations endpoints', () => {
  let t: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
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

  it('metrics are in Prometheus format with route templates, not raw URLs', async () => {
    await app.inject('/people/00000000-0000-0000-0000-000000000001');
    const metrics = await app.inject('/metrics');
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toContain('weerbaar_http_request_duration_seconds_bucket');
    expect(metrics.body).toContain('route="/people/:id"');
    expect(metrics.body).not.toContain('00000000-0000-0000-0000-000000000001');
  });

  it('pages carry security headers', async () => {
    const response = await app.inject('/sign-in');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});
