import type { Tx } from '../../db/database.js';
import { isUuid } from '../../validation.js';
import { AppError, notFound } from '../../errors.js';
import type { Actor } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import type { Perpetrator } from './perpetrator.js';
import { findPerpetrator } from './perpetrator.repository.js';


export function actorOf(who: SignedIn): Actor {
  return { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp };
}

/** The record behind a path id; 404 for anything that is not one of the organisation's. */
export async function existingPerpetrator(tx: Tx, id: string, lock?: 'update' | 'share'): Promise<Perpetrator> {
  if (!isUuid(id)) throw notFound();
  const perpetrator = await findPerpetrator(tx, id, lock);
  if (!perpetrator) throw notFound();
  return perpetrator;
}

/** The record named in a request body; a wrong one is a mistake in that field (400), not a missing page. */
export async function namedPerpetrator(tx: Tx, id: string, field: string, lock?: 'update' | 'share'): Promise<Perpetrator> {
  const perpetrator = await findPerpetrator(tx, id, lock);
  if (!perpetrator) throw new AppError(400, 'validation_failed', 'error.perpetrator_unknown', { [field]: 'error.perpetrator_unknown' });
  return perpetrator;
}

/** A record merged into another takes no new links or changes: its history lives on there. */
export function mergedAway(field?: string): AppError {
  return new AppError(409, 'perpetrator_merged', 'error.perpetrator_merged', field ? { [field]: 'error.perpetrator_merged' } : {});
}
