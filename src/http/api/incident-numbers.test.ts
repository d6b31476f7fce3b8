import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCaller, reportBody, type ApiCaller } from '../../../test/api.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeOrganisation } from '../../../test/factories.js';
import { buildTestServer, signIn } from '../../../test/http.js';

/**
 * Issue 12 §2 finding 10: a draft shows no organisation-wide number (it told any employee how
 * many incidents there are), and a number is used only by a report that is stored.
 */
describe('incident numbers are given when reported', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let employee: ApiCaller;
  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    const org = await makeOrganisation(t.db);
    employee = await makeCaller(app, t.db, org, ['employee']);
    await makeCaller(app, t.db, org, ['security_adviser']);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('gives a draft no number and shows "Concept"; reporting it takes the next number', async () => {
    const first = await employee.post('/api/v1/incidents', reportBody());
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ number: 1, reference: 'M-00001' });

    const draft = await employee.post('/api/v1/incidents', reportBody({ draft: true }));
    expect(draft.statusCode).toBe(201);
    const drafted = draft.json<{ id: string; number: number | null; reference: string | null }>();
    expect(drafted).toMatchObject({ number: null, reference: null, status: 'draft' });

    const page = await (await signIn(app, employee.user.email)).get(`/incidents/${drafted.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Concept');
    expect(page.body).not.toMatch(/M-\d{5}/);

    // A second draft and a refused report use no number either.
    expect((await employee.post('/api/v1/incidents', reportBody({ draft: true }))).statusCode).toBe(201);
    expect((await employee.post('/api/v1/incidents', reportBody({ description: '' }))).statusCode).toBe(400);
    expect(
      (await employee.post('/api/v1/incidents', reportBody({ affectedUserIds: ['00000000-0000-4000-8000-000000000000'] }))).statusCode,
    ).toBe(400);

    const submitted = await employee.post(`/api/v1/incidents/${drafted.id}/status`, { transition: 'submit' });
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'reported', number: 2, reference: 'M-00002' });

    const next = await employee.post('/api/v1/incidents', reportBody());
    expect(next.json()).toMatchObject({ number: 3, reference: 'M-00003' });
  });
});
