import type { z } from 'zod';
import type { Tx } from '../../db/database.js';
import { notFound } from '../../errors.js';
import { requireOne, requireRole } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { incidentPolicy } from '../incident/incident.policy.js';
import { addEvent } from '../incident/incident.repository.js';
import { actorOf, incidentIsDraft, mergedAway, namedPerpetrator } from './perpetrator-access.js';
import { perpetratorPolicy } from './perpetrator.policy.js';
import { deleteLink, insertLink } from './perpetrator.repository.js';
import type { linkSchema } from './perpetrator.schema.js';

/**
 * Links an incident the person can see to a record (the caller checked perpetrator.manage).
 * The record is share-locked so it cannot be merged away meanwhile. Linking twice changes
 * nothing; returns whether a link was made.
 */
export async function linkInTransaction(tx: Tx, who: SignedIn, incidentId: string, perpetratorId: string): Promise<boolean> {
  const incident = await requireOne(tx, who, incidentPolicy, 'view', incidentId);
  if (incident.status === 'draft') throw incidentIsDraft();
  const perpetrator = await namedPerpetrator(tx, perpetratorId, 'perpetratorId', 'share');
  if (perpetrator.mergedInto) throw mergedAway('perpetratorId');
  const linked = await insertLink(tx, who.organisation.id, incidentId, perpetratorId, who.user.id);
  if (!linked) return false;
  // The timeline names no perpetrator: everyone who sees the incident reads it.
  await addEvent(tx, who.organisation.id, incidentId, who.user.id, 'perpetrator_linked', { perpetratorId });
  await audit(tx, actorOf(who), {
    action: 'perpetrator.link',
    objectType: 'incident_perpetrator',
    objectId: `${incidentId}:${perpetratorId}`,
  });
  return true;
}

/** Links an incident to a record: needs perpetrator.manage and sight of the incident. */
export function linkPerpetrator(
  tx: Tx,
  who: SignedIn,
  incidentId: string,
  { perpetratorId }: z.output<typeof linkSchema>,
): Promise<boolean> {
  requireRole(perpetratorPolicy, who, 'perpetrator.manage');
  return linkInTransaction(tx, who, incidentId, perpetratorId);
}

/** Removes a link made in error; the timeline and the audit trail keep that it was there. */
export async function unlinkPerpetrator(tx: Tx, who: SignedIn, incidentId: string, perpetratorId: string): Promise<void> {
  requireRole(perpetratorPolicy, who, 'perpetrator.manage');
  await requireOne(tx, who, incidentPolicy, 'view', incidentId);
  if (!(await deleteLink(tx, incidentId, perpetratorId))) throw notFound();
  await addEvent(tx, who.organisation.id, incidentId, who.user.id, 'perpetrator_unlinked', { perpetratorId });
  await audit(tx, actorOf(who), {
    action: 'perpetrator.unlink',
    objectType: 'incident_perpetrator',
    objectId: `${incidentId}:${perpetratorId}`,
  });
}
