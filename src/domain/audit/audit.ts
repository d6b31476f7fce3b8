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
 * Audit rows of this transaction wait until flushAudit. Appending takes the chain's lock,
 * which is one for the whole installation and held until commit; written as the last
 * statement of the transaction, every organisation's requests wait for each other only for
 * the moment of the commit, not for the rest of each request (bench/results.md).
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

export interface AuditVerification {
  intact: boolean;
  rows: number;
  /** The first row whose hash or link does not match, with why. */
  /** 'truncated': rows after the last one present were removed (the stored head is further). */
  firstBroken?: { seq: string; reason: 'hash_mismatch' | 'chain_broken' | 'sequence_gap' | 'truncated' };
}

/**
 * Recomputes every row's digest and link. Runs as the owning role (the CLI), since it must
 * see every organisation's rows. Reads in pages so a long trail does not fill memory.
 */
export async function verifyAuditChain(db: Db): Promise<AuditVerification> {
  let previousHash = '0'.repeat(64);
  let previousSeq = 0n;
  let rows = 0;
  for (;;) {
    const page = await sql<{ seq: string; prevHash: string; hash: string; expected: string }>`
      SELECT seq, prev_hash, hash, audit_digest(prev_hash, organisation_id, actor_user_id, action, object_type,
        object_id, result, origin_ip, occurred_at, seq) AS expected
      FROM audit_event WHERE seq > ${previousSeq.toString()} ORDER BY seq LIMIT 5000`.execute(db);
    if (page.rows.length === 0) {
      const head = await sql<{ seq: string; hash: string }>`SELECT seq, hash FROM audit_head`.execute(db);
      const last = head.rows[0];
      if (last && (last.seq !== previousSeq.toString() || last.hash !== previousHash)) {
        return { intact: false, rows, firstBroken: { seq: (previousSeq + 1n).toString(), reason: 'truncated' } };
      }
      return { intact: true, rows };
    }
    for (const row of page.rows) {
      const seq = BigInt(row.seq);
      if (seq !== previousSeq + 1n) return { intact: false, rows, firstBroken: { seq: row.seq, reason: 'sequence_gap' } };
      if (row.prevHash !== previousHash) return { intact: false, rows, firstBroken: { seq: row.seq, reason: 'chain_broken' } };
      if (row.hash !== row.expected) return { intact: false, rows, firstBroken: { seq: row.seq, reason: 'hash_mismatch' } };
      previousHash = row.hash;
      previousSeq = seq;
      rows++;
    }
  }
}
