import type { Tx } from '../../db/database.js';
import { invalidField } from '../../errors.js';
import { allowedSubset, requireRole } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { incidentPolicy } from '../incident/incident.policy.js';
import { linkInTransaction } from './link-perpetrator.js';
import { actorOf, existingPerpetrator, mergedAway } from './perpetrator-access.js';
import { perpetratorPolicy } from './perpetrator.policy.js';
import { insertPerpetrator, updatePerpetrator as updateRow } from './perpetrator.repository.js';
import type { NewPerpetratorData, PerpetratorData } from './perpetrator.schema.js';

/**
 * Registers a perpetrator; with incidentId, links the incident at once (the person must see
 * it). One transaction: a record is never left half-made.
 */
export async function createPerpetrator(tx: Tx, who: SignedIn, { incidentId, ...data }: NewPerpetratorData): Promise<string> {
  requireRole(perpetratorPolicy, who, 'perpetrator.manage');
  // An incident the person cannot see is, to them, one that does not exist: a mistake in the field.
  if (incidentId && !(await allowedSubset(tx, who, incidentPolicy, 'view', [incidentId])).has(incidentId)) {
    throw invalidField('incidentId', 'error.perpetrator_incident_unknown');
  }
  const id = await insertPerpetrator(tx, who.organisation.id, data, who.user.id);
  await audit(tx, actorOf(who), { action: 'perpetrator.create', objectType: 'perpetrator', objectId: id });
  if (incidentId) await linkInTransaction(tx, who, incidentId, id);
  return id;
}

/** Replaces a record's fields (PUT). A record merged into another is not changed any more. */
export async function updatePerpetrator(tx: Tx, who: SignedIn, id: string, data: PerpetratorData): Promise<void> {
  requireRole(perpetratorPolicy, who, 'perpetrator.manage');
  const current = await existingPerpetrator(tx, id, 'update');
  if (current.mergedInto) throw mergedAway();
  await updateRow(tx, id, data);
  await audit(tx, actorOf(who), { action: 'perpetrator.update', objectType: 'perpetrator', objectId: id });
}
