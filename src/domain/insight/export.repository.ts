import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { Channel, Level, PerpetratorKind, Status } from '../incident/norm.js';
import type { MeasureKind } from '../measure/measure.js';
import type { Role } from '../user/roles.js';
import { ONLINE_CHANNELS, type InsightFilter } from './insight.js';
import { visible } from './insight.repository.js';

/** Measures that were taken: decided, carried out or ended (a proposal or a rejection is not a measure). */
export const TAKEN_MEASURE_STATES = ['decided', 'carried_out', 'ended'] as const;

/**
 * One visible incident as the export reads it. The ids (incident, perpetrators) and the roles
 * never leave the domain: the export turns them into a shuffle order, pseudonymous keys and
 * role categories. No column here holds free text, a name, an account or an exact time.
 */
export interface ExportSourceRow {
  incidentId: string;
  /** YYYY-MM in Amsterdam. */
  month: string;
  level: Level;
  channel: Channel;
  behaviours: string[];
  targets: string[];
  perpetratorKind: PerpetratorKind | null;
  status: Status;
  online: boolean;
  injury: boolean;
  roles: Role[];
  perpetratorIds: string[];
  measureKinds: MeasureKind[];
  banImposed: boolean;
  policeReport: boolean;
  /** The course of each police report; 'unknown' where none is recorded yet. */
  prosecution: string[];
  aftercareOffered: boolean;
  aftercareHeld: boolean;
  damageCents: number;
}

/**
 * Every visible incident of the period with what was done about it, in one statement: the
 * visible set (the same as every figure's) is read once, each related table is grouped per
 * incident over that set only.
 */
export async function exportRows(tx: Tx, viewerId: string, filter: InsightFilter): Promise<ExportSourceRow[]> {
  const result = await sql<Omit<ExportSourceRow, 'damageCents'> & { damageCents: string }>`
    WITH v AS MATERIALIZED (${visible(viewerId, filter)}),
    aff AS (
      SELECT f.incident_id, array_agg(DISTINCT r.role)::text[] AS roles
      FROM v JOIN incident_affected f ON f.incident_id = v.id JOIN user_role r ON r.user_id = f.user_id GROUP BY 1),
    per AS (
      SELECT p.incident_id, array_agg(DISTINCT p.perpetrator_id::text)::text[] AS ids
      FROM v JOIN incident_perpetrator p ON p.incident_id = v.id GROUP BY 1),
    mea AS (
      SELECT m.incident_id,
        array_agg(DISTINCT m.kind) FILTER (WHERE m.state = ANY(${TAKEN_MEASURE_STATES}::text[]))::text[] AS kinds,
        coalesce(bool_or(m.kind = 'ban') FILTER (WHERE m.state = ANY(${TAKEN_MEASURE_STATES}::text[])), false) AS ban
      FROM v JOIN measure m ON m.incident_id = v.id GROUP BY 1),
    pol AS (
      SELECT p.incident_id, array_agg(DISTINCT coalesce(p.prosecution_status, 'unknown'))::text[] AS prosecution
      FROM v JOIN police_report p ON p.incident_id = v.id GROUP BY 1),
    aft AS (
      SELECT c.incident_id,
        bool_or(c.state <> 'planned' OR c.offered_at IS NOT NULL) AS offered,
        bool_or(c.state = 'held') AS held
      FROM v JOIN aftercare_conversation c ON c.incident_id = v.id GROUP BY 1),
    dam AS (
      SELECT d.incident_id, sum(d.amount_cents)::bigint AS cents FROM v JOIN damage_item d ON d.incident_id = v.id GROUP BY 1)
    SELECT v.id::text AS "incidentId",
      to_char(v.occurred_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM') AS month,
      v.level, v.channel, v.behaviours, v.targets, v.perpetrator_kind AS "perpetratorKind", v.status,
      (v.channel = ANY(${ONLINE_CHANNELS}::text[]) OR v.online_platform IS NOT NULL) AS online,
      (i.injury_physical OR i.injury_mental OR i.injury_hospital OR i.injury_lasting_harm OR i.injury_death) AS injury,
      coalesce(aff.roles, '{}') AS roles,
      coalesce(per.ids, '{}') AS "perpetratorIds",
      coalesce(mea.kinds, '{}') AS "measureKinds",
      coalesce(mea.ban, false) AS "banImposed",
      pol.incident_id IS NOT NULL AS "policeReport",
      coalesce(pol.prosecution, '{}') AS prosecution,
      coalesce(aft.offered, false) AS "aftercareOffered",
      coalesce(aft.held, false) AS "aftercareHeld",
      coalesce(dam.cents, 0) AS "damageCents"
    FROM v
    JOIN incident i ON i.id = v.id
    LEFT JOIN aff ON aff.incident_id = v.id
    LEFT JOIN per ON per.incident_id = v.id
    LEFT JOIN mea ON mea.incident_id = v.id
    LEFT JOIN pol ON pol.incident_id = v.id
    LEFT JOIN aft ON aft.incident_id = v.id
    LEFT JOIN dam ON dam.incident_id = v.id
  `.execute(tx);
  // The sum arrives as a string (bigint); the damages of one incident fit a double exactly.
  return result.rows.map((row) => ({ ...row, damageCents: Number(row.damageCents) }));
}

/** How many incidents an export of this period would hold (for the page, before downloading). */
export async function countExportRows(tx: Tx, viewerId: string, filter: InsightFilter): Promise<number> {
  const result = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (${visible(viewerId, filter)}) v`.execute(tx);
  return result.rows[0]?.n ?? 0;
}
