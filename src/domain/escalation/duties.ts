import type { Tx } from '../../db/database.js';
import { addHours, addWorkingDays } from '../deadline/calendar.js';
import { insertDeadlines, type NewDeadline } from '../deadline/deadline.repository.js';
import type { DeadlineKind } from '../deadline/deadline.js';
import { notify } from '../notification/notify.js';
import type { Role } from '../user/roles.js';

/** The injuries that oblige the employer to notify the labour inspectorate at once (seed 001 §5.4). */
export interface Injury {
  physical: boolean;
  mental: boolean;
  hospital: boolean;
  lastingHarm: boolean;
  death: boolean;
}

export function isSeriousHarm(injury: Injury): boolean {
  return injury.physical || injury.mental || injury.hospital || injury.lastingHarm || injury.death;
}

/** Active people holding any of the roles. */
async function peopleWithRoles(tx: Tx, roles: readonly Role[]): Promise<string[]> {
  const rows = await tx
    .selectFrom('userRole as r')
    .innerJoin('appUser as u', 'u.id', 'r.userId')
    .select('u.id')
    .distinct()
    .where('r.role', 'in', roles)
    .where('u.active', '=', true)
    .execute();
  return rows.map((r) => r.id);
}

/** Owners of a case duty: people in these roles, else the incident's handlers. */
async function owners(tx: Tx, incidentId: string, roles: readonly Role[]): Promise<string[]> {
  const byRole = await peopleWithRoles(tx, roles);
  if (byRole.length > 0) return byRole;
  const handlers = await tx.selectFrom('incidentAccess').select('userId').where('incidentId', '=', incidentId).where('reason', 'in', ['routed', 'always_inform']).execute();
  return handlers.map((h) => h.userId);
}

async function hasDeadline(tx: Tx, incidentId: string, kind: DeadlineKind): Promise<boolean> {
  return (await tx.selectFrom('deadline').select('id').where('incidentId', '=', incidentId).where('kind', '=', kind).executeTakeFirst()) !== undefined;
}

/**
 * The labour inspectorate must hear of serious harm "immediately" (we watch 24 hours): an
 * escalation record to fill in, a deadline, and a notification to the employer's side at once.
 * Safe to call again: a duty is created once per incident.
 */
export async function openInspectorateDuty(tx: Tx, organisationId: string, incidentId: string, now: Date): Promise<void> {
  if (await hasDeadline(tx, incidentId, 'labour_inspectorate')) return;
  const ownerIds = await owners(tx, incidentId, ['municipal_secretary', 'security_adviser']);
  await tx.insertInto('escalation').values({ organisationId, incidentId, kind: 'labour_inspectorate' }).onConflict((oc) => oc.doNothing()).execute();
  await insertDeadlines(tx, [{ organisationId, incidentId, kind: 'labour_inspectorate', ownerIds, dueAt: addHours(now, 24), createdAt: now }]);
  await notify(tx, organisationId, ownerIds, 'duty_opened', { incidentId });
}

/**
 * Duties that start with the report itself: serious harm → labour inspectorate; the mayor
 * affected → the King's Commissioner is informed; a threat or violence → a police report
 * within 2 working days (ELA).
 */
export async function openCaseDuties(tx: Tx, organisationId: string, incidentId: string, now: Date): Promise<void> {
  const incident = await tx
    .selectFrom('incident')
    .select(['level', 'injuryPhysical', 'injuryMental', 'injuryHospital', 'injuryLastingHarm', 'injuryDeath'])
    .where('id', '=', incidentId)
    .executeTakeFirstOrThrow();
  const injury = { physical: incident.injuryPhysical, mental: incident.injuryMental, hospital: incident.injuryHospital, lastingHarm: incident.injuryLastingHarm, death: incident.injuryDeath };
  if (isSeriousHarm(injury)) await openInspectorateDuty(tx, organisationId, incidentId, now);

  const deadlines: NewDeadline[] = [];
  const mayorAffected = await tx
    .selectFrom('incidentAffected as a')
    .innerJoin('userRole as r', 'r.userId', 'a.userId')
    .select('a.userId')
    .where('a.incidentId', '=', incidentId)
    .where('r.role', '=', 'mayor')
    .executeTakeFirst();
  if (mayorAffected && !(await hasDeadline(tx, incidentId, 'kings_commissioner'))) {
    const ownerIds = await owners(tx, incidentId, ['municipal_secretary']);
    await tx.insertInto('escalation').values({ organisationId, incidentId, kind: 'kings_commissioner' }).onConflict((oc) => oc.doNothing()).execute();
    deadlines.push({ organisationId, incidentId, kind: 'kings_commissioner', ownerIds, dueAt: addHours(now, 24), createdAt: now });
  }
  if ((incident.level === 'threat' || incident.level === 'physical_violence') && !(await hasDeadline(tx, incidentId, 'police_report'))) {
    const ownerIds = await owners(tx, incidentId, ['security_adviser']);
    deadlines.push({ organisationId, incidentId, kind: 'police_report', ownerIds, dueAt: addWorkingDays(now, 2), createdAt: now });
  }
  await insertDeadlines(tx, deadlines);
}
