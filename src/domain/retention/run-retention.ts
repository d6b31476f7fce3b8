import { sql } from 'kysely';
import { enterOrganisation, withOrganisation, withoutOrganisation, type Db, type Tx } from '../../db/database.js';
import { audit, auditMark, discardAuditSince, type Actor } from '../audit/audit.js';
import type { EvidenceStore } from '../evidence/evidence-store.js';
import { notify } from '../notification/notify.js';
import {
  bansPastTerm,
  clearNote,
  closedPastTerm,
  deleteIncidentTree,
  deleteMeasure,
  deletePerpetrator,
  deleteSimple,
  fileInUse,
  filesOf,
  findPeriods,
  holdsOf,
  incidentFigures,
  keepFigures,
  lockOrganisationRun,
  markReviewed,
  notesPastTerm,
  openPastTerm,
  organisationIds,
  securityAdvisers,
  simplePastTerm,
  unreferencedPerpetrators,
  type TermRow,
} from './retention.repository.js';
import type { HeldItem, RetentionItem, RetentionResult, RetentionRule } from './retention.js';

/**
 * One retention run for one organisation (docs/retention.md). Everything happens in the
 * caller's transaction; a dry run is the same run rolled back, so what it lists is exactly what
 * a real run at that date would do. Files leave the store only after the commit (a rollback
 * must never lose a file whose row is still there).
 */

interface Applied {
  result: RetentionResult;
  /** Hashes of the files whose rows were deleted. */
  files: Set<string>;
}

const systemActor = (organisationId: string): Actor => ({ organisationId, userId: null, originIp: null });

/** Runs fn in a savepoint; a foreign key that still refers to the object rolls it back and answers false. */
async function attempt(tx: Tx, fn: () => Promise<void>): Promise<boolean> {
  const mark = auditMark(tx);
  await sql`SAVEPOINT retention_item`.execute(tx);
  try {
    await fn();
    await sql`RELEASE SAVEPOINT retention_item`.execute(tx);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code !== '23503') throw error;
    await sql`ROLLBACK TO SAVEPOINT retention_item`.execute(tx);
    discardAuditSince(tx, mark);
    return false;
  }
}

const itemOf = (
  rule: RetentionRule,
  kind: string,
  row: Pick<TermRow, 'id' | 'since' | 'due'> & { number?: number | null },
): RetentionItem => ({
  rule,
  kind,
  id: row.id,
  ...(row.number !== undefined ? { number: row.number } : {}),
  since: row.since,
  due: row.due,
});

