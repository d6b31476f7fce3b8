import type { Tx } from '../../db/database.js';
import type { SignedIn } from '../auth/session.js';
import { addEvent, affectedIds, grantAccess } from '../incident/incident.repository.js';
import { notify } from '../notification/notify.js';
import { resolveRecipients, type RoutingPerson } from './routing.js';
import { loadRouting, routingPeople } from './routing.repository.js';

/** What the report already read, so that routing need not read it again. */
export interface KnownPeople {
  affected: readonly string[];
  everyone: readonly RoutingPerson[];
}

/**
 * Informs the affected people and the chain the organisation's routing names: each gets
 * access, and each person newly given access is notified once (never the reporter).
 */
export async function routeIncident(tx: Tx, who: SignedIn, incidentId: string, occurredAt: Date, known?: KnownPeople): Promise<void> {
  const organisationId = who.organisation.id;
  const affected = known?.affected ?? (await affectedIds(tx, incidentId));
  const everyone = known?.everyone ?? (await routingPeople(tx));
  const routing = await loadRouting(tx);
  const byId = new Map(everyone.map((p) => [p.id, p]));
  const newlyAffected = await grantAccess(
    tx,
    organisationId,
    incidentId,
    occurredAt,
    new Map(affected.map((id) => [id, 'affected' as const])),
    who.user.id,
  );
  await notify(
    tx,
    organisationId,
    newlyAffected.filter((id) => id !== who.user.id),
    'incident_reported_for_you',
    { incidentId, actorId: who.user.id },
  );

  const recipients = resolveRecipients(
    routing,
    affected.map((id) => byId.get(id)).filter((p) => p !== undefined),
    everyone,
  );
  const informed = await grantAccess(tx, organisationId, incidentId, occurredAt, recipients, null);
  await notify(
    tx,
    organisationId,
    informed.filter((id) => id !== who.user.id),
    'incident_routed',
    { incidentId, actorId: who.user.id },
  );
  await addEvent(tx, organisationId, incidentId, null, 'routed', { informed: [...recipients.keys()] });
}
