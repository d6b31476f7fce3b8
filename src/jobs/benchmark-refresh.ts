import type { Logger } from 'pino';
import { withoutOrganisation, type Db } from '../db/database.js';
import { refreshAllFigures } from '../domain/insight/benchmark-figures.js';
import type { Worker } from './outbox-mailer.js';
import { periodic } from './periodic.js';

const DAY = 24 * 3_600_000;

/**
 * One round of the benchmark count at moment `now`: every participating organisation's counts
 * of this year and the four before, through app_refresh_benchmark (which alone reads across
 * organisations, and writes counts only). Returns the rows written.
 */
export function runBenchmarkRefresh(db: Db, now: Date): Promise<number> {
  return withoutOrganisation(db, (tx) => refreshAllFigures(tx, now));
}

/**
 * Counts soon after start and then once a day. Several workers may run it: the count takes a
 * lock for its transaction, so one waits for the other and writes the same rows again.
 */
export function startBenchmarkRefresher(
  db: Db,
  logger: Logger,
  intervalMs = DAY,
  clock: () => Date = () => new Date(),
  firstAfterMs = 60_000,
): Worker {
  return periodic(
    logger,
    'benchmark count',
    async () => {
      const started = performance.now();
      const rows = await runBenchmarkRefresh(db, clock());
      logger.info({ rows, ms: Math.round(performance.now() - started) }, 'benchmark figures counted');
    },
    intervalMs,
    firstAfterMs,
  );
}
