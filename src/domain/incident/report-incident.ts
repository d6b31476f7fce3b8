import { withOrganisation, type Db, type Tx } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import { parse } from '../../validation.js';
import { audit } from '../audit/audit.js';
import { planAftercare } from '../aftercare/plan-aftercare.js';
import { planPerpetratorResponse } from '../measure/measure-deadlines.js';
import { openCaseDuties } from '../escalation/duties.js';
import type { SignedIn } from '../auth/session.js';
import { notify } from '../notification/notify.js';
import { resolveRecipients } from '../routing/routing.js';
import { loadRouting, routingPeople } from '../routing/routing.repository.js';
import { ON_BEHALF_ROLES } from './incident.policy.js';
import { accessOf, addEvent, grantAccess, insertAffected, insertIncident, nextNumber } from './incident.repository.js';
import { newIncidentSchema, type NewIncident, type NewIncidentInput } from './incident.schema.js';

const fieldError = (field: string, key: string) => new AppError(400, 'validation_failed', key, { [field]: key });

/**
 * Registers a report in one transaction: the incident, who it affects, the online messages,
 * and — unless it is a draft — routing: access for everyone the chain informs, with their
 * notifications in the outbox.
 */
export async function reportIncident(db: Db, who: SignedIn, input: NewIncidentInput): Promise<string> {
  const data = parse(newIncidentSchema, input);
  const number = await takeIncidentNumber(db, who.organisation.id);
  return withOrganisation(db, who.organisation.id, (tx) => reportInTransaction(tx, who, data, number));
}

/**
 * The organisation's next incident number, in a transaction of its own: the counter row is
 * locked only for that moment, so simultaneous reports do not queue behind each other's
 * routing and notifications (measured in bench/results.md). A report that fails after this
 * leaves a gap in the numbering, which is harmless.
 */
export function takeIncidentNumber(db: Db, organisationId: string): Promise<number> {
  return withOrganisation(db, organisationId, (tx) => nextNumber(tx, organisationId, 'incident'));
}

/** The report itself, inside a caller's transaction (also used by the consult path). */
export async function reportInTransaction(tx: Tx, who: SignedIn, data: NewIncident, number: number): Promise<string> {
  const organisationId = who.organisation.id;
  const everyone = await routingPeople(tx);
  const known = new Map(everyone.map((p) => [p.id, p]));
  if (data.onBehalfOf && data.onBehalfOf !== who.user.id) {
    const person = known.get(data.onBehalfOf);
    if (!person?.active) throw fieldError('onBehalfOf', 'error.user_unknown');
    const mayReportFor = who.user.roles.some((r) => (ON_BEHALF_ROLES as readonly string[]).includes(r)) || person.managerId === who.user.id;
    if (!mayReportFor) throw fieldError('onBehalfOf', 'error.not_on_behalf');
  }
  const onBehalfOf = data.onBehalfOf && data.onBehalfOf !== who.user.id ? data.onBehalfOf : null;
  const affected = [...new Set(data.affectedUserIds ?? [onBehalfOf ?? who.user.id])];
  if (affected.length === 0 || affected.some((id) => !known.get(id)?.active)) throw fieldError('affectedUserIds', 'error.user_unknown');

  const now = new Date();
  const id = await insertIncident(tx, {
    organisationId,
    number,
    status: data.draft ? 'draft' : 'reported',
    level: data.level,
    channel: data.channel,
    behaviours: data.behaviours,
    occurredAt: data.occurredAt,
    occurredUntil: data.occurredUntil ?? null,
    place: data.place ?? null,
    description: data.description,
    targets: data.targets,
    perpetratorKind: data.perpetrator?.kind ?? null,
    perpetratorName: data.perpetrator?.name ?? null,
    perpetratorDetails: data.perpetrator?.details ?? null,
    witnesses: data.witnesses ?? null,
    injuryPhysical: data.injury?.physical ?? false,
    injuryMental: data.injury?.mental ?? false,
    injuryHospital: data.injury?.hospital ?? false,
    injuryLastingHarm: data.injury?.lastingHarm ?? false,
    injuryDeath: data.injury?.death ?? false,
    damage: data.damage ?? null,
    onlinePlatform: data.online?.platform ?? null,
    onlineAccount: data.online?.account ?? null,
    onlineNormStated: data.online?.normStated ?? null,
    onlinePlatformNotified: data.online?.platformNotified ?? null,
    reporterId: who.user.id,
    onBehalfOfId: onBehalfOf,
    reportedAt: data.draft ? null : now,
  });
  await insertAffected(tx, organisationId, id, affected);
  await grantAccess(tx, organisationId, id, data.occurredAt, new Map([[who.user.id, 'reporter' as const]]), who.user.id);
  if (data.online?.urls.length) {
    await tx
      .insertInto('onlineMessage')
      .values(data.online.urls.map((url) => ({ organisationId, incidentId: id, sentAt: data.occurredAt, account: data.online?.account ?? null, url, content: null, addedBy: who.user.id })))
      .execute();
  }
  await addEvent(tx, organisationId, id, who.user.id, data.draft ? 'draft_saved' : 'reported', onBehalfOf ? { onBehalfOf } : {});
  if (!data.draft) await route(tx, who, id, data.occurredAt);
  await audit(tx, { organisationId, userId: who.user.id, originIp: who.originIp }, { action: 'incident.create', objectType: 'incident', objectId: id });
  return id;
}

