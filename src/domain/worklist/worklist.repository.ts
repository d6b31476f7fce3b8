import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { Level, Status } from '../incident/norm.js';

/** An incident put before the person that they have not opened since (an unread notification). */
export interface IncidentToLookAt {
  incidentId: string;
  number: number | null;
  level: Level;
  since: Date;
}

/** Incidents someone was informed of or given, still unread in their inbox, newest first. */
export async function incidentsToLookAt(tx: Tx, userId: string, limit = 20): Promise<IncidentToLookAt[]> {
  const rows = await tx
    .selectFrom('notification as n')
    .innerJoin('incidentAccess as a', (j) => j.onRef('a.incidentId', '=', 'n.incidentId').on('a.userId', '=', userId))
    .innerJoin('incident as i', 'i.id', 'n.incidentId')
    .select(['i.id', 'i.number', 'i.level', (eb) => eb.fn.max('n.createdAt').as('since')])
    .where('n.userId', '=', userId)
    .where('n.readAt', 'is', null)
    .where('n.kind', 'in', ['incident_routed', 'access_granted', 'incident_reported_for_you'])
    .groupBy(['i.id', 'i.number', 'i.level'])
    .orderBy('since', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ incidentId: r.id, number: r.number, level: r.level, since: r.since }));
}

/** A consultation waiting for the person's answer: they were asked, and nobody answered yet. */
export interface ConsultationToAnswer {
  id: string;
  askerName: string;
  askedAt: Date;
}

export async function consultationsToAnswer(tx: Tx, userId: string, limit = 20): Promise<ConsultationToAnswer[]> {
  const rows = await tx
    .selectFrom('consultationParticipant as p')
    .innerJoin('consultation as c', 'c.id', 'p.consultationId')
    .innerJoin('appUser as u', 'u.id', 'c.askerId')
    .select(['c.id', 'u.name', 'c.createdAt'])
    .where('p.userId', '=', userId)
    .where('c.askerId', '!=', userId)
    .where('c.status', '=', 'open')
    .orderBy('c.createdAt')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, askerName: r.name, askedAt: r.createdAt }));
}

/** One of the person's own reports (reported by them or about them), with what happened since. */
export interface OwnReport {
  incidentId: string;
  number: number | null;
  status: Status;
  level: Level;
  reportedAt: Date | null;
  /** Steps in the timeline after the report itself (routed, measures, aftercare, police…). */
  stepsSince: number;
  lastChangeAt: Date;
}

export async function ownReports(tx: Tx, userId: string, limit = 10): Promise<OwnReport[]> {
  const rows = await tx
    .selectFrom('incidentAccess as a')
    .innerJoin('incident as i', 'i.id', 'a.incidentId')
    .select([
      'i.id',
      'i.number',
      'i.status',
      'i.level',
      'i.reportedAt',
      'i.updatedAt',
      sql<string>`(SELECT count(*) FROM incident_event e WHERE e.incident_id = i.id AND e.kind NOT IN ('draft_saved', 'reported'))`.as(
        'steps',
      ),
      sql<Date | null>`(SELECT max(e.at) FROM incident_event e WHERE e.incident_id = i.id)`.as('lastEventAt'),
    ])
    .where('a.userId', '=', userId)
    .where('a.reason', 'in', ['reporter', 'affected'])
    .orderBy('i.updatedAt', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    incidentId: r.id,
    number: r.number,
    status: r.status,
    level: r.level,
    reportedAt: r.reportedAt,
    stepsSince: Number(r.steps),
    lastChangeAt: r.lastEventAt && r.lastEventAt > r.updatedAt ? r.lastEventAt : r.updatedAt,
  }));
}

/** What a new organisation has done of its first steps (for the "getting started" list). */
export interface SetupProgress {
  people: number;
  incidents: number;
  caregiverRules: number;
}

export async function setupProgress(tx: Tx): Promise<SetupProgress> {
  const row = await sql<{ people: string; incidents: string; caregivers: string }>`
    SELECT (SELECT count(*) FROM app_user WHERE active) AS people,
           (SELECT count(*) FROM incident WHERE status <> 'draft') AS incidents,
           (SELECT count(*) FROM caregiver_rule) AS caregivers`.execute(tx);
  const r = row.rows[0]!;
  return {
    people: Number(r.people),
    incidents: Number(r.incidents),
    caregiverRules: Number(r.caregivers),
  };
}
