import type { Tx } from '../../db/database.js';
import { conflict, invalidField, notFound } from '../../errors.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import type { RoutingPerson } from '../routing/routing.js';
import { routingPeople } from '../routing/routing.repository.js';
import { mayReportFor } from './incident.policy.js';
import {
  addEvent,
  assignIncidentNumber,
  accessOf,
  grantAccess,
  insertAffected,
  insertIncident,
  insertOnlineMessages,
  lockIncident,
  updateIncidentStatus,
} from './incident.repository.js';
import type { NewIncident } from './incident.schema.js';

export const notADraft = () => conflict('not_a_draft', 'error.not_a_draft');

/** What the protocol needs to know of a report once it is written. */
export interface RecordedReport {
  id: string;
  occurredAt: Date;
  draft: boolean;
  /** Who it affects and everyone with roles, when the report read them already (for routing). */
  people?: { affected: string[]; everyone: RoutingPerson[] };
}

/**
 * Writes a report: the incident, who it affects, the reporter's access, the online
 * messages and its first event (`finishReport` adds number and audit line). Informing anyone is the protocol's part
 * (protocol/incident-reported.ts), so this stays the incident's own business.
 */
export async function recordReport(tx: Tx, who: SignedIn, data: NewIncident): Promise<RecordedReport> {
  const organisationId = who.organisation.id;
  const everyone = await routingPeople(tx);
  const known = new Map(everyone.map((p) => [p.id, p]));
  const onBehalfOf = data.onBehalfOf && data.onBehalfOf !== who.user.id ? data.onBehalfOf : null;
  if (onBehalfOf) {
    const person = known.get(onBehalfOf);
    if (!person?.active) throw invalidField('onBehalfOf', 'error.user_unknown');
    if (!mayReportFor(who, person)) throw invalidField('onBehalfOf', 'error.not_on_behalf');
  }
  const affected = [...new Set(data.affectedUserIds ?? [onBehalfOf ?? who.user.id])];
  if (affected.length === 0 || affected.some((id) => !known.get(id)?.active)) throw invalidField('affectedUserIds', 'error.user_unknown');

  const id = await insertIncident(tx, {
    organisationId,
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
    reportedAt: data.draft ? null : new Date(),
  });
  await insertAffected(tx, organisationId, id, affected);
  await grantAccess(tx, organisationId, id, data.occurredAt, new Map([[who.user.id, 'reporter' as const]]), who.user.id);
  await insertOnlineMessages(
    tx,
    organisationId,
    id,
    who.user.id,
    (data.online?.urls ?? []).map((url) => ({ sentAt: data.occurredAt, account: data.online?.account ?? null, url, content: null })),
  );
  await addEvent(tx, organisationId, id, who.user.id, data.draft ? 'draft_saved' : 'reported', onBehalfOf ? { onBehalfOf } : {});
  return { id, occurredAt: data.occurredAt, draft: data.draft, people: { affected, everyone } };
}

/** A draft becomes a report (the reporter's step); informing is the protocol's part. */
export async function markDraftReported(tx: Tx, who: SignedIn, incidentId: string): Promise<RecordedReport> {
  const access = await accessOf(tx, incidentId, who.user.id);
  const incident = await lockIncident(tx, incidentId);
  if (!incident || access !== 'reporter') throw notFound();
  if (incident.status !== 'draft') throw notADraft();
  await updateIncidentStatus(tx, incidentId, { status: 'reported', reportedAt: new Date() });
  await addEvent(tx, who.organisation.id, incidentId, who.user.id, 'reported');
  return { id: incidentId, occurredAt: incident.occurredAt, draft: false };
}

/**
 * The report's last writes: its running number (see insertIncident) and the audit line.
 * Both lock something shared until commit (the organisation's counter row; the audit
 * chain's lock, for everyone), so they come after routing and notifications.
 */
export async function finishReport(
  tx: Tx,
  who: SignedIn,
  report: RecordedReport,
  action: 'incident.create' | 'incident.submit',
): Promise<void> {
  // A draft has no number: it gets one when it is reported, here, in the same transaction,
  // so a draft or a request that fails uses none (docs/decisions/0004).
  if (!report.draft) await assignIncidentNumber(tx, who.organisation.id, report.id);
  await audit(
    tx,
    { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp },
    { action, objectType: 'incident', objectId: report.id },
  );
}