/** Informs the affected people and the chain; each person newly given access is notified once. */
export async function route(tx: Tx, who: SignedIn, incidentId: string, occurredAt: Date): Promise<void> {
  const organisationId = who.organisation.id;
  const affectedIds = (await tx.selectFrom('incidentAffected').select('userId').where('incidentId', '=', incidentId).execute()).map((r) => r.userId);
  const everyone = await routingPeople(tx);
  const byId = new Map(everyone.map((p) => [p.id, p]));
  const newlyAffected = await grantAccess(tx, organisationId, incidentId, occurredAt, new Map(affectedIds.map((id) => [id, 'affected' as const])), who.user.id);
  await notify(tx, organisationId, newlyAffected.filter((id) => id !== who.user.id), 'incident_reported_for_you', { incidentId });

  const recipients = resolveRecipients(await loadRouting(tx), affectedIds.map((id) => byId.get(id)!).filter(Boolean), everyone);
  const informed = await grantAccess(tx, organisationId, incidentId, occurredAt, recipients, null);
  await notify(tx, organisationId, informed.filter((id) => id !== who.user.id), 'incident_routed', { incidentId });
  await addEvent(tx, organisationId, incidentId, null, 'routed', { informed: [...recipients.keys()] });
  await planAftercare(tx, organisationId, incidentId, occurredAt, new Date());
  await planPerpetratorResponse(tx, organisationId, incidentId, new Date());
  await openCaseDuties(tx, organisationId, incidentId, new Date());
}

/** Sends a draft on: it becomes a report and is routed. */
export function submitDraft(db: Db, who: SignedIn, incidentId: string): Promise<void> {
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const access = await accessOf(tx, incidentId, who.user.id);
    const incident = await tx.selectFrom('incident').select(['status', 'occurredAt']).where('id', '=', incidentId).forUpdate().executeTakeFirst();
    if (!incident || access !== 'reporter') throw notFound();
    if (incident.status !== 'draft') throw new AppError(409, 'not_a_draft', 'error.not_a_draft');
    await tx.updateTable('incident').set({ status: 'reported', reportedAt: new Date(), updatedAt: new Date() }).where('id', '=', incidentId).execute();
    await addEvent(tx, who.organisation.id, incidentId, who.user.id, 'reported');
    await route(tx, who, incidentId, incident.occurredAt);
    await audit(tx, { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp }, { action: 'incident.submit', objectType: 'incident', objectId: incidentId });
  });
}
