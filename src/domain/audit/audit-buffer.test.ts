import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCaller, reportBody } from '../../../test/api.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeOrganisation } from '../../../test/factories.js';
import { buildTestServer } from '../../../test/http.js';
import { withOrganisation } from '../../db/database.js';
import type { Organisation } from '../organisation/organisation.js';
import { audit, auditMark, bufferAudit, discardAuditSince, flushAudit, verifyAuditChain } from './audit.js';

/** A request's audit rows are written as its last statement (the chain's lock is held only for the commit). */
describe('audit rows buffered until the end of a transaction', () => {
  let t: TestDatabase;
  let org: Organisation;

  beforeAll(async () => {
    t = await createTestDatabase();
    org = await makeOrganisation(t.db);
  });
  afterAll(() => t.close());

  const actions = async (objectId: string) =>
    (await t.admin.query('SELECT action FROM audit_event WHERE object_id = $1 ORDER BY seq', [objectId])).rows.map(
      (r) => r.action as string,
    );

  it('writes the buffered rows in order at the flush, drops those after a savepoint mark, and the chain stays intact', async () => {
    const actor = { organisationId: org.id, userId: null, originIp: '192.0.2.1' };
    const objectId = `buffer-${Date.now()}`;
    await withOrganisation(t.db, org.id, async (tx) => {
      bufferAudit(tx);
      await audit(tx, actor, { action: 'test.first', objectType: 'test', objectId });
      await audit(tx, actor, { action: 'test.second', objectType: 'test', objectId });
      const mark = auditMark(tx);
      await audit(tx, actor, { action: 'test.rolled_back', objectType: 'test', objectId });
      discardAuditSince(tx, mark);
      expect(await actions(objectId)).toEqual([]);
      await flushAudit(tx);
    });
    expect(await actions(objectId)).toEqual(['test.first', 'test.second']);
    expect((await verifyAuditChain(t.owner)).intact).toBe(true);
  });

  it('a report through the API leaves its audit row, and a refused one leaves none', async () => {
    const app = await buildTestServer(t.db);
    const councillor = await makeCaller(app, t.db, org, ['council_member']);
    const created = await councillor.post('/api/v1/incidents', reportBody());
    expect(created.statusCode).toBe(201);
    expect(await actions(created.json().id)).toEqual(['incident.create', 'incident.read']);
    const before = (await t.admin.query("SELECT count(*)::int AS n FROM audit_event WHERE action = 'incident.create'")).rows[0].n;
    expect((await councillor.post('/api/v1/incidents', { ...reportBody(), level: 'nonsense' })).statusCode).toBe(400);
    expect((await t.admin.query("SELECT count(*)::int AS n FROM audit_event WHERE action = 'incident.create'")).rows[0].n).toBe(before);
    expect((await verifyAuditChain(t.owner)).intact).toBe(true);
    await app.close();
  });
});
