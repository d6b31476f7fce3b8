import { withOrganisation, type Db } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { parse } from '../../validation.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { visibleIncident } from '../incident/incident-queries.js';
import { linkInTransaction } from './link-perpetrator.js';
import { actorOf, existingPerpetrator, mergedAway } from './perpetrator-access.js';
import { requirePerpetratorAbility } from './perpetrator.policy.js';
import { insertPerpetrator, updatePerpetrator as updateRow } from './perpetrator.repository.js';
import { newPerpetratorSchema, perpetratorSchema } from './perpetrator.schema.js';

/**
 * Registers a perpetrator; with incidentId, links the incident at once (the person must see
 * it). One transaction: a record is never left half-made.
 */
export function createPerpetrator(db: Db, who: SignedIn, input: unknown): Promise<string> {
  requirePerpetratorAbility(who, 'perpetrator.manage');
  const { incidentId, ...data } = parse(newPerpetratorSchema, input);
  return withOrganisation(db, who.organisation.id, async (tx) => {
    if (incidentId) {
      // An incident the person cannot see is, to them, one that does not exist.
      await visibleIncident(tx, who, incidentId).catch((error: unknown) => {
        if (error instanceof AppError && error.status === 404) {
          throw new AppError(400, 'validation_failed', 'error.perpetrator_incident_unknown', { incidentId: 'error.perpetrator_incident_unknown' });
        }
        throw error;
      });
    }
    const id = await insertPerpetrator(tx, who.organisation.id, data, who.user.id);
    await audit(tx, actorOf(who), { action: 'perpetrator.create', objectType: 'perpetrator', objectId: id });
    if (incidentId) await linkInTransaction(tx, who, incidentId, id);
    return id;
  });
}

/** Replaces a record's fields (PUT). A record merged into another is not changed any more. */
export function updatePerpetrator(db: Db, who: SignedIn, id: string, input: unknown): Promise<void> {
  requirePerpetratorAbility(who, 'perpetrator.manage');
  const data = parse(perpetratorSchema, input);
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const current = await existingPerpetrator(tx, id, 'update');
    if (current.mergedInto) throw mergedAway();
    await updateRow(tx, id, data);
    await audit(tx, actorOf(who), { action: 'perpetrator.update', objectType: 'perpetrator', objectId: id });
  });
}
