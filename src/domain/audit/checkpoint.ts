import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { z } from 'zod';
import { ConfigError, type AuditAnchorConfig } from '../../config.js';
import { withoutOrganisation, type Db } from '../../db/database.js';
import { INSTALLATION_CHAIN, verifyAuditChain, type AuditVerification } from './audit.js';

/**
 * Signed checkpoints of the audit chains, kept outside the database (issue 12 §2 finding 1).
 *
 * The hash chain proves that rows were not changed by the program, but the owner of the
 * database can switch the trigger off and recompute every hash with audit_digest(), or delete
 * the newest rows and move audit_head back, and the chain is whole again. A checkpoint is a
 * chain's head (its position and hash) at a moment, signed with an Ed25519 key that only the
 * program's host holds, appended to a file the database cannot reach. Verification then needs
 * the rows to still be what the checkpoints saw: a rewritten row no longer has the signed hash,
 * a removed one leaves a checkpoint beyond the head.
 */

/** A private signing key, the public key that checks it, and the public key's short id. */
export interface Signer {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
}

/** One line of a checkpoint file. Positions are strings, as bigint columns come out of pg. */
export interface Checkpoint {
  v: 1;
  /** The database's identity (audit_installation): the file's name, and signed. */
  installation: string;
  /** The organisation, or INSTALLATION_CHAIN for the rows that belong to none. */
  chain: string;
  /** The head's place in its chain. */
  chainSeq: string;
  /** The head's row (audit_event.seq). */
  seq: string;
  hash: string;
  at: string;
  /** Which key signed it (sha-256 of the public key, 16 hex characters). */
  key: string;
  signature: string;
}

const checkpointSchema = z.object({
  v: z.literal(1),
  installation: z.uuid(),
  chain: z.uuid(),
  chainSeq: z.string().regex(/^[1-9]\d{0,18}$/),
  seq: z.string().regex(/^[1-9]\d{0,18}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.iso.datetime(),
  key: z.string().regex(/^[0-9a-f]{16}$/),
  signature: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/),
});

const KEY_PROBLEM =
  'De sleutel voor de controlepunten van het auditspoor (AUDIT_SIGNING_KEY of AUDIT_SIGNING_KEY_FILE) is geen Ed25519-sleutel (PEM, PKCS#8).';

