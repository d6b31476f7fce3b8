import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { BEHAVIOURS, CHANNELS, LEVELS } from '../domain/incident/norm.js';
import { SIZE_CLASSES } from '../domain/insight/benchmark.js';

/**
 * One installation for the insight benchmark (issue 9, Speed): `organisations` municipalities
 * with `incidents` incidents in all over three years, sized by rank as towns are (Zipf: the
 * n-th largest has 1/n of the largest's), with people, access rows as routing makes them
 * (reporter and affected, one routed handler, the security adviser always informed), police
 * reports, measures, damages, deadlines and benchmark profiles. Set-based SQL as the owner,
 * foreign-key triggers off for the fill (the rows are made consistent), deterministic by hash.
 */

export interface InsightFill {
  organisations: number;
  incidents: number;
  now: Date;
}

export interface FilledOrganisation {
  rank: number;
  id: string;
  incidents: number;
  adviserId: string;
}

export interface InsightDataset {
  organisations: FilledOrganisation[];
  rows: Record<string, number>;
  seconds: Record<string, number>;
}

const BATCH = 50_000;

export async function fillInsightDataset(db: Db, o: InsightFill): Promise<InsightDataset> {
  const seconds: Record<string, number> = {};
  const timed = async (name: string, fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    await fn();
    seconds[name] = (seconds[name] ?? 0) + (performance.now() - t0) / 1000;
  };
  const harmonic = Array.from({ length: o.organisations }, (_, i) => 1 / (i + 1)).reduce((a, b) => a + b, 0);
  const sizes = Array.from({ length: o.organisations }, (_, i) => Math.max(30, Math.round(o.incidents / harmonic / (i + 1))));
  // Rounding: the largest takes the difference so the total is exact.
  sizes[0]! += o.incidents - sizes.reduce((a, b) => a + b, 0);
  const spanSeconds = 3 * 365 * 86_400;

  await timed('organisations and people', async () => {
    await sql`DROP TABLE IF EXISTS bench_org`.execute(db);
    await sql`
      CREATE UNLOGGED TABLE bench_org AS
      SELECT n AS rank, gen_random_uuid() AS id, s.size AS incidents,
        sum(s.size) OVER (ORDER BY n) - s.size + 1 AS first_g,
        -- Headcounts grow with size: 9 to 45 office holders, 60 to 8,000 employees.
        least(45, 9 + (s.size / 1500))::int AS office_holders,
        least(8000, 60 + s.size / 4)::int AS employees,
        least(200, 20 + s.size / 100)::int AS reporting_employees
      FROM unnest(${sizes}::int[]) WITH ORDINALITY AS s(size, n)`.execute(db);
    await sql`
      INSERT INTO organisation (id, name, slug) SELECT id, 'Gemeente Bench ' || rank, 'bench-g-' || rank FROM bench_org`.execute(db);
    // Handlers (adviser, clerk, mayor), council members and employees who report.
    await sql`
      WITH people AS (
        SELECT b.id AS organisation_id, b.rank, p.role, p.k
        FROM bench_org b
        CROSS JOIN LATERAL (
          SELECT 'security_adviser' AS role, 1 AS k UNION ALL SELECT 'clerk', 1 UNION ALL SELECT 'mayor', 1
          UNION ALL SELECT 'council_member', k FROM generate_series(1, b.office_holders) k
          UNION ALL SELECT 'employee', k FROM generate_series(1, b.reporting_employees) k
        ) p
      ), u AS (
        INSERT INTO app_user (organisation_id, email, name)
        SELECT organisation_id, 'g' || rank || '-' || replace(role, '_', '') || '-' || k || '@bench.invalid', 'Bench ' || role || ' ' || k
        FROM people
        RETURNING organisation_id, id, email
      )
      INSERT INTO user_role (organisation_id, user_id, role)
      SELECT organisation_id, id, CASE split_part(split_part(email, '@', 1), '-', 2)
        WHEN 'securityadviser' THEN 'security_adviser' WHEN 'clerk' THEN 'clerk' WHEN 'mayor' THEN 'mayor'
        WHEN 'councilmember' THEN 'council_member' ELSE 'employee' END
      FROM u`.execute(db);
    await sql`
      ALTER TABLE bench_org ADD COLUMN adviser uuid, ADD COLUMN clerk uuid, ADD COLUMN mayor uuid,
        ADD COLUMN council uuid[], ADD COLUMN staff uuid[]`.execute(db);
    await sql`
      UPDATE bench_org b SET
        adviser = (SELECT u.id FROM app_user u JOIN user_role r ON r.user_id = u.id WHERE u.organisation_id = b.id AND r.role = 'security_adviser'),
        clerk = (SELECT u.id FROM app_user u JOIN user_role r ON r.user_id = u.id WHERE u.organisation_id = b.id AND r.role = 'clerk'),
        mayor = (SELECT u.id FROM app_user u JOIN user_role r ON r.user_id = u.id WHERE u.organisation_id = b.id AND r.role = 'mayor'),
        council = (SELECT array_agg(u.id) FROM app_user u JOIN user_role r ON r.user_id = u.id WHERE u.organisation_id = b.id AND r.role = 'council_member'),
        staff = (SELECT array_agg(u.id) FROM app_user u JOIN user_role r ON r.user_id = u.id WHERE u.organisation_id = b.id AND r.role = 'employee')`.execute(
      db,
    );
    await sql`INSERT INTO organisation_counter (organisation_id, name, value) SELECT id, 'incident', incidents FROM bench_org`.execute(db);
    await sql`
      -- Most take part; size classes as the Netherlands has them, the largest towns in the top classes.
      INSERT INTO benchmark_profile (organisation_id, participating, kind, size_class, office_holders, employees)
      SELECT id, rank % 7 <> 3, 'municipality',
        (${[...SIZE_CLASSES].reverse()}::text[])[CASE WHEN rank <= 4 THEN 1 WHEN rank <= 30 THEN 2 WHEN rank <= 85 THEN 3 WHEN rank <= 250 THEN 4 ELSE 5 END],
        office_holders, employees
      FROM bench_org`.execute(db);
  });

  const { rows: orgs } = await sql<{ rank: number; id: string; incidents: number; adviser: string }>`
    SELECT rank::int, id, incidents, adviser FROM bench_org ORDER BY rank`.execute(db);

  for (let start = 1; start <= o.incidents; start += BATCH) {
    const end = Math.min(o.incidents, start + BATCH - 1);
    await timed('incidents, affected and access rows', () =>
      db.transaction().execute(async (tx) => {
        await sql`SET LOCAL session_replication_role = replica`.execute(tx);
        await sql`
          WITH src AS (
            SELECT g, b.id AS organisation_id, (g - b.first_g + 1)::int AS number, b.clerk, b.mayor, b.adviser,
              hashint8extended(g, 9) & 9223372036854775807 AS h,
              -- Six in ten reports are about office holders.
              CASE WHEN (hashint8extended(g, 10) & 1023) % 10 < 6
                THEN b.council[1 + (g % array_length(b.council, 1))::int]
                ELSE b.staff[1 + (g % array_length(b.staff, 1))::int] END AS reporter,
              (hashint8extended(g, 10) & 1023) % 10 < 6 AS office
            FROM generate_series(${start}::bigint, ${end}::bigint) g
            JOIN bench_org b ON g BETWEEN b.first_g AND b.first_g + b.incidents - 1
          ), i AS (
            INSERT INTO incident (organisation_id, number, status, level, channel, behaviours, occurred_at, description,
              targets, perpetrator_kind, reporter_id, reported_at, created_at, updated_at, closed_at)
            SELECT organisation_id, number,
              (ARRAY['reported','in_progress','closed','closed'])[1 + (h % 4)::int],
              (${[...LEVELS]}::text[])[1 + ((h / 4) % ${LEVELS.length})::int],
              (${[...CHANNELS]}::text[])[1 + ((h / 16) % ${CHANNELS.length})::int],
              ARRAY[(${[...BEHAVIOURS]}::text[])[1 + ((h / 128) % ${BEHAVIOURS.length})::int]],
              ${o.now}::timestamptz - make_interval(secs => ((h / 4096) % ${spanSeconds}::bigint)::double precision),
              'Benchmarkmelding ' || number, '{self}',
              (ARRAY['person', 'person', 'collective', NULL])[1 + ((h / 64) % 4)::int],
              reporter, ${o.now}::timestamptz, ${o.now}::timestamptz, ${o.now}::timestamptz,
              CASE WHEN h % 4 >= 2 THEN ${o.now}::timestamptz END
            FROM src
            RETURNING organisation_id, id, number, occurred_at, reporter_id
          ), affected AS (
            INSERT INTO incident_affected (organisation_id, incident_id, user_id) SELECT organisation_id, id, reporter_id FROM i
          )
          INSERT INTO incident_access (organisation_id, incident_id, user_id, reason, occurred_at)
          SELECT i.organisation_id, i.id, i.reporter_id, 'reporter', i.occurred_at FROM i
          UNION ALL
          SELECT i.organisation_id, i.id, CASE WHEN s.office THEN s.clerk ELSE s.mayor END, 'routed', i.occurred_at
            FROM i JOIN src s ON s.organisation_id = i.organisation_id AND s.number = i.number
          UNION ALL
          SELECT i.organisation_id, i.id, s.adviser, 'always_inform', i.occurred_at
            FROM i JOIN src s ON s.organisation_id = i.organisation_id AND s.number = i.number`.execute(tx);
      }),
    );
  }

  await timed('police reports, measures, damages, deadlines', () =>
    db.transaction().execute(async (tx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(tx);
      // One in twelve incidents reported to the police (consent first), one in eight a measure, one in fifty damages.
      await sql`
        WITH c AS (
          INSERT INTO police_consent (organisation_id, incident_id, affected_user_id, given, how, given_at, recorded_by)
          SELECT i.organisation_id, i.id, i.reporter_id, true, 'mondeling', i.occurred_at, b.adviser
          FROM incident i JOIN bench_org b ON b.id = i.organisation_id WHERE i.number % 12 = 0
          RETURNING organisation_id, id, incident_id, recorded_by, given_at
        )
        INSERT INTO police_report (organisation_id, incident_id, consent_id, filed_on, filed_by, prosecution_status)
        SELECT organisation_id, incident_id, id, (given_at AT TIME ZONE 'Europe/Amsterdam')::date + 1, recorded_by,
          (ARRAY['pending', 'dismissed', 'settled_by_prosecution', 'court_judgement', NULL])[1 + (abs(hashtext(id::text)) % 5)]
        FROM c`.execute(tx);
      await sql`
        INSERT INTO measure (organisation_id, incident_id, kind, state, reasons, starts_on, ends_on, proposed_by, proposed_at)
        SELECT i.organisation_id, i.id, k.kind, (ARRAY['proposed','decided','carried_out','ended'])[1 + i.number % 4],
          'Benchmark', CASE WHEN k.kind = 'ban' THEN (i.occurred_at AT TIME ZONE 'Europe/Amsterdam')::date END,
          CASE WHEN k.kind = 'ban' THEN (i.occurred_at AT TIME ZONE 'Europe/Amsterdam')::date + 365 END, b.adviser, i.occurred_at
        FROM incident i JOIN bench_org b ON b.id = i.organisation_id
          CROSS JOIN LATERAL (SELECT (ARRAY['oral_warning','written_warning','ban','other'])[1 + (i.number / 8) % 4] AS kind) k
        WHERE i.number % 8 = 1`.execute(tx);
      await sql`
        INSERT INTO damage_item (organisation_id, incident_id, kind, description, amount_cents, claimed_on, paid_cents, created_by)
        SELECT i.organisation_id, i.id, 'material', 'Benchmark', 10000 + (i.number % 50) * 1000,
          CASE WHEN i.number % 2 = 0 THEN (i.occurred_at AT TIME ZONE 'Europe/Amsterdam')::date + 30 END,
          CASE WHEN i.number % 4 = 0 THEN 5000 END, b.adviser
        FROM incident i JOIN bench_org b ON b.id = i.organisation_id WHERE i.number % 50 = 7`.execute(tx);
      // The first aftercare conversation and the perpetrator response of every incident; most done, some late, some open.
      await sql`
        INSERT INTO deadline (organisation_id, incident_id, kind, owner_ids, due_at, remind_at, state, done_at)
        SELECT i.organisation_id, i.id, k.kind, ARRAY[b.adviser], i.occurred_at + k.term, i.occurred_at + k.term - interval '6 hours',
          CASE WHEN i.occurred_at + k.term > ${o.now}::timestamptz OR i.number % 10 = 3 THEN 'open' ELSE 'done' END,
          CASE WHEN i.occurred_at + k.term > ${o.now}::timestamptz OR i.number % 10 = 3 THEN NULL
               WHEN i.number % 10 < 8 THEN i.occurred_at + k.term - interval '2 hours' ELSE i.occurred_at + k.term + interval '5 hours' END
        FROM incident i JOIN bench_org b ON b.id = i.organisation_id
          CROSS JOIN (VALUES ('aftercare_1', interval '24 hours'), ('perpetrator_response', interval '72 hours')) AS k(kind, term)`.execute(
        tx,
      );
    }),
  );
  await timed('ANALYZE', () => sql`ANALYZE`.execute(db));

  const counted = await sql<Record<string, string>>`
    SELECT (SELECT count(*) FROM incident) AS incident, (SELECT count(*) FROM incident_access) AS incident_access,
      (SELECT count(*) FROM app_user) AS app_user, (SELECT count(*) FROM police_report) AS police_report,
      (SELECT count(*) FROM measure) AS measure, (SELECT count(*) FROM damage_item) AS damage_item,
      (SELECT count(*) FROM deadline) AS deadline`.execute(db);
  await sql`DROP TABLE bench_org`.execute(db);
  return {
    organisations: orgs.map((r) => ({ rank: r.rank, id: r.id, incidents: r.incidents, adviserId: r.adviser })),
    rows: Object.fromEntries(Object.entries(counted.rows[0]!).map(([k, v]) => [k, Number(v)])),
    seconds,
  };
}
