import type { z } from 'zod';
import type { Tx } from '../../db/database.js';
import { invalidField } from '../../errors.js';
import { requireRole } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { addEvent } from '../incident/incident.repository.js';
import type { Perpetrator } from './perpetrator.js';
import { actorOf, existingPerpetrator, mergedAway, namedPerpetrator } from './perpetrator-access.js';
import { perpetratorPolicy } from './perpetrator.policy.js';
import { incidentIdsOf, moveHistory, updatePerpetrator } from './perpetrator.repository.js';
import type { mergeSchema, PerpetratorData } from './perpetrator.schema.js';

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

/** A record is not merged into itself. */
const sameRecord = () => invalidField('duplicateId', 'error.perpetrator_merge_same');

/**
 * Merges a duplicate into the kept record, keeping both histories: the duplicate's incident
 * links and measures move to the kept record, its names and identifiers join it, and it
 * stays as a record marked merged_into. Every incident of the two gets a timeline entry; the
 * audit trail records the merge on both records.
 */
export async function mergePerpetrators(tx: Tx, who: SignedIn, id: string, input: z.output<typeof mergeSchema>): Promise<void> {
  requireRole(perpetratorPolicy, who, 'perpetrator.manage');
  const keptId = id.toLowerCase();
  const duplicateId = input.duplicateId.toLowerCase();
  if (duplicateId === keptId) throw sameRecord();
  // The record in the path must exist before anything is said about the other one.
  await existingPerpetrator(tx, keptId);
  // Lock both in one order, so two merges of the same pair cannot deadlock.
  const locked = new Map<string, Perpetrator>();
  for (const lockId of [keptId, duplicateId].sort()) {
    locked.set(
      lockId,
      lockId === keptId ? await existingPerpetrator(tx, lockId, 'update') : await namedPerpetrator(tx, lockId, 'duplicateId', 'update'),
    );
  }
  const kept = locked.get(keptId)!;
  const duplicate = locked.get(duplicateId)!;
  if (kept.mergedInto) throw mergedAway();
  if (duplicate.mergedInto) throw mergedAway('duplicateId');

  await updatePerpetrator(tx, keptId, combine(kept, duplicate));
  await moveHistory(tx, duplicateId, keptId);
  for (const incidentId of await incidentIdsOf(tx, keptId)) {
    await addEvent(tx, who.organisation.id, incidentId, who.user.id, 'perpetrator_merged', {
      perpetratorId: keptId,
      mergedId: duplicateId,
    });
  }
  await audit(tx, actorOf(who), { action: 'perpetrator.merge', objectType: 'perpetrator', objectId: keptId });
  await audit(tx, actorOf(who), { action: 'perpetrator.merged_into', objectType: 'perpetrator', objectId: duplicateId });
}