function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** The key's text as a key object; the text itself never reaches a message. */
function parsePrivateKey(text: string): KeyObject {
  let key: KeyObject;
  try {
    key = text.includes('PRIVATE KEY')
      ? createPrivateKey(text)
      : createPrivateKey({ key: Buffer.from(text.replace(/\s/g, ''), 'base64'), format: 'der', type: 'pkcs8' });
  } catch {
    throw new ConfigError(KEY_PROBLEM);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new ConfigError(KEY_PROBLEM);
  return key;
}

async function readIfThere(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Makes a key in the file (readable by this user alone), or takes the one another process just made. */
async function createKeyFile(file: string): Promise<string> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    await fs.writeFile(file, pem, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFile(file, 'utf8');
    throw error;
  }
  // The public half beside it, for an auditor who checks the checkpoints elsewhere.
  await fs.writeFile(`${file.replace(/\.pem$/, '')}.pub.pem`, publicKey.export({ type: 'spki', format: 'pem' }) as string, {
    mode: 0o644,
  });
  return pem;
}

/**
 * The signing key: AUDIT_SIGNING_KEY, else the key file. With `create` (the worker, `audit
 * checkpoint`), a missing file is made with a new key, as the embedded setup makes its other
 * secrets; `audit verify` never makes one.
 */
export async function loadSigner(config: AuditAnchorConfig, options: { create: boolean }): Promise<Signer | undefined> {
  let text = config.signingKey ?? (await readIfThere(config.signingKeyFile));
  if (text === undefined) {
    if (!options.create) return undefined;
    text = await createKeyFile(config.signingKeyFile);
  }
  const privateKey = parsePrivateKey(text);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/** What is signed: every field but the signature, in a fixed order, one per line. */
function signedText(c: Omit<Checkpoint, 'signature'>): Buffer {
  return Buffer.from(['weerbaar-audit-checkpoint', c.v, c.installation, c.chain, c.chainSeq, c.seq, c.hash, c.at, c.key].join('\n'));
}

/** The file of one installation's checkpoints. */
export function checkpointFile(dir: string, installation: string): string {
  return path.join(dir, `${installation}.jsonl`);
}

/** The installations, other than this one, whose checkpoints are in the directory. */
async function otherInstallations(dir: string, installation: string | undefined): Promise<string[]> {
  const files = (await fs.readdir(dir).catch(() => [])) as string[];
  return files.filter((f) => f.endsWith('.jsonl') && f !== `${installation}.jsonl`).map((f) => f.slice(0, -'.jsonl'.length));
}

/** The checkpoint directory holds another installation's checkpoints: it belongs to one installation. */
export class CheckpointDirInUse extends Error {
  constructor(dir: string, other: string) {
    super(
      `${dir} bevat de controlepunten van een andere installatie (${other}): de identiteit van deze database is veranderd, ` +
        'of de map wordt gedeeld. Elke installatie heeft een eigen AUDIT_CHECKPOINT_DIR.',
    );
  }
}

interface Head {
  installation: string;
  chain: string | null;
  chainSeq: string | null;
  seq: string | null;
  hash: string | null;
}

/** Per file: the last checkpointed head of each chain, and the file's size when we last saw it. */
const lastWritten = new Map<string, { size: number; heads: Map<string, string> }>();

/** The newest checkpoint of each chain in the file (unreadable lines are left to verify). */
async function latestInFile(file: string): Promise<{ size: number; heads: Map<string, string> }> {
  const size = (await fs.stat(file).catch(() => undefined))?.size ?? 0;
  const known = lastWritten.get(file);
  if (known && known.size === size) return known;
  const heads = new Map<string, string>();
  for (const line of ((await readIfThere(file)) ?? '').split('\n')) {
    const parsed = checkpointSchema.safeParse(safeJson(line));
    if (parsed.success) heads.set(parsed.data.chain, `${parsed.data.chainSeq}:${parsed.data.hash}`);
  }
  const seen = { size, heads };
  lastWritten.set(file, seen);
  return seen;
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/**
 * Signs the head of every chain that moved since its last checkpoint and appends them, one line
 * each, to the installation's file, flushed to disk before returning. Runs as the program's
 * role: it reads the heads through app_audit_checkpoint_heads(). Safe to run twice: a head
 * already checkpointed is not written again (two servers at the same moment may both write
 * one, which verifies the same).
 */
export async function writeCheckpoints(db: Db, signer: Signer, dir: string, now: Date): Promise<{ file: string; written: Checkpoint[] }> {
  const heads = await withoutOrganisation(db, async (tx) => (await sql<Head>`SELECT * FROM app_audit_checkpoint_heads()`.execute(tx)).rows);
  const installation = heads[0]!.installation;
  const file = checkpointFile(dir, installation);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const others = await otherInstallations(dir, installation);
  if (others.length > 0)
    // A database whose identity was removed and made anew (behind the trigger) would otherwise
    // start a fresh file and have its rewritten trail signed.
    throw new CheckpointDirInUse(dir, others[0]!);
  const seen = await latestInFile(file);
  const written: Checkpoint[] = [];
  for (const head of heads) {
    if (head.chain === null || head.chainSeq === null || head.seq === null || head.hash === null) continue;
    if (seen.heads.get(head.chain) === `${head.chainSeq}:${head.hash}`) continue;
    const unsigned = {
      v: 1 as const,
      installation,
      chain: head.chain,
      chainSeq: head.chainSeq,
      seq: head.seq,
      hash: head.hash,
      at: now.toISOString(),
      key: signer.keyId,
    };
    written.push({ ...unsigned, signature: sign(null, signedText(unsigned), signer.privateKey).toString('base64') });
  }
  // The file exists from the first round on, even before there is a chain: verify then knows
  // that this installation keeps checkpoints, and a missing file means one was removed.
  const handle = await fs.open(file, 'a', 0o640);
  try {
    if (written.length > 0) await handle.write(written.map((c) => `${JSON.stringify(c)}\n`).join(''));
    await handle.sync();
  } finally {
    await handle.close();
  }
  for (const c of written) seen.heads.set(c.chain, `${c.chainSeq}:${c.hash}`);
  seen.size = (await fs.stat(file)).size;
  return { file, written };
}

type CheckpointReason =
  | 'checkpoint_mismatch'
  | 'behind_checkpoint'
  | 'checkpoint_signature'
  | 'checkpoints_missing'
  | 'checkpoints_foreign'
  | 'checkpoint_key_missing';

/** What checking the checkpoints found: how many held, or the first that did not. */
export interface CheckpointVerification {
  /** Checkpoints checked; undefined when this installation never wrote any. */
  checked: number | undefined;
  broken?: {
    reason: CheckpointReason;
    /** The row concerned (for a bad signature: the row the checkpoint names, if readable). */
    seq: string;
    organisationId?: string | null;
    /** The checkpoint's line in the file (1-based) and its time. */
    checkpoint?: { line: number; at?: string };
    file: string;
  };
}

const organisationOf = (chain: string) => (chain === INSTALLATION_CHAIN ? null : chain);

/**
 * Checks the trail against the installation's checkpoints (all chains, or one organisation's):
 * each signature with the public key, and that the chain still holds each checkpointed row
 * with the signed hash; a checkpoint beyond the head means rows were removed. Runs as the
 * owning role, which sees every chain; reads the rows in pages.
 */
export async function verifyCheckpoints(
  db: Db,
  signer: Signer | undefined,
  dir: string,
  organisationId?: string,
): Promise<CheckpointVerification> {
  const installation = (await sql<{ id: string }>`SELECT id FROM audit_installation`.execute(db)).rows[0]?.id;
  // Checkpoints of another identity: this database's was removed or changed (behind its
  // trigger) so that they would not be looked for, or the directory is shared.
  const others = await otherInstallations(dir, installation);
  if (installation === undefined)
    return others.length === 0 ? { checked: undefined } : { checked: 0, broken: { reason: 'checkpoints_missing', seq: '?', file: dir } };
  const file = checkpointFile(dir, installation);
  const text = await readIfThere(file);
  if (text === undefined) return { checked: 0, broken: { reason: 'checkpoints_missing', seq: '?', file } };
  if (others.length > 0) return { checked: 0, broken: { reason: 'checkpoints_foreign', seq: '?', file: checkpointFile(dir, others[0]!) } };

  const valid: { line: number; checkpoint: Checkpoint }[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    const parsed = checkpointSchema.safeParse(safeJson(line));
    const raw = safeJson(line) as Partial<Checkpoint> | undefined;
    if (organisationId !== undefined && (parsed.success ? parsed.data.chain : raw?.chain) !== organisationId) continue;
    const where = { line: index + 1, ...(typeof raw?.at === 'string' ? { at: raw.at } : {}) };
    const seq = typeof raw?.seq === 'string' ? raw.seq : '?';
    const chainOf = typeof raw?.chain === 'string' ? { organisationId: organisationOf(raw.chain) } : {};
    if (!signer) return { checked: valid.length, broken: { reason: 'checkpoint_key_missing', seq, ...chainOf, checkpoint: where, file } };
    // Signed with this database's identity: a line copied from another installation's file fails here too.
    const ok =
      parsed.success &&
      verify(null, signedText({ ...parsed.data, installation }), signer.publicKey, Buffer.from(parsed.data.signature, 'base64'));
    if (!ok) return { checked: valid.length, broken: { reason: 'checkpoint_signature', seq, ...chainOf, checkpoint: where, file } };
    valid.push({ line: index + 1, checkpoint: parsed.data });
  }

  const heads = new Map(
    (await sql<{ chain: string; chainSeq: string }>`SELECT chain, chain_seq FROM audit_head`.execute(db)).rows.map((h) => [
      h.chain,
      BigInt(h.chainSeq),
    ]),
  );
  for (let start = 0; start < valid.length; start += 5000) {
    const page = valid.slice(start, start + 5000);
    const rows = (
      await sql<{ n: string; seq: string | null; hash: string | null }>`
        SELECT c.n, e.seq, e.hash
        FROM unnest(${page.map((p) => p.checkpoint.chain)}::uuid[], ${page.map((p) => p.checkpoint.chainSeq)}::bigint[])
          WITH ORDINALITY AS c(chain, position, n)
        LEFT JOIN audit_event e
          ON coalesce(e.organisation_id, ${INSTALLATION_CHAIN}::uuid) = c.chain AND e.chain_seq = c.position
        ORDER BY c.n`.execute(db)
    ).rows;
    for (const [i, { line, checkpoint: c }] of page.entries()) {
      const row = rows[i]!;
      const head = heads.get(c.chain);
      const about = { organisationId: organisationOf(c.chain), checkpoint: { line, at: c.at }, file };
      if (row.seq === null || head === undefined || head < BigInt(c.chainSeq))
        return { checked: start + i, broken: { reason: 'behind_checkpoint', seq: c.seq, ...about } };
      if (row.seq !== c.seq || row.hash !== c.hash)
        return { checked: start + i, broken: { reason: 'checkpoint_mismatch', seq: row.seq, ...about } };
    }
  }
  return { checked: valid.length };
}

/** The result of `audit verify`: the chains, then the checkpoints they must still match. */
export type AuditTrailVerification = AuditVerification & {
  checkpoints?: number;
  checkpoint?: { line: number; at?: string; file: string };
};

/** The chains' own links and digests, then the signed checkpoints (see verifyCheckpoints). */
export async function verifyAuditTrail(db: Db, anchor: AuditAnchorConfig, organisationId?: string): Promise<AuditTrailVerification> {
  const chains = await verifyAuditChain(db, organisationId);
  if (!chains.intact) return chains;
  const signer = await loadSigner(anchor, { create: false });
  const checked = await verifyCheckpoints(db, signer, anchor.checkpointDir, organisationId);
  const counted = checked.checked === undefined ? {} : { checkpoints: checked.checked };
  if (!checked.broken) return { ...chains, ...counted };
  const { reason, seq, organisationId: org, checkpoint, file } = checked.broken;
  return {
    intact: false,
    rows: chains.rows,
    ...counted,
    firstBroken: { seq, reason, ...(org !== undefined ? { organisationId: org } : {}) },
    checkpoint: { ...(checkpoint ?? { line: 0 }), file },
  };
}
