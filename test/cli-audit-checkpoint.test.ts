import { generateKeyPairSync, sign } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../src/domain/audit/audit.js';
import { assertBuilt, jsonOf, runCli, type CliResult } from './cli.js';
import { createTestDatabase, type TestDatabase } from './db.js';

/**
 * Issue 12 §2 finding 1: the owner of the database could rewrite the audit trail so that the
 * chain was whole again (triggers off and every hash recomputed with audit_digest(), or the
 * newest rows deleted and audit_head moved back), and `weerbaar audit verify` said intact.
 * The real command line, as a child process: `audit checkpoint` signs the heads into a file
 * outside the database, and `audit verify` holds the trail against it.
 */

let t: TestDatabase;
let dataDir: string;
let orgId: string;
let cli: (...args: string[]) => Promise<CliResult>;

function expectOk(result: CliResult) {
  expect(result.code, `exit ${result.code}\n${result.stdout}\n${result.stderr}`).toBe(0);
}

beforeAll(async () => {
  assertBuilt();
  t = await createTestDatabase();
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-checkpoint-'));
  cli = (...args) => runCli(args, { DATABASE_URL: t.url, LOG_LEVEL: 'warn', WEERBAAR_DATA_DIR: dataDir });
  // Three rows in the organisation's chain: organisation.create, user.create, api_token.create.
  const created = await cli('--json', 'org', 'create', '--name', 'Gemeente Anker', '--slug', 'anker');
  expectOk(created);
  orgId = jsonOf<{ id: string }>(created).id;
  expectOk(await cli('user', 'add', '--org', 'anker', '--email', 'a@anker.nl', '--name', 'A. Anker', '--role', 'clerk'));
  expectOk(await cli('token', 'create', '--org', 'anker', '--email', 'a@anker.nl'));
  const checkpoint = await cli('--json', 'audit', 'checkpoint');
  expectOk(checkpoint);
  expect(jsonOf(checkpoint)).toMatchObject({ written: [{ chain: orgId, chainSeq: '3' }] });
  // What the trail is now, to put back after each attack.
  await t.admin.query('CREATE TABLE saved_audit_event AS SELECT * FROM audit_event');
  await t.admin.query('CREATE TABLE saved_audit_head AS SELECT * FROM audit_head');
});

