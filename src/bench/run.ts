import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { createDb, withOrganisation, withoutOrganisation, type Db } from '../db/database.js';
import { startEmbedded, type EmbeddedServer } from '../db/embedded.js';
import { migrateToLatest } from '../db/migrate.js';
import { createApiToken } from '../domain/auth/api-token.js';
import { insertSession } from '../domain/auth/session.repository.js';
import { hashToken } from '../domain/auth/tokens.js';
import { localEvidenceStore } from '../domain/evidence/evidence-store.js';
import { listVisible } from '../domain/incident/incident.repository.js';
import { createOrganisation } from '../domain/organisation/create-organisation.js';
import { addUser } from '../domain/user/manage-users.js';
import type { Role } from '../domain/user/roles.js';
import { buildServer } from '../http/server.js';
import { SESSION_COOKIE } from '../http/session-cookie.js';
import { insertIncidents, insertPeople } from './dataset.js';
import { insightLines, measureInsight, writeInsightSection, type InsightSettings } from './insight.js';
import { measureOneRequest, readBaseline, type Baseline, type OneRequest } from './one-request.js';
import { startProfile, type ProfileSummary } from './profile.js';

/**
 * `npm run bench`: report intake and the incident list on a fresh embedded PostgreSQL,
 * against the real server, written to bench/results.md. Not part of `npm test`.
 */

/** BENCH_QUICK=1: a short run with small data, to try the benchmark itself (numbers mean little; written to the temporary directory). */
const QUICK = process.env.BENCH_QUICK === '1';
const SETTINGS = {
  poolSize: 10, // the server's default (createDb)
  intakeConnections: 50,
  intakeSeconds: QUICK ? 2 : 10,
  sqlLoops: 50,
  listConnections: 10,
  listSeconds: QUICK ? 2 : 10,
  warmupSeconds: QUICK ? 1 : 2,
  listLimit: 50,
  sizes: QUICK ? [1_000, 10_000] : [10_000, 100_000],
  intakeEmployees: 200,
  listReporters: 500,
};

/** f) insight (issue 9): one installation of 342 organisations and 1,000,000 incidents; quick: a tenth of the organisations, 60,000 incidents. */
const INSIGHT: InsightSettings = QUICK
  ? { organisations: 34, incidents: 60_000, runs: 10 }
  : { organisations: 342, incidents: 1_000_000, runs: 30 };

/** A quick run never overwrites the real results. */
const RESULTS = QUICK
  ? path.join(os.tmpdir(), 'weerbaar-bench-quick.md')
  : fileURLToPath(new URL('../../bench/results.md', import.meta.url));
const PASSWORD = 'bench-wachtwoord-lang-genoeg';

const began = performance.now();
const log = (line: string) => process.stdout.write(`[${((performance.now() - began) / 1000).toFixed(0).padStart(3)} s] ${line}\n`);
const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(1));
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');

interface Measured {
  perSecond: number;
  p50: number;
  p97_5?: number;
  p99: number;
  ok: number;
  failed: number;
  seconds: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Gives each connection its own headers (its own token or session), as separate people
 * would have: autocannon's worker loads this from a file.
 */
async function perConnection(dir: string, name: string, headers: Record<string, string>[]): Promise<string> {
  const file = path.join(dir, `${name}.cjs`);
  await fs.writeFile(
    file,
    `const headers = ${JSON.stringify(headers)};\nlet next = 0;\nmodule.exports = (client) => client.setHeaders(headers[next++ % headers.length]);\n`,
  );
  return file;
}

const sleep = (msTime: number) => new Promise((resolve) => setTimeout(resolve, msTime));

/** Waits until no connection is busy, so one run's backlog does not spill into the next. */
async function waitIdle(admin: pg.Client) {
  for (let quiet = 0, tries = 0; quiet < 3 && tries < 600; tries++) {
    const { rows } = await admin.query<{ busy: number }>(`
      SELECT count(*)::int AS busy FROM pg_stat_activity
      WHERE pid <> pg_backend_pid() AND backend_type = 'client backend' AND state <> 'idle'`);
    quiet = rows[0]!.busy === 0 ? quiet + 1 : 0;
    await sleep(100);
  }
}

/**
 * Samples what the busy database connections are doing every 50 ms while a run goes on:
 * waiting for a lock, for the disk, or in a transaction for the application's next statement.
 */
function sampleWaits(admin: pg.Client): () => Promise<Waits> {
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await admin.query<{ what: string; n: number }>(`
        SELECT CASE WHEN state = 'idle in transaction' THEN '${IDLE_IN_TRANSACTION}'
                    WHEN wait_event IS NULL THEN 'running (CPU)'
                    WHEN wait_event_type = 'Lock' THEN 'Lock: ' || wait_event || ', in ' || left(btrim(regexp_replace(query, '\\s+', ' ', 'g')), 48) || '…'
                    ELSE wait_event_type || ': ' || wait_event END AS what, count(*)::int AS n
        FROM pg_stat_activity
        WHERE pid <> pg_backend_pid() AND backend_type = 'client backend' AND state <> 'idle'
        GROUP BY 1`);
      for (const row of rows) counts.set(row.what, (counts.get(row.what) ?? 0) + row.n);
      samples++;
      await sleep(50);
    }
  })();
  return async () => {
    running = false;
    await loop;
    return { samples, counts: [...counts].sort((a, b) => b[1] - a[1]) };
  };
}

