import type { Tx } from '../../db/database.js';
import { planAftercare } from '../aftercare/plan-aftercare.js';
import type { SignedIn } from '../auth/session.js';
import { openCaseDuties } from '../escalation/duties.js';
import { moveIncident } from '../incident/handle-incident.js';
import { finishReport, markDraftReported, recordReport } from '../incident/report-incident.js';
import type { NewIncident, TransitionInput } from '../incident/incident.schema.js';
import { planPerpetratorResponse } from '../measure/measure-deadlines.js';
import { routeIncident, type KnownPeople } from '../routing/route-incident.js';

/**
 * The protocol, read in one place: what follows when an incident is reported (PRODUCT.md §2 routing, §6 aftercare, §3 the perpetrator, §5 duties).
 * The incident module only records; this module brings in the rest, in this order:
 * 1. routing: the affected people and the chain get access and a notification;
 * 2. aftercare: the conversations with the affected people are planned;
 * 3. the perpetrator-response deadline;
 * 4. the case duties that follow from what happened (e.g. serious harm).
 * Everything runs in the caller's transaction: a report and all that follows commit together.
 */
export async function incidentReported(tx: Tx, who: SignedIn, incidentId: string, occurredAt: Date, known?: KnownPeople): Promise<void> {
  const now = new Date();
  await routeIncident(tx, who, incidentId, occurredAt, known);
  await planAftercare(tx, who.organisation.id, incidentId, occurredAt, now);
  await planPerpetratorResponse(tx, who.organisation.id, incidentId, now);
  await openCaseDuties(tx, who.organisation.id, incidentId, now);
}

/** A new report (the form, the API, the consult path); a draft informs nobody yet. */
export async function reportIncident(tx: Tx, who: SignedIn, data: NewIncident): Promise<string> {
  const report = await recordReport(tx, who, data);
  if (!report.draft) await incidentReported(tx, who, report.id, report.occurredAt, report.people);
  await finishReport(tx, who, report, 'incident.create');
  return report.id;
}

/** Sends a draft on: it becomes a report, and the protocol follows. */
export async function submitDraft(tx: Tx, who: SignedIn, incidentId: string): Promise<void> {
  const report = await markDraftReported(tx, who, incidentId);
  await incidentReported(tx, who, report.id, report.occurredAt);
  await finishReport(tx, who, report, 'incident.submit');
}

/** A change of state: sending a draft is the report itself; the others are the handlers' moves. */
export async function changeStatus(
  tx: Tx,
  who: SignedIn,
  id: string,
  input: { transition: TransitionInput['transition']; reason?: string | undefined },
): Promise<void> {
  if (input.transition === 'submit') return submitDraft(tx, who, id);
  return moveIncident(tx, who, id, input.transition, input.reason);
}
