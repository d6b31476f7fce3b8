import type { FastifyInstance } from 'fastify';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { buildTestServer } from '../../../test/http.js';
import { routeTable } from '../server.js';
import { OPENAPI_PATH } from './openapi.js';

/** /api/v1/incidents/:id → /api/v1/incidents/{id} */
const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');
const run = promisify(execFile);
const sample = (url: string) => url.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000');

describe('the API route table', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let document: { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    await app.ready();
    document = (await app.inject({ method: 'GET', url: OPENAPI_PATH })).json();
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  const apiRoutes = () => routeTable(app).filter((r) => r.url.startsWith('/api/v1/') && r.url !== OPENAPI_PATH);

  it('has API routes at all (the walk below is not empty)', () => {
    expect(apiRoutes().length).toBeGreaterThan(30);
  });

  it('documents every API route, with 401 among its answers', () => {
    const undocumented = apiRoutes().filter((r) => !document.paths[openApiPath(r.url)]?.[r.method.toLowerCase()]);
    expect(undocumented).toEqual([]);
    const without401 = apiRoutes().filter((r) => !document.paths[openApiPath(r.url)]?.[r.method.toLowerCase()]?.responses['401']);
    expect(without401).toEqual([]);
  });

  it('documents no route that does not exist', () => {
    const declared = new Set(apiRoutes().map((r) => `${r.method.toLowerCase()} ${openApiPath(r.url)}`));
    const documented = Object.entries(document.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    expect(documented.filter((d) => !declared.has(d))).toEqual([]);
  });

  it('answers a signed-out caller 401 on every API route, before looking at the input', async () => {
    const answers: string[] = [];
    for (const route of apiRoutes()) {
      const response = await app.inject({
        method: route.method as 'GET',
        url: sample(route.url),
        ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
      });
      if (response.statusCode !== 401 || response.json().error?.id !== 'unauthorized')
        answers.push(`${route.method} ${route.url} → ${response.statusCode}`);
    }
    expect(answers).toEqual([]);
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(document as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('passes redocly lint with no errors', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-openapi-'));
    try {
      const file = path.join(dir, 'openapi.json');
      await fs.writeFile(file, JSON.stringify(document));
      const cli = path.resolve('node_modules/@redocly/cli/bin/cli.js');
      const { stdout } = await run(process.execPath, [cli, 'lint', file, '--format=json'], {
        env: { ...process.env, REDOCLY_TELEMETRY: 'off' },
      }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
      const problems = (JSON.parse(stdout) as { problems: { severity: string; ruleId: string; message: string }[] }).problems;
      expect(problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