interface Waits {
  samples: number;
  /** What busy connections were doing, with how many connection-samples. */
  counts: [string, number][];
}

/** In workers mode autocannon takes a file path where its types say function. */
type LoadOptions = Omit<autocannon.Options, 'setupClient'> & { setupClient?: string };

/** autocannon in a worker thread, so the server keeps the main thread to itself. */
async function cannon(admin: pg.Client, options: LoadOptions): Promise<Measured> {
  await waitIdle(admin);
  const result = await autocannon({ timeout: 30, ...options, workers: 1 } as unknown as autocannon.Options);
  const ok = result['2xx'];
  return {
    perSecond: ok / result.duration,
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    ok,
    failed: result.non2xx + result.errors + result.timeouts,
    seconds: result.duration,
  };
}

async function person(db: Db, organisationId: string, role: Role, email: string) {
  const added = await withOrganisation(db, organisationId, (tx) =>
    addUser(tx, { organisationId, userId: null, originIp: null }, { email, name: `Bench ${role}`, roles: [role], password: PASSWORD }),
  );
  return added.user.id;
}

/** A minimal, realistic report: a threatening e-mail from a known person. */
function reportBody() {
  return {
    occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
    channel: 'email',
    level: 'threat',
    behaviours: ['threat_of_violence'],
    description: 'E-mail: "Als de motie wordt aangenomen, weet ik je te vinden." (benchmark)',
    perpetrator: { kind: 'person' },
  };
}

/**
 * The same rows a report writes for incident, affected person and access, as one SQL
 * statement per report: the limit of the database for this work.
 */
async function sqlIntake(
  admin: pg.Client,
  connectionString: string,
  organisationId: string,
  reporterIds: string[],
  handlers: [string, string][],
): Promise<Measured & { waits: Waits }> {
  const pool = new pg.Pool({ connectionString, max: SETTINGS.poolSize });
  const body = reportBody();
  const text = `
    WITH n AS (
      INSERT INTO organisation_counter (organisation_id, name, value) VALUES ($1, 'incident', 1)
      ON CONFLICT (organisation_id, name) DO UPDATE SET value = organisation_counter.value + 1
      RETURNING value
    ), i AS (
      INSERT INTO incident (organisation_id, number, status, level, channel, behaviours, occurred_at, description,
        targets, perpetrator_kind, reporter_id, reported_at)
      SELECT $1, n.value, 'reported', $3, $4, $5::text[], $6, $7, '{self}', 'person', $2, now() FROM n
      RETURNING id, occurred_at
    ), affected AS (
      INSERT INTO incident_affected (organisation_id, incident_id, user_id) SELECT $1, id, $2 FROM i
    ), access AS (
      INSERT INTO incident_access (organisation_id, incident_id, user_id, reason, granted_by, occurred_at)
      SELECT $1, i.id, a.user_id, a.reason, NULL, i.occurred_at FROM i, unnest($8::uuid[], $9::text[]) AS a(user_id, reason)
    )
    SELECT id FROM i`;
  const paramsOf = (reporterId: string) => {
    const access = [[reporterId, 'reporter'], ...handlers];
    return [
      organisationId,
      reporterId,
      body.level,
      body.channel,
      body.behaviours,
      body.occurredAt,
      body.description,
      access.map((a) => a[0]),
      access.map((a) => a[1]),
    ];
  };
  const run = async (seconds: number) => {
    const latencies: number[] = [];
    let failed = 0;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: SETTINGS.sqlLoops }, async (_, loop) => {
        const params = paramsOf(reporterIds[loop % reporterIds.length]!);
        while (performance.now() < deadline) {
          const t0 = performance.now();
          try {
            await pool.query(text, params);
            latencies.push(performance.now() - t0);
          } catch {
            failed++;
          }
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      perSecond: latencies.length / elapsed,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      ok: latencies.length,
      failed,
      seconds: elapsed,
    };
  };
  try {
    await run(SETTINGS.warmupSeconds);
    await waitIdle(admin);
    const stop = sampleWaits(admin);
    const result = await run(SETTINGS.intakeSeconds);
    return { ...result, waits: await stop() };
  } finally {
    await pool.end();
  }
}

