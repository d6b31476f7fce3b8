import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.js';

/** Who did something, and from where; every use case takes one. */
export interface Actor {
  organisationId: string | null;
  userId: string | null;
  originIp: string | null;
}

export interface AuditEntry {
  action: string;
  objectType?: string;
  objectId?: string;
  result?: 'success' | 'failure' | 'denied';
}

interface PendingAudit {
  actor: Actor;
  entry: AuditEntry;
}

/** Transactions whose audit rows wait for their end (see bufferAudit). */
const pending = new WeakMap<Tx, PendingAudit[]>();

/**
 * Appends one row to the hash-chained audit trail, inside the caller's transaction. In a
 * transaction that buffers (a web request), the row is written by flushAudit just before
 * commit; elsewhere (CLI, jobs) at once.
 */
export async function audit(tx: Tx, actor: Actor, entry: AuditEntry): Promise<void> {
  const buffer = pending.get(tx);
  if (buffer) {
    buffer.push({ actor, entry });
    return;
  }
  await sql`SELECT app_append_audit(${actor.userId}::uuid, ${entry.action}, ${entry.objectType ?? null},
    ${entry.objectId ?? null}, ${entry.result ?? 'success'}, ${actor.originIp}, ${actor.organisationId}::uuid)`.execute(tx);
}

/**
 * Audit rows of this transaction wait until flushAudit. Appending takes the lock of the
 * organisation's chain, held until commit; written as the last statement of the transaction,
 * one organisation's requests wait for each other only for the moment of the commit, not for
 * the rest of each request (bench/results.md), and other organisations not at all.
 */
export function bufferAudit(tx: Tx): void {
  pending.set(tx, []);
}

/** How many rows wait; with discardAuditSince, what a savepoint rollback takes back. */
export function auditMark(tx: Tx): number {
  return pending.get(tx)?.length ?? 0;
}

/** Drops the rows buffered after the mark: their writes were rolled back to a savepoint. */
export function discardAuditSince(tx: Tx, mark: number): void {
  pending.get(tx)?.splice(mark);
}

/** Writes the buffered rows, in order, in one statement. */
export async function flushAudit(tx: Tx): Promise<void> {
  const rows = pending.get(tx) ?? [];
  pending.set(tx, []);
  if (rows.length === 0) return;
  const column = <T>(pick: (row: PendingAudit) => T) => rows.map(pick);
  await sql`
    SELECT app_append_audit(a.actor, a.action, a.object_type, a.object_id, a.result, a.origin_ip, a.organisation_id)
    FROM unnest(${column((r) => r.actor.userId)}::uuid[], ${column((r) => r.entry.action)}::text[],
      ${column((r) => r.entry.objectType ?? null)}::text[], ${column((r) => r.entry.objectId ?? null)}::text[],
      ${column((r) => r.entry.result ?? 'success')}::text[], ${column((r) => r.actor.originIp)}::text[],
      ${column((r) => r.actor.organisationId)}::uuid[])
      WITH ORDINALITY AS a(actor, action, object_type, object_id, result, origin_ip, organisation_id, position)
    ORDER BY a.position`.execute(tx);
}

/**
 * Why verification failed. The first four are found in the chain itself; the others against
 * the signed checkpoints outside the database (checkpoint.ts): a checkpointed row whose hash
 * changed, a checkpoint beyond the head (rows removed), a checkpoint whose signature does not
 * hold, the checkpoint file gone, another installation's file in its place, or no key to check them with.
 */
export type AuditBreak =
  | 'hash_mismatch'
  | 'chain_broken'
  | 'sequence_gap'
  | 'truncated'
  | 'checkpoint_mismatch'
  | 'behind_checkpoint'
  | 'checkpoint_signature'
  | 'checkpoints_missing'
  | 'checkpoints_foreign'
  | 'checkpoint_key_missing';

export interface AuditVerification {
  intact: boolean;
  /** Rows found intact (all of them when intact; before the break otherwise). */
  rows: number;
  /**
   * The first row whose hash or link does not match, with why; 'truncated': rows after the
   * last one present were removed (the stored head is further), `seq` then the head's row.
   */
  firstBroken?: { seq: string; reason: AuditBreak; organisationId?: string | null };
  /** Which rows are gone, by their place in the chain (a gap, or a chain cut short). */
  missing?: { first: string; last: string };
}

const GENESIS = '0'.repeat(64);
/** The chain of the rows that belong to no organisation. */
export const INSTALLATION_CHAIN = '00000000-0000-0000-0000-000000000000';

interface ChainRow {
  seq: string;
  position: string;
  prevHash: string;
  hash: string;
  expected: string;
}

/**
 * The single chain of the rows written before migration 0024, checked from row 1 without gaps
 * against its frozen head. Empty on installations that started later.
 */
