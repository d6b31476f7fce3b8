import fs from 'node:fs/promises';
import os from 'node:os';
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { sql } from 'kysely';
import { withOrganisation, withoutOrganisation, type Db } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { SignedIn } from '../domain/auth/session.js';
import { benchmarkFor } from '../domain/insight/benchmark-figures.js';
import { refreshFigures } from '../domain/insight/benchmark.repository.js';
import { figuresFor, liveFiguresFor } from '../domain/insight/figures.js';
import { refreshDays } from '../domain/insight/insight-summary.repository.js';
import type { InsightFilter } from '../domain/insight/insight.js';
import { runBenchmarkRefresh } from '../jobs/benchmark-refresh.js';
import { amsterdamToday } from '../time/amsterdam.js';
import { fillInsightDataset, type FilledOrganisation, type InsightDataset } from './insight-dataset.js';

/**
 * f) Insight at the scale of the issue: 342 organisations, 1,000,000 incidents. The dashboard's
 * figures (figuresFor) for the security adviser of the largest, a large and a typical
 * organisation, each statement with EXPLAIN ANALYZE beside it; the benchmark page's read; the
 * daily count; and what a live count across organisations would cost instead (ADR 0003).
 */

export interface InsightSettings {
  organisations: number;
  incidents: number;
  runs: number;
}

interface Timing {
  p50: number;
  p95: number;
  runs: number;
}

interface Explained {
  what: string;
  executionMs: number;
  buffers: number;
  top: string;
}

export interface HttpTiming {
  p50: number;
  p97_5: number;
  p99: number;
  perSecond: number;
}

interface ViewerRun {
  label: string;
  rank: number;
  /** Incidents the adviser sees in the measured year. */
  visible: number;
  /** Every day of the period stored in the day summary. */
  figures: Timing;
  /** Today counted live beside the stored days (as between the refresher's rounds during intake). */
  todayLive: Timing;
  /** Everything counted live over the adviser's visible set (the path of viewers who see part, and of filters). */
  live: Timing;
  explained: Explained[];
}

export interface InsightResult {
  settings: InsightSettings;
  dataset: InsightDataset;
  year: number;
  viewers: ViewerRun[];
  benchmarkPage: Timing;
  benchmarkGroup: Explained;
  dailyCount: { ms: number; rows: number };
  summaryFill: { ms: number; days: number };
  /** Sequential GETs (one at a time) of what is heavy once: the council report PDF, a year's export. */
  documents: { url: string; status: number; timing?: Timing }[];
  liveYear: { ms: number };
  http: { url: string; status: number; timing?: HttpTiming }[];
  loadAtStart: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function time(runs: number, fn: () => Promise<unknown>): Promise<Timing> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), runs };
}