async function main() {
  const startedAt = new Date();
  const loadAtStart = os.loadavg()[0]!;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-bench-'));
  let embedded: EmbeddedServer | undefined;
  let db: Db | undefined;
  let app: Awaited<ReturnType<typeof buildServer>> | undefined;
  let admin: pg.Client | undefined;
  try {
    log(`Starting PostgreSQL in ${dir} …`);
    embedded = await startEmbedded(dir);
    // A connection of its own for watching the database, outside the server's pool.
    admin = new pg.Client({ connectionString: embedded.connectionString });
    await admin.connect();
    db = createDb(embedded.connectionString, SETTINGS.poolSize);
    await migrateToLatest(db);
    const pgSettings = await sql<{
      version: string;
      sharedBuffers: string;
      maxConnections: string;
      synchronousCommit: string;
      fsync: string;
      workMem: string;
    }>`
      SELECT version() AS version, current_setting('shared_buffers') AS shared_buffers, current_setting('max_connections') AS max_connections,
        current_setting('synchronous_commit') AS synchronous_commit, current_setting('fsync') AS fsync, current_setting('work_mem') AS work_mem`.execute(
      db,
    );
    const pgInfo = pgSettings.rows[0]!;

    // Logging as in production (info, one line per request), to /dev/null.
    const logger = pino({ level: 'info', base: { service: 'weerbaar' } }, pino.destination({ dest: os.devNull, sync: false }));
    app = await buildServer({ db, logger, evidenceStore: localEvidenceStore(path.join(dir, 'evidence')) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

    // BENCH_INSIGHT_ONLY=1: f) only, written into its own section of the results.
    if (process.env.BENCH_INSIGHT_ONLY === '1') {
      await runInsight(db, admin, embedded.connectionString, base, dir);
      return;
    }

    // --- a) report intake: 50 council members reporting at once, each with their own token ---------
    const intake = await withoutOrganisation(db, (tx) => createOrganisation(tx, { name: 'Gemeente Bench', slug: 'bench-intake' }));
    const actor = { organisationId: intake.id, userId: null, originIp: null };
    const clerkId = await person(db, intake.id, 'clerk', 'griffier@bench.invalid');
    const mayorId = await person(db, intake.id, 'mayor', 'burgemeester@bench.invalid');
    await person(db, intake.id, 'municipal_secretary', 'secretaris@bench.invalid');
    const adviserId = await person(db, intake.id, 'security_adviser', 'adviseur@bench.invalid');
    await person(db, intake.id, 'alderman', 'wethouder@bench.invalid');
    await insertPeople(db, { organisationId: intake.id, count: SETTINGS.intakeEmployees, role: 'employee', prefix: 'intake-medewerker' });
    const reporters = await insertPeople(db, {
      organisationId: intake.id,
      count: SETTINGS.intakeConnections,
      role: 'council_member',
      prefix: 'raadslid',
    });
    const reporterTokens: string[] = [];
    for (const r of reporters)
      reporterTokens.push((await withOrganisation(db, intake.id, (tx) => createApiToken(tx, actor, r.email))).token);
    const body = JSON.stringify(reportBody());
    const probe = await fetch(`${base}/api/v1/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${reporterTokens[0]}`, 'content-type': 'application/json' },
      body,
    });
    if (probe.status !== 201) throw new Error(`POST /api/v1/incidents answered ${probe.status}: ${await probe.text()}`);

    const intakeOptions = {
      url: `${base}/api/v1/incidents`,
      method: 'POST' as const,
      body,
      connections: SETTINGS.intakeConnections,
      setupClient: await perConnection(
        dir,
        'intake',
        reporterTokens.map((t) => ({ authorization: `Bearer ${t}`, 'content-type': 'application/json' })),
      ),
    };
    log(
      `a) intake: warm-up ${SETTINGS.warmupSeconds} s, then ${SETTINGS.intakeSeconds} s with ${SETTINGS.intakeConnections} connections …`,
    );
    await cannon(admin, { ...intakeOptions, duration: SETTINGS.warmupSeconds });
    await waitIdle(admin);
    const stopSampling = sampleWaits(admin);
    const stopProfile = await startProfile();
    const apiIntake = { ...(await cannon(admin, { ...intakeOptions, duration: SETTINGS.intakeSeconds })), waits: await stopSampling() };
    const intakeProfile = await stopProfile();
    log(
      `   API: ${apiIntake.perSecond.toFixed(1)} reports/s, p50 ${apiIntake.p50} ms, p99 ${apiIntake.p99} ms, ${apiIntake.failed} failed`,
    );
    const intakeRows = await sql<{
      incidents: number;
    }>`SELECT count(*)::int AS incidents FROM incident WHERE organisation_id = ${intake.id}`.execute(db);
    await waitIdle(admin);

    // The access rows the domain writes for such a report: reporter (also affected), clerk and mayor (routed), adviser.
    log(`   SQL: ${SETTINGS.sqlLoops} loops on a pool of ${SETTINGS.poolSize} …`);
    const sqlResult = await sqlIntake(
      admin,
      embedded.connectionString,
      intake.id,
      reporters.map((r) => r.id),
      [
        [clerkId, 'routed'],
        [mayorId, 'routed'],
        [adviserId, 'always_inform'],
      ],
    );
    log(`   SQL: ${sqlResult.perSecond.toFixed(0)} reports/s, p50 ${ms(sqlResult.p50)} ms, p99 ${ms(sqlResult.p99)} ms`);

    // --- c) one request at a time: statements and transactions; the incident page under load ----
    log('c) one report and one incident page: statements, transactions; the page under load …');
    const oneRequest = await measureOneRequest({
      db,
      base,
      organisationId: intake.id,
      adviserId,
      reporterToken: reporterTokens[1]!,
      body,
      load: (options) => cannon(admin!, options),
      perConnection: (name, headers) => perConnection(dir, name, headers),
      warmupSeconds: SETTINGS.warmupSeconds,
      seconds: SETTINGS.listSeconds,
    });
    log(
      `   report: ${oneRequest.report.statements} statements in ${oneRequest.report.transactions} transactions; page: ${oneRequest.page.statements} in ${oneRequest.page.transactions}; page under load p99 ${oneRequest.pageLoad.p99} ms`,
    );
    const measured: Baseline = {
      commit: process.env.BENCH_COMMIT ?? 'this working tree',
      measuredAt: startedAt.toISOString(),
      intake: {
        perSecond: apiIntake.perSecond,
        p50: apiIntake.p50,
        p99: apiIntake.p99,
        sqlPerSecond: sqlResult.perSecond,
        idleInTransaction: shareOf(apiIntake.waits, IDLE_IN_TRANSACTION),
      },
      oneRequest,
    };
    if (process.env.BENCH_JSON)
      await fs.writeFile(process.env.BENCH_JSON, JSON.stringify({ ...measured, profile: intakeProfile }, null, 2));
    const baseline = await readBaseline(process.env.BENCH_BASELINE);

    // BENCH_INTAKE_ONLY=1: a) and c) only (to measure a baseline commit, or to profile).
    if (process.env.BENCH_INTAKE_ONLY === '1') {
      log(`Intake only: ${JSON.stringify(measured.intake)}`);
      return;
    }

    // --- b) the incident list for a handler who sees 10,000 and then 100,000 incidents ----------
    const list = await withoutOrganisation(db, (tx) => createOrganisation(tx, { name: 'Gemeente Lijst', slug: 'bench-list' }));
    const handlerId = await person(db, list.id, 'security_adviser', 'adviseur@lijst.bench.invalid');
    const routed = [
      ...(await insertPeople(db, { organisationId: list.id, count: 1, role: 'clerk', prefix: 'lijst-griffier' })),
      ...(await insertPeople(db, { organisationId: list.id, count: 1, role: 'mayor', prefix: 'lijst-burgemeester' })),
      ...(await insertPeople(db, { organisationId: list.id, count: 1, role: 'municipal_secretary', prefix: 'lijst-secretaris' })),
    ].map((p) => p.id);
    const listReporters = (
      await insertPeople(db, { organisationId: list.id, count: SETTINGS.listReporters, role: 'employee', prefix: 'lijst-medewerker' })
    ).map((p) => p.id);
    // The handler's own API tokens and signed-in sessions (stage complete, as after the second factor), one per connection.
    const handlerTokens: string[] = [];
    const sessionTokens: string[] = [];
    for (let i = 0; i < SETTINGS.listConnections; i++) {
      handlerTokens.push(
        (
          await withOrganisation(db, list.id, (tx) =>
            createApiToken(tx, { organisationId: list.id, userId: null, originIp: null }, 'adviseur@lijst.bench.invalid'),
          )
        ).token,
      );
      const sessionToken = randomBytes(32).toString('base64url');
      await withOrganisation(db, list.id, (tx) =>
        insertSession(tx, {
          organisationId: list.id,
          userId: handlerId,
          tokenHash: hashToken(sessionToken),
          csrfToken: randomBytes(24).toString('base64url'),
          stage: 'complete',
        }),
      );
      sessionTokens.push(sessionToken);
    }

    const apiList = {
      url: `${base}/api/v1/incidents?limit=${SETTINGS.listLimit}`,
      connections: SETTINGS.listConnections,
      setupClient: await perConnection(
        dir,
        'list-api',
        handlerTokens.map((t) => ({ authorization: `Bearer ${t}` })),
      ),
    };
    const pageList = {
      url: `${base}/incidents`,
      connections: SETTINGS.listConnections,
      setupClient: await perConnection(
        dir,
        'list-page',
        sessionTokens.map((t) => ({ cookie: `${SESSION_COOKIE}=${t}` })),
      ),
    };
    const listRuns: ListRun[] = [];
    let inserted = 0;
    for (const size of SETTINGS.sizes) {
      log(`b) list: inserting ${size - inserted} incidents …`);
      const seeded = await insertIncidents(db, {
        organisationId: list.id,
        count: size - inserted,
        reporterIds: listReporters,
        routedIds: routed,
        alwaysInformIds: [handlerId],
        seed: size,
      });
      inserted = size;
      await sql`ANALYZE incident, incident_access, incident_affected`.execute(db);
      const apiProbe = await fetch(apiList.url, { headers: { authorization: `Bearer ${handlerTokens[0]}` } });
      const seen = ((await apiProbe.json()) as { data?: unknown[] }).data?.length;
      if (apiProbe.status !== 200 || seen !== SETTINGS.listLimit)
        throw new Error(`GET /api/v1/incidents answered ${apiProbe.status} with ${seen} rows`);
      const pageProbe = await fetch(pageList.url, { headers: { cookie: `${SESSION_COOKIE}=${sessionTokens[0]}` }, redirect: 'manual' });
      const pageAvailable = pageProbe.status === 200;
      if (!pageAvailable && pageProbe.status !== 404) throw new Error(`GET /incidents answered ${pageProbe.status}`);

      log(`   ${size} visible: GET /api/v1/incidents, ${SETTINGS.listSeconds} s with ${SETTINGS.listConnections} connections …`);
      await cannon(admin, { ...apiList, duration: SETTINGS.warmupSeconds });
      const api = await cannon(admin, { ...apiList, duration: SETTINGS.listSeconds });
      log(`   API: p50 ${api.p50} ms, p99 ${api.p99} ms, ${api.perSecond.toFixed(0)} req/s`);
      let page: Measured | 'n/a' = 'n/a';
      if (pageAvailable) {
        await cannon(admin, { ...pageList, duration: SETTINGS.warmupSeconds });
        page = await cannon(admin, { ...pageList, duration: SETTINGS.listSeconds });
        log(`   page: p50 ${page.p50} ms, p99 ${page.p99} ms, ${page.perSecond.toFixed(0)} req/s`);
      } else {
        log('   page: /incidents answered 404, n/a');
      }
      const query = await listQueryAlone(db, admin, list.id, handlerId);
      log(
        `   query alone: p50 ${ms(query.p50)} ms, p99 ${ms(query.p99)} ms; ${query.buffers} buffers, ${ms(query.executionMs)} ms in PostgreSQL`,
      );
      listRuns.push({ size, seeded: seeded.ms, api, page, query });
    }

    const counts = await sql<{ incidents: string; access: string }>`
      SELECT (SELECT count(*) FROM incident) AS incidents, (SELECT count(*) FROM incident_access) AS access`.execute(db);
    await writeResults({
      oneRequest,
      measured,
      baseline,
      intakeProfile,
      startedAt,
      loadAtStart,
      pgInfo,
      apiIntake,
      sqlResult,
      intakeIncidents: intakeRows.rows[0]!.incidents,
      listRuns,
      totals: counts.rows[0]!,
      finishedAt: new Date(),
    });
    log(`Written to ${path.relative(process.cwd(), RESULTS)}`);
    // Last, so its million incidents do not weigh on the measurements above.
    await runInsight(db, admin, embedded.connectionString, base, dir);
  } finally {
    await app?.close().catch(() => undefined);
    await admin?.end().catch(() => undefined);
    await db?.destroy().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** f) insight, measured and written into its section of the results file. */
async function runInsight(db: Db, admin: pg.Client, connectionString: string, base: string, dir: string) {
  const result = await measureInsight({
    db,
    admin,
    connectionString,
    settings: INSIGHT,
    log,
    http: async (org) => {
      const sessions: string[] = [];
      for (let i = 0; i < SETTINGS.listConnections; i++) {
        const token = randomBytes(32).toString('base64url');
        await withOrganisation(db, org.id, (tx) =>
          insertSession(tx, {
            organisationId: org.id,
            userId: org.adviserId,
            tokenHash: hashToken(token),
            csrfToken: randomBytes(24).toString('base64url'),
            stage: 'complete',
          }),
        );
        sessions.push(token);
      }
      const setupClient = await perConnection(
        dir,
        'insight',
        sessions.map((t) => ({ cookie: `${SESSION_COOKIE}=${t}` })),
      );
      return {
        get: async (url) =>
          (await fetch(`${base}${url}`, { headers: { cookie: `${SESSION_COOKIE}=${sessions[0]}` }, redirect: 'manual' })).status,
        load: async (url) => {
          const options = { url: `${base}${url}`, connections: SETTINGS.listConnections, setupClient };
          await cannon(admin, { ...options, duration: SETTINGS.warmupSeconds });
          const m = await cannon(admin, { ...options, duration: SETTINGS.listSeconds });
          return { p50: m.p50, p97_5: m.p97_5 ?? NaN, p99: m.p99, perSecond: m.perSecond };
        },
      };
    },
  });
  await writeInsightSection(RESULTS, insightLines(result));
  log(`Insight written to ${path.relative(process.cwd(), RESULTS)}`);
}

interface QueryAlone {
  p50: number;
  p99: number;
  /** Shared buffers the query touched (hit + read), from EXPLAIN (ANALYZE, BUFFERS). */
  buffers: number;
  executionMs: number;
}

interface ListRun {
  size: number;
  seeded: number;
  api: Measured;
  page: Measured | 'n/a';
  query: QueryAlone;
}

const QUERY_RUNS = 300;

/**
 * The list's database work on its own, without HTTP or other load: the domain's listVisible
 * (first page, no filter) in its row-level-security transaction, one call after another, and
 * what PostgreSQL says it touched for the same query.
 */
async function listQueryAlone(db: Db, admin: pg.Client, organisationId: string, userId: string): Promise<QueryAlone> {
  await waitIdle(admin);
  const times: number[] = [];
  for (let i = 0; i < QUERY_RUNS; i++) {
    const t0 = performance.now();
    await withOrganisation(db, organisationId, (tx) => listVisible(tx, userId, { limit: SETTINGS.listLimit, mine: false }, undefined));
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  await admin.query('BEGIN');
  try {
    await admin.query('SET LOCAL ROLE weerbaar_app');
    await admin.query(`SELECT set_config('app.organisation_id', $1, true)`, [organisationId]);
    // The statement listVisible sends for a first page without filters.
    const { rows } = await admin.query<{ 'QUERY PLAN': [{ Plan: Record<string, number>; 'Execution Time': number }] }>(
      `
      EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)
      SELECT i.id, i.number, i.status, i.level, i.channel, i.occurred_at, i.reported_at, a.reason
      FROM incident_access a JOIN incident i ON i.organisation_id = a.organisation_id AND i.id = a.incident_id
      WHERE a.user_id = $1 AND (i.status <> 'draft' OR a.reason = 'reporter')
      ORDER BY a.occurred_at DESC, a.incident_id DESC LIMIT $2`,
      [userId, SETTINGS.listLimit],
    );
    const plan = rows[0]!['QUERY PLAN'][0];
    return {
      p50: percentile(times, 50),
      p99: percentile(times, 99),
      buffers: (plan.Plan['Shared Hit Blocks'] ?? 0) + (plan.Plan['Shared Read Blocks'] ?? 0),
      executionMs: plan['Execution Time'],
    };
  } finally {
    await admin.query('ROLLBACK');
  }
}

interface Report {
  oneRequest: OneRequest;
  measured: Baseline;
  baseline: Baseline | undefined;
  intakeProfile: ProfileSummary;
  startedAt: Date;
  loadAtStart: number;
  finishedAt: Date;
  pgInfo: { version: string; sharedBuffers: string; maxConnections: string; synchronousCommit: string; fsync: string; workMem: string };
  apiIntake: Measured & { waits: Waits };
  sqlResult: Measured & { waits: Waits };
  /** Incidents in the intake organisation after the API run (probe, warm-up and run). */
  intakeIncidents: number;
  listRuns: ListRun[];
  totals: { incidents: string; access: string };
}

const IDLE_IN_TRANSACTION = 'in transaction, waiting for the application';

/** The share (%) of a run's connection-samples in one state. */
function shareOf(w: Waits, key: string): number {
  const total = w.counts.reduce((sum, [, n]) => sum + n, 0);
  const n = w.counts.find(([k]) => k === key)?.[1] ?? 0;
  return total > 0 ? (100 * n) / total : 0;
}

/** The most frequent states of either run, as percentages of each run's connection-samples. */
function waitRows(api: Waits, direct: Waits): string[][] {
  const share = (w: Waits, key: string) => (w.counts.length > 0 ? `${shareOf(w, key).toFixed(0)} %` : '–');
  const keys = [...new Set([...api.counts.slice(0, 6), ...direct.counts.slice(0, 4)].map(([k]) => k))];
  return keys.map((k) => [k, share(api, k), share(direct, k)]);
}

async function writeResults(r: Report) {
  const cpus = os.cpus();
  const gib = (bytes: number) => (bytes / 1024 ** 3).toFixed(1);
  const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  const [small, large] = [r.listRuns[0]!, r.listRuns.at(-1)!];
  const pageCells = (m: Measured | 'n/a') => (m === 'n/a' ? ['n/a', 'n/a', 'n/a'] : [ms(m.p50), ms(m.p99), m.perSecond.toFixed(0)]);
  const pageRatio = (key: 'p50' | 'p99') =>
    small.page === 'n/a' || large.page === 'n/a' ? 'n/a' : ratio(large.page[key], small.page[key]);
  const s = SETTINGS;
  const lines = [
    '# Weerbaar benchmark results',
    '',
    `Generated by \`npm run bench\` (src/bench/run.ts) on ${r.startedAt.toISOString()}, took ${Math.round((r.finishedAt.getTime() - r.startedAt.getTime()) / 1000)} s.`,
    '',
    '## Machine and software',
    '',
    `- Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${gib(os.totalmem())} GiB memory, ${os.type()} ${os.release()} (${os.arch()})`,
    `- Load average (1 min) at start ${r.loadAtStart.toFixed(2)}, at the end ${os.loadavg()[0]!.toFixed(2)}: other work on the machine during the run makes the numbers worse and noisier.`,
    `- Node.js ${process.version}; ${r.pgInfo.version.split(' on ')[0]}`,
    `- PostgreSQL: the embedded server in a fresh temporary data directory (removed afterwards), default configuration: shared_buffers=${r.pgInfo.sharedBuffers}, work_mem=${r.pgInfo.workMem}, max_connections=${r.pgInfo.maxConnections}, synchronous_commit=${r.pgInfo.synchronousCommit}, fsync=${r.pgInfo.fsync}`,
    '',
    '## Settings',
    '',
    `- Server: \`buildServer\` (the whole request pipeline: token or session lookup, CSRF check, route, domain, JSON or page), listening on 127.0.0.1, logging at level info to ${os.devNull}, database pool of ${s.poolSize} connections (the default). Load from autocannon in one worker thread of the same process; everything shares the machine's ${cpus.length} cores with PostgreSQL.`,
    `- Every measurement follows a ${s.warmupSeconds} s warm-up with the same settings. Latency is measured by the client, so it includes waiting for a pool connection.`,
    `- a) Intake: \`POST /api/v1/incidents\` for ${s.intakeSeconds} s with ${s.intakeConnections} connections, each a different council member with their own API token (\`createApiToken\`), in one organisation of ${s.intakeEmployees + s.intakeConnections + 5} people; a council member's report is routed to clerk and mayor and the security adviser is always informed. Body: \`${JSON.stringify({ ...reportBody(), occurredAt: '<one hour ago>' })}\`. An accepted report runs the API token lookup (which records the token's last use), the report itself (number, incident, affected person, 4 access rows, 2 timeline events, 3 notifications, 3 outbox mails, an audit row) and the read that answers 201 (another audit row), each in its own transaction.`,
    `- a) SQL limit: the rows that matter for the report (counter, incident, affected person, the same 4 access rows) as one SQL statement per report, as the owner (no row-level security), from ${s.sqlLoops} concurrent async loops on a pg pool of ${s.poolSize}, for ${s.intakeSeconds} s.`,
    `- b) List: a security adviser who sees every incident of an organisation filled by \`insertIncidents\` (src/bench/dataset.ts): ${s.listReporters} reporters, each incident also routed to one of 3 handlers, spread over three years; \`ANALYZE\` after each fill. \`GET /api/v1/incidents?limit=${s.listLimit}\` with an API token and the list page \`GET /incidents\` (first page, ${s.listLimit} rows) with a session cookie, each for ${s.listSeconds} s with ${s.listConnections} connections (each its own token or session). Beside them the database part alone: the domain's \`listVisible\` in its row-level-security transaction, ${QUERY_RUNS} times one after another with nothing else running, and EXPLAIN ANALYZE of its statement. The database also holds the intake organisation's incidents; at the end it had ${r.totals.incidents} incidents and ${r.totals.access} access rows in all.`,
    '',
    '## a) Report intake',
    '',
    row(['path', 'reports/s', 'p50 ms', 'p99 ms', 'reports', 'errors / non-2xx']),
    row(['---', '---:', '---:', '---:', '---:', '---:']),
    row([
      'API `POST /api/v1/incidents`',
      r.apiIntake.perSecond.toFixed(0),
      ms(r.apiIntake.p50),
      ms(r.apiIntake.p99),
      r.apiIntake.ok,
      r.apiIntake.failed,
    ]),
    row([
      'SQL, same rows (the limit)',
      r.sqlResult.perSecond.toFixed(0),
      ms(r.sqlResult.p50),
      ms(r.sqlResult.p99),
      r.sqlResult.ok,
      r.sqlResult.failed,
    ]),
    row([
      'API / SQL',
      ratio(r.apiIntake.perSecond, r.sqlResult.perSecond),
      ratio(r.apiIntake.p50, r.sqlResult.p50),
      ratio(r.apiIntake.p99, r.sqlResult.p99),
      '',
      '',
    ]),
    '',
    `The intake organisation held ${r.intakeIncidents} incidents after the API run (probe, warm-up and measured run, including requests still in flight when a run ended).`,
    '',
    'What the busy database connections were doing during each run (sampled every 50 ms; share of connection-samples; a lock wait names the statement that waits):',
    '',
    row(['state or wait event', 'API run', 'SQL run']),
    row(['---', '---:', '---:']),
    ...waitRows(r.apiIntake.waits, r.sqlResult.waits).map(row),
    '',
    ...oneRequestLines(r),
    '## b) Incident list (first page)',
    '',
    row(['endpoint', 'visible incidents', 'p50 ms', 'p99 ms', 'requests/s']),
    row(['---', '---:', '---:', '---:', '---:']),
    ...r.listRuns.flatMap((run) => [
      row(['API `GET /api/v1/incidents`', run.size.toLocaleString('en'), ms(run.api.p50), ms(run.api.p99), run.api.perSecond.toFixed(0)]),
      row(['page `GET /incidents`', run.size.toLocaleString('en'), ...pageCells(run.page)]),
      row([
        `query alone (\`listVisible\`, ${QUERY_RUNS}× in a row)`,
        run.size.toLocaleString('en'),
        ms(run.query.p50),
        ms(run.query.p99),
        '',
      ]),
    ]),
    '',
    `In PostgreSQL (EXPLAIN ANALYZE of the same statement): ${r.listRuns.map((run) => `${run.size.toLocaleString('en')} visible → ${run.query.buffers} buffers, ${ms(run.query.executionMs)} ms`).join('; ')}.`,
    '',
    row(['endpoint', `p50 ${large.size / 1000}k / ${small.size / 1000}k`, `p99 ${large.size / 1000}k / ${small.size / 1000}k`]),
    row(['---', '---:', '---:']),
    row(['API `GET /api/v1/incidents`', ratio(large.api.p50, small.api.p50), ratio(large.api.p99, small.api.p99)]),
    row(['page `GET /incidents`', pageRatio('p50'), pageRatio('p99')]),
    row(['query alone', ratio(large.query.p50, small.query.p50), ratio(large.query.p99, small.query.p99)]),
    '',
    '## e) Dataset generation',
    '',
    row(['incidents added', 'with access rows', 'seconds']),
    row(['---:', '---:', '---:']),
    ...r.listRuns.map((run, i) => {
      const added = run.size - (i === 0 ? 0 : r.listRuns[i - 1]!.size);
      return row([added.toLocaleString('en'), (added * 3).toLocaleString('en'), (run.seeded / 1000).toFixed(1)]);
    }),
    '',
  ];
  await fs.mkdir(path.dirname(RESULTS), { recursive: true });
  await fs.writeFile(RESULTS, lines.join('\n'));
}

/** c) one request, d) where the intake's time goes, and the comparison with a baseline commit. */
function oneRequestLines(r: Report): string[] {
  const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  const one = r.oneRequest;
  const lines = [
    '## c) One request, alone',
    '',
    'One report through the API (50 in a row) and one incident page for the security adviser (100 in a row), nothing else running; statements counted at the pg client, BEGIN and COMMIT included.',
    '',
    row(['request', 'statements', 'transactions', 'ms (mean, alone)']),
    row(['---', '---:', '---:', '---:']),
    row(['`POST /api/v1/incidents`', one.report.statements.toFixed(1), one.report.transactions.toFixed(1), ms(one.report.meanMs)]),
    row(['`GET /incidents/:id` (page)', one.page.statements.toFixed(1), one.page.transactions.toFixed(1), ms(one.page.meanMs)]),
    '',
    `The incident page under load (10 sessions, ${SETTINGS.listSeconds} s): ${one.pageLoad.perSecond.toFixed(0)} pages/s, p50 ${ms(one.pageLoad.p50)} ms, p99 ${ms(one.pageLoad.p99)} ms, ${one.pageLoad.failed} failed.`,
    '',
    `## d) Where the intake run's time goes (CPU profile of the server's thread, ${r.intakeProfile.seconds.toFixed(1)} s sampled)`,
    '',
    row(['self time', 'function']),
    row(['---:', '---']),
    ...r.intakeProfile.functions.map((f) => row([`${f.percent.toFixed(1)} %`, `\`${f.name}\``])),
    '',
    row(['self time', 'package or module']),
    row(['---:', '---']),
    ...r.intakeProfile.packages.map((f) => row([`${f.percent.toFixed(1)} %`, f.name])),
    '',
  ];
  const before = r.baseline;
  if (!before) return lines;
  const now = r.measured;
  const both = (label: string, a: number, b: number, digits = 1) => row([label, a.toFixed(digits), b.toFixed(digits), ratio(b, a)]);
  return [
    ...lines,
    `## Before and after: ${before.commit} (${before.measuredAt.slice(0, 10)}) against ${now.commit}`,
    '',
    'The same measurements by the same code (src/bench/one-request.ts, profile.ts) on both commits, one after the other on this machine.',
    '',
    row(['measure', 'before', 'after', 'after / before']),
    row(['---', '---:', '---:', '---:']),
    both('intake, reports/s (API)', before.intake.perSecond, now.intake.perSecond),
    both('intake, reports/s (SQL, the limit)', before.intake.sqlPerSecond, now.intake.sqlPerSecond),
    row([
      'intake, API / SQL',
      ratio(before.intake.perSecond, before.intake.sqlPerSecond),
      ratio(now.intake.perSecond, now.intake.sqlPerSecond),
      '',
    ]),
    both('intake, p99 ms', before.intake.p99, now.intake.p99, 0),
    both('intake, connections idle in transaction (%)', before.intake.idleInTransaction, now.intake.idleInTransaction, 0),
    both('one report: statements', before.oneRequest.report.statements, now.oneRequest.report.statements),
    both('one report: transactions', before.oneRequest.report.transactions, now.oneRequest.report.transactions),
    both('one report: ms alone', before.oneRequest.report.meanMs, now.oneRequest.report.meanMs),
    both('incident page: statements', before.oneRequest.page.statements, now.oneRequest.page.statements),
    both('incident page: transactions', before.oneRequest.page.transactions, now.oneRequest.page.transactions),
    both('incident page: ms alone', before.oneRequest.page.meanMs, now.oneRequest.page.meanMs),
    both('incident page under load: pages/s', before.oneRequest.pageLoad.perSecond, now.oneRequest.pageLoad.perSecond, 0),
    both('incident page under load: p99 ms', before.oneRequest.pageLoad.p99, now.oneRequest.pageLoad.p99, 0),
    '',
    ...(before.profile
      ? [
          `The CPU profile of the intake run before (${before.profile.seconds.toFixed(1)} s sampled), for comparison with d):`,
          '',
          row(['self time', 'function']),
          row(['---:', '---']),
          ...before.profile.functions.map((f) => row([`${f.percent.toFixed(1)} %`, `\`${f.name}\``])),
          '',
        ]
      : []),
  ];
}

await main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
