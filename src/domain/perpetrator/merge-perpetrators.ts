import { withOrganisation, type Db } from '../../db/database.js';
import { isUuid } from '../../validation.js';
import { AppError, notFound } from '../../errors.js';
import { parse } from '../../validation.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { addEvent } from '../incident/incident.repository.js';
import type { Perpetrator } from './perpetrator.js';
import { actorOf, existingPerpetrator, mergedAway, namedPerpetrator } from './perpetrator-access.js';
import { requirePerpetratorAbility } from './perpetrator.policy.js';
import { incidentIdsOf, moveHistory, updatePerpetrator } from './perpetrator.repository.js';
import { mergeSchema, type PerpetratorData } from './perpetrator.schema.js';

function union(...lists: readonly string[][]): string[] {
  return [...new Set(lists.flat())];
}

/**
 * The kept record after a merge: its own fields, plus the duplicate's name, aliases and
 * identifiers, so either spelling, address, number or account finds it. Date of birth,
 * address and notes are taken over only where the kept record has none; the duplicate keeps
 * its own record (marked merged) for anything that differs.
 */
export function combine(kept: Perpetrator, duplicate: Perpetrator): PerpetratorData {
  const name = kept.name.toLowerCase();
  const aliases = union(kept.aliases, [duplicate.name], duplicate.aliases).filter((a) => a.toLowerCase() !== name);
  return {
    kind: kept.kind,
    name: kept.name,
    aliases: aliases.filter((a, i) => aliases.findIndex((b) => b.toLowerCase() === a.toLowerCase()) === i),
    dateOfBirth: kept.dateOfBirth ?? duplicate.dateOfBirth,
    address: kept.address ?? duplicate.address,
    emails: union(kept.emails, duplicate.emails),
    phones: union(kept.phones, duplicate.phones),
    socialAccounts: union(kept.socialAccounts, duplicate.socialAccounts),
    notes: kept.notes ?? duplicate.notes,
  };
}

/**
 * Merges a duplicate into the kept record, keeping both histories: the duplicate's incident
 * links and measures move to the kept record, its names and identifiers join it, and it
 * stays as a record marked merged_into. Every incident of the two gets a timeline entry; the
 * audit trail records the merge on both records.
 */
export function mergePerpetrators(db: Db, who: SignedIn, id: string, input: unknown): Promise<void> {
  requirePerpetratorAbility(who, 'perpetrator.manage');
  if (!isUuid(id)) throw notFound();
  const keptId = id.toLowerCase();
  const duplicateId = parse(mergeSchema, input).duplicateId.toLowerCase();
  if (duplicateId === keptId) {
    throw new AppError(400, 'validation_failed', 'error.perpetrator_merge_same', { duplicateId: 'error.perpetrator_merge_same' });
  }
  return withOrganisation(db, who.organisation.id, async (tx) => {
    // The record in the path must exist before anything is said about the other one.
    await existingPerpetrator(tx, keptId);
    // Lock both in one order, so two merges of the same pair cannot deadlock.
    const locked = new Map<string, Perpetrator>();
    for (const id of [keptId, duplicateId].sort()) {
      locked.set(id, id === keptId ? await existingPerpetrator(tx, id, 'update') : await namedPerpetrator(tx, id, 'duplicateId', 'update'));
    }
    const kept = locked.get(keptId)!;
    const duplicate = locked.get(duplicateId)!;
    if (kept.mergedInto) throw mergedAway();
    if (duplicate.mergedInto) throw mergedAway('duplicateId');

    await updatePerpetrator(tx, keptId, combine(kept, duplicate));
    await moveHistory(tx, duplicateId, keptId);
    for (const incidentId of await incidentIdsOf(tx, keptId)) {
      await addEvent(tx, who.organisation.id, incidentId, who.user.id, 'perpetrator_merged', { perpetratorId: keptId, mergedId: duplicateId });
    }
    await audit(tx, actorOf(who), { action: 'perpetrator.merge', objectType: 'perpetrator', objectId: keptId });
    await audit(tx, actorOf(who), { action: 'perpetrator.merged_into', objectType: 'perpetrator', objectId: duplicateId });
  });
}
