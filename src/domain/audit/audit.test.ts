import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeOrganisation, makeUser } from '../../../test/factories.js';
import { verifyAuditChain } from './audit.js';

describe('the audit trail is a hash chain', () => {
  let t: TestDatabase;

  // The chain runs through the whole database, and most tests break it on purpose: each test has
  // a database of its own, with four rows of normal work in it.
  beforeEach(async () => {
    t = await createTestDatabase();
    const org = await makeOrganisation(t.db);
    for (let i = 0; i < 3; i++) await makeUser(t.db, org, ['employee']);
  });
  afterEach(() => t.close());

  it('is intact after normal work, each row linked to the one before', async () => {
    const result = await verifyAuditChain(t.db);
    expect(result).toEqual({ intact: true, rows: 4 });
  });

  it('refuses updates and deletes, even from the owner', async () => {
    await expect(t.admin.query("UPDATE audit_event SET action = 'x' WHERE seq = 1")).rejects.toThrow(/append-only/);
    await expect(t.admin.query('DELETE FROM audit_event WHERE seq = 1')).rejects.toThrow(/append-only/);
  });

  it('finds a row edited behind the triggers, and names it', async () => {
    await t.admin.query('SET session_replication_role = replica');
    await t.admin.query("UPDATE audit_event SET result = 'failure' WHERE seq = 3");
    expect(await verifyAuditChain(t.db)).toMatchObject({ intact: false, firstBroken: { seq: '3', reason: 'hash_mismatch' } });
    await t.admin.query("UPDATE audit_event SET result = 'success' WHERE seq = 3");
    expect((await verifyAuditChain(t.db)).intact).toBe(true);
  });

  it('finds the newest rows removed, by the stored head of the chain', async () => {
    await t.admin.query('SET session_replication_role = replica');
    await t.admin.query('CREATE TEMP TABLE saved AS SELECT * FROM audit_event ORDER BY seq DESC LIMIT 1');
    const last = (await t.admin.query('SELECT seq FROM saved')).rows[0];
    await t.admin.query('DELETE FROM audit_event WHERE seq = $1', [last.seq]);
    expect(await verifyAuditChain(t.db)).toMatchObject({ intact: false, firstBroken: { seq: String(last.seq), reason: 'truncated' } });
    await t.admin.query('INSERT INTO audit_event SELECT * FROM saved');
    expect((await verifyAuditChain(t.db)).intact).toBe(true);
  });

  it('finds a removed row', async () => {
    await t.admin.query('SET session_replication_role = replica');
    await t.admin.query('DELETE FROM audit_event WHERE seq = 2');
    await t.admin.query('SET session_replication_role = origin');
    expect(await verifyAuditChain(t.db)).toMatchObject({ intact: false, firstBroken: { seq: '3', reason: 'sequence_gap' } });
  });
});
