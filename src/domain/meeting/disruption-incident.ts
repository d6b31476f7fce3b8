import { z } from 'zod';
import type { Tx } from '../../db/database.js';
import { amsterdamParts } from '../../time/amsterdam.js';
import { requiredText } from '../../validation.js';
import type { SignedIn } from '../auth/session.js';
import { canCase } from '../case/case.policy.js';
import type { EvidenceStore } from '../evidence/evidence-store.js';
import { uploadEvidence } from '../evidence/upload-evidence.js';
import { addEvent } from '../incident/incident.repository.js';
import { newIncidentSchema } from '../incident/incident.schema.js';
import { LEVELS } from '../incident/norm.js';
import { linkInTransaction } from '../perpetrator/link-perpetrator.js';
import { reportIncident } from '../protocol/incident-reported.js';
import { disruptionLogPdf, LOG_TEXTS } from './disruption-document.js';
import type { LogLine } from './disruption-log.js';
import { alreadyReported, getDisruption, recordDecision, type DisruptionRead } from './meeting-log.js';
import { linkIncident, lockDisruption, perpetratorName } from './meeting.repository.js';

/** The yes to a police report (who decided) and how serious it was; the rest comes from the log. */
export const disruptionIncidentSchema = z.object({
  decidedBy: requiredText(500, 'error.decided_by_required').optional(),
  level: z.enum(LEVELS, { error: 'error.level_required' }).default('verbal_aggression'),
  note: z.string().trim().max(2000, 'error.text_too_long').optional(),
});
export type DisruptionIncidentInput = z.output<typeof disruptionIncidentSchema>;

const time = (at: Date) => amsterdamParts(at).time;

/** The 7 W's as far as the log knows them: who, what, where, when, how, the consequences, the decision. */
export function describeDisruption(read: DisruptionRead, decidedBy: string): string {
  const { meeting, disruption, log } = read;
  const happened = (l: LogLine) =>
    `${time(l.at)} ${LOG_TEXTS[l.kind as keyof typeof LOG_TEXTS]}${l.orderNumber ? ` (${l.orderNumber})` : ''}${l.note ? ` — ${l.note}` : ''}`;
  return [
    `Ordeverstoring tijdens ${meeting.title} op ${meeting.date} (voorzitter: ${meeting.chair}).`,
    `Wie: ${disruption.description}`,
    `Wat: ${log.orders} ${log.orders === 1 ? 'vordering' : 'vorderingen'} om de zaal te verlaten.${log.offence ? ' Na de derde vordering is weigeren lokaalvredebreuk (art. 139 Sr).' : ''}${log.ordersBeyondOffence ? ` Daarna nog ${log.ordersBeyondOffence} vordering(en).` : ''}`,
    `Waar: ${meeting.title}.`,
    `Wanneer: ${meeting.date}${log.standing.length ? `, ${time(log.standing[0]!.at)}–${time(log.standing[log.standing.length - 1]!.at)}` : ''}.`,
    'Hoe: tijdens een vergadering.',
    `Verloop: ${log.standing.map(happened).join('; ') || 'geen stappen gelogd'}.`,
    `Besluit aangifte: ja — ${decidedBy}.`,
  ].join('\n');
}

/**
 * The decision is yes: the log becomes an incident, reported like any other (routing,
 * notifications, aftercare, deadlines: the protocol's reportIncident), with the log as its
 * timeline and as a PDF among its evidence. One incident per disruption; all in one transaction.
 */
export async function reportDisruption(
  tx: Tx,
  store: EvidenceStore,
  who: SignedIn,
  disruptionId: string,
  input: DisruptionIncidentInput,
): Promise<string> {
  const read = await getDisruption(tx, who, disruptionId);
  await lockDisruption(tx, disruptionId);
  if (read.disruption.incidentId) throw alreadyReported();
  const decidedBy = input.decidedBy ?? `${read.meeting.chair} (voorzitter), ${who.user.name}`;
  await recordDecision(tx, who, disruptionId, { report: true, decidedBy, note: input.note });
  const first = read.log.standing[0]?.at ?? read.disruption.createdAt;
  const last = read.log.standing[read.log.standing.length - 1]?.at;
  const perpetrator = read.disruption.perpetratorId ? await perpetratorName(tx, read.disruption.perpetratorId) : undefined;
  const data = newIncidentSchema.parse({
    occurredAt: first.toISOString(),
    ...(last && last > first ? { occurredUntil: last.toISOString() } : {}),
    channel: 'meeting',
    level: input.level,
    description: describeDisruption(read, decidedBy),
    place: read.meeting.title,
    perpetrator: { kind: 'person', details: read.disruption.description, ...(perpetrator ? { name: perpetrator.name } : {}) },
    witnesses: `Aanwezigen bij ${read.meeting.title}; voorzitter ${read.meeting.chair}`,
  });
  const incidentId = await reportIncident(tx, who, data);
  await linkIncident(tx, who.organisation.id, disruptionId, incidentId);
  for (const line of read.log.standing) {
    await addEvent(tx, who.organisation.id, incidentId, line.loggedBy.id, 'disruption_logged', {
      entry: line.kind,
      at: line.at.toISOString(),
      ...(line.orderNumber ? { orderNumber: line.orderNumber } : {}),
    });
  }
  const pdf = await disruptionLogPdf(read, decidedBy);
  await uploadEvidence(tx, store, who, incidentId, { fileName: `ordeverstoring-${read.meeting.date}.pdf`, bytes: pdf });
  // Linking to the register is for those who keep it; for the others the name is in the report.
  if (read.disruption.perpetratorId && canCase(who.user.roles, 'perpetrator.manage')) {
    await linkInTransaction(tx, who, incidentId, read.disruption.perpetratorId);
  }
  return incidentId;
}
