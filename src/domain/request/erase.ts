import { sql } from 'kysely';
import { withOrganisation, type Db, type Tx } from '../../db/database.js';
import { conflict } from '../../errors.js';
import { amsterdamToday } from '../../time/amsterdam.js';
import { audit, auditMark, discardAuditSince, type Actor } from '../audit/audit.js';
import type { EvidenceStore } from '../evidence/evidence-store.js';
import {
  automaticHolds,
  clearNote,
  deleteIncidentTree,
  deletePerpetrator,
  fileInUse,
  filesOf,
  findHold,
  incidentFigures,
  keepFigures,
} from '../retention/retention.repository.js';

/**
 * Erasure (art. 17 GDPR) that the law allows, through the SAME deletion as retention
 * (src/domain/retention/retention.repository.ts): an incident goes with everything attached
 * and its anonymised figures kept; a register record goes with its links to incidents. The
 * audit trail says what went by kind and id only, never content, so `weerbaar audit verify`
 * holds afterwards. Files leave the store only after the commit (removeErasedFiles).
 */
export interface Erasure {
  /** What went, by kind and count (stored on the request; camelCase, as the database plugin reads JSON keys). */
  erased: Record<string, number>;
  /** Hashes of the files whose rows were deleted. */
  files: string[];
}

export const erasureHeld = () => conflict('request_erasure_held', 'error.request_erasure_held', 'incidentIds');
export const erasureBlocked = () => conflict('request_erasure_blocked', 'error.request_erasure_blocked');
export const erasureMeasure = () => conflict('request_erasure_measure', 'error.request_erasure_measure');

/** Runs fn in a savepoint; a row that still refers to what is deleted (a foreign key) makes the erasure refused. */
async function inSavepoint(tx: Tx, fn: () => Promise<void>): Promise<void> {
  const mark = auditMark(tx);
  await sql`SAVEPOINT request_erasure`.execute(tx);
  try {
    await fn();
    await sql`RELEASE SAVEPOINT request_erasure`.execute(tx);
  } catch (error) {
    if ((error as { code?: string }).code !== '23503') throw error;
    await sql`ROLLBACK TO SAVEPOINT request_erasure`.execute(tx);
    discardAuditSince(tx, mark);
    throw erasureBlocked();
  }
}

/**
 * Erases a register record and its links to incidents. Refused while a measure names it: a
 * measure is a decision of the mayor that must stay provable (art. 17(3)(b) and (e) GDPR).
 */
export async function erasePerpetrator(tx: Tx, actor: Actor, perpetratorId: string): Promise<Erasure> {
  const measures = await tx.selectFrom('measure').select('id').where('perpetratorId', '=', perpetratorId).execute();
  if (measures.length > 0) throw erasureMeasure();
  let links = 0;
  await inSavepoint(tx, async () => {
    const removed = await tx.deleteFrom('incidentPerpetrator').where('perpetratorId', '=', perpetratorId).executeTakeFirst();
    links = Number(removed.numDeletedRows);
    await deletePerpetrator(tx, perpetratorId);
    await audit(tx, actor, { action: 'request.erase', objectType: 'perpetrator', objectId: perpetratorId });
  });
  return { erased: { perpetrator: 1, perpetratorLink: links }, files: [] };
}

/**
 * Erases incidents of a person (chosen by the decider among those they reported or are the
 * affected person of) and, if asked, the notes of their aftercare. A hold (by hand, a
 * prosecution running, a ban in force) refuses the erasure of that incident, as it stops retention.
 */
export async function erasePersonData(
  tx: Tx,
  actor: Actor,
  organisationId: string,
  incidentIds: readonly string[],
  aftercareNotes: boolean,
  userId: string,
): Promise<Erasure> {
  const today = amsterdamToday();
  for (const id of incidentIds) {
    if ((await findHold(tx, id)) || (await automaticHolds(tx, id, today)).length > 0) throw erasureHeld();
  }
  const files: string[] = [];
  let notes = 0;
  await inSavepoint(tx, async () => {
    if (aftercareNotes) {
      // The notes of incidents that go are deleted with them; the others are cleared here.
      const conversations = (
        await tx
          .selectFrom('aftercareConversation')
          .select(['id', 'incidentId'])
          .where('affectedUserId', '=', userId)
          .where('notes', 'is not', null)
          .execute()
      ).filter((c) => !incidentIds.includes(c.incidentId));
      const referrals = (
        await tx
          .selectFrom('referral')
          .select(['id', 'incidentId'])
          .where('affectedUserId', '=', userId)
          .where('note', 'is not', null)
          .execute()
      ).filter((r) => !incidentIds.includes(r.incidentId));
      for (const c of conversations) {
        await clearNote(tx, 'aftercare_conversation', c.id);
        await audit(tx, actor, { action: 'request.erase', objectType: 'aftercare_conversation', objectId: c.id });
      }
      for (const r of referrals) {
        await clearNote(tx, 'referral', r.id);
        await audit(tx, actor, { action: 'request.erase', objectType: 'referral', objectId: r.id });
      }
      notes = conversations.length + referrals.length;
    }
    for (const id of incidentIds) {
      const named = await filesOf(tx, { incidentId: id });
      await keepFigures(tx, organisationId, await incidentFigures(tx, id), []);
      await deleteIncidentTree(tx, id);
      await audit(tx, actor, { action: 'request.erase', objectType: 'incident', objectId: id });
      for (const f of named.evidence) await audit(tx, actor, { action: 'request.erase', objectType: 'evidence_file', objectId: f.id });
      for (const f of named.letters) await audit(tx, actor, { action: 'request.erase', objectType: 'letter', objectId: f.id });
      files.push(...named.evidence.map((f) => f.sha256), ...named.letters.map((f) => f.sha256));
    }
  });
  return { erased: { incident: incidentIds.length, aftercareNote: notes }, files };
}

/**
 * After the commit: a file goes when no evidence or letter (of any organisation) names it any
 * more. Had the transaction rolled back, its rows still name the files and they stay.
 */
export async function removeErasedFiles(db: Db, store: EvidenceStore, organisationId: string, files: readonly string[]): Promise<void> {
  for (const sha256 of new Set(files)) {
    if (await withOrganisation(db, organisationId, (tx) => fileInUse(tx, sha256))) continue;
    await store.delete(sha256);
  }
}
