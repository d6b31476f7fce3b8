import { withOrganisation, type Db, type Tx } from '../../db/database.js';
import { isUuid } from '../../validation.js';
import { AppError, notFound } from '../../errors.js';
import { parse } from '../../validation.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { visibleIncident } from '../incident/incident-queries.js';
import { addEvent } from '../incident/incident.repository.js';
import { actorOf, mergedAway, namedPerpetrator } from './perpetrator-access.js';
import { requirePerpetratorAbility } from './perpetrator.policy.js';
import { deleteLink, insertLink } from './perpetrator.repository.js';
import { linkSchema } from './perpetrator.schema.js';

/**
 * Links an incident the person can see to a record, inside the caller's transaction. The
 * record is share-locked so it cannot be merged away meanwhile. Linking twice changes
 * nothing; returns whether a link was made.
 */
export async function linkInTransaction(tx: Tx, who: SignedIn, incidentId: string, perpetratorId: string): Promise<boolean> {
  const { incident } = await visibleIncident(tx, who, incidentId);
  // A draft is the reporter's alone until sent; linking it would show it to the register's readers.
  if (incident.status === 'draft') throw new AppError(409, 'incident_is_draft', 'error.perpetrator_link_draft');
  const perpetrator = await namedPerpetrator(tx, perpetratorId, 'perpetratorId', 'share');
  if (perpetrator.mergedInto) throw mergedAway('perpetratorId');
  const linked = await insertLink(tx, who.organisation.id, incidentId, perpetratorId, who.user.id);
  if (!linked) return false;
  // The timeline names no perpetrator: everyone who sees the incident reads it.
  await addEvent(tx, who.organisation.id, incidentId, who.user.id, 'perpetrator_linked', { perpetratorId });
  await audit(tx, actorOf(who), { action: 'perpetrator.link', objectType: 'incident_perpetrator', objectId: `${incidentId}:${perpetratorId}` });
  return true;
}

/** Links an incident to a record: needs perpetrator.manage and sight of the incident. */
export function linkPerpetrator(db: Db, who: SignedIn, incidentId: string, input: unknown): Promise<boolean> {
  requirePerpetratorAbility(who, 'perpetrator.manage');
  const { perpetratorId } = parse(linkSchema, input);
  return withOrganisation(db, who.organisation.id, (tx) => linkInTransaction(tx, who, incidentId, perpetratorId));
}

/** Removes a link made in error; the timeline and the audit trail keep that it was there. */
export function unlinkPerpetrator(db: Db, who: SignedIn, incidentId: string, perpetratorId: string): Promise<void> {
  requirePerpetratorAbility(who, 'perpetrator.manage');
  return withOrganisation(db, who.organisation.id, async (tx) => {
    await visibleIncident(tx, who, incidentId);
    if (!isUuid(perpetratorId) || !(await deleteLink(tx, incidentId, perpetratorId))) throw notFound();
    await addEvent(tx, who.organisation.id, incidentId, who.user.id, 'perpetrator_unlinked', { perpetratorId });
    await audit(tx, actorOf(who), { action: 'perpetrator.unlink', objectType: 'incident_perpetrator', objectId: `${incidentId}:${perpetratorId}` });
  });
}
