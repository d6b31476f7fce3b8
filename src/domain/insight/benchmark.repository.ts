import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import { ONLINE_CHANNELS, OFFICE_HOLDER_ROLES } from './insight.js';
import { MIN_OTHERS, NO_PROFILE, type BenchmarkProfile, type GroupCounts, type YearCounts } from './benchmark.js';

/** The organisation's own benchmark settings (row-level security leaves only its own row). */
export async function findProfile(tx: Tx): Promise<BenchmarkProfile> {
  const { rows } = await sql<BenchmarkProfile>`
    SELECT participating, kind, size_class, office_holders, employees FROM benchmark_profile`.execute(tx);
  return rows[0] ?? NO_PROFILE;
}

export async function saveProfile(tx: Tx, organisationId: string, p: BenchmarkProfile): Promise<void> {
  await sql`
    INSERT INTO benchmark_profile (organisation_id, participating, kind, size_class, office_holders, employees, updated_at)
    VALUES (${organisationId}::uuid, ${p.participating}, ${p.kind}, ${p.sizeClass}, ${p.officeHolders}, ${p.employees}, now())
    ON CONFLICT (organisation_id) DO UPDATE SET participating = excluded.participating, kind = excluded.kind,
      size_class = excluded.size_class, office_holders = excluded.office_holders, employees = excluded.employees,
      updated_at = excluded.updated_at`.execute(tx);
}

/**
 * Recounts the figures of the years from .. to: for every participating organisation when the
 * transaction has no organisation (the daily job), or for the transaction's own organisation
 * (`organisationId`, on opting in or out). Returns the rows written.
 */
export async function refreshFigures(
  tx: Tx,
  years: { from: number; to: number },
  now: Date,
  organisationId: string | null = null,
): Promise<number> {
  const { rows } = await sql<{ written: number }>`
    SELECT app_refresh_benchmark(${years.from}::int, ${years.to}::int, ${now}::timestamptz, ${ONLINE_CHANNELS}::text[],
      ${OFFICE_HOLDER_ROLES}::text[], ${organisationId}::uuid) AS written`.execute(tx);
  return rows[0]!.written;
}

interface CountColumns {
  incidents: number;
  officeHolderIncidents: number;
  employeeIncidents: number;
  levelEmotional: number;
  levelVerbalAggression: number;
  levelThreat: number;
  levelPhysicalViolence: number;
  online: number;
  policeReported: number;
  aftercareOnTime: number;
  aftercareDue: number;
}

const yearCounts = (r: CountColumns): YearCounts => ({
  incidents: Number(r.incidents),
  officeHolderIncidents: Number(r.officeHolderIncidents),
  employeeIncidents: Number(r.employeeIncidents),
  levels: {
    emotional: Number(r.levelEmotional),
    verbal_aggression: Number(r.levelVerbalAggression),
    threat: Number(r.levelThreat),
    physical_violence: Number(r.levelPhysicalViolence),
  },
  online: Number(r.online),
  policeReported: Number(r.policeReported),
  aftercareOnTime: Number(r.aftercareOnTime),
  aftercareDue: Number(r.aftercareDue),
});

/** The organisation's own counts of a year, as the last count left them. */
export async function ownCounts(tx: Tx, year: number): Promise<(YearCounts & { computedAt: Date }) | undefined> {
  const { rows } = await sql<CountColumns & { computedAt: Date }>`
    SELECT * FROM benchmark_figures WHERE year = ${year}::int`.execute(tx);
  const row = rows[0];
  return row && { ...yearCounts(row), computedAt: row.computedAt };
}

/** The years the organisation has counts for, newest first. */
export async function countedYears(tx: Tx): Promise<number[]> {
  const { rows } = await sql<{ year: number }>`SELECT year FROM benchmark_figures ORDER BY year DESC`.execute(tx);
  return rows.map((r) => r.year);
}

/** The group's sums for a year, or undefined when there is no group figure (see app_benchmark_group). */
export async function groupCounts(tx: Tx, year: number): Promise<GroupCounts | undefined> {
  const { rows } = await sql<CountColumns & { organisations: number; officeHolders: string; employees: string }>`
    SELECT * FROM app_benchmark_group(${year}::int, ${MIN_OTHERS}::int)`.execute(tx);
  const row = rows[0];
  return (
    row && {
      ...yearCounts(row),
      organisations: row.organisations,
      officeHolders: Number(row.officeHolders),
      employees: Number(row.employees),
    }
  );
}