/** Applies every rule at the date, inside tx (which is in the organisation). */
export async function applyRetention(tx: Tx, organisationId: string, asOf: string, dryRun: boolean): Promise<Applied> {
  const periods = await findPeriods(tx);
  const actor = systemActor(organisationId);
  const result: RetentionResult = { organisationId, asOf, dryRun, periods, deleted: [], flagged: [], held: [], blocked: [], files: 0 };
  const files = new Set<string>();
  const held = (item: RetentionItem, row: TermRow): boolean => {
    const holds = holdsOf(row);
    if (holds.length === 0) return false;
    result.held.push({ ...item, holds } satisfies HeldItem);
    return true;
  };
  const record = async (item: RetentionItem) => {
    await audit(tx, actor, { action: `retention.${item.rule}`, objectType: item.kind, objectId: item.id });
  };

  // 1. Closed incidents past their term, with everything attached; their figures are kept.
  for (const row of await closedPastTerm(tx, asOf, periods.incidentYears)) {
    const item = itemOf('incident_closed', 'incident', row);
    if (held(item, row)) continue;
    const named = await filesOf(tx, { incidentId: row.id });
    const done = await attempt(tx, async () => {
      await keepFigures(tx, organisationId, await incidentFigures(tx, row.id), []);
      await deleteIncidentTree(tx, row.id);
      await record(item);
      for (const f of named.evidence)
        await audit(tx, actor, { action: 'retention.incident_closed', objectType: 'evidence_file', objectId: f.id });
      for (const f of named.letters) await audit(tx, actor, { action: 'retention.incident_closed', objectType: 'letter', objectId: f.id });
    });
    if (!done) {
      result.blocked.push(item);
      continue;
    }
    result.deleted.push(item);
    for (const f of [...named.evidence, ...named.letters]) files.add(f.sha256);
  }

  // 2. Open incidents past their term from the last change: never deleted, put before the adviser once.
  const advisers = await securityAdvisers(tx);
  for (const row of await openPastTerm(tx, asOf, periods.incidentYears)) {
    const item = itemOf('open_incident_review', 'incident', row);
    if (held(item, row)) continue;
    await markReviewed(tx, organisationId, row.id);
    await notify(tx, organisationId, advisers, 'retention_review', { incidentId: row.id });
    await audit(tx, actor, { action: 'retention.open_incident_review', objectType: 'incident', objectId: row.id });
    result.flagged.push(item);
  }

  // 3. Bans the ban term after their end date (the incident stays); the figures keep the ban.
  for (const row of await bansPastTerm(tx, asOf, periods.banYears)) {
    const item = itemOf('ban_ended', 'measure', row);
    if (held(item, row)) continue;
    const named = await filesOf(tx, { measureId: row.id });
    const done = await attempt(tx, async () => {
      const before = await incidentFigures(tx, row.incidentId);
      await deleteMeasure(tx, row.id);
      await keepFigures(tx, organisationId, before, await incidentFigures(tx, row.incidentId));
      await record(item);
      for (const f of named.letters) await audit(tx, actor, { action: 'retention.ban_ended', objectType: 'letter', objectId: f.id });
    });
    if (!done) {
      result.blocked.push(item);
      continue;
    }
    result.deleted.push(item);
    for (const f of named.letters) files.add(f.sha256);
  }

  // 4. Aftercare notes a shorter term after the last conversation (the conversations stay, for the figures).
  for (const row of await notesPastTerm(tx, asOf, periods.aftercareNoteMonths)) {
    const item = itemOf('aftercare_notes', row.kind, row);
    if (held(item, row)) continue;
    await clearNote(tx, row.kind, row.id);
    await record(item);
    result.deleted.push(item);
  }

  // 5. Perpetrator records nothing refers to any more (also those the steps above left alone).
  for (const row of await unreferencedPerpetrators(tx, asOf, periods.perpetratorMonths)) {
    const item = itemOf('perpetrator_unreferenced', 'perpetrator', { id: row.id, since: row.since, due: row.due });
    const done = await attempt(tx, async () => {
      await deletePerpetrator(tx, row.id);
      await record(item);
    });
    (done ? result.deleted : result.blocked).push(item);
  }

  // 6. Sessions, tokens, notifications and delivered mails after weeks.
  const simple = [
    ['session_expired', 'session', periods.sessionWeeks],
    ['token_expired', 'api_token', periods.sessionWeeks],
    ['notification_old', 'notification', periods.notificationWeeks],
    ['mail_old', 'outbox_mail', periods.notificationWeeks],
  ] as const;
  for (const [rule, what, weeks] of simple) {
    const rows = await simplePastTerm(tx, what, asOf, weeks);
    await deleteSimple(
      tx,
      what,
      rows.map((r) => r.id),
    );
    for (const row of rows) {
      const item = itemOf(rule, what, row);
      await record(item);
      result.deleted.push(item);
    }
  }

  result.files = files.size;
  return { result, files };
}

/** Thrown to roll a dry run back; carries what it found. */
class DryRun extends Error {
  constructor(readonly applied: Applied) {
    super('dry run');
  }
}

export interface RunOptions {
  asOf: string;
  dryRun: boolean;
}

/**
 * One organisation's run in its own transaction (as the program's role, inside the
 * organisation), then the files. Answers undefined when another server runs it at this moment.
 */
export async function runRetentionFor(
  db: Db,
  store: EvidenceStore,
  organisationId: string,
  options: RunOptions,
): Promise<RetentionResult | undefined> {
  let applied: Applied | undefined;
  try {
    applied = await db.transaction().execute(async (tx) => {
      await enterOrganisation(tx, organisationId);
      if (!(await lockOrganisationRun(tx, organisationId))) return undefined;
      const done = await applyRetention(tx, organisationId, options.asOf, options.dryRun);
      if (options.dryRun) throw new DryRun(done);
      return done;
    });
  } catch (error) {
    if (error instanceof DryRun) return error.applied.result;
    throw error;
  }
  if (!applied) return undefined;
  // After the commit: a file goes when no evidence or letter (of any organisation) names it any more.
  for (const sha256 of applied.files) {
    if (await withOrganisation(db, organisationId, (tx) => fileInUse(tx, sha256))) continue;
    await store.delete(sha256);
  }
  return applied.result;
}

/** Every organisation (or one), one after the other. */
export async function runRetention(
  db: Db,
  store: EvidenceStore,
  options: RunOptions & { organisationId?: string },
): Promise<RetentionResult[]> {
  const ids = options.organisationId ? [options.organisationId] : await withoutOrganisation(db, (tx) => organisationIds(tx));
  const results: RetentionResult[] = [];
  for (const id of ids) {
    const result = await runRetentionFor(db, store, id, options);
    if (result) results.push(result);
  }
  return results;
}

/**
 * What the next run at the date would do, inside a page's transaction: the run in a savepoint,
 * rolled back, with the audit rows it buffered taken back too.
 */
export async function previewRetention(tx: Tx, organisationId: string, asOf: string): Promise<RetentionResult> {
  const mark = auditMark(tx);
  await sql`SAVEPOINT retention_preview`.execute(tx);
  try {
    return (await applyRetention(tx, organisationId, asOf, true)).result;
  } finally {
    await sql`ROLLBACK TO SAVEPOINT retention_preview`.execute(tx);
    discardAuditSince(tx, mark);
  }
}