async function verifyLegacyChain(db: Db): Promise<AuditVerification & { head: string }> {
  let previousHash = GENESIS;
  let previousSeq = 0n;
  let rows = 0;
  for (;;) {
    const page = await sql<ChainRow>`
      SELECT seq, seq AS position, prev_hash, hash, audit_digest(prev_hash, organisation_id, actor_user_id, action,
        object_type, object_id, result, origin_ip, occurred_at, seq) AS expected
      FROM audit_event WHERE chain_seq IS NULL AND seq > ${previousSeq.toString()} ORDER BY seq LIMIT 5000`.execute(db);
    if (page.rows.length === 0) {
      const head = (await sql<{ seq: string; hash: string }>`SELECT seq, hash FROM audit_legacy_head`.execute(db)).rows[0];
      if (head && (head.seq !== previousSeq.toString() || head.hash !== previousHash))
        return {
          intact: false,
          rows,
          head: previousHash,
          firstBroken: { seq: head.seq, reason: 'truncated' },
          missing: { first: (previousSeq + 1n).toString(), last: head.seq },
        };
      return { intact: true, rows, head: head?.hash ?? GENESIS };
    }
    for (const row of page.rows) {
      const seq = BigInt(row.seq);
      const broken = linkProblem(row, previousSeq, previousHash);
      if (broken)
        return {
          intact: false,
          rows,
          head: previousHash,
          firstBroken: { seq: row.seq, reason: broken },
          ...(broken === 'sequence_gap' ? { missing: { first: (previousSeq + 1n).toString(), last: (seq - 1n).toString() } } : {}),
        };
      previousHash = row.hash;
      previousSeq = seq;
      rows++;
    }
  }
}

function linkProblem(row: ChainRow, previousPosition: bigint, previousHash: string): AuditBreak | undefined {
  if (BigInt(row.position) !== previousPosition + 1n) return 'sequence_gap';
  if (row.prevHash !== previousHash) return 'chain_broken';
  if (row.hash !== row.expected) return 'hash_mismatch';
  return undefined;
}

/** One organisation's chain (or the installation's), from its first link to its stored head. */
async function verifyChain(db: Db, chain: string, genesis: string): Promise<AuditVerification> {
  const organisationId = chain === INSTALLATION_CHAIN ? null : chain;
  let previousHash = genesis;
  let previousPosition = 0n;
  let rows = 0;
  for (;;) {
    const page = await sql<ChainRow>`
      SELECT seq, chain_seq AS position, prev_hash, hash, audit_digest(prev_hash, organisation_id, actor_user_id, action,
        object_type, object_id, result, origin_ip, occurred_at, seq) AS expected
      FROM audit_event
      WHERE coalesce(organisation_id, ${INSTALLATION_CHAIN}::uuid) = ${chain}::uuid AND chain_seq > ${previousPosition.toString()}
      ORDER BY chain_seq LIMIT 5000`.execute(db);
    if (page.rows.length === 0) {
      const head = (
        await sql<{
          chainSeq: string;
          seq: string;
          hash: string;
        }>`SELECT chain_seq, seq, hash FROM audit_head WHERE chain = ${chain}::uuid`.execute(db)
      ).rows[0];
      // Rows without a head, or a head further than the rows: the newest rows (or the head) were removed.
      if ((!head && rows > 0) || (head && (head.chainSeq !== previousPosition.toString() || head.hash !== previousHash)))
        return {
          intact: false,
          rows,
          firstBroken: { seq: head?.seq ?? '?', reason: 'truncated', organisationId },
          missing: { first: (previousPosition + 1n).toString(), last: head?.chainSeq ?? '?' },
        };
      return { intact: true, rows };
    }
    for (const row of page.rows) {
      const broken = linkProblem(row, previousPosition, previousHash);
      if (broken)
        return {
          intact: false,
          rows,
          firstBroken: { seq: row.seq, reason: broken, organisationId },
          ...(broken === 'sequence_gap'
            ? { missing: { first: (previousPosition + 1n).toString(), last: (BigInt(row.position) - 1n).toString() } }
            : {}),
        };
      previousHash = row.hash;
      previousPosition = BigInt(row.position);
      rows++;
    }
  }
}

/**
 * Recomputes every row's digest and link: the rows from before 0024 as one chain, then each
 * organisation's chain (and the installation's), each anchored to the old chain's head. With an
 * organisation, only its chain, as handed to its auditor. Runs as the owning role (the CLI),
 * since it must see every organisation's rows. Reads in pages so a long trail does not fill memory.
 */
export async function verifyAuditChain(db: Db, organisationId?: string): Promise<AuditVerification> {
  const legacy = await verifyLegacyChain(db);
  if (organisationId !== undefined) {
    if (!legacy.intact) return { ...withoutHead(legacy), rows: 0 };
    return verifyChain(db, organisationId, legacy.head);
  }
  if (!legacy.intact) return withoutHead(legacy);
  let rows = legacy.rows;
  const chains = await sql<{ chain: string }>`
    SELECT chain FROM audit_head
    UNION SELECT DISTINCT coalesce(organisation_id, ${INSTALLATION_CHAIN}::uuid) FROM audit_event WHERE chain_seq IS NOT NULL
    ORDER BY chain`.execute(db);
  for (const { chain } of chains.rows) {
    const result = await verifyChain(db, chain, legacy.head);
    if (!result.intact) return { ...result, rows: rows + result.rows };
    rows += result.rows;
  }
  return { intact: true, rows };
}

function withoutHead(v: AuditVerification & { head: string }): AuditVerification {
  const { head: _head, ...rest } = v;
  return rest;
}
