import type { Tx } from '../../db/database.js';
import { addHours, addWorkingDays } from '../deadline/calendar.js';
import { insertDeadlines, type NewDeadline } from '../deadline/deadline.repository.js';
import { notify } from '../notification/notify.js';
import type { Role } from '../user/roles.js';
import {
  hasDeadline,
  informedOf,
  insertEscalation,
  isMayorAffected,
  levelAndInjury,
  peopleWithRoles,
  type Injury,
} from './escalation.repository.js';

export type { Injury };

/** The injuries that oblige the employer to notify the labour inspectorate at once (seed 001 §5.4). */
export function isSeriousHarm(injury: Injury): boolean {
  return injury.physical || injury.mental || injury.hospital || injury.lastingHarm || injury.death;
}

/** Owners of a case duty: people in these roles, else those the chain informed of the incident. */
async function owners(tx: Tx, incidentId: string, roles: readonly Role[]): Promise<string[]> {
  const byRole = await peopleWithRoles(tx, roles);
  return byRole.length > 0 ? byRole : informedOf(tx, incidentId);
}

/**
 * The labour inspectorate must hear of serious harm "immediately" (we watch 24 hours): an
 * escalation record to fill in, a deadline, and a notification to the employer's side at once.
 * Safe to call again: a duty is created once per incident.
 */
export async function openInspectorateDuty(tx: Tx, organisationId: string, incidentId: string, now: Date): Promise<void> {
  if (await hasDeadline(tx, incidentId, 'labour_inspectorate')) return;
  const ownerIds = await owners(tx, incidentId, ['municipal_secretary', 'security_adviser']);
  await insertEscalation(tx, organisationId, incidentId, 'labour_inspectorate');
  await insertDeadlines(tx, [
    { organisationId, incidentId, kind: 'labour_inspectorate', ownerIds, dueAt: addHours(now, 24), createdAt: now },
  ]);
  await notify(tx, organisationId, ownerIds, 'duty_opened', { incidentId });
}

/**
 * Duties that start with the report itself: serious harm → labour inspectorate; the mayor
 * affected → the King's Commissioner is informed; a threat or violence → a police report
 * within 2 working days (ELA).
 */
export async function openCaseDuties(tx: Tx, organisationId: string, incidentId: string, now: Date): Promise<void> {
  const { level, injury } = await levelAndInjury(tx, incidentId);
  if (isSeriousHarm(injury)) await openInspectorateDuty(tx, organisationId, incidentId, now);

  const deadlines: NewDeadline[] = [];
  if ((await isMayorAffected(tx, incidentId)) && !(await hasDeadline(tx, incidentId, 'kings_commissioner'))) {
    const ownerIds = await owners(tx, incidentId, ['municipal_secretary']);
    await insertEscalation(tx, organisationId, incidentId, 'kings_commissioner');
    deadlines.push({ organisationId, incidentId, kind: 'kings_commissioner', ownerIds, dueAt: addHours(now, 24), createdAt: now });
  }
  if ((level === 'threat' || level === 'physical_violence') && !(await hasDeadline(tx, incidentId, 'police_report'))) {
    const ownerIds = await owners(tx, incidentId, ['security_adviser']);
    deadlines.push({ organisationId, incidentId, kind: 'police_report', ownerIds, dueAt: addWorkingDays(now, 2), createdAt: now });
  }
  await insertDeadlines(tx, deadlines);
}
