import type { Tx } from '../../db/database.js';
import { addHours } from '../deadline/calendar.js';
import { amsterdamInstant } from '../../time/amsterdam.js';
import { insertDeadlines } from '../deadline/deadline.repository.js';
import { routingPeople } from '../routing/routing.repository.js';
import { hasDeadline, routedHandlers } from './measure.repository.js';

/** Public guidance (Veilige Publieke Taak): the perpetrator hears from us within 24 hours. */
export const PERPETRATOR_RESPONSE_HOURS = 24;

/** The organisation's active security advisers, who watch the response to every perpetrator. */
async function securityAdvisers(tx: Tx): Promise<string[]> {
  return (await routingPeople(tx)).filter((p) => p.active && p.roles.includes('security_adviser')).map((p) => p.id);
}

/**
 * On report: a duty to respond to the perpetrator within 24 hours, owned by the active
 * security advisers, or where there are none by the incident's routed handlers. It closes
 * when a measure for the incident is first decided or carried out. Created once per incident.
 */
export async function planPerpetratorResponse(tx: Tx, organisationId: string, incidentId: string, now: Date): Promise<void> {
  if (await hasDeadline(tx, incidentId, 'perpetrator_response')) return;
  let owners = await securityAdvisers(tx);
  if (owners.length === 0) owners = await routedHandlers(tx, incidentId);
  if (owners.length === 0) return;
  await insertDeadlines(tx, [
    {
      organisationId,
      incidentId,
      kind: 'perpetrator_response',
      ownerIds: owners,
      dueAt: addHours(now, PERPETRATOR_RESPONSE_HOURS),
      createdAt: now,
    },
  ]);
}

/** Midnight at the start of a calendar day in Amsterdam (YYYY-MM-DD), whatever the season. */
export function amsterdamMidnight(date: string): Date {
  return amsterdamInstant(date, '00:00')!;
}

/** The calendar day after a date (YYYY-MM-DD). */
export function dayAfter(date: string): string {
  return new Date(new Date(`${date}T12:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10);
}

/**
 * A decided ban ends: a deadline at the moment it lapses (the end date is the last day it
 * holds), reminding the advisers and the deciding mayor before then — to extend it or let
 * the front desk know. Closed when the ban is recorded as ended.
 */
export async function planBanEnd(
  tx: Tx,
  organisationId: string,
  ban: { id: string; incidentId: string; endsOn: string },
  decidedBy: string,
  now: Date,
): Promise<void> {
  if (await hasDeadline(tx, ban.incidentId, 'ban_end', ban.id)) return;
  let owners = await securityAdvisers(tx);
  if (owners.length === 0) owners = await routedHandlers(tx, ban.incidentId);
  owners = [...new Set([...owners, decidedBy])];
  await insertDeadlines(tx, [
    {
      organisationId,
      incidentId: ban.incidentId,
      kind: 'ban_end',
      subjectId: ban.id,
      ownerIds: owners,
      dueAt: amsterdamMidnight(dayAfter(ban.endsOn)),
      createdAt: now,
    },
  ]);
}
