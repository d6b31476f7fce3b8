import type { Tx } from '../../db/database.js';
import type { Level } from '../incident/norm.js';
import type { EscalationTable } from '../../db/schema.js';
import type { DeadlineKind } from '../deadline/deadline.js';
import type { Role } from '../user/roles.js';

export type EscalationKind = EscalationTable['kind'];

export interface Injury {
  physical: boolean;
  mental: boolean;
  hospital: boolean;
  lastingHarm: boolean;
  death: boolean;
}

export interface EscalationRow {
  id: string;
  kind: EscalationKind;
  doneAt: Date | null;
  how: string | null;
  reference: string | null;
}

export interface TriangleRow {
  meetingOn: string | null;
  note: string | null;
  discussedOn: string | null;
}

export interface TriangleListRow extends TriangleRow {
  incidentId: string;
  number: number | null;
  level: Level;
  occurredAt: Date;
}

export interface SecurityMeasureRow {
  id: string;
  description: string;
  advisedBy: 'police' | 'prosecution' | 'other';
  ownCostCents: number;
  organisationCostCents: number;
  safetyNetRequestedOn: string | null;
  safetyNetCents: number | null;
  safetyNetStatus: 'requested' | 'granted' | 'refused' | null;
}

/** The level and injury of an incident, which decide its case duties. */
export async function levelAndInjury(tx: Tx, incidentId: string): Promise<{ level: Level; injury: Injury }> {
  const row = await tx
    .selectFrom('incident')
    .select(['level', 'injuryPhysical', 'injuryMental', 'injuryHospital', 'injuryLastingHarm', 'injuryDeath'])
    .where('id', '=', incidentId)
    .executeTakeFirstOrThrow();
  return {
    level: row.level,
    injury: {
      physical: row.injuryPhysical,
      mental: row.injuryMental,
      hospital: row.injuryHospital,
      lastingHarm: row.injuryLastingHarm,
      death: row.injuryDeath,
    },
  };
}

export async function setInjury(tx: Tx, incidentId: string, injury: Injury, at: Date): Promise<void> {
  await tx
    .updateTable('incident')
    .set({
      injuryPhysical: injury.physical,
      injuryMental: injury.mental,
      injuryHospital: injury.hospital,
      injuryLastingHarm: injury.lastingHarm,
      injuryDeath: injury.death,
      updatedAt: at,
    })
    .where('id', '=', incidentId)
    .execute();
}

/** Active people holding any of the roles. */
export async function peopleWithRoles(tx: Tx, roles: readonly Role[]): Promise<string[]> {
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

/** Those the chain informed of the incident. */
export async function informedOf(tx: Tx, incidentId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('incidentAccess')
    .select('userId')
    .where('incidentId', '=', incidentId)
    .where('reason', 'in', ['routed', 'always_inform'])
    .execute();
  return rows.map((r) => r.userId);
}

export async function hasDeadline(tx: Tx, incidentId: string, kind: DeadlineKind): Promise<boolean> {
  return (
    (await tx.selectFrom('deadline').select('id').where('incidentId', '=', incidentId).where('kind', '=', kind).executeTakeFirst()) !==
    undefined
  );
}

export async function isMayorAffected(tx: Tx, incidentId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('incidentAffected as a')
    .innerJoin('userRole as r', 'r.userId', 'a.userId')
    .select('a.userId')
    .where('a.incidentId', '=', incidentId)
    .where('r.role', '=', 'mayor')
    .executeTakeFirst();
  return row !== undefined;
}

/** The escalation record to fill in; once per incident and kind. */
export async function insertEscalation(tx: Tx, organisationId: string, incidentId: string, kind: EscalationKind): Promise<void> {
  await tx
    .insertInto('escalation')
    .values({ organisationId, incidentId, kind })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Records when and how; false when the incident has no such escalation. */
export async function completeEscalation(
  tx: Tx,
  incidentId: string,
  kind: EscalationKind,
  done: { doneAt: Date; how: string; reference: string | null; doneBy: string },
): Promise<boolean> {
  const updated = await tx
    .updateTable('escalation')
    .set(done)
    .where('incidentId', '=', incidentId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

export async function escalationsOf(tx: Tx, incidentId: string): Promise<EscalationRow[]> {
  return tx
    .selectFrom('escalation')
    .select(['id', 'kind', 'doneAt', 'how', 'reference'])
    .where('incidentId', '=', incidentId)
    .orderBy('createdAt')
    .execute();
}

export async function upsertTriangle(
  tx: Tx,
  mark: TriangleRow & { organisationId: string; incidentId: string; markedBy: string },
): Promise<void> {
  await tx
    .insertInto('triangleItem')
    .values(mark)
    .onConflict((oc) =>
      oc
        .columns(['organisationId', 'incidentId'])
        .doUpdateSet({ meetingOn: mark.meetingOn, note: mark.note, discussedOn: mark.discussedOn }),
    )
    .execute();
}

export async function deleteTriangle(tx: Tx, incidentId: string): Promise<void> {
  await tx.deleteFrom('triangleItem').where('incidentId', '=', incidentId).execute();
}

export async function triangleOf(tx: Tx, incidentId: string): Promise<TriangleRow | null> {
  return (
    (await tx
      .selectFrom('triangleItem')
      .select(['meetingOn', 'note', 'discussedOn'])
      .where('incidentId', '=', incidentId)
      .executeTakeFirst()) ?? null
  );
}

/** The incidents marked for the triangle that the person has access to, next meeting first. */
export async function triangleItemsVisibleTo(tx: Tx, userId: string): Promise<TriangleListRow[]> {
  return tx
    .selectFrom('triangleItem as t')
    .innerJoin('incident as i', 'i.id', 't.incidentId')
    .innerJoin('incidentAccess as a', (j) => j.onRef('a.incidentId', '=', 't.incidentId').on('a.userId', '=', userId))
    .select(['t.incidentId', 'i.number', 'i.level', 'i.occurredAt', 't.meetingOn', 't.note', 't.discussedOn'])
    .orderBy('t.discussedOn', (ob) => ob.nullsFirst())
    .orderBy('t.meetingOn')
    .execute();
}

export async function insertSecurityMeasure(
  tx: Tx,
  measure: Omit<SecurityMeasureRow, 'id'> & { organisationId: string; incidentId: string; createdBy: string },
): Promise<string> {
  return (await tx.insertInto('securityMeasure').values(measure).returning('id').executeTakeFirstOrThrow()).id;
}

export async function securityMeasuresOf(tx: Tx, incidentId: string): Promise<SecurityMeasureRow[]> {
  return tx
    .selectFrom('securityMeasure')
    .select([
      'id',
      'description',
      'advisedBy',
      'ownCostCents',
      'organisationCostCents',
      'safetyNetRequestedOn',
      'safetyNetCents',
      'safetyNetStatus',
    ])
    .where('incidentId', '=', incidentId)
    .orderBy('createdAt')
    .execute();
}
