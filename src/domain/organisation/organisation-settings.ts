import type { Tx } from '../../db/database.js';
import { audit, type Actor } from '../audit/audit.js';
import { updateOrganisationSettings } from './organisation.repository.js';

export interface OrganisationSettings {
  /** Whether plain employees also need a second factor. */
  mfaForEmployees: boolean;
  /** Counts from 1 below this are not shown in anything that leaves the handlers (3 to 10). */
  suppressionThreshold: number;
}

/** Changes the organisation's own settings (the caller's organisation, by row-level security). */
export async function changeOrganisationSettings(
  tx: Tx,
  actor: Actor & { organisationId: string },
  settings: OrganisationSettings,
): Promise<void> {
  await updateOrganisationSettings(tx, settings);
  await audit(tx, actor, { action: 'organisation.settings', objectType: 'organisation', objectId: actor.organisationId });
}
