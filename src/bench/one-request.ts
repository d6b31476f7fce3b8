import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { sql } from 'kysely';
import { withOrganisation, type Db } from '../db/database.js';
import { insertSession } from '../domain/auth/session.repository.js';
import { hashToken } from '../domain/auth/tokens.js';
import { SESSION_COOKIE } from '../http/session-cookie.js';
import type { ProfileSummary } from './profile.js';
import { requestCost, type RequestCost } from './request-cost.js';

/** What one report and one incident page cost, alone and (the page) under load. */
export interface OneRequest {
  report: RequestCost;
  page: RequestCost;
  pageLoad: { perSecond: number; p50: number; p99: number; failed: number };
}

interface Load {
  (options: {
    url: string;
    connections: number;
    duration: number;
    setupClient: string;
  }): Promise<{ perSecond: number; p50: number; p99: number; failed: number }>;
}

/**
 * c) The cost of one request in statements and transactions (one report through the API, one
 * incident page for the security adviser), and the incident page under load from 10 sessions.
 */
export async function measureOneRequest(options: {
  db: Db;
  base: string;
  organisationId: string;
  adviserId: string;
  reporterToken: string;
  body: string;
  load: Load;
  perConnection: (name: string, headers: Record<string, string>[]) => Promise<string>;
  warmupSeconds: number;
  seconds: number;
}): Promise<OneRequest> {
  const { db, base, organisationId } = options;
  const report = await requestCost(50, () =>
    fetch(`${base}/api/v1/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.reporterToken}`, 'content-type': 'application/json' },
      body: options.body,
    }),
  );
  const first = await sql<{
    id: string;
  }>`SELECT id FROM incident WHERE organisation_id = ${organisationId} ORDER BY number LIMIT 1`.execute(db);
  const sessions: string[] = [];
  for (let i = 0; i < 10; i++) {
    const token = randomBytes(32).toString('base64url');
    await withOrganisation(db, organisationId, (tx) =>
      insertSession(tx, {
        organisationId,
        userId: options.adviserId,
        tokenHash: hashToken(token),
        csrfToken: randomBytes(24).toString('base64url'),
        stage: 'complete',
      }),
    );
    sessions.push(token);
  }
  const url = `${base}/incidents/${first.rows[0]!.id}`;
  const probe = await fetch(url, { headers: { cookie: `${SESSION_COOKIE}=${sessions[0]}` }, redirect: 'manual' });
  if (probe.status !== 200) throw new Error(`GET /incidents/:id answered ${probe.status}`);
  const page = await requestCost(100, () => fetch(url, { headers: { cookie: `${SESSION_COOKIE}=${sessions[0]}` }, redirect: 'manual' }));
  const setupClient = await options.perConnection(
    'incident-page',
    sessions.map((t) => ({ cookie: `${SESSION_COOKIE}=${t}` })),
  );
  await options.load({ url, connections: 10, duration: options.warmupSeconds, setupClient });
  const pageLoad = await options.load({ url, connections: 10, duration: options.seconds, setupClient });
  return { report, page, pageLoad };
}

/** The same measurements of an earlier commit, from `BENCH_BASELINE` (a JSON file written by `BENCH_JSON`). */
export interface Baseline {
  commit: string;
  measuredAt: string;
  intake: { perSecond: number; p50: number; p99: number; sqlPerSecond: number; idleInTransaction: number };
  oneRequest: OneRequest;
  /** The CPU profile of its intake run, when it was taken. */
  profile?: ProfileSummary;
}

export async function readBaseline(file: string | undefined): Promise<Baseline | undefined> {
  if (!file) return undefined;
  return JSON.parse(await fs.readFile(file, 'utf8')) as Baseline;
}
