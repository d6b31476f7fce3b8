import type { Logger } from 'pino';
import { withOrganisation, withoutOrganisation, type Db } from '../db/database.js';
import { dirtyDays, refreshDays } from '../domain/insight/insight-summary.repository.js';
import type { Worker } from './outbox-mailer.js';
import { periodic } from './periodic.js';

/**
 * One round of the day summary (migration 0011): takes the oldest dirty days of every
 * organisation and counts them again, one organisation per transaction (as the program's
 * role, inside that organisation). Returns how many days were counted; a day a writer holds
 * stays dirty for the next round.
 */
export async function runInsightSummaryRound(db: Db, batch = 500): Promise<number> {
  const queue = await withoutOrganisation(db, (tx) => dirtyDays(tx, batch));
  const byOrganisation = new Map<string, string[]>();
  for (const { organisationId, day } of queue) byOrganisation.set(organisationId, [...(byOrganisation.get(organisationId) ?? []), day]);
  let counted = 0;
  for (const [organisationId, days] of byOrganisation) {
    counted += (await withOrganisation(db, organisationId, (tx) => refreshDays(tx, days))).length;
  }
  return counted;
}

/**
 * Keeps the summary close behind the changes: every few seconds, until the queue is empty.
 * Until a day is counted again the dashboard counts it live, so a slow round costs speed, never
 * a wrong figure.
 */
export function startInsightSummarizer(db: Db, logger: Logger, intervalMs = 10_000): Worker {
  let stopped = false;
  const worker = periodic(
    logger,
    'insight summary round',
    async () => {
      let counted;
      do counted = await runInsightSummaryRound(db);
      while (counted > 0 && !stopped);
    },
    intervalMs,
    1_000,
  );
  return {
    async stop() {
      stopped = true;
      await worker.stop();
    },
  };
}
