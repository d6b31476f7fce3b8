import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeOrganisation, makeUser } from '../../../test/factories.js';
import { ConfigError, loadConfig, type AuditAnchorConfig } from '../../config.js';
import { startAuditCheckpointer } from '../../jobs/audit-checkpoint.js';
import { loadSigner, verifyAuditTrail, writeCheckpoints, type Checkpoint } from './checkpoint.js';

let t: TestDatabase;
let dir: string;

beforeAll(async () => {
  t = await createTestDatabase();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-anchor-'));
});
afterAll(async () => {
  await t.close();
  await fs.rm(dir, { recursive: true, force: true });
});

const anchorIn = (sub: string, signingKey?: string): AuditAnchorConfig => ({
  signingKey,
  signingKeyFile: path.join(dir, sub, 'audit-signing-key.pem'),
  checkpointDir: path.join(dir, sub, 'checkpoints'),
  intervalMinutes: 5,
});

const lines = async (anchor: AuditAnchorConfig) => {
  const [file] = await fs.readdir(anchor.checkpointDir);
  const text = await fs.readFile(path.join(anchor.checkpointDir, file!), 'utf8');
  return text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Checkpoint);
};

describe('the signing key', () => {
  it('is made once in its file when none is given, and read back the same', async () => {
    const anchor = anchorIn('made');
    expect(await loadSigner(anchor, { create: false })).toBeUndefined();
    const made = await loadSigner(anchor, { create: true });
    const again = await loadSigner(anchor, { create: true });
    expect(again!.keyId).toBe(made!.keyId);
    await expect(fs.readFile(path.join(dir, 'made', 'audit-signing-key.pub.pem'), 'utf8')).resolves.toContain('PUBLIC KEY');
  });

  it('comes from AUDIT_SIGNING_KEY without writing a file, and a key that is not Ed25519 is refused without being quoted', async () => {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const anchor = anchorIn('env', pem);
    expect((await loadSigner(anchor, { create: true }))!.keyId).toMatch(/^[0-9a-f]{16}$/);
    await expect(fs.access(anchor.signingKeyFile)).rejects.toThrow();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const refused = loadSigner(anchorIn('rsa', rsa), { create: true });
    await expect(refused).rejects.toBeInstanceOf(ConfigError);
    await expect(refused).rejects.not.toThrow(rsa.split('\n')[1]!);
  });

  it('is configured by AUDIT_SIGNING_KEY_FILE and AUDIT_CHECKPOINT_DIR, under the data directory by default', () => {
    const defaults = loadConfig({ WEERBAAR_DATA_DIR: '/srv/weerbaar' }).auditAnchor;
    expect(defaults).toMatchObject({
      signingKeyFile: '/srv/weerbaar/audit-signing-key.pem',
      checkpointDir: '/srv/weerbaar/audit-checkpoints',
      intervalMinutes: 5,
    });
    const set = loadConfig({
      AUDIT_SIGNING_KEY_FILE: '/etc/weerbaar/key.pem',
      AUDIT_CHECKPOINT_DIR: '/var/lib/anchor',
      AUDIT_CHECKPOINT_MINUTES: '1',
    });
    expect(set.auditAnchor).toMatchObject({
      signingKeyFile: '/etc/weerbaar/key.pem',
      checkpointDir: '/var/lib/anchor',
      intervalMinutes: 1,
    });
    expect(() => loadConfig({ AUDIT_CHECKPOINT_MINUTES: '0' })).toThrow(/AUDIT_CHECKPOINT_MINUTES/);
  });
});

describe('the checkpoint worker', () => {
  it('anchors each chain whose head moved, at start and on stop, as the program role', async () => {
    const anchor = anchorIn('worker');
    const org = await makeOrganisation(t.db);
    const clock = () => new Date('2026-12-03T10:00:00Z');
    const logger = pino({ level: 'silent' });
    // A long interval: only the round at start and the one on stop run.
    const worker = startAuditCheckpointer(t.db, anchor, logger, 3_600_000, clock);
    await worker.stop();
    const first = await lines(anchor);
    expect(first.filter((c) => c.chain === org.id)).toEqual([
      expect.objectContaining({ chain: org.id, chainSeq: '1', at: '2026-12-03T10:00:00.000Z' }),
    ]);
    await makeUser(t.db, org, ['employee']);
    const signer = (await loadSigner(anchor, { create: false }))!;
    const round = await writeCheckpoints(t.db, signer, anchor.checkpointDir, new Date('2026-12-03T10:05:00Z'));
    expect(round.written.map((c) => [c.chain, c.chainSeq])).toEqual([[org.id, '2']]);
    expect((await writeCheckpoints(t.db, signer, anchor.checkpointDir, new Date())).written).toEqual([]);
    expect(await verifyAuditTrail(t.owner, anchor, org.id)).toEqual({ intact: true, rows: 2, checkpoints: 2 });
  });
});