afterAll(async () => {
  await t?.close();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

const checkpointFile = async () => {
  const dir = path.join(dataDir, 'audit-checkpoints');
  const [name] = (await fs.readdir(dir)).filter((f) => f.endsWith('.jsonl'));
  return path.join(dir, name!);
};

/** Runs statements as the database owner with every trigger switched off, in one transaction. */
async function asOwnerWithoutTriggers(...statements: string[]) {
  await t.admin.query('BEGIN');
  try {
    await t.admin.query('SET LOCAL session_replication_role = replica');
    for (const statement of statements) await t.admin.query(statement);
    await t.admin.query('COMMIT');
  } catch (error) {
    await t.admin.query('ROLLBACK');
    throw error;
  }
}

async function restoreTrail() {
  await asOwnerWithoutTriggers(
    'DELETE FROM audit_event',
    'INSERT INTO audit_event SELECT * FROM saved_audit_event',
    'DELETE FROM audit_head',
    'INSERT INTO audit_head SELECT * FROM saved_audit_head',
  );
}

async function expectIntact() {
  const result = await cli('--json', 'audit', 'verify');
  expectOk(result);
  expect(jsonOf(result)).toEqual({ intact: true, rows: 3, checkpoints: 1 });
}

async function expectBroken(reason: string, seq?: string) {
  const result = await cli('--json', 'audit', 'verify');
  expect(result.code, result.stdout).toBe(5);
  const body = jsonOf<{ intact: boolean; firstBroken: { reason: string; seq: string } }>(result);
  expect(body.intact).toBe(false);
  expect(body.firstBroken.reason).toBe(reason);
  if (seq) expect(body.firstBroken.seq).toBe(seq);
  const readable = await cli('audit', 'verify');
  expect(readable.code).toBe(5);
  expect(readable.stdout).toMatch(new RegExp(`^Audit trail BROKEN.*\\(${reason}\\)`));
  return readable.stdout;
}

describe('weerbaar audit checkpoint and verify', () => {
  it('(d) an untouched trail is intact and matches its checkpoint; a second checkpoint adds nothing', async () => {
    await expectIntact();
    const readable = await cli('audit', 'verify');
    expectOk(readable);
    expect(readable.stdout).toBe('Audit trail intact: 3 rows; it matches 1 signed checkpoints.\n');
    const again = await cli('--json', 'audit', 'checkpoint');
    expectOk(again);
    expect(jsonOf(again)).toMatchObject({ written: [] });
    expect((await cli('--json', 'audit', 'verify', '--org', 'anker')).stdout).toContain('"checkpoints": 1');
  });

  it('keeps the private key in a file only its owner reads, and never prints it', async () => {
    const keyFile = path.join(dataDir, 'audit-signing-key.pem');
    expect((await fs.stat(keyFile)).mode & 0o777).toBe(0o600);
    const key = await fs.readFile(keyFile, 'utf8');
    expect(key).toContain('BEGIN PRIVATE KEY');
    const printed = await cli('audit', 'checkpoint');
    expect(printed.stdout + printed.stderr).not.toContain('PRIVATE KEY');
    expect(printed.stdout + printed.stderr).not.toContain(key.split('\n')[1]!);
  });

  it('(a) finds a row edited with the triggers off and every hash after it recomputed with audit_digest()', async () => {
    // Row 2 of the chain gets another action; every later hash, and the head, are recomputed
    // by the database's own function, so the chain links up again.
    await asOwnerWithoutTriggers(`
      DO $$
      DECLARE r record; previous text;
      BEGIN
        UPDATE audit_event SET action = 'user.read' WHERE organisation_id = '${orgId}' AND chain_seq = 2;
        SELECT hash INTO previous FROM audit_event WHERE organisation_id = '${orgId}' AND chain_seq = 1;
        FOR r IN SELECT * FROM audit_event WHERE organisation_id = '${orgId}' AND chain_seq >= 2 ORDER BY chain_seq LOOP
          UPDATE audit_event SET prev_hash = previous, hash = audit_digest(previous, r.organisation_id, r.actor_user_id,
            r.action, r.object_type, r.object_id, r.result, r.origin_ip, r.occurred_at, r.seq)
          WHERE seq = r.seq RETURNING hash INTO previous;
        END LOOP;
        UPDATE audit_head SET hash = previous WHERE chain = '${orgId}';
      END $$`);
    try {
      // The chain alone cannot tell: this is what `audit verify` said before the checkpoints.
      expect(await verifyAuditChain(t.owner)).toEqual({ intact: true, rows: 3 });
      const { rows } = await t.admin.query<{ seq: string }>('SELECT seq FROM audit_event WHERE organisation_id = $1 AND chain_seq = 3', [
        orgId,
      ]);
      const said = await expectBroken('checkpoint_mismatch', rows[0]!.seq);
      expect(said).toContain(`in the chain of organisation ${orgId}`);
      expect(said).toContain('the trail was rewritten');
    } finally {
      await restoreTrail();
    }
    await expectIntact();
  });

  it('(b) finds the newest rows deleted and audit_head moved back', async () => {
    await asOwnerWithoutTriggers(
      `DELETE FROM audit_event WHERE organisation_id = '${orgId}' AND chain_seq = 3`,
      `UPDATE audit_head h SET chain_seq = e.chain_seq, seq = e.seq, hash = e.hash
         FROM audit_event e WHERE h.chain = '${orgId}' AND e.organisation_id = h.chain AND e.chain_seq = 2`,
    );
    try {
      expect(await verifyAuditChain(t.owner)).toEqual({ intact: true, rows: 2 });
      const removed = (await t.admin.query<{ seq: string }>('SELECT seq FROM saved_audit_event WHERE chain_seq = 3')).rows[0]!.seq;
      const said = await expectBroken('behind_checkpoint', removed);
      expect(said).toContain('rows were removed');
    } finally {
      await restoreTrail();
    }
    await expectIntact();
  });

  it('(c) refuses a checkpoint file whose line was changed, re-signed with another key, or removed', async () => {
    const file = await checkpointFile();
    const original = await fs.readFile(file, 'utf8');
    const line = JSON.parse(original.trim()) as Record<string, string>;
    try {
      // The hash changed, the signature kept.
      await fs.writeFile(file, `${JSON.stringify({ ...line, hash: 'f'.repeat(64) })}\n`);
      expect(await expectBroken('checkpoint_signature')).toContain('line 1 of');
      // One character of the signature changed.
      const signature = line.signature!;
      const flipped = (signature.startsWith('A') ? 'B' : 'A') + signature.slice(1);
      await fs.writeFile(file, `${JSON.stringify({ ...line, signature: flipped })}\n`);
      await expectBroken('checkpoint_signature');
      // Signed anew by someone with a key of their own (after rewriting the trail, say).
      const { privateKey } = generateKeyPairSync('ed25519');
      const text = ['weerbaar-audit-checkpoint', 1, line.installation, line.chain, line.chainSeq, line.seq, line.hash, line.at, line.key];
      const forged = sign(null, Buffer.from(text.join('\n')), privateKey).toString('base64');
      await fs.writeFile(file, `${JSON.stringify({ ...line, signature: forged })}\n`);
      await expectBroken('checkpoint_signature');
      // The file gone.
      await fs.rm(file);
      await expectBroken('checkpoints_missing');
    } finally {
      await fs.writeFile(file, original);
    }
    await expectIntact();
  });

  it('(e) refuses a database whose identity was removed or changed, so that its checkpoints are not looked for', async () => {
    await t.admin.query('CREATE TABLE saved_installation AS SELECT * FROM audit_installation');
    try {
      await asOwnerWithoutTriggers('DELETE FROM audit_installation');
      await expectBroken('checkpoints_missing');
      await asOwnerWithoutTriggers('INSERT INTO audit_installation DEFAULT VALUES');
      await expectBroken('checkpoints_missing');
      // Nor does the worker start a fresh file for the new identity, which would sign whatever the trail now says.
      const refused = await cli('audit', 'checkpoint');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/andere installatie/);
      await expectBroken('checkpoints_missing');
      // Had it, the old installation's file still gives it away.
      const newFile = path.join(
        dataDir,
        'audit-checkpoints',
        `${(await t.admin.query<{ id: string }>('SELECT id FROM audit_installation')).rows[0]!.id}.jsonl`,
      );
      await fs.writeFile(newFile, '');
      try {
        await expectBroken('checkpoints_foreign');
      } finally {
        await fs.rm(newFile);
      }
    } finally {
      await asOwnerWithoutTriggers('DELETE FROM audit_installation', 'INSERT INTO audit_installation SELECT * FROM saved_installation');
    }
    await expectIntact();
  });
});
