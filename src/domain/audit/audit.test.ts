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
    const result = await verifyAuditChain(t.owner);
    expect(result).toEqual({ intact: true, rows: 4 });
  });

  it('refuses updates and deletes, even from the owner', async () => {
    await expect(t.admin.query("UPDATE audit_event SET action = 'x' WHERE seq = 1")).rejects.toThrow(/append-only/);
    await expect(t.admin.query('DELETE FROM audit_event WHERE seq = 1')).rejects.toThrow(/append-only/);
  });

  it('finds a row edited behind the triggers, and names it', async () => {
    await t.admin.query('SET session_replication_role = replica');
    await t.admin.query("UPDATE audit_event SET result = 'failure' WHERE seq = 3");
    expect(await verifyAuditChain(t.owner)).toMatchObject({ intact: false, firstBroken: { seq: '3', reason: 'hash_mismatch' } });
    await t.admin.query("UPDATE audit_event SET result = 'success' WHERE seq = 3");
    expect((await verifyAuditChain(t.owner)).intact).toBe(true);
  });

  it('finds the newest rows removed, by the stored head of the chain', async () => {
    await t.admin.query('SET session_replication_role = replica');
    await t.admin.query('CREATE TEMP TABLE saved AS SELECT * FROM audit_event ORDER BY seq DESC LIMIT 1');
    const last = (await t.admin.query('SELECT seq FROM saved')).rows[0];
    await t.admin.query('DELETE FROM audit_event WHERE seq = $1', [last.seq]);
    expect(await verifyAuditChain(t.owner)).toMatchObject({ intact: false, firstBroken: { seq: String(last.seq), reason: 'truncated' } });
    await t.admin.query('INSERT INTO audit_event SELECT * FROM saved');
    expect((await verifyAuditChain(t.owner)).intact).toBe(true);
  });

  it('finds a removed row', async () => {
    await t.admin.query('SET session_replication_role = replica');
    await t.admin.query('DELETE FROM audit_event WHERE seq = 2');
    await t.admin.query('SET session_replication_role = origin');
    expect(await verifyAuditChain(t.owner)).toMatchObject({ intact: false, firstBroken: { seq: '3', reason: 'sequence_gap' } });
  });

  it('keeps one chain per organisation: each verifies alone, and a break in one names it and leaves the other intact', async () => {
    const other = await makeOrganisation(t.db, 'Gemeente Ander');
    for (let i = 0; i < 2; i++) await makeUser(t.db, other, ['employee']);
    const chains = await t.admin.query(
      'SELECT organisation_id, array_agg(chain_seq ORDER BY chain_seq) AS positions FROM audit_event GROUP BY organisation_id ORDER BY count(*)',
    );
    // Each organisation's rows are numbered 1, 2, 3… in its own chain, whatever the other wrote between.
    expect(chains.rows.map((r: { positions: string[] }) => r.positions.map(Number))).toEqual([
      [1, 2, 3],
      [1, 2, 3, 4],
    ]);
    expect(await verifyAuditChain(t.owner, other.id)).toEqual({ intact: true, rows: 3 });
    expect(await verifyAuditChain(t.owner)).toEqual({ intact: true, rows: 7 });

    const first = chains.rows[1].organisation_id as string;
    await t.admin.query('SET session_replication_role = replica');
    await t.admin.query("UPDATE audit_event SET action = 'x' WHERE organisation_id = $1 AND chain_seq = 2", [first]);
    expect(await verifyAuditChain(t.owner)).toMatchObject({
      intact: false,
      firstBroken: { reason: 'hash_mismatch', organisationId: first },
    });
    expect(await verifyAuditChain(t.owner, first)).toMatchObject({ intact: false, rows: 1 });
    expect(await verifyAuditChain(t.owner, other.id)).toEqual({ intact: true, rows: 3 });
  });

  it("finds an organisation's newest row removed by its own head, though the other chain went on", async () => {
    const other = await makeOrganisation(t.db, 'Gemeente Ander');
    const first = (await t.admin.query('SELECT organisation_id FROM audit_event WHERE organisation_id <> $1 LIMIT 1', [other.id])).rows[0]
      .organisation_id as string;
    await t.admin.query('SET session_replication_role = replica');
    await t.admin.query('DELETE FROM audit_event WHERE organisation_id = $1 AND chain_seq = 4', [first]);
    await makeUser(t.db, other, ['employee']);
    expect(await verifyAuditChain(t.owner, first)).toMatchObject({
      intact: false,
      firstBroken: { reason: 'truncated', organisationId: first },
      missing: { first: '4', last: '4' },
    });
    expect((await verifyAuditChain(t.owner, other.id)).intact).toBe(true);
  });

  it('keeps the rows of the single chain from before, unchanged, and starts each new chain from its head', async () => {
    // An installation from before migration 0024: rows 1–2 of the old single chain, made as it made them.
    const fresh = await createTestDatabase();
    try {
      await fresh.admin.query('SET session_replication_role = replica');
      await fresh.admin.query(`
        INSERT INTO audit_event (seq, organisation_id, actor_user_id, action, object_type, object_id, result, origin_ip, occurred_at, prev_hash, hash)
        SELECT 1, NULL, NULL, 'legacy.one', NULL, NULL, 'success', NULL, '2026-01-01T00:00:00Z', repeat('0', 64),
          audit_digest(repeat('0', 64), NULL, NULL, 'legacy.one', NULL, NULL, 'success', NULL, '2026-01-01T00:00:00Z', 1)`);
      await fresh.admin.query(`
        INSERT INTO audit_event (seq, organisation_id, actor_user_id, action, object_type, object_id, result, origin_ip, occurred_at, prev_hash, hash)
        SELECT 2, NULL, NULL, 'legacy.two', NULL, NULL, 'success', NULL, '2026-01-02T00:00:00Z', e.hash,
          audit_digest(e.hash, NULL, NULL, 'legacy.two', NULL, NULL, 'success', NULL, '2026-01-02T00:00:00Z', 2)
        FROM audit_event e WHERE e.seq = 1`);
      await fresh.admin.query('INSERT INTO audit_legacy_head (seq, hash) SELECT seq, hash FROM audit_event WHERE seq = 2');
      await fresh.admin.query("SELECT setval('audit_event_seq', 3, false)");
      await fresh.admin.query('SET session_replication_role = origin');
      const org = await makeOrganisation(fresh.db);
      await makeUser(fresh.db, org, ['employee']);
      const legacyHead = (await fresh.admin.query('SELECT hash FROM audit_event WHERE seq = 2')).rows[0].hash;
      const firstNew = (await fresh.admin.query('SELECT prev_hash FROM audit_event WHERE organisation_id = $1 AND chain_seq = 1', [org.id]))
        .rows[0].prev_hash;
      expect(firstNew).toBe(legacyHead);
      expect(await verifyAuditChain(fresh.owner)).toEqual({ intact: true, rows: 4 });
      // The old chain is still checked as it was: a row edited there is found.
      await fresh.admin.query('SET session_replication_role = replica');
      await fresh.admin.query("UPDATE audit_event SET action = 'x' WHERE seq = 1");
      expect(await verifyAuditChain(fresh.owner)).toMatchObject({ intact: false, firstBroken: { seq: '1', reason: 'hash_mismatch' } });
    } finally {
      await fresh.close();
    }
  });
});
