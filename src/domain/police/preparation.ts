import type { Tx } from '../../db/database.js';
import { notFound } from '../../errors.js';
import { requireOne } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { casePolicy } from '../case/case.policy.js';
import { incidentReference, type Incident } from '../incident/incident.js';
import { findIncident, onlineMessages } from '../incident/incident.repository.js';

/**
 * The 7 W's of the police information form (who, what, where, with what, how, when, why),
 * filled from the incident, so the authorised representative can file the report at once
 * (PRODUCT.md §4). For the case handlers only; every preparation is audited.
 */
export interface Preparation {
  reference: string;
  incident: Incident;
  urls: string[];
}

export async function preparePoliceReport(tx: Tx, who: SignedIn, incidentId: string): Promise<Preparation> {
  await requireOne(tx, who, casePolicy, 'police.prepare', incidentId);
  const incident = await findIncident(tx, incidentId);
  if (!incident) throw notFound();
  const urls = (await onlineMessages(tx, incidentId)).map((m) => m.url).filter((u): u is string => u !== null);
  await audit(
    tx,
    { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp },
    { action: 'police.prepare', objectType: 'incident', objectId: incidentId },
  );
  return { reference: incidentReference(incident), incident, urls };
}