const signedIn = (org: FilledOrganisation): SignedIn => ({
  user: {
    id: org.adviserId,
    organisationId: org.id,
    email: 'adviseur@bench.invalid',
    name: 'Bench adviser',
    roles: ['security_adviser'],
    active: true,
    secondFactorEnrolled: true,
    mustChangePassword: false,
    createdAt: new Date(),
    deactivatedAt: null,
    managerId: null,
  },
  organisation: { id: org.id, name: `Bench ${org.rank}`, slug: `bench-g-${org.rank}`, mfaForEmployees: false },
  stage: 'complete',
  originIp: null,
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
}

/** EXPLAIN (ANALYZE, BUFFERS) of one statement as the program sends it: as weerbaar_app, in the organisation. */
async function explain(
  admin: pg.Client,
  organisationId: string,
  what: string,
  text: string,
  params: readonly unknown[],
): Promise<Explained> {
  await admin.query('BEGIN');
  try {
    await admin.query(`SELECT set_config('role', 'weerbaar_app', true), set_config('app.organisation_id', $1, true)`, [organisationId]);
    const { rows } = await admin.query<{ 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${text}`,
      params as unknown[],
    );
    const plan = rows[0]!['QUERY PLAN'][0];
    return {
      what,
      executionMs: plan['Execution Time'],
      buffers: (plan.Plan['Shared Hit Blocks'] ?? 0) + (plan.Plan['Shared Read Blocks'] ?? 0),
      top: plan.Plan['Node Type'],
    };
  } finally {
    await admin.query('ROLLBACK');
  }
}

/** The statements figuresFor sends, caught from a Kysely of its own that logs them. */
async function statementsOf(connectionString: string, org: FilledOrganisation, filter: InsightFilter, now: Date) {
  const caught: { sql: string; parameters: readonly unknown[] }[] = [];
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString, max: 1 }) }),
    plugins: [new CamelCasePlugin()],
    log: (event) => {
      if (event.level === 'query' && !/set_config|^\s*(begin|commit|rollback)\b/i.test(event.query.sql))
        caught.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  try {
    await withOrganisation(db, org.id, (tx) => figuresFor(tx, signedIn(org), filter, now));
  } finally {
    await db.destroy();
  }
  return caught;
}

export async function measureInsight(options: {
  db: Db;
  admin: pg.Client;
  connectionString: string;
  settings: InsightSettings;
  log: (line: string) => void;
  /** GET with the adviser's session, for the pages and the API when they exist. */
  http?: (org: FilledOrganisation) => Promise<{ get: (url: string) => Promise<number>; load: (url: string) => Promise<HttpTiming> }>;
}): Promise<InsightResult> {
  const { db, admin, settings, log } = options;
  const now = new Date();
  const year = Number(amsterdamToday(now).slice(0, 4));
  log(`f) insight: filling ${settings.organisations} organisations with ${settings.incidents.toLocaleString('en')} incidents …`);
  const dataset = await fillInsightDataset(db, { organisations: settings.organisations, incidents: settings.incidents, now });
  log(
    `   filled in ${Object.values(dataset.seconds)
      .reduce((a, b) => a + b, 0)
      .toFixed(0)} s: ${JSON.stringify(dataset.rows)}; ${JSON.stringify(dataset.seconds)}`,
  );

  // The fill writes with triggers off (session_replication_role): the day summary is counted
  // here, every day of every organisation, as the refresher would after a migration.
  log('   counting the day summary of every organisation …');
  const ts = performance.now();
  let summarisedDays = 0;
  for (const org of dataset.organisations) {
    summarisedDays += await withOrganisation(db, org.id, async (tx) => {
      const { rows } = await sql<{ day: string }>`
        SELECT DISTINCT (occurred_at AT TIME ZONE 'Europe/Amsterdam')::date::text AS day FROM incident WHERE organisation_id = ${org.id}`.execute(
        tx,
      );
      return (
        await refreshDays(
          tx,
          rows.map((r) => r.day),
        )
      ).length;
    });
  }
  await sql`ANALYZE insight_day_count, insight_day_link, insight_day_ban, insight_day_duty, insight_day_dirty`.execute(db);
  const summaryFill = { ms: performance.now() - ts, days: summarisedDays };
  log(`   day summary: ${summarisedDays} days in ${(summaryFill.ms / 1000).toFixed(0)} s`);

  // The dashboard measures the twelve months up to today, so every adviser sees a full year's incidents.
  const loadAtStart = os.loadavg()[0]!;
  const from = amsterdamToday(new Date(now.getTime() - 365 * 86_400_000));
  const filter: InsightFilter = { from, to: amsterdamToday(now) };
  const picks: [string, number][] = [
    ['largest', 1],
    ['large (10th)', 10],
    ['typical (median)', Math.ceil(settings.organisations / 2)],
  ];
  const viewers: ViewerRun[] = [];
  for (const [label, rank] of picks) {
    const org = dataset.organisations[rank - 1]!;
    const figures = await time(settings.runs, () => withOrganisation(db, org.id, (tx) => figuresFor(tx, signedIn(org), filter, now)));
    const visible = (await withOrganisation(db, org.id, (tx) => figuresFor(tx, signedIn(org), filter, now))).total;
    const live = await time(Math.min(settings.runs, 10), () =>
      withOrganisation(db, org.id, (tx) => liveFiguresFor(tx, signedIn(org), filter, now)),
    );
    // Today queued, as a report does: today is counted live until the refresher's next round.
    await withOrganisation(db, org.id, (tx) =>
      sql`INSERT INTO insight_day_dirty (organisation_id, day) VALUES (${org.id}, ${amsterdamToday(now)}::date) ON CONFLICT DO NOTHING`.execute(
        tx,
      ),
    );
    const todayLive = await time(settings.runs, () => withOrganisation(db, org.id, (tx) => figuresFor(tx, signedIn(org), filter, now)));
    await withOrganisation(db, org.id, (tx) => refreshDays(tx, [amsterdamToday(now)]));
    const statements = await statementsOf(options.connectionString, org, filter, now);
    const names = ['figures'];
    const explained: Explained[] = [];
    for (const [i, s] of statements.entries())
      explained.push(await explain(admin, org.id, names[i] ?? `statement ${i + 1}`, s.sql, s.parameters));
    log(
      `   dashboard figures, ${label} (${visible} incidents in the year): p50 ${figures.p50.toFixed(1)} ms, p95 ${figures.p95.toFixed(1)} ms; today live p95 ${todayLive.p95.toFixed(1)} ms; all live p95 ${live.p95.toFixed(1)} ms; ${explained.map((e) => `${e.what} ${e.executionMs.toFixed(1)} ms`).join(', ')}`,
    );
    viewers.push({ label, rank, visible, figures, todayLive, live, explained });
  }

  log('   the daily benchmark count (5 years, every participant) …');
  const t0 = performance.now();
  const rows = await runBenchmarkRefresh(db, now);
  const dailyCount = { ms: performance.now() - t0, rows };
  // A live benchmark would count the year across organisations on each view: the same work for one year, written nowhere.
  const t1 = performance.now();
  const rolledBack = new Error('rolled back on purpose');
  await withoutOrganisation(db, async (tx) => {
    await refreshFigures(tx, { from: year, to: year }, now, null);
    throw rolledBack;
  }).catch((error: unknown) => {
    if (error !== rolledBack) throw error;
  });
  const liveYear = { ms: performance.now() - t1 };
  log(`   daily count ${dailyCount.ms.toFixed(0)} ms (${rows} rows); one year live ${liveYear.ms.toFixed(0)} ms`);

  const largest = dataset.organisations[0]!;
  const benchmarkPage = await time(settings.runs * 3, () =>
    withOrganisation(db, largest.id, (tx) => benchmarkFor(tx, signedIn(largest), year)),
  );
  const benchmarkGroup = await explain(admin, largest.id, 'app_benchmark_group', 'SELECT * FROM app_benchmark_group($1, 5)', [year]);
  log(`   benchmark page read: p50 ${benchmarkPage.p50.toFixed(2)} ms, p95 ${benchmarkPage.p95.toFixed(2)} ms`);

  const http: InsightResult['http'] = [];
  const documents: InsightResult['documents'] = [];
  if (options.http) {
    const client = await options.http(largest);
    for (const url of [
      `/insight/council/${year - 1}.pdf`,
      `/api/v1/exports/incidents.csv?from=${year - 1}-01-01&to=${year - 1}-12-31`,
      `/api/v1/exports/incidents.xlsx?from=${year - 1}-01-01&to=${year - 1}-12-31`,
    ]) {
      const status = await client.get(url);
      const entry: InsightResult['documents'][number] = { url, status };
      if (status === 200) entry.timing = await time(5, () => client.get(url));
      log(
        `   GET ${url}: ${status}${entry.timing ? `, p50 ${entry.timing.p50.toFixed(0)} ms, slowest ${entry.timing.p95.toFixed(0)} ms` : ''}`,
      );
      documents.push(entry);
    }
    for (const url of [
      `/insight/benchmark?year=${year}`,
      `/insight?from=${filter.from}&to=${filter.to}`,
      `/api/v1/statistics?from=${filter.from}&to=${filter.to}&by=level`,
    ]) {
      const status = await client.get(url);
      const entry: InsightResult['http'][number] = { url, status };
      if (status === 200) entry.timing = await client.load(url);
      log(
        `   GET ${url}: ${status}${entry.timing ? `, p50 ${entry.timing.p50} ms, p97.5 ${entry.timing.p97_5} ms, ${entry.timing.perSecond.toFixed(0)}/s` : ' (not measured)'}`,
      );
      http.push(entry);
    }
  }
  return {
    settings,
    dataset,
    year,
    viewers,
    benchmarkPage,
    benchmarkGroup,
    dailyCount,
    summaryFill,
    documents,
    liveYear,
    http,
    loadAtStart,
  };
}

const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;

export const INSIGHT_HEADING = '## f) Insight: 342 organisations, 1,000,000 incidents';

export function insightLines(r: InsightResult): string[] {
  const fill = Object.values(r.dataset.seconds).reduce((a, b) => a + b, 0);
  const sizes = r.dataset.organisations.map((o) => o.incidents);
  return [
    r.settings.organisations === 342 && r.settings.incidents === 1_000_000
      ? INSIGHT_HEADING
      : `${INSIGHT_HEADING} (quick run: ${r.settings.organisations} organisations, ${r.settings.incidents.toLocaleString('en')} incidents)`,
    '',
    `Generated by \`npm run bench\` (src/bench/insight.ts; alone with \`BENCH_INSIGHT_ONLY=1\`) on ${new Date().toISOString()}; load average (1 min) ${r.loadAtStart.toFixed(2)} when the measurements began, ${os.loadavg()[0]!.toFixed(2)} at the end, on ${os.cpus().length} cores: other work on the machine slows every number below.`,
    '',
    `One installation filled by \`fillInsightDataset\` (src/bench/insight-dataset.ts) in ${fill.toFixed(0)} s: ${r.settings.organisations} municipalities sized by rank (the n-th largest has 1/n of the largest's incidents: ${sizes[0]!.toLocaleString('en')}, ${sizes[9]?.toLocaleString('en')} for the 10th, ${sizes[Math.ceil(sizes.length / 2) - 1]?.toLocaleString('en')} for the median, ${sizes.at(-1)!.toLocaleString('en')} for the smallest, over three years), with access rows as routing makes them (reporter and affected, one routed handler, the security adviser always informed), police reports (1 in 12), measures (1 in 8), damages (1 in 50), two deadlines per incident, and benchmark profiles (6 in 7 take part). Rows: ${Object.entries(
      r.dataset.rows,
    )
      .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
      .join(', ')}. Fill times: ${Object.entries(r.dataset.seconds)
      .map(([k, v]) => `${k} ${v.toFixed(0)} s`)
      .join(', ')}.`,
    '',
    `### Dashboard figures (\`figuresFor\`, the twelve months up to today, as the security adviser in the organisation's row-level-security transaction; ${r.settings.runs} calls one after another after one warm-up, nothing else running)`,
    '',
    `The day summary (migration 0011, ADR 0003) was counted for every organisation after the fill: ${r.summaryFill.days.toLocaleString('en')} days in ${(r.summaryFill.ms / 1000).toFixed(0)} s. "Stored": every day of the period from the summary; "today live": today queued, as after a report until the refresher's next round; "all live": the whole visible set counted per request, as for a viewer who sees part of the organisation or a filtered view.`,
    '',
    row([
      'organisation',
      'incidents in the period',
      'stored p50 ms',
      'stored p95 ms',
      'today live p95 ms',
      'all live p50 ms',
      'all live p95 ms',
      'the one statement (PG ms / buffers)',
    ]),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
    ...r.viewers.map((v) =>
      row([
        `${v.label}, rank ${v.rank}`,
        v.visible.toLocaleString('en'),
        ms(v.figures.p50),
        ms(v.figures.p95),
        ms(v.todayLive.p95),
        ms(v.live.p50),
        ms(v.live.p95),
        ...['figures'].map((name) => {
          const e = v.explained.find((x) => x.what === name);
          return e ? `${ms(e.executionMs)} / ${e.buffers}` : 'n/a';
        }),
      ]),
    ),
    '',
    'PG ms and buffers: EXPLAIN (ANALYZE, BUFFERS) of each statement as sent (caught from the query log), as weerbaar_app in the organisation. Goal: p95 under 150 ms.',
    '',
    '### Benchmark between organisations',
    '',
    row(['what', 'ms']),
    row(['---', '---:']),
    row([
      `benchmark page's read (\`benchmarkFor\`: profile, own row, group function, years), p50 over ${r.settings.runs * 3} calls`,
      ms(r.benchmarkPage.p50),
    ]),
    row(['… p95', ms(r.benchmarkPage.p95)]),
    row([`\`app_benchmark_group\` in PostgreSQL (EXPLAIN ANALYZE, ${r.benchmarkGroup.buffers} buffers)`, ms(r.benchmarkGroup.executionMs)]),
    row([`the daily count (\`app_refresh_benchmark\`, five years, every participant: ${r.dailyCount.rows} rows)`, ms(r.dailyCount.ms)]),
    row(['one year counted live across all organisations (what each page view would cost without the table)', ms(r.liveYear.ms)]),
    '',
    ...(r.documents.length > 0
      ? [
          "### Documents (largest organisation, last year; its adviser's session; 5 requests one after another after one)",
          '',
          row(['request', 'status', 'p50 ms', 'slowest ms']),
          row(['---', '---:', '---:', '---:']),
          ...r.documents.map((d) =>
            row([`\`GET ${d.url.replace(/\?.*/, '')}\``, d.status, ...(d.timing ? [ms(d.timing.p50), ms(d.timing.p95)] : ['n/a', 'n/a'])]),
          ),
          '',
          'Goal: the council report PDF under 2 s.',
          '',
        ]
      : []),
    ...(r.http.length > 0
      ? [
          "### Over HTTP (largest organisation, its adviser's session; autocannon, 10 connections, 10 s after a warm-up; pages not yet on this branch answer 404 and are not measured)",
          '',
          row(['request', 'status', 'p50 ms', 'p97.5 ms', 'p99 ms', 'requests/s']),
          row(['---', '---:', '---:', '---:', '---:', '---:']),
          ...r.http.map((h) =>
            row([
              `\`GET ${h.url.replace(/\?.*/, '')}\``,
              h.status,
              ...(h.timing
                ? [ms(h.timing.p50), ms(h.timing.p97_5), ms(h.timing.p99), h.timing.perSecond.toFixed(0)]
                : ['n/a', 'n/a', 'n/a', 'n/a']),
            ]),
          ),
          '',
          'autocannon reports p97.5, not p95: p95 lies between p50 and p97.5.',
          '',
        ]
      : []),
  ];
}

/** Puts the insight section into the results file in place of an older one (the rest stays). */
export async function writeInsightSection(file: string, lines: string[]): Promise<void> {
  const current = await fs.readFile(file, 'utf8').catch(() => '# Weerbaar benchmark results\n');
  const start = current.indexOf(INSIGHT_HEADING);
  const before = start >= 0 ? current.slice(0, start) : `${current.trimEnd()}\n\n`;
  const rest = start >= 0 ? current.slice(start + INSIGHT_HEADING.length) : '';
  const next = rest.search(/\n## (?!f\))/);
  const after = next >= 0 ? rest.slice(next + 1) : '';
  await fs.writeFile(file, `${before}${lines.join('\n')}\n${after ? `\n${after}` : ''}`);
}
