import type { Tx } from '../../db/database.js';
import { conflict, invalidField, notFound } from '../../errors.js';
import type { Actor } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import type { Perpetrator } from './perpetrator.js';
import { findPerpetrator } from './perpetrator.repository.js';

/** The person as the audit trail records them, for the measure and perpetrator use cases. */
export function actorOf(who: SignedIn): Actor {
  return { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp };
}

/** The record behind a path id; 404 for anything that is not one of the organisation's. */
export async function existingPerpetrator(tx: Tx, id: string, lock?: 'update' | 'share'): Promise<Perpetrator> {
  const perpetrator = await findPerpetrator(tx, id, lock);
  if (!perpetrator) throw notFound();
  return perpetrator;
}

/** The record named in a request body; a wrong one is a mistake in that field (400), not a missing page. */
export async function namedPerpetrator(tx: Tx, id: string, field: string, lock?: 'update' | 'share'): Promise<Perpetrator> {
  const perpetrator = await findPerpetrator(tx, id, lock);
  if (!perpetrator) throw invalidField(field, 'error.perpetrator_unknown');
  return perpetrator;
}

/** A record merged into another takes no new links or changes: its history lives on there. */
export const mergedAway = (field?: string) => conflict('perpetrator_merged', 'error.perpetrator_merged', field);

/** A draft is the reporter's alone until sent; linking it would show it to the register's readers. */
export const incidentIsDraft = () => conflict('incident_is_draft', 'error.perpetrator_link_draft');
